"""Parsing the dates people type, and the calendar-date text the model stores."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from netkeeper.services import ServiceError

_FULL = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_YEARLESS = re.compile(r"^--([0-9]{2})-?([0-9]{2})$")


def ascii_digits(text: str) -> str:
    """Fullwidth, Arabic-Indic and every other decimal digit as 0-9.

    People type dates with the digits their keyboard gives; stored with
    non-ASCII digits a birthday never matched the due queries, which compare
    ASCII text. Converted here, every date field accepts them alike.
    """
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


# Dates the app can compute with: a cadence of up to 400 years later, a week earlier and
# time zones stay inside what Python's calendar holds (years 1 to 9999).
MIN_YEAR, MAX_YEAR = 1000, 9000


def _in_range(day: dt.date, text: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ServiceError(f"'{text}' is out of range (years {MIN_YEAR} to {MAX_YEAR})")


def parse_calendar_date(text: str) -> str:
    """Normalise "YYYY-MM-DD" or "--MM-DD" / "--MMDD"; raise ServiceError when not a real date."""
    text = ascii_digits(text.strip())
    m = _FULL.match(text)
    if m:
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ServiceError(f"'{text}' is not a date") from None
        return text
    m = _YEARLESS.match(text)
    if m:
        month, day = int(m[1]), int(m[2])
        try:
            dt.date(2000, month, day)  # a leap year, so --02-29 is allowed
        except ValueError:
            raise ServiceError(f"'{text}' is not a date") from None
        return f"--{month:02d}-{day:02d}"
    raise ServiceError(f"'{text}' is not a date (use YYYY-MM-DD, or --MM-DD without a year)")


def parse_day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(ascii_digits(text.strip()))
    except ValueError:
        raise ServiceError(f"'{text}' is not a date (use YYYY-MM-DD)") from None
    _in_range(day, text)
    return day


def parse_local_datetime(text: str) -> dt.datetime:
    """ "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" in local time -> naive UTC for storage.

    A bare date means noon local time, so the day survives any time-zone shift.
    """
    text = ascii_digits(text.strip())
    try:
        if len(text) == 10:
            local = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(12, 0))
        else:
            local = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ServiceError(
            f"'{text}' is not a date or time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
        ) from None
    _in_range(local.date(), text)
    return to_utc_naive(local)


def is_date_only(text: str) -> bool:
    """True for "YYYY-MM-DD" alone: a day without a time (see parse_local_datetime)."""
    return len(text.strip()) == 10


def to_utc_naive(moment: dt.datetime) -> dt.datetime:
    """Local (naive) or aware datetime -> naive UTC, the storage form."""
    if moment.tzinfo is None:
        moment = moment.astimezone()  # interpret as local time
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def utc_to_local(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def iso_utc(moment: dt.datetime | None) -> str | None:
    """Naive UTC -> "YYYY-MM-DDTHH:MM:SSZ" for JSON documents."""
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite rows read without Peewee conversion
        moment = dt.datetime.fromisoformat(moment)
    return moment.replace(microsecond=0).isoformat() + "Z"
