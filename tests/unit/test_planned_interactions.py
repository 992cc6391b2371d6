"""Interactions dated ahead count only once their time has come; a date alone is a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from netkeeper.io.card import Card
from netkeeper.model.db import db as database
from netkeeper.services import contacts, followups, timeline
from netkeeper.services.dates import to_utc_naive


def _at(monkeypatch: pytest.MonkeyPatch, local: dt.datetime) -> None:
    """Pretend the clock says `local` (local time) to the counting rule."""
    utc = to_utc_naive(local).isoformat(sep=" ")
    monkeypatch.setattr(timeline, "_clock", lambda: (utc, local.date().isoformat()))


def _last(cid: int) -> dt.date | None:
    value = contacts.get_contact(cid).last_interaction
    return followups.local_day(value) if value is not None else None


def _setup() -> int:
    cid = contacts.create_contact(Card(full_name="Ada Lovelace"))
    followups.set_cadence(cid, "1 month")
    timeline.log_interaction([cid], "call", dt.datetime.now() - dt.timedelta(days=10))
    return cid


def test_a_planned_interaction_does_not_count_until_its_time(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _setup()
    last, due = _last(cid), followups.cadence_of(cid)["next_due"]
    ahead = dt.datetime.now().replace(second=0, microsecond=0) + dt.timedelta(days=3)
    iid = timeline.log_interaction([cid], "coffee", ahead, "planned coffee")
    assert _last(cid) == last and followups.cadence_of(cid)["next_due"] == due
    assert timeline.is_ahead(timeline.interaction(iid))
    assert timeline.settle() == 0  # nothing has come yet, and nothing is written

    _at(monkeypatch, ahead + dt.timedelta(minutes=1))
    assert timeline.settle() == 1
    assert _last(cid) == ahead.date()
    expected = followups.compute_next_due("1 month", ahead.date(), ahead.date())
    assert followups.cadence_of(cid)["next_due"] == expected.isoformat()  # type: ignore[union-attr]
    assert timeline.settle() == 0
    assert not timeline.is_ahead(timeline.interaction(iid))


def test_moving_a_past_interaction_ahead_stops_it_counting(db: object) -> None:
    cid = _setup()
    iid = timeline.log_interaction([cid], "meeting", dt.datetime.now() - dt.timedelta(days=1))
    assert _last(cid) == dt.date.today() - dt.timedelta(days=1)
    timeline.update_interaction(iid, when=dt.datetime.now() + dt.timedelta(days=5))
    assert _last(cid) == dt.date.today() - dt.timedelta(days=10)


def test_an_older_count_of_a_planned_interaction_is_settled(db: object) -> None:
    """A database from before this rule may have counted a planned interaction already."""
    cid = _setup()
    iid = timeline.log_interaction([cid], "coffee", dt.datetime.now() + dt.timedelta(days=3))
    database.execute_sql(
        "UPDATE contact SET last_interaction = (SELECT occurred_at FROM interaction WHERE id = ?)",
        [iid],
    )
    assert timeline.settle() == 1
    assert _last(cid) == dt.date.today() - dt.timedelta(days=10)


def test_a_date_alone_is_a_day_and_counts_from_its_start(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _setup()
    today = dt.date(2026, 12, 1)
    _at(monkeypatch, dt.datetime(2026, 12, 1, 8, 0))  # before noon
    iid = timeline.log_interaction([cid], "event", today)
    doc = timeline.interaction(iid)
    assert doc["all_day"] is True and doc["date"] == "2026-12-01"
    assert _last(cid) == today  # today's date counts from the morning
    tomorrow = timeline.log_interaction([cid], "call", today + dt.timedelta(days=1))
    assert _last(cid) == today
    _at(monkeypatch, dt.datetime(2026, 12, 2, 0, 5))
    assert timeline.settle() == 1 and _last(cid) == today + dt.timedelta(days=1)
    # all_day survives an edit of the note, and a new time makes it a timed one.
    timeline.update_interaction(tomorrow, note="x")
    assert timeline.interaction(tomorrow)["all_day"] is True
    timeline.update_interaction(tomorrow, when=dt.datetime(2026, 12, 2, 9, 15))
    assert timeline.interaction(tomorrow)["all_day"] is False
    timeline.update_interaction(tomorrow, all_day=True)
    doc = timeline.interaction(tomorrow)
    assert doc["all_day"] is True and doc["date"] == "2026-12-02"
    saved = timeline.delete_interaction(tomorrow)
    timeline.restore_interaction(saved)
    assert timeline.interaction(tomorrow) == doc


def test_cli_log_with_a_date_alone_and_a_planned_one(cli: Any) -> None:
    assert cli("add", "Ada Lovelace").code == 0
    assert cli("log", "Ada", "--kind", "event", "--date", "2026-03-01").code == 0
    ahead = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    assert cli("log", "Ada", "--kind", "coffee", "--date", f"{ahead}T10:00").code == 0
    assert cli("show", "Ada", "--json").json()["last_interaction"] == "2026-03-01"
    out = cli("timeline").out.splitlines()
    assert out[0].startswith(f"{ahead} 10:00 (planned)")
    assert out[1].startswith("2026-03-01 ") and "12:00" not in out[1]
    items = cli("timeline", "--json").json()
    assert [i["all_day"] for i in items] == [False, True]


def test_an_interaction_logged_now_counts_at_once(cli: Any) -> None:
    """`log` without --date is now, not planned: the very next command sees it as the
    last contact (it stored microseconds and so counted as dated ahead for a second)."""
    assert cli("add", "Now Person").code == 0
    assert cli("log", "Now Person", "--kind", "call").code == 0
    doc = cli("show", "Now Person", "--json").json()
    assert doc["last_interaction"] == dt.date.today().isoformat()


def _mark() -> str | None:
    row = database.execute_sql(
        "SELECT value FROM app_state WHERE key = 'settled_through'"
    ).fetchone()
    return row[0] if row else None


def test_settle_remembers_how_far_it_counted(db: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of planned interactions that came due are counted once; later settles
    look only past the mark, and one planned after it still counts when its time comes."""
    cid = _setup()
    start = dt.datetime.now().replace(second=0, microsecond=0)
    for day in range(1, 301):
        timeline.log_interaction([cid], "call", start + dt.timedelta(days=day))
    assert timeline.settle() == 0 and _mark() is None  # nothing due: nothing written

    later = start + dt.timedelta(days=400)
    _at(monkeypatch, later)
    assert timeline.settle() == 1 and _last(cid) == (start + dt.timedelta(days=300)).date()
    first_mark = _mark()
    assert first_mark == to_utc_naive(later).isoformat(sep=" ")
    # A second settle finds nothing new and writes nothing (the mark is unchanged).
    changes = database.execute_sql("SELECT total_changes()").fetchone()[0]
    assert timeline.settle() == 0
    assert database.execute_sql("SELECT total_changes()").fetchone()[0] == changes

    monkeypatch.undo()
    ahead = later + dt.timedelta(days=2)
    _at(monkeypatch, later)
    iid = timeline.log_interaction([cid], "coffee", ahead)
    assert _last(cid) == (start + dt.timedelta(days=300)).date()
    _at(monkeypatch, ahead + dt.timedelta(minutes=1))
    assert timeline.settle() == 1 and _last(cid) == ahead.date()
    assert not timeline.is_ahead(timeline.interaction(iid))
