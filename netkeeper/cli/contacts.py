"""Contacts and their history: add, list, show, delete, restore-deleted, log, timeline
and remind."""

from __future__ import annotations

import argparse
from typing import Any

from netkeeper.cli.common import (
    EXIT_OK,
    CliError,
    adder,
    bounded_int,
    open_db,
    print_json,
    resolve,
    say,
)
from netkeeper.cli.interactions import KINDS
from netkeeper.wording import counted


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
    from netkeeper.services.people.profiles import parse_assignment

    profiles = [parse_assignment(text) for text in args.profile or []]
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
        profiles=profiles,
    )
    open_db(args, daily_backup=True)
    met_at = None
    if args.met_at:
        from netkeeper.services.events import resolve_event

        met_at = resolve_event(args.met_at)
    introducer = resolve(args.introduced_by) if args.introduced_by else None
    from netkeeper.model.db import db

    with db.atomic():  # the contact and where you met them land together
        cid = create_contact(card, tags=args.tag or [], how_met=args.how_met or "")
        if met_at is not None:
            from netkeeper.services.events import met

            met(met_at, cid)
        if introducer is not None:
            from netkeeper.services.people.introductions import set_introduced_by

            set_introduced_by(cid, introducer)
    if args.json:
        print_json(contact_documents([cid])[0])
    else:
        say(f"Added {name} (id {cid})")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from netkeeper.services.documents import contact_documents, find_ids

    open_db(args)
    ids = find_ids(args.search, args.tag)
    if args.needs_attention:
        # The Contacts view's "Needs attention" filters (services/insights/missing.py).
        from netkeeper.services.insights.missing import missing_ids

        wanted = set(missing_ids(args.needs_attention))
        ids = [i for i in ids if i in wanted]
    docs = contact_documents(ids)
    if args.json:
        print_json(docs)
        return EXIT_OK
    if not docs:
        narrowed = args.search or args.tag or args.needs_attention
        say("No contacts match." if narrowed else "No contacts.")
        return EXIT_OK
    for d in docs:
        extra = [d["organization"]] if d["organization"] else []
        if d["emails"]:
            extra.append(d["emails"][0]["value"])
        extra = [e for e in extra if e != d["display_name"]]  # said once is enough
        tail = f"  ({', '.join(extra)})" if extra else ""
        say(f"{d['id']:>6}  {d['display_name']}{tail}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from netkeeper.services.documents import contact_documents

    open_db(args)
    doc = contact_documents([resolve(args.contact)], include_photo_bytes=True)[0]
    if args.json:
        print_json(doc)
        return EXIT_OK
    from netkeeper.services.reminders import open_reminders  # the text alone lists them

    say(doc["display_name"])
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
            say(f"  {label}: {doc[key]}")
    for label, key in (("Email", "emails"), ("Phone", "phones"), ("Web", "urls")):
        for v in doc[key]:
            kinds = f" ({', '.join(v['types'])})" if v["types"] else ""
            say(f"  {label}: {v['value']}{kinds}")
    from netkeeper.social import service_label

    for p in doc["profiles"]:
        say(f"  {service_label(p['service'])}: {p['url']}")
    for a in doc["addresses"]:
        parts = [a["street"], a["locality"], a["region"], a["postal_code"], a["country"]]
        say(f"  Address: {', '.join(p for p in parts if p)}")
    if doc["tags"]:
        say(f"  Tags: {', '.join(doc['tags'])}")
    if doc["notes"]:
        say(f"  Notes: {doc['notes']}")
    for r in open_reminders(doc["id"]):
        say(f"  Reminder {r['due']}: {r['note'] or 'follow up'}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import TRASH_DAYS, delete_contacts

    open_db(args, daily_backup=True)
    cid = resolve(args.contact)
    from netkeeper.services.names import display_name

    name = display_name(cid)
    delete_contacts([cid])
    say(
        f"Moved {name} (id {cid}) to the trash; `netkeeper restore-deleted {cid}` "
        f"brings it back within {TRASH_DAYS} days."
    )
    return EXIT_OK


def cmd_restore_deleted(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import restore_contacts

    open_db(args)
    cid = resolve(args.contact, include_deleted=True)
    restore_contacts([cid])
    from netkeeper.services.names import display_name

    say(f"Restored {display_name(cid)} (id {cid}).")
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import is_date_only, parse_local_datetime, utc_to_local
    from netkeeper.services.timeline import log_interaction

    when = parse_local_datetime(args.date) if args.date else None
    open_db(args, daily_backup=True)
    ids = [resolve(args.contact)] + [resolve(w) for w in args.with_ or []]
    # parse_local_datetime gives UTC; log_interaction takes local time.
    local = utc_to_local(when) if when else None
    import datetime as dt

    from netkeeper.model.db import db
    from netkeeper.services.people.introductions import TELL_DAYS, introducers_to_tell, tell

    with db.atomic():  # the interaction and "tell the introducer how it went" land together
        offers = introducers_to_tell(ids, args.kind)
        # A date without a time is a day: stored and shown as the date, never as 12:00.
        day_only = is_date_only(args.date) if args.date else False
        iid = log_interaction(ids, args.kind, local, args.note or "", all_day=day_only)
        day = (local or dt.datetime.now()).date() + dt.timedelta(days=TELL_DAYS)
        for offer in offers:
            if offer.first:
                tell(offer, day)
    say(f"Logged {args.kind} #{iid} with {counted(len(set(ids)), 'contact')}.")
    for offer in offers:
        if offer.first:
            say(f"Reminder on {offer.introducer} ({day.isoformat()}): {offer.note}.")
    return EXIT_OK


def _shown_when(item: dict[str, Any]) -> str:
    """Local date and time as people read it; a day given without a time is the date alone,
    and one dated ahead says so."""
    import datetime as dt

    from netkeeper.services.dates import utc_to_local
    from netkeeper.services.timeline import is_ahead

    if item.get("all_day"):
        text = f"{item['date']}      "
    else:
        moment = utc_to_local(dt.datetime.fromisoformat(item["when"].rstrip("Z")))
        text = f"{moment:%Y-%m-%d %H:%M}"
    return text + (" (planned)" if is_ahead(item) else "")


def cmd_timeline(args: argparse.Namespace) -> int:
    from netkeeper.services.timeline import timeline

    open_db(args)
    cid = resolve(args.contact) if args.contact else None
    items = timeline(cid, limit=args.limit)
    if args.json:
        print_json(items)
        return EXIT_OK
    if not items:
        say("No interactions yet.")
    for it in items:
        names = ", ".join(p["display_name"] for p in it["participants"])
        note = f" — {it['note']}" if it["note"] else ""
        say(f"{_shown_when(it)}  {it['kind']:<8} {names}{note}")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_day
    from netkeeper.services.reminders import add_reminder, reminder_due

    due = parse_day(args.on)
    open_db(args, daily_backup=True)
    cid = resolve(args.contact)
    rid = add_reminder(cid, due, args.note or "", args.every, notice_days=args.notice)
    due = reminder_due(rid)  # a calendar rule starts on its first matching day
    repeat = f", repeating every {args.every}" if args.every else ""
    say(f"Reminder #{rid} set for {due.isoformat()}{repeat}.")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)

    p = add("add", cmd_add, "add a contact")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--email", action="append", metavar="E")
    p.add_argument("--phone", action="append", metavar="P")
    p.add_argument("--org", metavar="ORG")
    p.add_argument("--title", metavar="T")
    p.add_argument("--tag", action="append", metavar="T")
    p.add_argument("--birthday", metavar="DATE", help="YYYY-MM-DD, or --MM-DD without a year")
    p.add_argument("--how-met", metavar="TEXT", help="how and where you met")
    p.add_argument("--met-at", metavar="EVENT", help="the event where you met (id or name)")
    p.add_argument(
        "--introduced-by",
        metavar="CONTACT",
        help="who introduced you (a thank-you follow-up is due today)",
    )
    p.add_argument(
        "--profile",
        action="append",
        metavar="SERVICE=URL",
        help="a social profile, e.g. linkedin=https://www.linkedin.com/in/ada (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="print the new contact's document")

    p = add("list", cmd_list, "list contacts")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--tag", metavar="TAG")
    p.add_argument(
        "--needs-attention",
        metavar="KIND",
        help="only those missing something: no_reach, no_how_met, no_photo, no_birthday,"
        " no_cadence or stale (as the Contacts view's Filter menu)",
    )

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
        choices=KINDS,
    )
    p.add_argument("--date", metavar="ISO-DATE[THH:MM]", help="local date/time (default: now)")
    p.add_argument("--note", metavar="TEXT")

    p = add("timeline", cmd_timeline, "interactions, newest first")
    p.add_argument("contact", metavar="CONTACT", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=bounded_int(0, 10**9), metavar="N")

    p = add("remind", cmd_remind, "set a follow-up reminder")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--every", metavar='"N days|weeks|months|years"')
    p.add_argument("--note", metavar="TEXT")
    p.add_argument(
        "--notice", type=bounded_int(0, 366), default=0, metavar="DAYS", help="show it DAYS early"
    )
