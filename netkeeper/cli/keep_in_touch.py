"""Keeping in touch: cadence, tag-cadence and due."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from netkeeper.cli.common import (
    EXIT_OK,
    CliError,
    adder,
    bounded_int,
    open_db,
    resolve,
    say,
)
from netkeeper.wording import counted


def cmd_cadence(args: argparse.Namespace) -> int:
    from netkeeper.services import followups

    open_db(args)
    cid = resolve(args.contact)
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
        say(f"{name}: no keep-in-touch cadence{why}.")
        return EXIT_OK
    source = {"contact": "", "group": " (from a group)"}.get(info["source"], " (from a tag)")
    state = "paused" if info["paused"] else f"next due {info['next_due']}"
    say(f"{name}: keep in touch {info['description']}{source}; {state}.")
    return EXIT_OK


def cmd_tag_cadence(args: argparse.Namespace) -> int:
    from netkeeper.services import followups
    from netkeeper.services.recurrence import describe

    open_db(args)
    stored = followups.set_tag_cadence(args.tag, None if args.off else args.every)
    what = f"keep in touch {describe(stored)}" if stored else "no default cadence"
    say(f"Tag '{args.tag}': {what}.")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_day
    from netkeeper.services.followups import documents_json, due

    as_of = parse_day(args.as_of) if args.as_of else None
    open_db(args)
    if args.ics:
        from netkeeper.services.icalendar import export_ics

        try:
            n = export_ics(args.ics, as_of, args.days)
        except OSError as exc:
            raise CliError(f"cannot write {args.ics}: {exc.strerror}") from exc
        say(f"Wrote {counted(n, 'event')} to {args.ics} (up to {counted(args.days, 'day')} ahead).")
        return EXIT_OK
    items = due(as_of, args.days)
    if args.json:
        # One document per line, written by followups.documents_json: json.dumps with
        # indent= is 10x slower on the tens of thousands of items a neglected book can have.
        sys.stdout.write(documents_json(items) + "\n")
        return EXIT_OK
    if not items:
        say("Nothing due.")
    for i in items:
        when = (
            f"{counted(i.overdue_days, 'day')} overdue"
            if i.overdue_days > 0
            else "today"
            if i.overdue_days == 0
            else f"in {counted(-i.overdue_days, 'day')}"
        )
        note = f" — {i.note}" if i.note else ""
        say(f"{i.due.isoformat()}  {when:<18} {i.kind:<13} {i.contact}{note}")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)

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
        type=bounded_int(0, 366),
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
    p.add_argument(
        "--days", type=bounded_int(0, 3660), default=0, metavar="N", help="also N days ahead"
    )
    p.add_argument("--ics", metavar="FILE", help="write the items as an iCalendar file instead")
