"""Networking groups: group add/join/leave/meeting/commit/done/show, and groups."""

from __future__ import annotations

import argparse
from typing import Any

from netkeeper.cli.common import EXIT_OK, CliError, adder, open_db, print_json, resolve
from netkeeper.wording import counted


def _group(ref: str) -> int:
    from netkeeper.services.groups.groups import resolve_group

    return resolve_group(ref)


def _owner(ref: str) -> int | None:
    """A commitment's owner: "me" (the user) or a contact."""
    if ref.strip().casefold() == "me":
        return None
    return resolve(ref)


def group_document(group_id: int) -> dict[str, Any]:
    """`group show --json` (contract: extend, never rename)."""
    from netkeeper.services.groups.commitments import commitments, kept_share
    from netkeeper.services.groups.groups import get_group, members
    from netkeeper.services.groups.meetings import meetings, next_meeting
    from netkeeper.services.groups.referrals import referrals
    from netkeeper.services.recurrence import describe

    g = get_group(group_id)
    nxt = next_meeting(group_id)
    return {
        "id": g.id,
        "name": g.name,
        "kind": g.kind,
        "objective": g.objective,
        "criteria": g.criteria,
        "meets": describe(g.meets) if g.meets else None,
        "where": g.place,
        "my_role": g.my_role,
        "notes": g.notes,
        "cadence": g.cadence,
        "members": members(group_id),
        "meetings": meetings(group_id),
        "commitments": commitments(group_id),
        "kept": kept_share(group_id),
        "referrals": referrals(group_id),
        "next_meeting": nxt.isoformat() if nxt else None,
    }


def cmd_group_add(args: argparse.Namespace) -> int:
    from netkeeper.services.groups.groups import add_group

    open_db(args, daily_backup=True)
    gid = add_group(
        args.name,
        kind=args.kind or "community",
        objective=args.objective or "",
        criteria=args.criteria or "",
        meets=args.meets,
        where=args.where or "",
        my_role=args.role or "member",
        notes=args.notes or "",
        cadence=args.cadence,
    )
    if args.json:
        print_json(group_document(gid))
    else:
        print(f"Added group {' '.join(args.name.split())} (id {gid})")
    return EXIT_OK


