"""Events and conferences: event add/plan/met/capture/followup/show, and events."""

from __future__ import annotations

import argparse
from typing import Any

from netkeeper.cli.common import EXIT_OK, CliError, adder, open_db, print_json, resolve
from netkeeper.wording import counted


def _event(ref: str) -> int:
    from netkeeper.services.events import resolve_event

    return resolve_event(ref)


def cmd_event_add(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_day
    from netkeeper.services.events import add_event, event_document

    starts = parse_day(args.date)
    ends = parse_day(args.until) if args.until else None
    if ends is not None and ends < starts:
        raise CliError("--until cannot be before --date")
    open_db(args, daily_backup=True)
    eid = add_event(args.name, starts, ends, where=args.where or "", notes=args.notes or "")
    if args.json:
        print_json(event_document(eid))
    else:
        print(f"Added event {' '.join(args.name.split())} (id {eid})")
    return EXIT_OK


def cmd_event_plan(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import get_contact
    from netkeeper.services.events import get_event, plan

    open_db(args, daily_backup=True)
    eid, cid = _event(args.event), resolve(args.contact)
    plan(eid, cid, args.note or "")
    print(f"Planned to meet {get_contact(cid).full_name} at {get_event(eid).name}.")
    return EXIT_OK


def cmd_event_met(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import get_contact
    from netkeeper.services.events import get_event, met

    open_db(args, daily_backup=True)
    eid, cid = _event(args.event), resolve(args.contact)
    met(eid, cid)
    print(f"Met {get_contact(cid).full_name} at {get_event(eid).name}.")
    return EXIT_OK


def cmd_event_capture(args: argparse.Namespace) -> int:
    from netkeeper.services.events import get_event, quick_capture

    open_db(args, daily_backup=True)
    eid = _event(args.event)
    cid = quick_capture(eid, args.name, organization=args.org or "", line=args.note or "")
    print(f"Added {' '.join(args.name.split())} (id {cid}), met at {get_event(eid).name}.")
    return EXIT_OK


def cmd_event_followup(args: argparse.Namespace) -> int:
    from netkeeper.services.events import follow_up, get_event

    open_db(args, daily_backup=True)
    eid = _event(args.event)
    done = follow_up(eid, args.in_ or "3 days")
    if args.json:
        print_json({"event_id": eid, **done})
        return EXIT_OK
    n = len(done["created"]) + len(done["moved"])
    name = get_event(eid).name
    if not n:
        print(f"Everyone met at {name} has been in touch since; no follow-up needed.")
        return EXIT_OK
    moved = f" ({len(done['moved'])} moved to the new date)" if done["moved"] else ""
    print(f"Follow-ups for {counted(n, 'person', 'people')} met at {name}{moved}.")
    return EXIT_OK


def cmd_event_show(args: argparse.Namespace) -> int:
    from netkeeper.services.events import event_document

    open_db(args)
    doc = event_document(_event(args.event))
    if args.json:
        print_json(doc)
        return EXIT_OK
    days = doc["date"] if doc["until"] == doc["date"] else f"{doc['date']} to {doc['until']}"
    print(f"{doc['name']}  ({days})")
    if doc["where"]:
        print(f"  Where: {doc['where']}")
    for p in doc["planned"]:
        note = f" — {p['note']}" if p["note"] else ""
        print(f"  To meet: {p['full_name']}{note}")
    waiting = set(doc["needs_follow_up"])
    for m in doc["met"]:
        flag = "  (no contact since)" if m["id"] in waiting else ""
        print(f"  Met: {m['full_name']}{flag}")
    return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    from netkeeper.services.events import all_events

    open_db(args)
    if args.ics:
        from netkeeper.services.icalendar import export_events_ics

        try:
            n = export_events_ics(args.ics)
        except OSError as exc:
            raise CliError(f"cannot write {args.ics}: {exc.strerror}") from exc
        print(f"Wrote {counted(n, 'event')} (group meetings and events) to {args.ics}.")
        return EXIT_OK
    rows = all_events()
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print("No events yet. Add one with `netkeeper event add NAME --date YYYY-MM-DD`.")
    for e in rows:
        days = e["date"] if e["until"] == e["date"] else f"{e['date']}..{e['until']}"
        print(f"{e['id']:>4}  {days}  {e['name']}  ({e['planned']} planned, {e['met']} met)")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)
    p = add("events", cmd_events, "list events (or write them with group meetings as iCalendar)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--ics", metavar="FILE", help="write group meetings and events to FILE")

    event = sub.add_parser(
        "event",
        parents=[common],
        help="events and conferences: whom to meet, whom you met, follow-ups",
        description="events and conferences: whom to meet, whom you met, follow-ups",
    )
    esub = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    eadd = adder(esub, common)

    p = eadd("add", cmd_event_add, "add an event")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the (first) day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="the last day of a multi-day event")
    p.add_argument("--where", metavar="TEXT", help="a place or a link")
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument("--json", action="store_true")

    p = eadd("plan", cmd_event_plan, "someone you plan to meet at an event")
    p.add_argument("event", metavar="EVENT")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--note", metavar="TEXT")

    p = eadd("met", cmd_event_met, "someone you met at an event")
    p.add_argument("event", metavar="EVENT")
    p.add_argument("contact", metavar="CONTACT")

    p = eadd("capture", cmd_event_capture, "add a new person met at an event")
    p.add_argument("event", metavar="EVENT")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--org", metavar="ORG")
    p.add_argument("--note", metavar="TEXT", help="one line to remember them by")

    p = eadd(
        "followup",
        cmd_event_followup,
        "a follow-up for everyone met at an event with no interaction since",
    )
    p.add_argument("event", metavar="EVENT")
    p.add_argument("--in", dest="in_", metavar='"N days"', help="when (default: 3 days)")
    p.add_argument("--json", action="store_true")

    p = eadd("show", cmd_event_show, "show an event")
    p.add_argument("event", metavar="EVENT")
    p.add_argument("--json", action="store_true")
