"""Insights: insights, strength, today, graph and path.

Output is text, or with --json the documents named in issue 15 (a contract:
extend, never rename).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from netkeeper.cli.common import EXIT_OK, CliError, adder, open_db, print_json, resolve


def _as_of(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def insights_document(as_of: dt.date | None) -> dict[str, Any]:
    from netkeeper.services.insights import activity, diversity, health, missing, strength

    day = as_of or dt.date.today()
    h = health.health(day)
    bands = strength.band_counts(strength.strengths(day))
    d = diversity.diversity(day)
    return {
        "health": h.document(),
        "strength": bands,
        "diversity": d.document(),
        "gaps": [g.text for g in d.gaps],
        "give_take": activity.give_take(),
        "activity": [m.document() for m in activity.activity(day)],
        "missing": missing.missing(day),
        "follow_ups": activity.follow_ups_on_time(day),
    }


def cmd_insights(args: argparse.Namespace) -> int:
    as_of = _as_of(args.as_of)
    open_db(args)
    doc = insights_document(as_of)
    if as_of is None:
        from netkeeper.services.insights.health import Health, record_snapshot

        record_snapshot(Health(**doc["health"]))
    if args.json:
        print_json(doc)
        return EXIT_OK
    h, s = doc["health"], doc["strength"]
    print(
        f"Health: {h['on_track']} on track, {h['due_soon']} due soon, {h['overdue']} overdue,"
        f" {h['losing_touch']} losing touch"
    )
    print(
        f"Strength: {s['strong']} strong, {s['active']} active, {s['cooling']} cooling,"
        f" {s['dormant']} dormant"
    )
    g = doc["give_take"]
    print(f"Give and take: given {g['given']}, received {g['received']}")
    for gap in doc["gaps"]:
        print(f"Gap: {gap}")
    m = doc["missing"]
    print("Missing: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in m.items()))
    for month in doc["activity"]:
        print(
            f"  {month['month']}: {month['interactions']} interactions,"
            f" {month['new_contacts']} new contacts"
        )
    return EXIT_OK


def cmd_strength(args: argparse.Namespace) -> int:
    from netkeeper.services.insights import strength

    override: int | None = None
    if args.set is not None:
        try:
            override = int(args.set)
        except ValueError:
            raise CliError(f"a strength is a number from 0 to 100, not '{args.set}'") from None
        if not 0 <= override <= 100:
            raise CliError(f"a strength is a number from 0 to 100, not {override}")
    open_db(args, daily_backup=args.set is not None or args.clear)
    cid = resolve(args.contact)
    if args.set is not None and args.clear:
        raise CliError("give --set or --clear, not both")
    if args.set is not None or args.clear:
        strength.set_override(cid, override)
    s = strength.strength(cid)
    if args.json:
        print_json(s.document())
        return EXIT_OK
    shown = f"{s.score} ({s.band})"
    if s.override is not None:
        shown += f", set by you; the formula says {s.computed}"
    print(f"Strength: {shown}")
    for part, reason in zip(
        ("recency", "frequency", "reciprocity", "duration"), s.reasons, strict=False
    ):
        print(f"  {part:<12} {getattr(s, part):5.1f}  {reason}")
    return EXIT_OK


def cmd_today(args: argparse.Namespace) -> int:
    from netkeeper.services.insights import today

    as_of = _as_of(args.as_of)
    open_db(args, daily_backup=bool(args.dismiss))
    if args.dismiss:
        until = today.dismiss(args.dismiss, as_of)
        print(f"Dismissed {args.dismiss} until {until.isoformat()}.")
        return EXIT_OK
    items = today.today(as_of)
    if args.json:
        print_json([i.document() for i in items])
        return EXIT_OK
    if not items:
        print("Nothing for today.")
    for i in items:
        who = f"{i.contact}: " if i.contact else ""
        print(f"[{i.action}] {who}{i.reason}  ({i.key})")
    return EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    from netkeeper.services.insights import graph

    if args.json and args.dot:
        raise CliError("give --json or --dot FILE, not both")
    open_db(args)
    group = None
    if args.group:
        from netkeeper.services.groups.groups import resolve_group

        group = resolve_group(args.group)
    g = graph.build(tag=args.tag, group=group)
    if args.dot:
        try:
            with open(args.dot, "w", encoding="utf-8") as out:
                out.write(g.dot())
        except OSError as exc:
            raise CliError(f"cannot write {args.dot}: {exc.strerror or exc}") from None
        print(f"Wrote {len(g.nodes)} people and {len(g.edges)} links to {args.dot}.")
        return EXIT_OK
    if args.json:
        print_json(g.document())
        return EXIT_OK
    counts: dict[str, int] = {}
    for e in g.edges:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    print(f"{len(g.nodes)} people, {len(g.edges)} links")
    for kind, n in sorted(counts.items()):
        print(f"  {kind}: {n}")
    return EXIT_OK


def cmd_path(args: argparse.Namespace) -> int:
    from netkeeper.services import NotFound, ServiceError
    from netkeeper.services.insights import paths

    text = " ".join(args.target.split())
    if not text:
        raise CliError("name a contact, an organisation or a name to reach")
    open_db(args, daily_backup=args.ask)
    try:
        targets = [resolve(text)]
    except (NotFound, ServiceError):
        targets = paths.targets_for_text(text)
    found = paths.paths_to(targets)
    if args.ask:
        if not found:
            raise CliError(f"no path to {text} through your network")
        rid = paths.ask_for_introduction(found[0])
        print(f"{found[0].ask_note} (follow-up {rid}, due today).")
        return EXIT_OK
    if args.json:
        print_json([p.document() for p in found])
        return EXIT_OK
    if not targets:
        print(f"Nobody in your contacts matches '{text}'.")
    elif not found:
        print(f"No path to {text} through your network yet.")
    for p in found:
        chain = " -> ".join(
            f"{s.full_name}" + (f" ({s.via})" if i else "") for i, s in enumerate(p.steps)
        )
        print(f"{p.strength:>3}  {chain}")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)

    p = add("insights", cmd_insights, "network health, strength, diversity, activity, gaps")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="as on that day (default: today)")

    p = add("strength", cmd_strength, "a contact's relationship strength and why")
    p.add_argument("contact", metavar="CONTACT")
    p.add_argument("--set", metavar="0-100", help="your own figure (kept apart from the formula)")
    p.add_argument("--clear", action="store_true", help="drop your own figure")
    p.add_argument("--json", action="store_true")

    p = add("today", cmd_today, "what is due today and what to do about your network")
    p.add_argument("--json", action="store_true")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.add_argument("--dismiss", metavar="KEY", help="hide a suggestion for a month")

    p = add("graph", cmd_graph, "who knows whom: the map of your network")
    p.add_argument("--json", action="store_true")
    p.add_argument("--dot", metavar="FILE", help="write Graphviz DOT")
    p.add_argument("--tag", metavar="TAG", help="only people with this tag")
    p.add_argument("--group", metavar="GROUP", help="only members of this group")

    p = add("path", cmd_path, "who can introduce you to a person or an organisation")
    p.add_argument("target", metavar="TARGET")
    p.add_argument("--json", action="store_true")
    p.add_argument("--ask", action="store_true", help="ask the first person on the best path")
