"""Recurrence rules as people write them: "2 weeks", "every 3 months", "1 year".

Stored as the normalised text ("2 weeks"), computed with dateutil's
relativedelta so "1 month" after 31 January is 28/29 February, not 3 March.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from netkeeper.services import ServiceError

_EVERY = re.compile(r"^\s*(?:every\s+)?(\d+)?\s*(day|week|month|year)s?\s*$", re.IGNORECASE)


def parse_every(text: str) -> str:
    """Normalise "N days|weeks|months|years" (or "every 2 weeks", "month"); raise if unreadable."""
    m = _EVERY.match(text or "")
    if not m:
        raise ServiceError(
            f'\'{text}\' is not a repeat interval (use e.g. "2 weeks" or "3 months")'
        )
    count = int(m[1] or 1)
    if count < 1 or count > 1000:
        raise ServiceError(f"'{text}': the number must be between 1 and 1000")
    unit = m[2].lower()
    return f"{count} {unit}{'s' if count != 1 else ''}"


def delta(every: str) -> relativedelta:
    m = _EVERY.match(every)
    if not m:
        raise ServiceError(f"'{every}' is not a repeat interval")
    count = int(m[1] or 1)
    return relativedelta(**{m[2].lower() + "s": count})


def next_after(start: dt.date, every: str, after: dt.date) -> dt.date:
    """The first date start + k*every (k >= 1) that is later than `after`.

    Counting k from the start, not adding to the previous result, keeps a
    monthly reminder on the 31st from drifting to the 28th forever.
    """
    step = delta(every)
    k = 1
    while True:
        candidate = start + step * k
        if candidate > after:
            return candidate
        k += 1
