"""The command line: `netkeeper` with no sub-command starts the desktop app.

Sub-commands run headless and must never import Qt, so `netkeeper list` starts
in a fraction of the GUI's time: heavy modules are imported inside the
handlers that need them. Every handler calls the services; this module only
parses arguments, prints and maps errors to exit codes:
0 done, 2 bad input (one line on stderr, never a traceback), 1 unexpected.
The sub-commands and their JSON documents are a contract other tools rely on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from netkeeper import APP_NAME, __version__
from netkeeper.wording import counted

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """Bad input detected by the CLI itself; printed as one line, exit code 2."""


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _open(args: argparse.Namespace, *, daily_backup: bool = False) -> Path:
    """Open and migrate the database named by --db / NETKEEPER_DB / the data folder."""
    from netkeeper import paths
    from netkeeper.model.db import open_database

    path = paths.db_path(getattr(args, "db", None))
    open_database(path)
    if daily_backup:
        # Commands that write also do the daily housekeeping, so a user who only
        # ever scripts NetKeeper still gets backups and an emptied trash.
        from netkeeper.services.backup import daily_backup as keep_daily
        from netkeeper.services.contacts import purge_trash

        keep_daily(path, paths.backups_dir(path))
        purge_trash()
    return path


def _resolve(ref: str, **kw: Any) -> int:
    from netkeeper.services.contacts import resolve

    return resolve(ref, **kw)


# --- handlers -----------------------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    """ "Ada King Lovelace" -> ("Ada King", "Lovelace"); a single word is a given name."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def cmd_add(args: argparse.Namespace) -> int:
    from netkeeper.io.card import Card, TypedValue
    from netkeeper.services.contacts import create_contact
    from netkeeper.services.dates import parse_calendar_date
    from netkeeper.services.documents import contact_documents

    name = " ".join(args.name.split())
    if not name:
        raise CliError("a contact needs a name")
    birthday = parse_calendar_date(args.birthday) if args.birthday else None
    given, family = _split_name(name)
    card = Card(
        full_name=name,
        given_name=given,
        family_name=family,
        organization=args.org or "",
        title=args.title or "",
        birthday=birthday,
        emails=[TypedValue(e.strip(), preferred=i == 0) for i, e in enumerate(args.email or [])],
        phones=[TypedValue(p.strip(), preferred=i == 0) for i, p in enumerate(args.phone or [])],
    )
    _open(args, daily_backup=True)
    cid = create_contact(card, tags=args.tag or [], how_met=args.how_met or "")
    if args.json:
        _print_json(contact_documents([cid])[0])
    else:
        print(f"Added {name} (id {cid})")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from netkeeper.services.documents import contact_documents, find_ids

    _open(args)
    ids = find_ids(args.search, args.tag)
    docs = contact_documents(ids)
    if args.json:
        _print_json(docs)
        return EXIT_OK
    if not docs:
        print("No contacts." if not (args.search or args.tag) else "No contacts match.")
        return EXIT_OK
    for d in docs:
        extra = [d["organization"]] if d["organization"] else []
        if d["emails"]:
            extra.append(d["emails"][0]["value"])
        tail = f"  ({', '.join(extra)})" if extra else ""
        print(f"{d['id']:>6}  {d['full_name']}{tail}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from netkeeper.services.documents import contact_documents
    from netkeeper.services.reminders import open_reminders

    _open(args)
    doc = contact_documents([_resolve(args.contact)], include_photo_bytes=True)[0]
    if args.json:
        _print_json(doc)
        return EXIT_OK
    print(doc["full_name"])
    for label, key in (
        ("Organisation", "organization"),
        ("Department", "department"),
        ("Title", "title"),
        ("Nickname", "nickname"),
        ("Birthday", "birthday"),
        ("Anniversary", "anniversary"),
        ("How we met", "how_met"),
        ("Last interaction", "last_interaction"),
    ):
        if doc[key]:
            print(f"  {label}: {doc[key]}")
    for label, key in (("Email", "emails"), ("Phone", "phones"), ("Web", "urls")):
        for v in doc[key]:
            kinds = f" ({', '.join(v['types'])})" if v["types"] else ""
            print(f"  {label}: {v['value']}{kinds}")
    for a in doc["addresses"]:
        parts = [a["street"], a["locality"], a["region"], a["postal_code"], a["country"]]
        print(f"  Address: {', '.join(p for p in parts if p)}")
    if doc["tags"]:
        print(f"  Tags: {', '.join(doc['tags'])}")
    if doc["notes"]:
        print(f"  Notes: {doc['notes']}")
    for r in open_reminders(doc["id"]):
        print(f"  Reminder {r['due']}: {r['note'] or 'follow up'}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import TRASH_DAYS, delete_contacts, get_contact

    _open(args, daily_backup=True)
    cid = _resolve(args.contact)
    name = get_contact(cid).full_name
    delete_contacts([cid])
    print(
        f"Moved {name} (id {cid}) to the trash; `netkeeper restore-deleted {cid}` "
        f"brings it back within {TRASH_DAYS} days."
    )
    return EXIT_OK


def cmd_restore_deleted(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import get_contact, restore_contacts

    _open(args)
    cid = _resolve(args.contact, include_deleted=True)
    restore_contacts([cid])
    print(f"Restored {get_contact(cid).full_name} (id {cid}).")
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_local_datetime, utc_to_local
    from netkeeper.services.timeline import log_interaction

    when = parse_local_datetime(args.date) if args.date else None
    _open(args, daily_backup=True)
    ids = [_resolve(args.contact)] + [_resolve(w) for w in args.with_ or []]
    # parse_local_datetime gives UTC; log_interaction takes local time.
    local = utc_to_local(when) if when else None
    iid = log_interaction(ids, args.kind, local, args.note or "")
    print(f"Logged {args.kind} #{iid} with {counted(len(set(ids)), 'contact')}.")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from netkeeper.services.timeline import timeline

    _open(args)
    cid = _resolve(args.contact) if args.contact else None
    items = timeline(cid, limit=args.limit)
    if args.json:
        _print_json(items)
        return EXIT_OK
    if not items:
        print("No interactions yet.")
    for it in items:
        names = ", ".join(p["full_name"] for p in it["participants"])
        note = f" — {it['note']}" if it["note"] else ""
        print(f"{it['when'][:16].replace('T', ' ')}  {it['kind']:<8} {names}{note}")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_day
    from netkeeper.services.reminders import add_reminder

    due = parse_day(args.on)
    _open(args, daily_backup=True)
    cid = _resolve(args.contact)
    rid = add_reminder(cid, due, args.note or "", args.every, notice_days=args.notice)
    repeat = f", repeating every {args.every}" if args.every else ""
    print(f"Reminder #{rid} set for {due.isoformat()}{repeat}.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from netkeeper.services.backup import backup_to, default_backup_name

    path = _open(args)
    target = Path(args.output) if args.output else Path.cwd() / default_backup_name()
    written = backup_to(path, target)
    print(f"Backed up {path} to {written}")
    return EXIT_OK


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from netkeeper import paths
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.backup import check_netkeeper_file, restore_from

    source = Path(args.file).expanduser()
    check_netkeeper_file(source)
    target = paths.db_path(getattr(args, "db", None))
    close_database()
    kept = restore_from(source, target)
    open_database(target)  # migrates an older backup forward, with its own backup first
    note = f"; the replaced database is kept as {kept}" if kept else ""
    print(f"Restored {target} from {source}{note}")
    return EXIT_OK


# --- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: $NETKEEPER_DB or the per-user data folder)",
    )

    parser = argparse.ArgumentParser(
        prog="netkeeper",
        description=f"{APP_NAME}: keep your professional network alive. "
        "Without a sub-command, starts the desktop app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--minimized", action="store_true", help="start hidden in the system tray (desktop app)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away database filled with fictional contacts",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("add", cmd_add, "add a contact")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--email", action="append", metavar="E")
    p.add_argument("--phone", action="append", metavar="P")
    p.add_argument("--org", metavar="ORG")
    p.add_argument("--title", metavar="T")
    p.add_argument("--tag", action="append", metavar="T")
    p.add_argument("--birthday", metavar="DATE", help="YYYY-MM-DD, or --MM-DD without a year")
    p.add_argument("--how-met", metavar="TEXT", help="how and where you met")
    p.add_argument("--json", action="store_true", help="print the new contact's document")

    p = add("list", cmd_list, "list contacts")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--tag", metavar="TAG")

    p = add("show", cmd_show, "show one contact")
    p.add_argument("contact", metavar="CONTACT", help="id, UID or an unambiguous name")
    p.add_argument("--json", action="store_true")

    p = add("delete", cmd_delete, "move a contact to the trash (undo with restore-deleted)")
    p.add_argument("contact", metavar="CONTACT")

    p = add("restore-deleted", cmd_restore_deleted, "bring a contact back from the trash")
    p.add_argument("contact", metavar="CONTACT")

    p = add("log", cmd_log, "log an interaction")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument(
        "--with",
        dest="with_",
        action="append",
        metavar="CONTACT",
        help="another participant (repeatable)",
    )
    p.add_argument(
        "--kind",
        required=True,
        choices=["call", "meeting", "coffee", "email", "message", "event", "note"],
    )
    p.add_argument("--date", metavar="ISO-DATE[THH:MM]", help="local date/time (default: now)")
    p.add_argument("--note", metavar="TEXT")

    p = add("timeline", cmd_timeline, "interactions, newest first")
    p.add_argument("contact", metavar="CONTACT", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, metavar="N")

    p = add("remind", cmd_remind, "set a follow-up reminder")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--every", metavar='"N days|weeks|months|years"')
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--notice", type=int, default=0, metavar="DAYS", help="show it DAYS early")

    p = add("backup", cmd_backup, "write a consistent copy of the database")
    p.add_argument("-o", "--output", metavar="FILE")

    p = add(
        "restore-backup",
        cmd_restore_backup,
        "replace the database with a backup (the current one is kept)",
    )
    p.add_argument("file", metavar="FILE")

    for register in _EXTENSIONS:
        register(sub, common)
    return parser


# Later features register their sub-commands here: each is a function
# (subparsers, common_parent) -> None that calls subparsers.add_parser(...,
# parents=[common]) and set_defaults(handler=...).
_EXTENSIONS: list[Callable[[Any, argparse.ArgumentParser], None]] = []


# --- vCard import / export (issue 3) ------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from netkeeper.services.exchange import check_file, import_files

    for name in args.files:
        check_file(name)  # before the database is touched: a typo creates nothing
    _open(args, daily_backup=True)
    result = import_files(args.files)
    if args.json:
        _print_json(result.to_json())
        return EXIT_OK
    for f in result.files:
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

    _open(args)
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


def _register_exchange(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import", parents=[common], help="import vCard files", description="import vCard files"
    )
    p.set_defaults(handler=cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
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


_EXTENSIONS.append(_register_exchange)


# --- keep in touch (issue 5) --------------------------------------------------------------


def cmd_cadence(args: argparse.Namespace) -> int:
    from netkeeper.services import followups

    _open(args)
    cid = _resolve(args.contact)
    if args.every is not None or args.off or args.inherit:
        every = args.every if args.every is not None else ("off" if args.off else None)
        followups.set_cadence(cid, every)
    if args.pause or args.resume:
        followups.set_paused([cid], bool(args.pause))
    if args.date_notice is not None:
        followups.set_date_notice(cid, args.date_notice)
    info = followups.cadence_of(cid)
    from netkeeper.services.contacts import get_contact

    name = get_contact(cid).full_name
    if info["cadence"] is None:
        why = " (turned off)" if info["own"] == "off" else ""
        print(f"{name}: no keep-in-touch cadence{why}.")
        return EXIT_OK
    source = "" if info["source"] == "contact" else " (from a tag)"
    state = "paused" if info["paused"] else f"next due {info['next_due']}"
    print(f"{name}: keep in touch {info['description']}{source}; {state}.")
    return EXIT_OK


def cmd_tag_cadence(args: argparse.Namespace) -> int:
    from netkeeper.services import followups
    from netkeeper.services.recurrence import describe

    _open(args)
    stored = followups.set_tag_cadence(args.tag, None if args.off else args.every)
    what = f"keep in touch {describe(stored)}" if stored else "no default cadence"
    print(f"Tag '{args.tag}': {what}.")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_day
    from netkeeper.services.followups import documents_json, due

    as_of = parse_day(args.as_of) if args.as_of else None
    if args.days < 0:
        raise CliError("--days must be 0 or more")
    _open(args)
    if args.ics:
        from netkeeper.services.icalendar import export_ics

        try:
            n = export_ics(args.ics, as_of, args.days)
        except OSError as exc:
            raise CliError(f"cannot write {args.ics}: {exc.strerror}") from exc
        print(
            f"Wrote {counted(n, 'event')} to {args.ics} (up to {counted(args.days, 'day')} ahead)."
        )
        return EXIT_OK
    items = due(as_of, args.days)
    if args.json:
        # One document per line, written by followups.documents_json: json.dumps with
        # indent= is 10x slower on the tens of thousands of items a neglected book can have.
        sys.stdout.write(documents_json(items) + "\n")
        return EXIT_OK
    if not items:
        print("Nothing due.")
    for i in items:
        when = (
            f"{counted(i.overdue_days, 'day')} overdue"
            if i.overdue_days > 0
            else "today"
            if i.overdue_days == 0
            else f"in {counted(-i.overdue_days, 'day')}"
        )
        note = f" — {i.note}" if i.note else ""
        print(f"{i.due.isoformat()}  {when:<18} {i.kind:<13} {i.contact}{note}")
    return EXIT_OK


def _register_keep_in_touch(sub: Any, common: argparse.ArgumentParser) -> None:
    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("cadence", cmd_cadence, "set or show how often to keep in touch with a contact")
    p.add_argument("contact", metavar="CONTACT")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--every", metavar='"N days|weeks|months"')
    group.add_argument("--off", action="store_true", help="never, whatever the tags say")
    group.add_argument("--inherit", action="store_true", help="follow the contact's tags")
    pause = p.add_mutually_exclusive_group()
    pause.add_argument("--pause", action="store_true", help="mute keep-in-touch reminders")
    pause.add_argument("--resume", action="store_true")
    p.add_argument(
        "--date-notice",
        type=int,
        metavar="DAYS",
        help="days of notice before the contact's birthday and anniversary",
    )

    p = add("tag-cadence", cmd_tag_cadence, "default keep-in-touch cadence for a tag")
    p.add_argument("tag", metavar="TAG")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--every", metavar='"N days|weeks|months"')
    group.add_argument("--off", action="store_true")

    p = add("due", cmd_due, "what is overdue or due soon, most overdue first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to look from (default today)")
    p.add_argument("--days", type=int, default=0, metavar="N", help="also N days ahead")
    p.add_argument("--ics", metavar="FILE", help="write the items as an iCalendar file instead")


_EXTENSIONS.append(_register_keep_in_touch)


def _error(message: str) -> None:
    sys.stderr.write(f"netkeeper: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors (exit 2, one message)
        return int(exc.code or 0)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from netkeeper.app import run_gui

        return run_gui(args)
    from peewee import DatabaseError as SqlError

    from netkeeper.model.db import DatabaseError, close_database
    from netkeeper.services import ServiceError

    try:
        return handler(args)
    except (CliError, ServiceError, DatabaseError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    except SqlError as exc:  # e.g. a damaged file: "file is not a database"
        _error(f"cannot read the database: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback for the user
        _error(f"unexpected {type(exc).__name__}: {exc}")
        return EXIT_UNEXPECTED
    finally:
        close_database()


if __name__ == "__main__":
    sys.exit(main())
