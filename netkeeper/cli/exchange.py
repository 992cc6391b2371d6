"""vCard import and export."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from netkeeper.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    open_db,
    print_json,
)
from netkeeper.wording import counted


def cmd_import(args: argparse.Namespace) -> int:
    """Import the readable files; each unreadable one is named on stderr with its reason.

    Exit 2 (and the database untouched) when no file could be read, or when a
    file named does not exist at all: a typo imports nothing.
    """
    from netkeeper.services.exchange import FileReport, ImportResult, import_files, unreadable_files

    reasons = unreadable_files(args.files)  # before the database is touched
    for name, reason in reasons.items():
        print(f"netkeeper: error: {name}: {reason}", file=sys.stderr)
    if len(reasons) == len(set(args.files)):
        if args.json:
            reports = [FileReport(name, error=reasons[name]) for name in args.files]
            print_json(ImportResult(reports, [], applied=False).to_json())
        return EXIT_USAGE
    open_db(args, daily_backup=True)
    result = import_files(args.files, full_size_photos=args.full_size_photos)
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    for f in result.files:
        if f.error is not None:
            continue  # said on stderr above
        groups = f", {counted(f.groups, 'group')} as tags" if f.groups else ""
        print(
            f"{f.file}: {counted(f.cards, 'card')}: {f.created} new, {f.updated} updated, "
            f"{f.unchanged} unchanged, {f.skipped} skipped{groups}"
        )
        for p in f.problems[:10]:
            where = f"card {p.card}" if p.card is not None else f"line {p.line}"
            print(f"  {where}: {p.reason}")
        if len(f.problems) > 10:
            print(f"  ... and {len(f.problems) - 10} more (see --json)")
        if f.kept:
            print(
                f"  {counted(len(f.kept), 'value')} {'differs' if len(f.kept) == 1 else 'differ'}"
                " from your contacts; yours were kept"
                " (see --json)"
            )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from netkeeper.services.exchange import export_contacts

    open_db(args)
    if args.output:
        n = export_contacts(args.output, version=args.vcard_version, tag=args.tag)
        print(f"Exported {counted(n, 'contact')} to {args.output} (vCard {args.vcard_version})")
        return EXIT_OK

    class _Utf8Out:  # vCard is UTF-8 with CRLF whatever the terminal's locale
        def write(self, text: str) -> None:
            sys.stdout.buffer.write(text.encode("utf-8"))

    sys.stdout.flush()
    export_contacts(_Utf8Out(), version=args.vcard_version, tag=args.tag)  # type: ignore[arg-type]
    sys.stdout.buffer.flush()
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import", parents=[common], help="import vCard files", description="import vCard files"
    )
    p.set_defaults(handler=cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--full-size-photos",
        action="store_true",
        help="keep photos as they come (by default they are stored at 512 px, "
        "the most the app shows)",
    )
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export contacts as vCards",
        description="export contacts as vCards (to stdout without -o)",
    )
    p.set_defaults(handler=cmd_export)
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--vcard-version", choices=["3.0", "4.0"], default="3.0")
    p.add_argument("--tag", metavar="TAG")
