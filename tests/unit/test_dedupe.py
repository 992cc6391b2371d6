"""Finding likely duplicates and merging them without losing anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netkeeper.io.card import Card, PostalAddress, RawProperty, TypedValue
from netkeeper.model.db import db as database
from netkeeper.services import ServiceError, contacts, dedupe, reminders, tags, timeline


def _make(name: str, *, emails: list[str] = (), phones: list[str] = (), **kw: object) -> int:  # type: ignore[assignment]
    given, _, family = name.partition(" ")
    card = Card(full_name=name, given_name=given, family_name=family, **kw)  # type: ignore[arg-type]
    card.emails = [TypedValue(e, ["work"]) for e in emails]
    card.phones = [TypedValue(p, ["cell"]) for p in phones]
    return contacts.create_contact(card)


def _pairs() -> dict[tuple[int, int], dedupe.Pair]:
    return {(p.a, p.b): p for p in dedupe.find_duplicates()}


def test_same_email_phone_and_similar_names(db: object) -> None:
    ada = _make("Ada Lovelace", emails=["ada@example.org"])
    ada2 = _make("A. King", emails=["ADA@example.org "])
    bob = _make("Bob Babbage", phones=["+44 20 7946 0000"])
    bob2 = _make("Robert B.", phones=["+442079460000"])
    jurgen = _make("Jürgen Köhler")
    jurgen2 = _make("Jurgen Kohler")
    typo = _make("Katherine Johnson")
    typo2 = _make("Katherine Jonson")
    swapped = _make("Ritapa Rinesano")
    swapped2 = _make("Rinesano Ritapa")
    _make("Grace Hopper")
    _make("Lei Li")
    _make("Lei Liu")
    pairs = _pairs()
    assert set(pairs) == {
        (ada, ada2),
        (bob, bob2),
        (jurgen, jurgen2),
        (typo, typo2),
        (swapped, swapped2),
    }
    assert pairs[(ada, ada2)].score == 100
    assert pairs[(ada, ada2)].reasons == ["same email ada@example.org"]
    assert pairs[(bob, bob2)].reasons[0].startswith("same phone")
    assert pairs[(jurgen, jurgen2)].reasons == ["same name"]  # accents and case fold away
    assert 88 <= pairs[(typo, typo2)].score < 100
    # Most certain first.
    ranked = dedupe.find_duplicates()
    assert ranked[-1].a == typo and ranked[0].score == 100
    assert len(dedupe.find_duplicates(limit=2)) == 2


def test_trashed_contacts_are_not_duplicates(db: object) -> None:
    a = _make("Ada Lovelace", emails=["ada@example.org"])
    b = _make("Ada Lovelace", emails=["ada@example.org"])
    assert (a, b) in _pairs()
    contacts.delete_contacts([b])
    assert _pairs() == {}


def test_non_latin_names(db: object) -> None:
    a = _make("佐藤 美咲")
    b = _make("佐藤 美咲")
    c = _make("Ελένη Παπαδοπούλου")
    d = _make("ΕΛΈΝΗ ΠΑΠΑΔΟΠΟΎΛΟΥ")
    assert set(_pairs()) == {(a, b), (c, d)}


def test_merge_keeps_everything_from_both_sides(db: object) -> None:
    keep = contacts.create_contact(
        Card(
            full_name="Ada Lovelace",
            organization="Analytical Society",
            emails=[TypedValue("ada@example.org", ["work"])],
            phones=[TypedValue("+44 20 7946 0000", ["cell"])],
            addresses=[PostalAddress(street="12 St James's Sq", locality="London")],
        ),
        tags=["mentors"],
        how_met="Royal Society dinner",
    )
    other = contacts.create_contact(
        Card(
            full_name="Augusta Ada King",
            organization="Difference Engines Ltd",
            title="Countess",
            birthday="1815-12-10",
            emails=[TypedValue("ADA@example.org", ["home"]), TypedValue("ada@engines.example")],
            phones=[TypedValue("+442079460000"), TypedValue("+44 7700 900123")],
            extra=[RawProperty("X-SOCIALPROFILE", "https://example.org/ada", [("TYPE", "web")])],
        ),
        tags=["engines"],
    )
    friend = contacts.create_contact(Card(full_name="Mary Somerville"))
    contacts.update_contact(friend, introduced_by=other)
    both = timeline.log_interaction([keep, other], "meeting", dt.datetime(2026, 1, 5, 10), "both")
    only_other = timeline.log_interaction([other], "call", dt.datetime(2026, 2, 5, 10), "later")
    timeline.log_interaction([keep], "email", dt.datetime(2025, 12, 1, 10), "early")
    reminder = reminders.add_reminder(other, dt.date(2026, 12, 1), "send the notes")

    choices = {c.name: c for c in dedupe.field_choices(keep, other)}
    assert choices["organization"].default == "keep" and choices["organization"].differs
    assert choices["birthday"].default == "other"  # a value beats an empty field
    dedupe.merge(keep, other, {"organization": "other"})

    card = contacts.get_card(keep)
    assert card.full_name == "Ada Lovelace"
    assert card.organization == "Difference Engines Ltd"
    assert card.title == "Countess" and card.birthday == "1815-12-10"
    assert [e.value for e in card.emails] == ["ada@example.org", "ada@engines.example"]
    assert [p.value for p in card.phones] == ["+44 20 7946 0000", "+44 7700 900123"]
    assert [a.street for a in card.addresses] == ["12 St James's Sq"]
    assert [p.name for p in card.extra] == ["X-SOCIALPROFILE"]
    assert tags.tags_of(keep) == ["engines", "mentors"]
    assert contacts.get_contact(keep).how_met == "Royal Society dinner"
    notes = [d["note"] for d in timeline.timeline(keep)]
    assert notes == ["later", "both", "early"]
    assert [p["id"] for p in timeline.timeline(keep)[1]["participants"]] == [keep]
    assert {d["id"] for d in timeline.timeline(keep)} >= {both, only_other}
    assert [r["id"] for r in reminders.open_reminders(keep)] == [reminder]
    assert contacts.get_contact(friend).introduced_by_id == keep
    last = contacts.get_contact(keep).last_interaction
    assert last == dt.datetime.fromisoformat(timeline.timeline(keep)[0]["when"].rstrip("Z"))
    # The other side is in the trash, not gone.
    assert [row[0] for row in contacts.trash()] == [other]
    assert (
        database.execute_sql(
            "SELECT count(*) FROM interaction_participant WHERE contact_id = ?", (other,)
        ).fetchone()[0]
        == 0
    )
    assert dedupe.find_duplicates() == []


def test_merge_is_one_transaction(db: object, monkeypatch: pytest.MonkeyPatch) -> None:
    keep = _make("Ada Lovelace", emails=["ada@example.org"])
    other = _make("Ada King", emails=["ada@engines.example"])
    timeline.log_interaction([other], "call", dt.datetime(2026, 2, 5, 10), "x")

    def boom(ids: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(dedupe, "delete_contacts", boom)
    with pytest.raises(RuntimeError):
        dedupe.merge(keep, other)
    assert [e.value for e in contacts.get_card(keep).emails] == ["ada@example.org"]
    assert len(timeline.timeline(other)) == 1


def test_merge_refuses_nonsense(db: object) -> None:
    a = _make("Ada Lovelace")
    b = _make("Ada King")
    with pytest.raises(ServiceError):
        dedupe.merge(a, a)
    with pytest.raises(ServiceError):
        dedupe.merge(a, b, {"organization": "both"})
    with pytest.raises(ServiceError):
        dedupe.merge(a, b, {"shoe_size": "other"})


def test_blocking_keeps_first_letter_typos_together() -> None:
    assert dedupe._block_keys("ritapa rinesano") & dedupe._block_keys("itapa rinesano")
    assert dedupe._block_keys("ada lovelace") & dedupe._block_keys("ada lovelase")
    assert not dedupe._block_keys("ada lovelace") & dedupe._block_keys("grace hopper")


def test_search_can_be_cancelled(db: object) -> None:
    _make("Ada Lovelace")
    _make("Ada Lovelase")
    with pytest.raises(dedupe.Cancelled):
        dedupe.find_duplicates(cancel=lambda: True)
    assert len(dedupe.find_duplicates(cancel=lambda: False)) == 1


def test_unmerge_puts_both_back(db: object) -> None:
    keep = contacts.create_contact(
        Card(
            full_name="Ada Lovelace",
            organization="Analytical Society",
            emails=[TypedValue("ada@example.org", ["work"])],
        ),
        tags=["mentors"],
        how_met="Royal Society dinner",
    )
    other = contacts.create_contact(
        Card(
            full_name="Ada King",
            organization="Difference Engines Ltd",
            emails=[TypedValue("ada@engines.example")],
            phones=[TypedValue("+44 7700 900123")],
        ),
        tags=["engines"],
    )
    friend = contacts.create_contact(Card(full_name="Mary Somerville"))
    contacts.update_contact(friend, introduced_by=other)
    timeline.log_interaction([keep, other], "meeting", dt.datetime(2026, 1, 5, 10), "both")
    timeline.log_interaction([other], "call", dt.datetime(2026, 2, 5, 10), "king only")
    timeline.log_interaction([keep], "email", dt.datetime(2025, 12, 1, 10), "ada only")
    reminder = reminders.add_reminder(other, dt.date(2026, 12, 1), "send the notes")

    def state() -> tuple[object, ...]:
        return (
            contacts.get_card(keep),
            contacts.get_card(other),
            [d["note"] for d in timeline.timeline(keep)],
            [d["note"] for d in timeline.timeline(other)],
            [r["id"] for r in reminders.open_reminders(other)],
            contacts.get_contact(friend).introduced_by_id,
            contacts.get_contact(keep).last_interaction,
            contacts.get_contact(other, include_deleted=True).last_interaction,
            contacts.get_contact(keep).how_met,
        )

    before = state()
    undo = dedupe.merge(keep, other, {"organization": "other"})
    assert state() != before
    dedupe.unmerge(undo)
    assert state() == before
    assert reminders.open_reminders(other)[0]["id"] == reminder
    assert contacts.trash() == []
    assert {(p.a, p.b) for p in dedupe.find_duplicates()} == set()  # different emails, names


def test_dismissed_pairs_are_not_offered_again(db: object) -> None:
    a = _make("Lei Li", phones=["+86 138 1698 4757"])
    b = _make("Lei Li", phones=["+86 13816984757"])
    c = _make("Lei Li")
    assert set(_pairs()) == {(a, b), (a, c), (b, c)}
    dedupe.dismiss(c, a)  # order does not matter
    dedupe.dismiss(a, c)  # twice is fine
    assert set(_pairs()) == {(a, b), (b, c)}
    dedupe.undismiss(a, c)
    assert (a, c) in _pairs()
    with pytest.raises(ServiceError):
        dedupe.dismiss(a, a)
    dedupe.dismiss(b, c)
    contacts.delete_contacts([c])
    contacts.purge_trash(now=dt.datetime.now() + dt.timedelta(days=60))
    count = database.execute_sql("SELECT count(*) FROM not_duplicate").fetchone()[0]
    assert count == 0  # purged contacts take their dismissals with them


def test_upgrade_from_version_5_adds_the_not_duplicate_table(tmp_path: Path) -> None:
    from netkeeper.model import migrations
    from netkeeper.model.db import close_database, open_database
    from tests.schema_at import database_at

    path = tmp_path / "v5.db"
    database_at(  # exactly as a version-5 release left it
        path,
        5,
        "INSERT INTO contact (uid, full_name, created_at, updated_at)"
        " VALUES ('u1', 'Ada', '2026-01-01', '2026-01-01');",
    )
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST >= 6
        names = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master")}
        assert "not_duplicate" in names
        assert database.execute_sql("SELECT full_name FROM contact").fetchone()[0] == "Ada"
        assert list(tmp_path.glob("v5.db.v5-*.bak"))  # backed up before the upgrade
    finally:
        close_database()
