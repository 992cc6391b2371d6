"""People in context: me, relate, rapport, give, receive, ledger, introduce, intros and edit.

Every CONTACT argument also takes `me`. Output is text, or with --json the
documents named in issue 11 (a contract: extend, never rename).
"""

from __future__ import annotations

import argparse
from typing import Any

from netkeeper.cli.common import EXIT_OK, CliError, adder, open_db, print_json, resolve

_LEDGER_KINDS = (
    "introduction, referral, advice, favour, resource shared, recommendation, endorsement,"
    " gift, business, other"
)


def _day(text: str | None) -> Any:
    if not text:
        return None
    from netkeeper.services.dates import parse_day

    return parse_day(text)


def _name(cid: int) -> str:
    from netkeeper.services.contacts import get_contact

    return str(get_contact(cid).full_name)


# --- me ---------------------------------------------------------------------------------


def cmd_me(args: argparse.Namespace) -> int:
    from netkeeper.services.people.me import me_id, set_me

    open_db(args, daily_backup=bool(args.contact or args.clear))
    if args.contact and args.clear:
        raise CliError("give a contact or --clear, not both")
    if args.contact:
        chosen = resolve(args.contact)
        set_me(chosen)
        print(f"{_name(chosen)} (id {chosen}) is you now.")
    elif args.clear:
        set_me(None)
        print("No contact is marked as you now.")
    else:
        cid = me_id()
        if args.json:
            from netkeeper.services.documents import contact_documents

            print_json(contact_documents([cid])[0] if cid is not None else None)
        elif cid is None:
            print("No contact is marked as you yet: `netkeeper me CONTACT`.")
        else:
            print(f"You are {_name(cid)} (id {cid}).")
    return EXIT_OK


# --- relationships ----------------------------------------------------------------------


def cmd_relate(args: argparse.Namespace) -> int:
    from netkeeper.services.people.relationships import label_of, normalize_kind, relate, unrelate

    kind = normalize_kind(args.kind)  # bad kinds fail before the database is opened
    open_db(args, daily_backup=True)
    a, b = resolve(args.a), resolve(args.b)
    if a == b:
        raise CliError("a contact cannot be related to themselves")
    word = label_of(kind)
    if args.remove:
        if not unrelate(a, b, kind):
            raise CliError(f"{_name(a)} is not recorded as {_name(b)}'s {word}")
        print(f"{_name(a)} is no longer recorded as {_name(b)}'s {word}.")
        return EXIT_OK
    new = relate(a, b, kind, args.note or "")
    print(f"{_name(a)} is {_name(b)}'s {word}" + ("." if new else " (already recorded)."))
    return EXIT_OK


# --- rapport ----------------------------------------------------------------------------


def _question_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CliError(f"'{text}' is not a question id (see `netkeeper show CONTACT`)") from None
    return value


def cmd_rapport(args: argparse.Namespace) -> int:
    from netkeeper.model.db import db
    from netkeeper.services.people import rapport

    asked = [_question_id(q) for q in args.asked or []]
    changes = any((args.interest, args.ask, args.avoid, args.fact, asked, args.remove_interest))
    open_db(args, daily_backup=changes)
    cid = resolve(args.contact)
    for qid in asked:
        row = db.execute_sql("SELECT contact_id FROM question WHERE id = ?", (qid,)).fetchone()
        if row is None or row[0] != cid:
            raise CliError(f"{_name(cid)} has no question {qid}")
    with db.atomic():
        for name in args.interest or []:
            rapport.add_interest(cid, name)
        for name in args.remove_interest or []:
            if not rapport.remove_interest(cid, name):
                raise CliError(f"{_name(cid)} has no interest '{name}'")
        for text in args.ask or []:
            rapport.ask(cid, text)
        for text in args.avoid or []:
            rapport.add_note(cid, "avoid", text)
        for text in args.fact or []:
            rapport.add_note(cid, "fact", text)
        for qid in asked:
            rapport.mark_asked(qid)
    r = rapport.rapport_of(cid)
    if args.json:
        print_json(
            {
                "contact_id": cid,
                "interests": r.interests,
                "shared_interests": r.shared,
                "questions": [q.document() for q in r.questions],
                "avoid": [t for _i, t in r.avoid],
                "facts": [t for _i, t in r.facts],
            }
        )
        return EXIT_OK
    print(_name(cid))
    if r.is_empty():
        print("  Nothing noted yet: --interest, --ask, --avoid, --fact.")
    if r.interests:
        shown = [f"{i} (shared)" if i in r.shared else i for i in r.interests]
        print(f"  Interests: {', '.join(shown)}")
    for q in r.questions:
        state = f"asked {q.asked_on.isoformat()}" if q.asked_on else "to ask"
        print(f"  Question {q.id} ({state}): {q.text}")
    for _i, text in r.avoid:
        print(f"  Avoid: {text}")
    for _i, text in r.facts:
        print(f"  Fact: {text}")
    return EXIT_OK


