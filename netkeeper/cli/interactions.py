"""Logged interactions after the fact: `interaction edit ID …` and `interaction delete ID`.

`log` and `timeline` (in contacts.py) create and list interactions; this family
corrects them. The timeline service keeps every participant's last interaction
and next due date right, old and new participants alike.
"""

from __future__ import annotations

import argparse
from typing import Any

from netkeeper.cli.common import EXIT_OK, CliError, adder, open_db, print_json, resolve
from netkeeper.wording import counted

# As in model.tables.INTERACTION_KINDS (a test checks), without importing Peewee to parse.
KINDS = (
    "call",
    "meeting",
    "coffee",
    "email",
    "message",
    "event",
    "note",
    "introduction",
    "connected",
)


def _interaction_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CliError(f"'{text}' is not an interaction id (see `netkeeper timeline`)") from None
    if value <= 0:
        raise CliError(f"'{text}' is not an interaction id (see `netkeeper timeline`)")
    return value


def _summary(doc: dict[str, Any]) -> str:
    names = ", ".join(p["full_name"] for p in doc["participants"])
    return f"{doc['kind']} #{doc['id']} with {names}"


def cmd_edit(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import is_date_only, parse_local_datetime, utc_to_local
    from netkeeper.services.timeline import interaction, participants_of, update_interaction

    iid = _interaction_id(args.id)
    when = parse_local_datetime(args.date) if args.date else None
    if not any(
        v is not None for v in (args.kind, args.date, args.note, args.with_, args.add, args.remove)
    ):
        raise CliError("nothing to change (give --kind, --date, --note, --with, --add or --remove)")
    open_db(args, daily_backup=True)
    interaction(iid)  # NotFound before any contact is resolved
    people: list[int] | None = None
    if args.with_ is not None or args.add or args.remove:
        people = (
            [resolve(w) for w in args.with_] if args.with_ is not None else participants_of(iid)
        )
        people += [resolve(a) for a in args.add or []]
        gone = {resolve(r) for r in args.remove or []}
        people = [p for p in dict.fromkeys(people) if p not in gone]
        if not people:
            raise CliError("an interaction needs at least one contact")
    update_interaction(
        iid,
        kind=args.kind,
        when=utc_to_local(when) if when else None,  # the service takes local time
        note=args.note,
        contact_ids=people,
        all_day=is_date_only(args.date) if args.date else None,  # a date alone is a day
    )
    doc = interaction(iid)
    if args.json:
        print_json(doc)
    else:
        print(f"Updated {_summary(doc)}.")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from netkeeper.services.timeline import delete_interaction, interaction

    iid = _interaction_id(args.id)
    open_db(args, daily_backup=True)
    doc = interaction(iid)
    delete_interaction(iid)
    if args.json:
        print_json(doc)
    else:
        people = counted(len(doc["participants"]), "contact")
        print(f"Deleted {doc['kind']} #{iid} ({people}).")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parent = sub.add_parser(
        "interaction",
        help="edit or delete a logged interaction",
        description="Edit or delete a logged interaction (ids from `netkeeper timeline --json`).",
    )
    family = parent.add_subparsers(dest="interaction_command", metavar="ACTION", required=True)
    add = adder(family, common)

    p = add("edit", cmd_edit, "change an interaction's kind, date, note or people")
    p.add_argument("id", metavar="ID")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--date", metavar="ISO-DATE[THH:MM]", help="local date/time")
    p.add_argument("--note", metavar="TEXT", help="the new note ('' clears it)")
    p.add_argument(
        "--with",
        dest="with_",
        action="append",
        metavar="CONTACT",
        help="the people it was with, replacing the list (repeatable)",
    )
    p.add_argument("--add", action="append", metavar="CONTACT", help="add a participant")
    p.add_argument("--remove", action="append", metavar="CONTACT", help="remove a participant")
    p.add_argument("--json", action="store_true", help="print the interaction's document")

    p = add("delete", cmd_delete, "delete an interaction")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print the deleted interaction")