def cmd_group_join(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import get_contact
    from netkeeper.services.groups.groups import get_group, join

    open_db(args, daily_backup=True)
    gid, cid = _group(args.group), resolve(args.contact)
    new = join(gid, cid, args.role or "member")
    verb = "joined" if new else "is now"
    print(f"{get_contact(cid).full_name} {verb} {get_group(gid).name} as {args.role or 'member'}.")
    return EXIT_OK


def cmd_group_leave(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import get_contact
    from netkeeper.services.groups.groups import get_group, leave

    open_db(args, daily_backup=True)
    gid, cid = _group(args.group), resolve(args.contact)
    leave(gid, cid)
    print(f"{get_contact(cid).full_name} left {get_group(gid).name}.")
    return EXIT_OK


def cmd_group_meeting(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_local_datetime, utc_to_local
    from netkeeper.services.groups.meetings import log_meeting

    when = utc_to_local(parse_local_datetime(args.date)) if args.date else None
    open_db(args, daily_backup=True)
    gid = _group(args.group)
    present = [resolve(c) for c in args.present or []]
    absent = [resolve(c) for c in args.absent or []]
    guests = [resolve(c) for c in args.guest or []]
    mid = log_meeting(
        gid,
        present,
        absent=absent,
        guests=guests,
        when=when,
        agenda=args.agenda or "",
        note=args.note or "",
    )
    there = len(set(present) | set(guests))
    print(f"Logged meeting #{mid} with {counted(there, 'person', 'people')} present.")
    return EXIT_OK


def cmd_group_commit(args: argparse.Namespace) -> int:
    from netkeeper.services.dates import parse_day
    from netkeeper.services.groups.commitments import add_commitment, get_commitment

    due = parse_day(args.due) if args.due else None
    open_db(args, daily_backup=True)
    gid = _group(args.group)
    kid = add_commitment(gid, _owner(args.owner), args.what, due)
    row = get_commitment(kid)
    when = f", due {row.due}" if row.due else ""
    print(f"Commitment #{kid} recorded{when}.")
    return EXIT_OK


def cmd_group_done(args: argparse.Namespace) -> int:
    from netkeeper.services.groups.commitments import set_status

    status = "partly" if args.partly else "dropped" if args.dropped else "done"
    if args.reopen:
        status = "open"
    open_db(args, daily_backup=True)
    set_status(_commitment_id(args.commitment), status)
    print(f"Commitment #{args.commitment} marked {status}.")
    return EXIT_OK


def cmd_group_referral(args: argparse.Namespace) -> int:
    from netkeeper.services.contacts import get_contact
    from netkeeper.services.dates import parse_day
    from netkeeper.services.groups.referrals import record_referral

    on = parse_day(args.date) if args.date else None
    open_db(args, daily_backup=True)
    gid, cid = _group(args.group), resolve(args.contact)
    direction = "received" if args.received else "given"
    entry = record_referral(gid, cid, direction, args.what, kind=args.kind or "referral", on=on)
    name = get_contact(cid).full_name
    way = f"to {name}" if direction == "given" else f"from {name}"
    print(f"Recorded {args.kind or 'referral'} #{entry} {direction} {way}.")
    return EXIT_OK


def _commitment_id(text: str) -> int:
    raw = text.strip().lstrip("#")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise CliError(f"'{text}' is not a commitment id")
    return int(raw)


def cmd_group_show(args: argparse.Namespace) -> int:
    open_db(args)
    doc = group_document(_group(args.group))
    if args.json:
        print_json(doc)
        return EXIT_OK
    print(doc["name"] + f"  ({doc['kind']}; you: {doc['my_role']})")
    for label, key in (
        ("Objective", "objective"),
        ("Criteria", "criteria"),
        ("Meets", "meets"),
        ("Where", "where"),
        ("Next meeting", "next_meeting"),
    ):
        if doc[key]:
            print(f"  {label}: {doc[key]}")
    if doc["members"]:
        print(f"  Members ({len(doc['members'])}):")
        for m in doc["members"]:
            seen = m["attended"] + m["missed"]
            tally = f", attended {m['attended']}/{seen}" if seen else ""
            print(f"    {m['full_name']} ({m['role']}{tally})")
    open_ones = [c for c in doc["commitments"] if c["status"] == "open"]
    if open_ones:
        print("  Open commitments:")
        for c in open_ones:
            who = "me" if c["owner"] == "me" else c["owner"]["full_name"]
            due = f" by {c['due']}" if c["due"] else ""
            print(f"    #{c['id']} {who}: {c['text']}{due}")
    if doc["kept"] is not None:
        print(f"  Commitments kept: {round(doc['kept'] * 100)} %")
    if doc["meetings"]:
        print(f"  Meetings: {len(doc['meetings'])}, last on {doc['meetings'][0]['date']}")
    return EXIT_OK


def cmd_groups(args: argparse.Namespace) -> int:
    from netkeeper.services.groups.groups import all_groups

    open_db(args)
    rows = all_groups()
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print("No groups yet. Add one with `netkeeper group add NAME`.")
    for g in rows:
        nxt = f", next meeting {g['next_meeting']}" if g["next_meeting"] else ""
        print(f"{g['id']:>4}  {g['name']}  ({counted(g['members'], 'member')}{nxt})")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)
    p = add("groups", cmd_groups, "list networking groups")
    p.add_argument("--json", action="store_true")

    group = sub.add_parser(
        "group",
        parents=[common],
        help="networking groups: members, meetings, commitments",
        description="networking groups: members, meetings, commitments",
    )
    gsub = group.add_subparsers(dest="group_command", metavar="ACTION", required=True)
    gadd = adder(gsub, common)

    p = gadd("add", cmd_group_add, "add a networking group")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--kind",
        metavar="K",
        help="professional, alumni, community, mastermind, referral or own",
    )
    p.add_argument("--objective", metavar="TEXT")
    p.add_argument("--criteria", metavar="TEXT", help="who belongs (matched against contacts)")
    p.add_argument("--meets", metavar="RULE", help='e.g. "first Tuesday of each month"')
    p.add_argument("--where", metavar="TEXT", help="a place or a link")
    p.add_argument("--role", metavar="ROLE", help="your role: organiser, member or guest")
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument("--cadence", metavar='"N days|weeks|months"', help="keep-in-touch for members")
    p.add_argument("--json", action="store_true")

    p = gadd("join", cmd_group_join, "add a contact to a group (or change their role)")
    p.add_argument("group", metavar="GROUP")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--role", metavar="ROLE", help="organiser, member, guest or prospect")

    p = gadd("leave", cmd_group_leave, "remove a contact from a group")
    p.add_argument("group", metavar="GROUP")
    p.add_argument("contact", metavar="CONTACT")

    p = gadd("meeting", cmd_group_meeting, "log a meeting of a group")
    p.add_argument("group", metavar="GROUP")
    p.add_argument("--date", metavar="ISO-DATE[THH:MM]", help="local date/time (default: now)")
    p.add_argument("--present", nargs="+", action="extend", metavar="CONTACT")
    p.add_argument("--absent", nargs="+", action="extend", metavar="CONTACT")
    p.add_argument("--guest", nargs="+", action="extend", metavar="CONTACT")
    p.add_argument("--agenda", metavar="TEXT")
    p.add_argument("--note", metavar="TEXT")

    p = gadd("commit", cmd_group_commit, "record a commitment made in a group")
    p.add_argument("group", metavar="GROUP")
    p.add_argument("owner", metavar="CONTACT|me")
    p.add_argument("--what", required=True, metavar="TEXT")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="default: the next meeting")

    p = gadd("done", cmd_group_done, "mark a commitment done (or partly, or dropped)")
    p.add_argument("commitment", metavar="COMMITMENT_ID")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--partly", action="store_true")
    state.add_argument("--dropped", action="store_true")
    state.add_argument("--reopen", action="store_true", help="open it again")

    p = gadd(
        "referral",
        cmd_group_referral,
        "a referral or introduction between you and a member, in the give-and-take ledger",
    )
    p.add_argument("group", metavar="GROUP")
    p.add_argument("contact", metavar="CONTACT")
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--given", action="store_true", help="you gave it to them")
    way.add_argument("--received", action="store_true", help="they gave it to you")
    p.add_argument("--what", required=True, metavar="TEXT")
    p.add_argument("--kind", choices=["referral", "introduction", "business"])
    p.add_argument("--date", metavar="YYYY-MM-DD")

    p = gadd("show", cmd_group_show, "show a group")
    p.add_argument("group", metavar="GROUP")
    p.add_argument("--json", action="store_true")