# --- give and take ----------------------------------------------------------------------


def _ledger_entry(args: argparse.Namespace, direction: str) -> int:
    from netkeeper.services.people import ledger

    kind = ledger.normalize_kind(args.kind)
    day = _day(args.date)
    open_db(args, daily_backup=True)
    cid = resolve(args.contact)
    eid = ledger.record(cid, direction, args.what, kind, day)
    b = ledger.balance(cid)
    verb = "Gave" if direction == "given" else "Received from"
    print(
        f"{verb} {_name(cid)}: {' '.join(args.what.split())} ({kind}, entry {eid}). "
        f"Balance: given {b['given']}, received {b['received']}."
    )
    return EXIT_OK


def cmd_give(args: argparse.Namespace) -> int:
    return _ledger_entry(args, "given")


def cmd_receive(args: argparse.Namespace) -> int:
    return _ledger_entry(args, "received")


def cmd_ledger(args: argparse.Namespace) -> int:
    from netkeeper.services.people import ledger

    open_db(args)
    if args.give_back:
        items = ledger.give_back()
        if args.json:
            print_json(
                [
                    {
                        "contact_id": g.contact_id,
                        "contact": g.contact,
                        "given": g.given,
                        "received": g.received,
                        "last_received": g.last_received.isoformat(),
                    }
                    for g in items
                ]
            )
        elif not items:
            print("Nobody to give back to: you give as often as you receive.")
        for g in [] if args.json else items:
            print(f"{g.contact} (id {g.contact_id}): {g.text}.")
        return EXIT_OK
    if args.contact:
        cid = resolve(args.contact)
        rows = ledger.entries(cid)
        if args.json:
            print_json(rows)
            return EXIT_OK
        b = ledger.balance(cid)
        print(f"{_name(cid)}: given {b['given']}, received {b['received']}")
        for e in rows:
            arrow = "gave" if e["direction"] == "given" else "received"
            print(f"  {e['date']}  {arrow:<8} {e['kind']:<16} {e['note']}")
        return EXIT_OK
    rows = ledger.balances()
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print("The ledger is empty: `netkeeper give CONTACT --what TEXT`.")
        return EXIT_OK
    total = ledger.overall()
    for r in rows:
        print(f"{r['contact_id']:>6}  {r['contact']}: given {r['given']}, received {r['received']}")
    print(f"Overall: given {total['given']}, received {total['received']}")
    return EXIT_OK


# --- introductions ----------------------------------------------------------------------


def cmd_introduce(args: argparse.Namespace) -> int:
    from netkeeper.services.people import introductions

    day = _day(args.date)
    open_db(args, daily_backup=True)
    if args.advance is not None:
        status = introductions.advance(args.advance, day)
        print(f"Introduction {args.advance} is {status} now.")
        return EXIT_OK
    if not (args.a and args.b):
        raise CliError("name the two people to introduce: introduce A B")
    a, b = resolve(args.a), resolve(args.b)
    by = resolve(args.by) if args.by else None
    if a == b:
        raise CliError("cannot introduce someone to themselves")
    iid = introductions.introduce(a, b, by=by, on=day, note=args.note or "", proposed=args.proposed)
    (doc,) = [d for d in introductions.introductions() if d["id"] == iid]
    if args.proposed:
        print(
            f"Proposed introduction {iid} of {_name(a)} and {_name(b)}: first ask {_name(a)}"
            f" (`netkeeper introduce --advance {iid}` after each step)."
        )
    elif doc["by_me"]:
        print(f"Introduced {_name(a)} and {_name(b)} (introduction {iid}); follow-ups in 14 days.")
    else:
        from netkeeper.services.people.me import me_id

        me = me_id()
        pair = (
            f"you to {_name(b if a == me else a)}" if me in (a, b) else f"{_name(a)} and {_name(b)}"
        )
        thanks = "; a thank-you is due today" if me in (a, b) else ""
        print(f"{doc['by']['full_name']} introduced {pair} (introduction {iid}){thanks}.")
    return EXIT_OK


