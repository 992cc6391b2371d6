"""Recurrence rules as people write them: "2 weeks", "every 3 months", "first Monday of each month".

Two stored forms:
- a fixed interval, normalised text "N days|weeks|months|years", computed with
  dateutil's relativedelta so "1 month" after 31 January is 28/29 February, not 3 March;
- a calendar rule, stored as the RFC 5545 RRULE body ("FREQ=MONTHLY;BYDAY=+1MO") and
  expanded with dateutil.rrule, for what no fixed interval can say ("the first Monday
  of each month", "the last day of each month", "every other Friday").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.relativedelta import relativedelta

from netkeeper.services import ServiceError

_EVERY = re.compile(r"^\s*(?:every\s+)?(\d+)?\s*(day|week|month|year)s?\s*$", re.IGNORECASE)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}
_ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_DAY = r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*"
_NTH_WEEKDAY = re.compile(
    rf"^\s*(?:the\s+)?(\w+)\s+{_DAY}\s+of\s+(?:each|every|the)\s+month\s*$", re.IGNORECASE
)
_NTH_DAY = re.compile(
    r"^\s*(?:the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?|(last))\s+(?:day\s+)?"
    r"of\s+(?:each|every|the)\s+month\s*$",
    re.IGNORECASE,
)
_WEEKLY = re.compile(rf"^\s*every\s+(other\s+)?{_DAY}\s*$", re.IGNORECASE)
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORIGIN = dt.datetime(2000, 1, 1)
_SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}


def _unreadable(text: str) -> ServiceError:
    return ServiceError(f'\'{text}\' is not a repeat interval (use e.g. "2 weeks" or "3 months")')


def _rrulestr(body: str, start: dt.datetime) -> Any:
    # Imported on use: dateutil.rrule costs the headless CLI ~10 ms at start-up.
    from dateutil.rrule import rrulestr

    return rrulestr(_at_least_daily(body), dtstart=start)


def _at_least_daily(body: str) -> str:
    """A rule stored before sub-daily repeats were refused counts in days, not seconds."""
    parts = [
        p for p in body.split(";") if p.split("=", 1)[0] not in ("BYHOUR", "BYMINUTE", "BYSECOND")
    ]
    parts = [
        "FREQ=DAILY" if p.split("=", 1)[-1] in _SUB_DAILY and p.startswith("FREQ=") else p
        for p in parts
    ]
    return ";".join(parts)


def _rule_from_phrase(text: str) -> str | None:
    """The RRULE body for a phrase like "first Monday of each month", or None."""
    m = _NTH_WEEKDAY.match(text)
    if m and m[1].lower() in _ORDINALS:
        code = _CODES[[d[:3] for d in _WEEKDAYS].index(m[2].lower())]
        return f"FREQ=MONTHLY;BYDAY={_ORDINALS[m[1].lower()]:+d}{code}"
    m = _NTH_DAY.match(text)
    if m:
        day = -1 if m[2] else int(m[1])
        if not (1 <= day <= 31 or day == -1):
            raise ServiceError(f"'{text}': a month has days 1 to 31")
        return f"FREQ=MONTHLY;BYMONTHDAY={day}"
    m = _WEEKLY.match(text)
    if m:
        code = _CODES[[d[:3] for d in _WEEKDAYS].index(m[2].lower())]
        return f"FREQ=WEEKLY;INTERVAL={2 if m[1] else 1};BYDAY={code}"
    stripped = text.strip()
    if stripped.upper().startswith(("FREQ=", "RRULE:")):
        body = stripped.split(":", 1)[1] if ":" in stripped else stripped
        body = body.upper()
        parts = {part.split("=", 1)[0].strip() for part in body.split(";")}
        freq = next(
            (p.split("=", 1)[1].strip() for p in body.split(";") if p.startswith("FREQ=")), ""
        )
        if freq in _SUB_DAILY or parts & {"BYHOUR", "BYMINUTE", "BYSECOND"}:
            # Reminders are days: a rule firing every second was due again the moment it
            # was marked done, after minutes of counting occurrences up to today.
            raise ServiceError(f"'{text}': the shortest repeat is a day")
        try:
            _rrulestr(body, _ORIGIN)
        except (ValueError, TypeError):
            raise ServiceError(f"'{text}' is not a valid RRULE") from None
        return body
    return None


def is_rule(every: str) -> bool:
    """True for a stored calendar rule (RRULE body), False for a fixed interval."""
    return every.upper().startswith("FREQ=")


def parse_every(text: str) -> str:
    """Normalise a repeat: "N days|weeks|months|years" (or "every 2 weeks", "month"),
    a calendar phrase ("first Monday of each month", "last day of each month",
    "every other Friday") or an RRULE; raise ServiceError if unreadable."""
    m = _EVERY.match(text or "")
    if not m:
        rule = _rule_from_phrase(text or "")
        if rule is None:
            raise _unreadable(text)
        return rule
    count = int(m[1] or 1)
    unit = m[2].lower()
    if count < 1 or count > 1000:
        raise ServiceError(f"'{text}': the number must be between 1 and 1000")
    if unit == "year" and count > 400:  # with dates typed up to 9000, sums stay in the calendar
        raise ServiceError(f"'{text}': the longest repeat is 400 years")
    return f"{count} {unit}{'s' if count != 1 else ''}"


def parse_interval(text: str) -> str:
    """Like parse_every, but only fixed intervals: a keep-in-touch cadence is "every N units"."""
    normalised = parse_every(text)
    if is_rule(normalised):
        raise ServiceError(f"'{text}': a cadence is a number of days, weeks or months")
    return normalised


def delta(every: str) -> relativedelta:
    m = _EVERY.match(every)
    if not m:
        raise ServiceError(f"'{every}' is not a repeat interval")
    count = int(m[1] or 1)
    return relativedelta(**{m[2].lower() + "s": count})


def approx_days(every: str) -> float:
    """Average length of an interval in days, to pick the most frequent of several cadences."""
    m = _EVERY.match(every)
    if not m:
        raise ServiceError(f"'{every}' is not a repeat interval")
    unit_days = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}[m[2].lower()]
    return int(m[1] or 1) * unit_days


def next_occurrence(start: dt.date, every: str, after: dt.date) -> dt.date | None:
    """The first occurrence later than both `start` and `after`; None when a rule has ended."""
    if not is_rule(every):
        return next_after(start, every, after)
    rule = _rrulestr(every, dt.datetime.combine(start, dt.time()))
    found = rule.after(dt.datetime.combine(max(start, after), dt.time()), inc=False)
    return found.date() if found is not None else None


def first_occurrence(start: dt.date, every: str) -> dt.date | None:
    """The first date on or after `start` that the repeat falls on; None if a rule never does.

    A fixed interval falls on its start. A calendar rule need not: "first Monday of
    each month" asked for on a Tuesday first falls on the next first Monday, so a
    reminder must not fire on the Tuesday it was set up.
    """
    if not is_rule(every):
        return start
    rule = _rrulestr(every, dt.datetime.combine(start, dt.time()))
    found = rule.after(dt.datetime.combine(start, dt.time()), inc=True)
    return found.date() if found is not None else None


def next_after(start: dt.date, every: str, after: dt.date) -> dt.date:
    """The first date start + k*every (k >= 1) that is later than `after`.

    Counting k from the start, not adding to the previous result, keeps a
    monthly reminder on the 31st from drifting to the 28th forever.
    Calendar rules give their first occurrence after both dates.
    """
    if is_rule(every):
        found = next_occurrence(start, every, after)
        if found is None:
            raise ServiceError(f"'{describe(every)}' has no occurrence after {after.isoformat()}")
        return found
    step = delta(every)
    if step.days and not (step.months or step.years):
        # Whole days: jump straight there instead of counting (a 1-day rule from
        # years back would otherwise loop thousands of times).
        k = max(1, (after - start).days // step.days + 1)
        return start + dt.timedelta(days=step.days * k)
    k = 1
    while True:
        candidate = start + step * k
        if candidate > after:
            return candidate
        k += 1


def describe(every: str) -> str:
    """A phrase for people: "every 2 weeks", "first Monday of each month"."""
    if not is_rule(every):
        return f"every {every}" if not every.startswith("1 ") else f"every {every[2:]}"
    parts = dict(p.split("=", 1) for p in every.split(";") if "=" in p)
    byday, bymonthday = parts.get("BYDAY", ""), parts.get("BYMONTHDAY", "")
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    if freq == "MONTHLY" and re.fullmatch(r"[+-]?\d(MO|TU|WE|TH|FR|SA|SU)", byday):
        n = int(byday[:-2])
        day = _WEEKDAYS[_CODES.index(byday[-2:])].capitalize()
        if n in _ORDINAL_NAMES:
            return f"{_ORDINAL_NAMES[n]} {day} of each month"
    if freq == "MONTHLY" and re.fullmatch(r"-?\d{1,2}", bymonthday):
        n = int(bymonthday)
        return "last day of each month" if n == -1 else f"day {n} of each month"
    if freq == "WEEKLY" and byday in _CODES and interval in ("1", "2"):
        day = _WEEKDAYS[_CODES.index(byday)].capitalize()
        return f"every {'other ' if interval == '2' else ''}{day}"
    return every
