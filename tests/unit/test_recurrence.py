"""Repeat rules: the fixed intervals the foundation shipped, and calendar rules on top."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from netkeeper.services import ServiceError
from netkeeper.services.recurrence import (
    approx_days,
    describe,
    first_occurrence,
    is_rule,
    next_after,
    next_occurrence,
    parse_every,
    parse_interval,
)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2 weeks", "2 weeks"),
        ("every 3 months", "3 months"),
        ("month", "1 month"),
        ("1 Year", "1 year"),
        ("first Monday of each month", "FREQ=MONTHLY;BYDAY=+1MO"),
        ("the last friday of every month", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("2nd Tue of the month", "FREQ=MONTHLY;BYDAY=+2TU"),
        ("15th of each month", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("last day of each month", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("every other Friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"),
    ],
)
def test_parse_every(text: str, stored: str) -> None:
    assert parse_every(text) == stored
    assert is_rule(stored) == stored.startswith("FREQ=")


@pytest.mark.parametrize(
    "text", ["", "often", "0 days", "1001 weeks", "tenth Monday of each month", "FREQ=NEVER"]
)
def test_unreadable_repeats_are_service_errors(text: str) -> None:
    with pytest.raises(ServiceError):
        parse_every(text)


def test_a_cadence_is_an_interval_not_a_calendar_rule() -> None:
    assert parse_interval("every 6 weeks") == "6 weeks"
    with pytest.raises(ServiceError, match="cadence"):
        parse_interval("first Monday of each month")


def test_monthly_from_the_31st_does_not_drift() -> None:
    start = dt.date(2026, 1, 31)
    assert next_after(start, "1 month", start) == dt.date(2026, 2, 28)
    assert next_after(start, "1 month", dt.date(2026, 2, 28)) == dt.date(2026, 3, 31)


def test_first_monday_of_each_month() -> None:
    rule = parse_every("first Monday of each month")
    day = dt.date(2026, 11, 26)
    got = []
    for _ in range(4):
        day = next_after(dt.date(2026, 11, 26), rule, day)
        got.append(day)
    assert got == [
        dt.date(2026, 12, 7),
        dt.date(2027, 1, 4),
        dt.date(2027, 2, 1),
        dt.date(2027, 3, 1),
    ]
    assert all(d.weekday() == 0 and d.day <= 7 for d in got)
    assert describe(rule) == "first Monday of each month"


def test_rule_that_runs_out() -> None:
    rule = parse_every("FREQ=MONTHLY;COUNT=2")
    start = dt.date(2026, 1, 10)
    assert next_occurrence(start, rule, start) == dt.date(2026, 2, 10)
    assert next_occurrence(start, rule, dt.date(2026, 2, 10)) is None
    with pytest.raises(ServiceError):
        next_after(start, rule, dt.date(2026, 2, 10))


def test_describe_and_approx_days() -> None:
    assert describe("1 week") == "every week"
    assert describe("3 months") == "every 3 months"
    assert describe(parse_every("every other friday")) == "every other Friday"
    assert describe(parse_every("last day of each month")) == "last day of each month"
    assert approx_days("6 weeks") < approx_days("2 months") < approx_days("1 year")


@given(
    st.dates(dt.date(1990, 1, 1), dt.date(2060, 1, 1)),
    st.integers(1, 400),
    st.sampled_from(["day", "week", "month", "year"]),
    st.integers(-100, 5000),
)
def test_next_after_is_the_first_multiple_past_after(
    start: dt.date, n: int, unit: str, offset: int
) -> None:
    every = parse_every(f"{n} {unit}")
    after = start + dt.timedelta(days=offset)
    got = next_after(start, every, after)
    step = relativedelta(**{unit + "s": n})
    k = 1
    while start + step * k <= after:
        k += 1
    assert got == start + step * k


def test_a_calendar_rule_starts_on_its_first_matching_day() -> None:
    rule = parse_every("first Monday of each month")
    tuesday = dt.date(2026, 12, 1)
    assert first_occurrence(tuesday, rule) == dt.date(2026, 12, 7)
    assert first_occurrence(dt.date(2026, 12, 7), rule) == dt.date(2026, 12, 7), "inclusive"
    assert first_occurrence(tuesday, "2 weeks") == tuesday, "an interval starts on its day"
    assert first_occurrence(tuesday, parse_every("FREQ=MONTHLY;UNTIL=20261101")) is None
