"""Import (vCard, LinkedIn, Google, Outlook, any CSV) and export (vCard, CSV)."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any

from netkeeper.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    open_db,
    print_json,
)
from netkeeper.wording import counted

_FORMAT_NAMES = {
    "linkedin": "LinkedIn connections",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "csv": "CSV",
}


def _parse_map(items: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items or []:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise CliError(f"--map wants COLUMN=FIELD, not '{item}'")
        mapping[column.strip()] = target.strip()
    return mapping


def _csv_options(args: argparse.Namespace) -> Any:
    """The CSV reading options from the flags (--mapping reads the database: call after open_db)."""
    from netkeeper.io.csv import CsvOptions

    mapping = _parse_map(args.map)
    fmt = args.format
    encoding, delimiter = args.encoding, _delimiter(args.delimiter)
    if args.mapping:
        from netkeeper.services.csv_mappings import get_mapping

        saved = get_mapping(args.mapping)
        mapping = {**saved.columns, **mapping}
        encoding = encoding or saved.encoding
        delimiter = delimiter or saved.delimiter
    if mapping and fmt is None:
        fmt = "csv"
    if mapping and fmt != "csv":
        raise CliError("--map and --mapping are for --format csv")
    return CsvOptions(fmt, encoding, delimiter, mapping or None)


def _delimiter(text: str | None) -> str | None:
    if text is None:
        return None
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    value = named.get(text.lower(), text)
    if len(value) != 1:
        raise CliError(f"--delimiter wants one character (or tab), not '{text}'")
    return value


def cmd_import(args: argparse.Namespace) -> int:
    """Import the readable files; each unreadable one is named on stderr with its reason.

    Exit 2 (and the database untouched) when no file could be read, or when a
    file named does not exist at all: a typo imports nothing. The format of each
    file is read from its content unless --format says it; a saved --mapping is
    read from the database, which is then opened first.
    """
    from netkeeper.services.exchange import FileReport, ImportResult, import_files, unreadable_files

    if args.mapping:
        open_db(args, daily_backup=True)
    options = _csv_options(args)
    reasons = unreadable_files(args.files, options)  # before the database is touched
    for name, reason in reasons.items():
        print(f"netkeeper: error: {name}: {reason}", file=sys.stderr)
    if len(reasons) == len(set(args.files)):
        if args.json:
            reports = [FileReport(name, error=reasons[name]) for name in args.files]
            print_json(ImportResult(reports, [], applied=False).to_json())
        return EXIT_USAGE
    if not args.mapping:
        open_db(args, daily_backup=True)
    result = import_files(args.files, options, full_size_photos=args.full_size_photos)
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    for f in result.files:
        if f.error is not None:
            continue  # said on stderr above
        groups = f", {counted(f.groups, 'group')} as tags" if f.groups else ""
        unit = "card" if f.format in (None, "vcard") else "row"
        kind = "" if unit == "card" else f" ({_FORMAT_NAMES.get(f.format or '', f.format)})"
        print(
            f"{f.file}{kind}: {counted(f.cards, unit)}: {f.created} new, {f.updated} updated, "
            f"{f.unchanged} unchanged, {f.skipped} skipped{groups}"
        )
        for p in f.problems[:10]:
            where = f"{unit} {p.card}" if p.card is not None else f"line {p.line}"
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
    from netkeeper.services.exchange import export_contacts, export_csv

    open_db(args)
    if args.format == "csv":
        if args.output:
            n = export_csv(args.output, tag=args.tag)
            print(f"Exported {counted(n, 'contact')} to {args.output} (CSV, Google layout)")
            return EXIT_OK
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        sys.stdout.flush()
        try:
            export_csv(out, tag=args.tag)
            out.flush()
        finally:
            out.detach()
        return EXIT_OK
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


def _fields_epilog() -> str:
    # Built when `import --help` prints: the fields come from the CSV readers, whose
    # import (~80 ms) every command would otherwise pay just to build its parser.
    from netkeeper.io.csv.mapping import FIELDS

    return "FIELD for --map is one of: " + ", ".join(FIELDS)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import",
        parents=[common],
        help="import vCard, LinkedIn, Google, Outlook or other CSV files",
        description="import contacts; the format is read from each file's content",
    )
    p.epilog_from = _fields_epilog
    p.set_defaults(handler=cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--full-size-photos",
        action="store_true",
        help="keep photos as they come (by default they are stored at 512 px, "
        "the most the app shows)",
    )
    p.add_argument(
        "--format",
        choices=["vcard", "linkedin", "google", "outlook", "csv"],
        help="read every file as this format instead of detecting it",
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="a generic CSV's column and the field it fills (repeatable; others are suggested)",
    )
    p.add_argument("--mapping", metavar="NAME", help="a column mapping saved in the app")
    p.add_argument("--encoding", metavar="NAME", help="a CSV's text encoding (default: detected)")
    p.add_argument(
        "--delimiter", metavar="CHAR", help="a CSV's delimiter: , ; | or tab (default: detected)"
    )
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export contacts as vCards or CSV",
        description="export contacts as vCards or CSV (to stdout without -o)",
    )
    p.set_defaults(handler=cmd_export)
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument(
        "--format",
        choices=["vcard", "csv"],
        default="vcard",
        help="vcard (default) or csv (Google's column layout, read by Google and Outlook)",
    )
    p.add_argument("--vcard-version", choices=["3.0", "4.0"], default="3.0")
    p.add_argument("--tag", metavar="TAG")
