"""The demo address book: realistic, deterministic, whole, and usable by the services."""

from __future__ import annotations

import datetime as dt
import unicodedata

from netkeeper.model.db import db as database
from netkeeper.model.search import matching_ids
from netkeeper.services import demo, reminders, timeline
from netkeeper.services.documents import contact_documents, find_ids

TODAY = dt.date(2026, 11, 26)


def _scripts(names: list[str]) -> set[str]:
    """The Unicode scripts (first word of the character name) the names are written in."""
    found = set()
    for name in names:
        for ch in name:
            if ch.isalpha():
                found.add(unicodedata.name(ch, "?").split()[0])
    return found


def test_fill_makes_a_realistic_book(db: object) -> None:
    summary = demo.fill(200, seed=7, today=TODAY)
    assert summary["contacts"] == 200
    names = [r[0] for r in database.execute_sql("SELECT full_name FROM contact")]
    assert len(names) == 200
    scripts = _scripts(names)
    for script in ("CJK", "HANGUL", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "DEVANAGARI"):
        assert script in scripts, script
    assert any(any(ch in "éüöñçłšøåð" for ch in n) for n in names)

    def count(sql: str) -> int:
        return int(database.execute_sql(sql).fetchone()[0])

    assert count("SELECT count(*) FROM contact WHERE organization != ''") > 120
    assert count("SELECT count(*) FROM contact WHERE birthday LIKE '--%'") > 5
    assert count("SELECT count(*) FROM contact WHERE birthday GLOB '[12]*'") > 20
    assert count("SELECT count(*) FROM contact WHERE introduced_by_id IS NOT NULL") > 10
    assert count("SELECT count(*) FROM contact WHERE how_met != ''") > 60
    assert count("SELECT count(*) FROM email") > 150
    assert count("SELECT count(*) FROM address") > 60
    assert count("SELECT count(DISTINCT contact_id) FROM contact_tag") > 100
    # A year of interactions of several kinds, some with several people.
    # Three per contact, the four meetings of the demo groups and two introductions I made.
    assert count("SELECT count(*) FROM interaction") == summary["interactions"] == 606
    # People in context: me, relationships, favours, introductions, profiles, My profile.
    assert count("SELECT count(*) FROM contact WHERE is_me") == 1
    assert summary["relationships"] >= 20 and summary["introductions"] == 8
    assert count("SELECT count(DISTINCT status) FROM introduction") == 3  # made, proposed, asked
    assert count("SELECT count(*) FROM social_profile") > 100
    assert count("SELECT count(DISTINCT contact_id) FROM interest") > 100
    assert count("SELECT count(*) FROM question WHERE asked_on IS NULL") > 20
    assert count("SELECT count(*) FROM profile_version") == 3
    from netkeeper.services.people.ledger import give_back

    assert len(give_back(TODAY)) >= 3
    assert count("SELECT count(DISTINCT kind) FROM interaction") >= 6
    assert (
        count(
            "SELECT count(*) FROM (SELECT interaction_id FROM interaction_participant"
            " GROUP BY interaction_id HAVING count(*) > 1)"
        )
        > 10
    )
    oldest = database.execute_sql("SELECT min(occurred_at) FROM interaction").fetchone()[0]
    assert dt.datetime.fromisoformat(oldest) > dt.datetime.now() - dt.timedelta(days=367)
    # last_interaction is kept as the timeline service keeps it.
    assert (
        count(
            "SELECT count(*) FROM contact c WHERE c.last_interaction IS NOT (SELECT"
            " max(i.occurred_at) FROM interaction i JOIN interaction_participant p"
            " ON p.interaction_id = i.id WHERE p.contact_id = c.id)"
        )
        == 0
    )


def test_reminders_are_overdue_today_and_upcoming(db: object) -> None:
    demo.fill(200, seed=7, today=TODAY)
    dues = [dt.date.fromisoformat(r["effective_due"]) for r in reminders.open_reminders()]
    assert any(d < TODAY for d in dues)
    assert any(d == TODAY for d in dues)
    assert any(TODAY < d <= TODAY + dt.timedelta(days=30) for d in dues)
    assert any(r["every"] for r in reminders.open_reminders())


def test_same_seed_same_book_other_seed_other_book(tmp_path: object) -> None:
    from netkeeper.model.db import close_database, open_database

    def book(name: str, seed: int) -> list[tuple[object, ...]]:
        open_database(tmp_path / name)  # type: ignore[operator]
        demo.fill(60, seed=seed, today=TODAY)
        rows = list(
            database.execute_sql(
                "SELECT uid, full_name, organization, birthday FROM contact ORDER BY id"
            )
        )
        close_database()
        return rows

    assert book("a.db", 3) == book("b.db", 3)
    assert book("c.db", 3) != book("d.db", 4)


def test_the_services_see_the_demo(db: object) -> None:
    demo.fill(200, seed=11, today=TODAY)
    docs = contact_documents(find_ids())
    assert len(docs) == 200
    page = timeline.timeline(limit=50)
    assert len(page) == 50
    assert page[0]["when"] >= page[-1]["when"]
    # The search index is rebuilt in the same transaction.
    someone = docs[17]["full_name"].split()[0]
    assert docs[17]["id"] in matching_ids(database, someone)


def test_the_insights_filters_have_something_to_show(db: object) -> None:
    """Each view of issue 15's filters is non-empty with the demo: a gap, contacts behind
    it, contacts needing attention, and a path to introduce someone."""
    from netkeeper.services.insights import diversity, filters, missing, paths

    demo.fill(200, today=TODAY)
    gaps = diversity.diversity(TODAY).gaps
    assert "nobody junior to you" in [g.text for g in gaps]
    for g in gaps:
        if g.axis != "mentor":
            assert filters.filter_ids(filters.gap_filter(g.text, g.axis, g.value), TODAY), g
    counts = missing.missing(TODAY)
    assert counts["no_birthday"] and counts["no_reach"] and counts["no_how_met"]
    someone = database.execute_sql(
        "SELECT id FROM contact WHERE NOT is_me AND organization != '' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    assert paths.paths_to([someone])


def test_fill_adds_to_an_existing_book(db: object) -> None:
    demo.fill(40, seed=1, today=TODAY)
    demo.fill(40, seed=2, today=TODAY)
    assert database.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == 80
    dangling = database.execute_sql(
        "SELECT count(*) FROM interaction_participant p LEFT JOIN contact c"
        " ON c.id = p.contact_id WHERE c.id IS NULL"
    ).fetchone()[0]
    assert dangling == 0