def cmd_intros(args: argparse.Namespace) -> int:
    from netkeeper.services.people import introductions

    open_db(args)
    cid = resolve(args.contact) if args.contact else None
    rows = introductions.introductions(cid)
    if args.json:
        print_json([{k: v for k, v in r.items() if k != "by_me"} for r in rows])
        return EXIT_OK
    if not rows:
        print("No introductions yet: `netkeeper introduce A B`.")
    for r in rows:
        by = "you" if r["by_me"] else (r["by"]["full_name"] if r["by"] else "someone")
        note = f" — {r['note']}" if r["note"] else ""
        print(
            f"{r['id']:>5}  {r['date']}  {r['a']['full_name']} and {r['b']['full_name']}"
            f", by {by} [{r['status']}]{note}"
        )
    return EXIT_OK


# --- edit -------------------------------------------------------------------------------


def _without(values: list[Any], removed: list[str], what: str, key: Any) -> list[Any]:
    keys = {key(r) for r in removed}
    missing = [r for r in removed if key(r) not in {key(v.value) for v in values}]
    if missing:
        raise CliError(f"the contact has no {what} {missing[0]}")
    return [v for v in values if key(v.value) not in keys]


def cmd_edit(args: argparse.Namespace) -> int:
    from netkeeper.io.card import TypedValue
    from netkeeper.model.db import db
    from netkeeper.services.contacts import get_card, get_contact, update_contact
    from netkeeper.services.dates import parse_calendar_date
    from netkeeper.services.people.profiles import parse_assignment
    from netkeeper.social import url_key

    birthday = args.birthday
    if birthday:
        birthday = parse_calendar_date(birthday)
    profiles = [parse_assignment(t) for t in args.profile or []]
    added_profiles = [parse_assignment(t) for t in args.add_profile or []]
    open_db(args, daily_backup=True)
    cid = resolve(args.contact)
    card = get_card(cid)
    if args.name is not None:
        from netkeeper.cli.contacts import _split_name

        name = " ".join(args.name.split())
        if not name:
            raise CliError("a contact needs a name")
        card.full_name = name
        card.given_name, card.family_name = _split_name(name)
    for attr, value in (("organization", args.org), ("title", args.title)):
        if value is not None:
            setattr(card, attr, value.strip())
    if args.birthday is not None:
        card.birthday = birthday or None
    if args.email is not None:
        card.emails = [TypedValue(e.strip(), preferred=i == 0) for i, e in enumerate(args.email)]
    if args.phone is not None:
        card.phones = [TypedValue(p.strip(), preferred=i == 0) for i, p in enumerate(args.phone)]
    fold = str.casefold

    def phone_key(v: str) -> str:
        from netkeeper.services.contacts import normalize_phone

        return normalize_phone(v) or "".join(c for c in v if c.isdigit()) or v.strip()

    card.emails = _without(card.emails, args.remove_email or [], "email", lambda v: fold(v.strip()))
    card.phones = _without(card.phones, args.remove_phone or [], "phone", phone_key)
    for e in args.add_email or []:
        if fold(e.strip()) not in {fold(v.value) for v in card.emails}:
            card.emails.append(TypedValue(e.strip(), preferred=not card.emails))
    for p in args.add_phone or []:
        if phone_key(p) not in {phone_key(v.value) for v in card.phones}:
            card.phones.append(TypedValue(p.strip(), preferred=not card.phones))
    if args.profile is not None:
        card.profiles = profiles
    have = {url_key(p.url, p.service) for p in card.profiles}
    for p in added_profiles:
        if url_key(p.url, p.service) not in have:
            card.profiles.append(p)
            have.add(url_key(p.url, p.service))
    if args.remove_profile:
        gone = {url_key(u) for u in args.remove_profile}
        card.profiles = [p for p in card.profiles if url_key(p.url) not in gone]
    introducer: int | object | None = ...
    if args.introduced_by is not None:
        text = args.introduced_by.strip()
        introducer = None if text.casefold() in ("", "none", "nobody") else resolve(text)
    from netkeeper.services.insights.diversity import ATTRIBUTES, normalize, set_attributes

    attributes = {a: getattr(args, a) for a in ATTRIBUTES if getattr(args, a) is not None}
    for attr, value in attributes.items():
        normalize(attr, value)  # a bad value fails before anything is written
    met_at = None
    if args.met_at:
        from netkeeper.services.events import resolve_event

        met_at = resolve_event(args.met_at)
    with db.atomic():  # every change lands, or none does
        update_contact(
            cid,
            card,
            tags=args.tag if args.tag is not None else None,
            how_met=args.how_met,
        )
        if introducer is not ...:
            from netkeeper.services.people.introductions import set_introduced_by

            set_introduced_by(cid, introducer)  # type: ignore[arg-type]
        if met_at is not None:
            from netkeeper.services.events import met

            met(met_at, cid)
        if attributes:
            set_attributes([cid], attributes)
    if args.json:
        from netkeeper.services.documents import contact_documents

        print_json(contact_documents([cid])[0])
    else:
        print(f"Updated {get_contact(cid).full_name} (id {cid}).")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)

    p = add("me", cmd_me, "mark a contact as you (or show which one is)")
    p.add_argument("contact", metavar="CONTACT", nargs="?")
    p.add_argument("--clear", action="store_true", help="no contact is you")
    p.add_argument("--json", action="store_true")

    p = add("relate", cmd_relate, "record that A is B's KIND (mentor, colleague, ...)")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument(
        "--as",
        dest="kind",
        required=True,
        metavar="KIND",
        help="mentor, mentee, manager, report, sponsor, protégé, colleague, friend, family,"
        " partner, or custom:LABEL",
    )
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--remove", action="store_true", help="undo it")

    p = add("rapport", cmd_rapport, "interests, questions to ask, topics to avoid, facts")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--interest", action="append", metavar="X")
    p.add_argument("--remove-interest", action="append", metavar="X")
    p.add_argument("--ask", action="append", metavar="TEXT", help="a question for next time")
    p.add_argument("--asked", action="append", metavar="QUESTION_ID", help="tick it off")
    p.add_argument("--avoid", action="append", metavar="TEXT", help="a topic to avoid")
    p.add_argument("--fact", action="append", metavar="TEXT", help="worth remembering")
    p.add_argument("--json", action="store_true")

    for name, handler, text in (
        ("give", cmd_give, "note a favour you gave"),
        ("receive", cmd_receive, "note a favour you received"),
    ):
        p = add(name, handler, text)
        p.add_argument("contact", metavar="CONTACT")
        p.add_argument("--what", required=True, metavar="TEXT")
        p.add_argument("--kind", metavar="K", help=_LEDGER_KINDS)
        p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")

    p = add("ledger", cmd_ledger, "give and take: balances, or one contact's entries")
    p.add_argument("contact", metavar="CONTACT", nargs="?")
    p.add_argument("--give-back", action="store_true", help="people to give back to")
    p.add_argument("--json", action="store_true")

    p = add("introduce", cmd_introduce, "introduce A and B (or: introduce me B --by X)")
    p.add_argument("a", metavar="A", nargs="?")
    p.add_argument("b", metavar="B", nargs="?")
    p.add_argument("--by", metavar="CONTACT", help="who made the introduction (default: you)")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument(
        "--proposed", action="store_true", help="double opt-in: ask A, ask B, then introduce"
    )
    p.add_argument(
        "--advance", type=int, metavar="ID", help="a proposed introduction's next step is done"
    )

    p = add("intros", cmd_intros, "introductions made and received, with their status")
    p.add_argument("contact", metavar="CONTACT", nargs="?")
    p.add_argument("--json", action="store_true")

    p = add("edit", cmd_edit, "change a contact's fields")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--name", metavar="NAME")
    p.add_argument("--email", action="append", metavar="E", help="replaces every email")
    p.add_argument("--add-email", action="append", metavar="E")
    p.add_argument("--remove-email", action="append", metavar="E")
    p.add_argument("--phone", action="append", metavar="P", help="replaces every phone")
    p.add_argument("--add-phone", action="append", metavar="P")
    p.add_argument("--remove-phone", action="append", metavar="P")
    p.add_argument("--org", metavar="ORG")
    p.add_argument("--title", metavar="T")
    p.add_argument("--tag", action="append", metavar="T", help="replaces every tag")
    p.add_argument("--birthday", metavar="DATE", help="YYYY-MM-DD or --MM-DD; '' clears it")
    p.add_argument("--how-met", metavar="TEXT")
    p.add_argument("--met-at", metavar="EVENT")
    p.add_argument("--introduced-by", metavar="CONTACT", help="'none' clears it")
    p.add_argument(
        "--profile", action="append", metavar="SERVICE=URL", help="replaces every profile"
    )
    p.add_argument("--add-profile", action="append", metavar="SERVICE=URL")
    p.add_argument("--remove-profile", action="append", metavar="URL")
    p.add_argument("--function", metavar="F", help="engineering, product, design, sales, ...")
    p.add_argument("--industry", metavar="TEXT")
    p.add_argument("--country", metavar="TEXT", help="'' clears it")
    p.add_argument("--city", metavar="TEXT")
    p.add_argument(
        "--generation", metavar="G", help="silent, boomer, gen x, millennial, gen z, gen alpha"
    )
    p.add_argument("--seniority", metavar="S", help="senior, peer or junior (relative to you)")
    p.add_argument("--json", action="store_true")
