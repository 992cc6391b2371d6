"""Activity over the last 12 months, give and take, and follow-ups done on time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from netkeeper.model.db import db


@dataclass(slots=True)
class Month:
    month: str  # "YYYY-MM"
    interactions: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    new_contacts: int = 0

    def document(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "interactions": self.interactions,
            "by_kind": dict(sorted(self.by_kind.items())),
            "new_contacts": self.new_contacts,
        }


def _months(as_of: dt.date, count: int) -> list[str]:
    y, m = as_of.year, as_of.month
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def activity(as_of: dt.date | None = None, months: int = 12) -> list[Month]:
    """Interactions per month by kind and new contacts per month, oldest month first."""
    as_of = as_of or dt.date.today()
    keys = _months(as_of, months)
    rows = {k: Month(k) for k in keys}
    first = keys[0] + "-01"
    # Each local month's first moment as stored text (UTC, a fixed offset: the one
    # strength uses), so the month is a string comparison per row and not
    # datetime()+date() (three times the cost over 500,000 rows). The table is read in
    # order (NOT INDEXED): looking 165,000 rows up through the occurred_at index, in
    # random order, was slower than reading all 500,000.
    from netkeeper.services.insights.strength import local_offset

    offset = local_offset()
    starts = [dt.datetime.fromisoformat(k + "-01") - offset for k in keys]
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()) - offset
    bounds = [b.isoformat(" ") for b in (*starts, end)]
    bucket = " ".join(f"WHEN i.occurred_at < ? THEN {k}" for k in range(len(keys)))
    for number, kind, n in db.execute_sql(
        f"SELECT CASE {bucket} END AS mo, i.kind, count(*) FROM interaction i NOT INDEXED"
        " WHERE i.occurred_at >= ? AND i.occurred_at < ?"
        " AND EXISTS (SELECT 1 FROM interaction_participant p WHERE p.interaction_id = i.id)"
        " GROUP BY mo, i.kind",
        (*bounds[1:], bounds[0], bounds[-1]),
    ):
        month = keys[number]
        rows[month].interactions += int(n)
        rows[month].by_kind[kind] = int(n)
    for month, n in db.execute_sql(
        "SELECT strftime('%Y-%m', created_at, 'localtime') AS mo, count(*) FROM contact"
        " WHERE deleted_at IS NULL AND NOT is_me AND created_at >= date(?, '-1 day')"
        " GROUP BY mo",
        (first,),
    ):
        if month in rows:
            rows[month].new_contacts = int(n)
    return [rows[k] for k in keys]


def give_take() -> dict[str, int]:
    """The network-wide balance of favours: {given, received}."""
    from netkeeper.services.people.ledger import overall

    return overall()


def follow_ups_on_time(as_of: dt.date | None = None, days: int = 365) -> dict[str, int]:
    """One-off follow-ups closed in the period: how many, and how many by their due day."""
    as_of = as_of or dt.date.today()
    since = (as_of - dt.timedelta(days=days)).isoformat()
    done, on_time = db.execute_sql(
        "SELECT count(*), coalesce(sum(date(done_at, 'localtime') <= due), 0) FROM reminder"
        " WHERE done_at IS NOT NULL AND recurrence IS NULL AND date(done_at, 'localtime') >= ?",
        (since,),
    ).fetchone()
    return {"done": int(done), "on_time": int(on_time)}
