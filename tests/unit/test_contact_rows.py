"""The contact list's row service: live contacts only, next follow-up, FTS filter, sorting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netkeeper.io.card import Card, TypedValue
from netkeeper.services.contact_rows import (
    SortKey,
    contact_rows,
    filter_rows,
    live_count,
    name_index,
    photo_of,
    sort_rows,
)
from netkeeper.services.contacts import create_contact, delete_contacts
from netkeeper.services.reminders import add_reminder, mark_done, snooze
from netkeeper.services.timeline import log_interaction


def _add(name: str, **kw: Any) -> int:
    tags = kw.pop("tags", [])
    return create_contact(Card(full_name=name, **kw), tags=tags)


def test_rows_hold_list_columns_and_skip_the_trash(db: Any) -> None:
    ada = _add("Ada Lovelace", organization="Engines", title="Analyst", photo=b"\x89PNG")
    bob = _add("Bob", emails=[TypedValue("bob@example.org")])
    gone = _add("Gone Person")
    delete_contacts([gone])
    log_interaction([ada], "call", when=dt.datetime(2026, 5, 1, 12, 0))
    add_reminder(ada, dt.date(2026, 6, 1), "later")
    early = add_reminder(ada, dt.date(2026, 5, 20), "sooner")
    done = add_reminder(bob, dt.date(2026, 1, 1), "finished")
    mark_done(done)
    rows = {r.id: r for r in contact_rows()}
    assert set(rows) == {ada, bob}
    assert live_count() == 2
    assert rows[ada].organization == "Engines" and rows[ada].title == "Analyst"
    assert rows[ada].has_photo and not rows[bob].has_photo
    assert rows[ada].last_interaction is not None
    assert rows[ada].next_follow_up == "2026-05-20"
    assert rows[bob].next_follow_up is None  # done reminders do not count
    snooze(early, dt.date(2026, 7, 1))
    assert {r.id: r for r in contact_rows()}[ada].next_follow_up == "2026-06-01"
    assert photo_of(ada) == b"\x89PNG" and photo_of(bob) is None
    assert [r.id for r in contact_rows([bob, gone])] == [bob]
    assert [n for _, n, _ in name_index()] == ["Ada Lovelace", "Bob"]


def test_filter_by_text_and_tag(db: Any) -> None:
    ada = _add("Ada Lovelace", tags=["mentors"])
    bob = _add("Bob Marley", emails=[TypedValue("bob@reggae.example")], tags=["mentors"])
    cid = _add("Chen Wei", tags=["friends"])
    log_interaction([cid], "coffee", note="talked about the harbour project")
    rows = contact_rows()
    assert {r.id for r in filter_rows(rows, "reggae")} == {bob}
    assert {r.id for r in filter_rows(rows, "harbour")} == {cid}
    assert {r.id for r in filter_rows(rows, "", "mentors")} == {ada, bob}
    assert {r.id for r in filter_rows(rows, "love", "mentors")} == {ada}
    assert filter_rows(rows, "love", "friends") == []
    assert len(filter_rows(rows, "  ")) == 3


def test_one_and_two_letter_queries_match_names_and_organisations(db: Any) -> None:
    wang = _add("王小明", organization="北京大学")
    li = _add("Li Na", organization="Tennis")
    ada = _add("Ada Lovelace", notes="li is in my notes only")
    rows = contact_rows()
    assert {r.id for r in filter_rows(rows, "王")} == {wang}
    assert {r.id for r in filter_rows(rows, "LI")} == {li}  # not Ada: "li" is only in her notes
    assert {r.id for r in filter_rows(rows, "北京")} == {wang}
    assert {r.id for r in filter_rows(rows, "te")} == {li}
    # with a longer word the index answers and short words narrow its result
    assert {r.id for r in filter_rows(rows, "li notes")} == {ada}


def test_sort_rows_puts_missing_values_last_both_ways(db: Any) -> None:
    a = _add("alice", organization="Zed")
    b = _add("Bob")
    c = _add("Carol", organization="acme")
    rows = contact_rows()
    sort_rows(rows, SortKey.ORGANIZATION)
    assert [r.id for r in rows] == [c, a, b]
    sort_rows(rows, SortKey.ORGANIZATION, descending=True)
    assert [r.id for r in rows] == [a, c, b]
    sort_rows(rows, SortKey.NAME, descending=True)
    assert [r.id for r in rows] == [c, b, a]


def test_sort_by_name_files_accented_letters_with_their_base_letter(db: Any) -> None:
    zoe = _add("Zoe Zimmer")
    alvaro = _add("Álvaro Jiménez", organization="Örnsköld AB")
    lukasz = _add("Łukasz Wójcik", organization="Zeta")
    ada = _add("ada Lovelace", organization="Acme")
    rows = contact_rows()
    sort_rows(rows, SortKey.NAME)
    assert [r.id for r in rows] == [ada, alvaro, lukasz, zoe]
    sort_rows(rows, SortKey.ORGANIZATION)
    assert [r.id for r in rows] == [ada, alvaro, lukasz, zoe]


def test_next_follow_up_includes_keep_in_touch_date(db: Any) -> None:
    from netkeeper.services.followups import set_cadence

    ada = _add("Ada Lovelace")
    set_cadence(ada, "2 weeks")
    (row,) = contact_rows()
    assert row.next_follow_up is not None
    keep_in_touch = dt.date.fromisoformat(row.next_follow_up)
    assert keep_in_touch > dt.date.today()
    add_reminder(ada, keep_in_touch + dt.timedelta(days=30), "later than the cadence")
    assert contact_rows()[0].next_follow_up == keep_in_touch.isoformat()
    add_reminder(ada, dt.date.today(), "sooner than the cadence")
    assert contact_rows()[0].next_follow_up == dt.date.today().isoformat()


def test_filter_with_positions_gives_the_same_rows_in_the_same_order(db: Any) -> None:
    from netkeeper.services.contact_rows import row_positions

    for i in range(40):
        _add(f"Person {i:02d}", organization="Acme" if i % 7 == 0 else "Other")
    rows = contact_rows()
    sort_rows(rows, SortKey.NAME, descending=True)
    positions = row_positions(rows)
    for query in ("acme", "other", "person 1", "nobody"):
        assert filter_rows(rows, query, positions=positions) == filter_rows(rows, query), query
    assert [r.full_name for r in filter_rows(rows, "acme", positions=positions)][:2] == [
        "Person 35",
        "Person 28",
    ]


def test_short_words_with_aligned_haystacks_give_the_same_rows(db: Any) -> None:
    from netkeeper.services.contact_rows import aligned_haystacks, name_haystacks

    for name in ("Anna Müller", "Bo Li", "Müller Li", "Zoë", "李小明"):
        _add(name)
    rows = contact_rows()
    sort_rows(rows, SortKey.NAME)
    by_id = name_haystacks(rows)
    aligned = aligned_haystacks(rows, by_id)
    for query in ("mu", "li", "mu li", "zo", "李", "x"):
        expected = filter_rows(rows, query)
        assert filter_rows(rows, query, haystacks=aligned) == expected, query
        assert filter_rows(rows, query, haystacks=by_id) == expected, query
    assert [r.full_name for r in filter_rows(rows, "mu li", haystacks=aligned)] == ["Müller Li"]


def test_name_index_is_kept_until_the_database_changes(db: Any, db_file: Any) -> None:
    """Cached for the pickers (issue 9 soak), but never stale: own writes and another
    process's writes both show at the next call."""
    import sqlite3

    ada = _add("Ada Lovelace")
    first = name_index()
    first.clear()  # a caller's list is its own
    assert [n for _, n, _ in name_index()] == ["Ada Lovelace"]
    bob = _add("Bob")
    assert [n for _, n, _ in name_index()] == ["Ada Lovelace", "Bob"]
    delete_contacts([bob])
    assert [n for _, n, _ in name_index()] == ["Ada Lovelace"]
    other = sqlite3.connect(db_file)  # as `netkeeper` in a terminal would
    with other:
        other.execute("UPDATE contact SET full_name = 'Ada King' WHERE id = ?", (ada,))
    other.close()
    assert [n for _, n, _ in name_index()] == ["Ada King"]
