"""Birthdays and anniversaries "done for this year": gone until the next occurrence.

Also schema step 7 (the date_done table) on a database left by version 6.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from netkeeper.io.card import Card
from netkeeper.services import NotFound, ServiceError, contacts, followups, timeline
from netkeeper.services.contacts import create_contact

TODAY = dt.date(2026, 11, 26)


def _contact(name: str, **card: str) -> int:
    return create_contact(Card(full_name=name, **card))


def _kinds(as_of: dt.date, days: int = 0) -> list[tuple[str, str, dt.date]]:
    return [(i.contact, i.kind, i.due) for i in followups.due(as_of, days)]


def test_done_birthday_leaves_due_count_and_summary_until_next_year(db: object) -> None:
    eve = _contact("Eve Forty", birthday="1986-11-26")
    _contact("Fay Other", birthday="--11-26")
    (item,) = [i for i in followups.due(TODAY) if i.contact_id == eve]
    assert followups.count_due(TODAY) == 2
    key = followups.date_key(item)
    assert key == (eve, "birthday", 2026)
    assert followups.mark_dates_done([key]) == [key]
    assert _kinds(TODAY) == [("Fay Other", "birthday", TODAY)]
    assert followups.count_due(TODAY) == 1
    summary = followups.summary(TODAY)
    assert summary.count == 1 and [i.contact for i in summary.top] == ["Fay Other"]
    assert all(i.contact_id != eve for i in followups.recently_due(TODAY))
    # The belated days of this year's birthday stay quiet too.
    assert all(i.contact_id != eve for i in followups.due(TODAY + dt.timedelta(days=3)))
    # Next year's birthday is due as usual, and a long look-ahead already shows it.
    next_year = dt.date(2027, 11, 26)
    assert ("Eve Forty", "birthday", next_year) in _kinds(next_year)
    assert ("Eve Forty", "birthday", next_year) in _kinds(TODAY, 400)
    assert followups.unmark_dates_done([key]) == 1
    assert followups.count_due(TODAY) == 2


def test_done_is_per_kind_and_leaves_keep_in_touch_alone(db: object) -> None:
    gus = _contact("Gus Wed", birthday="--11-26", anniversary="2016-11-26")
    followups.set_cadence(gus, "2 weeks")
    timeline.log_interaction([gus], "call", dt.datetime(2026, 11, 1, 12))
    before = {i.kind for i in followups.due(TODAY)}
    assert before == {"keep-in-touch", "birthday", "anniversary"}
    (anniversary,) = [i for i in followups.due(TODAY) if i.kind == "anniversary"]
    followups.mark_dates_done([followups.date_key(anniversary)])
    # Unlike Snooze, which snoozes the person, done touches only that date.
    assert {i.kind for i in followups.due(TODAY)} == {"keep-in-touch", "birthday"}
    assert followups.cadence_of(gus)["next_due"] == "2026-11-15"


def test_occurrence_across_new_year_is_done_for_its_own_year(db: object) -> None:
    ned = _contact("Ned January", birthday="--01-02")
    followups.set_date_notice(ned, 7)
    as_of = dt.date(2026, 12, 28)  # shown early by its notice: the 2027 birthday
    (item,) = followups.due(as_of)
    assert item.due == dt.date(2027, 1, 2)
    assert followups.mark_dates_done([followups.date_key(item)]) == [(ned, "birthday", 2027)]
    assert followups.due(as_of) == []
    assert followups.due(dt.date(2027, 1, 5)) == []  # its belated days: still done
    # Last January's birthday was another occurrence: untouched.
    assert [i.due for i in followups.due(dt.date(2026, 1, 2))] == [dt.date(2026, 1, 2)]


def test_marking_twice_returns_only_what_is_new_and_bad_input_is_refused(db: object) -> None:
    eve = _contact("Eve Forty", birthday="1986-11-26")
    key = (eve, "birthday", 2026)
    assert followups.mark_dates_done([key, key]) == [key]
    assert followups.mark_dates_done([key]) == []  # an Undo of this call removes nothing
    with pytest.raises(ServiceError, match="only birthdays and anniversaries"):
        followups.mark_dates_done([(eve, "keep-in-touch", 2026)])
    with pytest.raises(NotFound):
        followups.mark_dates_done([(eve + 99, "birthday", 2026), (eve, "anniversary", 2026)])
    assert followups.unmark_dates_done([(eve, "anniversary", 2026)]) == 0  # nothing half-written
    followups.set_cadence(eve, "1 week")
    (kit,) = [i for i in followups.due(TODAY, 30) if i.kind == "keep-in-touch"]
    with pytest.raises(ServiceError):
        followups.date_key(kit)


def test_purged_contact_takes_its_done_dates_along(db: Any) -> None:
    eve = _contact("Eve Forty", birthday="1986-11-26")
    followups.mark_dates_done([(eve, "birthday", 2026)])
    contacts.delete_contacts([eve])
    contacts.purge_trash(now=dt.datetime.now() + dt.timedelta(days=60))
    assert db.execute_sql("SELECT count(*) FROM date_done").fetchone()[0] == 0


def test_due_json_leaves_out_a_done_birthday(cli: Any, db_file: Path) -> None:
    from netkeeper.model.db import close_database, open_database

    assert cli("add", "Grace Hopper", "--birthday", "1906-12-09").code == 0
    docs = cli("due", "--json", "--as-of", "2026-12-09").json()
    assert [(d["contact"], d["kind"], d["note"]) for d in docs] == [
        ("Grace Hopper", "birthday", "turns 120")
    ]
    open_database(db_file)
    (item,) = followups.due(dt.date(2026, 12, 9))
    followups.mark_dates_done([followups.date_key(item)])
    close_database()
    assert cli("due", "--json", "--as-of", "2026-12-09").json() == []
    assert cli("due", "--json", "--as-of", "2027-12-09").json()[0]["note"] == "turns 121"


def test_upgrade_from_version_6_adds_the_date_done_table(tmp_path: Path) -> None:
    from netkeeper.model import migrations
    from netkeeper.model.db import close_database, open_database
    from tests.schema_at import database_at

    path = tmp_path / "v6.db"
    database_at(  # exactly as a version-6 release left it
        path,
        6,
        "INSERT INTO contact (id, uid, full_name, birthday, created_at, updated_at)"
        " VALUES (1, 'u1', 'Eve Forty', '1986-11-26', '2026-01-01', '2026-01-01');",
    )
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST >= 7
        columns = [r[1] for r in database.execute_sql("PRAGMA table_info(date_done)")]
        assert columns == ["year", "kind", "contact_id", "created_at"]
        plan = " ".join(
            str(r[3])
            for r in database.execute_sql(
                "EXPLAIN QUERY PLAN SELECT contact_id, year FROM date_done"
                " WHERE year BETWEEN 2026 AND 2027 AND kind = 'birthday'"
            )
        )
        assert "PRIMARY KEY" in plan or "autoindex" in plan, plan
        assert [i.contact for i in followups.due(TODAY)] == ["Eve Forty"]
        followups.mark_dates_done([(1, "birthday", 2026)])
        assert followups.due(TODAY) == []
        assert list(tmp_path.glob("v6.db.v6-*.bak"))  # backed up before the upgrade
    finally:
        close_database()


def test_the_tray_summary_counts_and_names_what_due_lists(db: object) -> None:
    """The tray (summary) and Today/Reminders (due) agree, group items included: the
    tray once counted 58 where Today said 59, missing a commitment due that day."""
    from netkeeper.services.groups.commitments import add_commitment
    from netkeeper.services.groups.groups import add_group

    _contact("Eve Forty", birthday="1986-11-26")
    gid = add_group("Founders Mastermind")
    add_commitment(gid, None, "send the deck", TODAY)
    listed = followups.due(TODAY)
    assert sorted(i.kind for i in listed) == ["birthday", "commitment"]
    summary = followups.summary(TODAY)
    assert summary.count == len(listed) == followups.count_due(TODAY)
    assert sorted(i.kind for i in summary.top) == ["birthday", "commitment"]
    assert "commitment" in [i.kind for i in summary.recent]
