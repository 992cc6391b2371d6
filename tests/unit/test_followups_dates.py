"""The date logic of keep-in-touch, with a fake clock: every "today" is passed in.

Hypothesis draws cadences and dates; the oracles walk the calendar day by day,
so they share no code with the service they check.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netkeeper.io.card import Card
from netkeeper.model.db import db as database
from netkeeper.services import followups, timeline
from netkeeper.services.contacts import create_contact
from netkeeper.services.followups import (
    BIRTHDAY_GRACE_DAYS,
    compute_next_due,
    effective_cadence,
    occurrence_in,
)

CADENCES = st.builds(
    lambda n, unit: f"{n} {unit}{'s' if n != 1 else ''}",
    st.integers(1, 30),
    st.sampled_from(["day", "week", "month"]),
)
DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31))
DB_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _clear() -> None:
    for table in ("interaction", "reminder", "contact", "tag"):
        database.execute_sql(f"DELETE FROM {table}")


def _contact(name: str = "Ada Lovelace", **card: str) -> int:
    return create_contact(Card(full_name=name, **card))


# --- pure rules ---------------------------------------------------------------------------


@given(CADENCES, DAYS, DAYS)
def test_next_due_counts_from_last_interaction_else_creation(
    cadence: str, last: dt.date, created: dt.date
) -> None:
    n, unit = cadence.split()
    from dateutil.relativedelta import relativedelta

    step = relativedelta(**{unit.rstrip("s") + "s": int(n)})
    assert compute_next_due(cadence, last, created) == last + step
    assert compute_next_due(cadence, None, created) == created + step
    assert compute_next_due(cadence, last, created) > last
    assert compute_next_due(cadence, last, created, paused=True) is None
    assert compute_next_due(None, last, created) is None


@given(CADENCES, DAYS, st.integers(0, 400))
def test_snooze_only_ever_pushes_later(cadence: str, last: dt.date, offset: int) -> None:
    plain = compute_next_due(cadence, last, last)
    assert plain is not None
    snoozed = last + dt.timedelta(days=offset)
    assert compute_next_due(cadence, last, last, snoozed_until=snoozed) == max(plain, snoozed)


def test_own_cadence_wins_and_most_frequent_tag_otherwise() -> None:
    assert effective_cadence("3 months", ["1 week"]) == "3 months"
    assert effective_cadence(None, ["3 months", "6 weeks", "2 months"]) == "6 weeks"
    assert effective_cadence(None, ["1 year", "5 weeks"]) == "5 weeks"
    assert effective_cadence("off", ["1 week"]) is None
    assert effective_cadence(None, []) is None


@given(st.integers(1900, 2100))
def test_leap_day_falls_on_28_february_in_common_years(year: int) -> None:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    assert occurrence_in(year, 2, 29) == dt.date(year, 2, 29 if leap else 28)
    assert occurrence_in(year, 3, 1) == dt.date(year, 3, 1)


# --- keep-in-touch through the database ---------------------------------------------------


@DB_SETTINGS
# Dates in the past: an interaction dated ahead does not count until its day (below).
@given(CADENCES, st.dates(dt.date(2001, 1, 1), dt.date(2023, 12, 31)), st.integers(0, 60))
def test_logging_restarts_the_cadence(
    db: object, cadence: str, logged: dt.date, later: int
) -> None:
    _clear()
    cid = _contact()
    followups.set_cadence(cid, cadence)
    timeline.log_interaction([cid], "call", dt.datetime.combine(logged, dt.time(9, 30)))
    due_on = compute_next_due(cadence, logged, logged)
    assert due_on is not None
    before = due_on - dt.timedelta(days=1)
    assert [i.kind for i in followups.due(before)] == []
    (item,) = followups.due(due_on + dt.timedelta(days=later))
    assert (item.kind, item.due, item.overdue_days) == ("keep-in-touch", due_on, later)
    # An upcoming window sees it coming with a negative overdue count.
    (soon,) = followups.due(before, days=1)
    assert soon.overdue_days == -1
    # Logging again, later, moves the due date: the cadence restarts from the new contact.
    again = due_on + dt.timedelta(days=later)
    timeline.log_interaction([cid], "coffee", dt.datetime.combine(again, dt.time(18, 0)))
    assert followups.due(again) == []
    expected = compute_next_due(cadence, again, again)
    assert expected is not None
    assert followups.cadence_of(cid)["next_due"] == expected.isoformat()


def test_deleting_the_latest_interaction_moves_due_back(db: object) -> None:
    cid = _contact()
    followups.set_cadence(cid, "2 weeks")
    timeline.log_interaction([cid], "call", dt.datetime(2026, 1, 1, 12))
    latest = timeline.log_interaction([cid], "call", dt.datetime(2026, 3, 1, 12))
    assert followups.cadence_of(cid)["next_due"] == "2026-03-15"
    timeline.delete_interaction(latest)
    assert followups.cadence_of(cid)["next_due"] == "2026-01-15"
    timeline.update_interaction(latest - 1, when=dt.datetime(2026, 2, 1, 12))
    assert followups.cadence_of(cid)["next_due"] == "2026-02-15"


# --- birthdays and anniversaries ----------------------------------------------------------


def _oracle(
    month: int, day: int, year: int | None, as_of: dt.date, days: int, notice: int
) -> dt.date | None:
    """Walk the calendar: the first day on which the date falls, in the window the rules give."""
    start = as_of - dt.timedelta(days=BIRTHDAY_GRACE_DAYS)
    d = start
    while d <= as_of + dt.timedelta(days=days + notice):
        common = not (d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0))
        hit = (d.month, d.day) == (month, day) or (
            (month, day) == (2, 29) and common and (d.month, d.day) == (2, 28)
        )
        if (
            hit
            and (year is None or d.year > year)
            and d - dt.timedelta(days=notice) <= (as_of + dt.timedelta(days=days))
        ):
            return d
        d += dt.timedelta(days=1)
    return None


@DB_SETTINGS
@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31)),  # 2000 is a leap year: any month-day
    st.one_of(st.none(), st.integers(1930, 2040)),
    st.dates(dt.date(2021, 1, 1), dt.date(2040, 12, 31)),
    st.integers(0, 40),
    st.integers(0, 14),
)
def test_birthdays_with_and_without_year(
    db: object, md: dt.date, year: int | None, as_of: dt.date, days: int, notice: int
) -> None:
    _clear()
    text = f"{year:04d}-{md:%m-%d}" if year else f"--{md:%m-%d}"
    if year and md.month == 2 and md.day == 29 and year % 4 != 0:
        text = f"--{md:%m-%d}"  # nobody is born on 29 February of a common year
        year = None
    cid = _contact(birthday=text)
    followups.set_date_notice(cid, notice)
    expected = _oracle(md.month, md.day, year, as_of, days, notice)
    got = [i for i in followups.due(as_of, days) if i.kind == "birthday"]
    if expected is None:
        assert got == []
    else:
        (item,) = got
        assert item.due == expected
        assert item.overdue_days == (as_of - expected).days
        assert item.note == (f"turns {expected.year - year}" if year else "")


def test_leap_day_birthday_in_common_and_leap_years(db: object) -> None:
    cid = _contact(birthday="--02-29")
    followups.set_date_notice(cid, 0)
    (common,) = followups.due(dt.date(2027, 2, 28))
    assert (common.kind, common.due, common.overdue_days) == ("birthday", dt.date(2027, 2, 28), 0)
    assert followups.due(dt.date(2027, 2, 27)) == []
    (leap,) = followups.due(dt.date(2028, 2, 29))
    assert leap.due == dt.date(2028, 2, 29)
    assert followups.due(dt.date(2028, 2, 28)) == []


def test_the_day_of_birth_is_not_a_birthday(db: object) -> None:
    _contact("Newborn", birthday="2026-11-20")
    assert followups.due(dt.date(2026, 11, 22)) == []
    (first,) = followups.due(dt.date(2027, 11, 20))
    assert first.note == "turns 1"


def test_anniversary_with_year_counts_years_and_advance_notice(db: object) -> None:
    cid = _contact(anniversary="2016-06-11")
    followups.set_date_notice(cid, 7)
    assert followups.due(dt.date(2026, 6, 3)) == []
    (item,) = followups.due(dt.date(2026, 6, 4))
    assert (item.kind, item.due, item.overdue_days, item.note) == (
        "anniversary",
        dt.date(2026, 6, 11),
        -7,
        "10 years",
    )


def test_year_end_window_wraps_into_january(db: object) -> None:
    _contact("New Year", birthday="--01-02")
    _contact("Old Year", birthday="1980-12-30")
    items = followups.due(dt.date(2026, 12, 29), days=5)
    assert [(i.contact, i.due.isoformat()) for i in items] == [
        ("Old Year", "2026-12-30"),
        ("New Year", "2027-01-02"),
    ]


# --- time zones ---------------------------------------------------------------------------


@pytest.fixture
def restore_tz() -> Iterator[None]:
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _scenario(tz: str, path: object) -> list[dict[str, object]]:
    """The same user story typed in local time in `tz`, answered in `tz`."""
    from netkeeper.model.db import close_database, open_database

    os.environ["TZ"] = tz
    time.tzset()
    open_database(path)  # type: ignore[arg-type]
    try:
        ada = _contact("Ada Lovelace", birthday="--03-29")
        grace = _contact("Grace Hopper", birthday="1906-10-25")
        followups.set_cadence(ada, "1 day")
        followups.set_cadence(grace, "2 weeks")
        # Late evening and early morning local time, next to both DST changes of 2026 in
        # Europe (29 March, 25 October) and the US (8 March, 1 November).
        timeline.log_interaction([ada], "call", dt.datetime(2026, 3, 28, 23, 30))
        timeline.log_interaction([grace], "call", dt.datetime(2026, 10, 25, 0, 30))
        docs = []
        for as_of in ("2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2026-11-08"):
            day = dt.date.fromisoformat(as_of)
            docs.append({"as_of": as_of, "due": [i.document() for i in followups.due(day, 7)]})
        return docs
    finally:
        close_database()


def test_same_days_in_far_time_zones_and_across_dst(restore_tz: None, tmp_path: object) -> None:
    zones = [
        "UTC",
        "Pacific/Tongatapu",  # UTC+13
        "Pacific/Pago_Pago",  # UTC-11
        "Europe/Berlin",  # DST 29 March / 25 October
        "America/New_York",  # DST 8 March / 1 November
    ]
    results = {tz: _scenario(tz, tmp_path / f"{tz.replace('/', '_')}.db") for tz in zones}  # type: ignore[operator]
    assert time.strftime("%z") != "" and os.environ["TZ"] == zones[-1]
    reference = results["UTC"]
    assert reference[1]["due"][0]["due"] == "2026-03-29"  # Ada: logged 28 March + 1 day
    kinds = {(d["contact"], d["kind"], d["due"]) for r in reference for d in r["due"]}
    assert ("Grace Hopper", "keep-in-touch", "2026-11-08") in kinds
    assert ("Grace Hopper", "birthday", "2026-10-25") in kinds
    for tz, result in results.items():
        assert result == reference, tz
