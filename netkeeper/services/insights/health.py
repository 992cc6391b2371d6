"""Network health: every live contact (not me) in exactly one of four states.

- losing touch: no interaction for two cadences, or for a year where no cadence applies
  (counted from when the contact was added if nothing was ever logged);
- overdue: the keep-in-touch date has passed;
- due soon: it falls within DUE_SOON_DAYS (today included);
- on track: everyone else.

The first state that applies wins, in that order. The counts are kept once a day in
`health_snapshot`, so the Insights page can show them over time (they cannot be
rebuilt from history: cadences and snoozes change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, astuple, dataclass
from typing import Any

from netkeeper.model.db import db

DUE_SOON_DAYS = 7
NO_CADENCE_DAYS = 365
STATES = ("on_track", "due_soon", "overdue", "losing_touch")

_SQL = """
SELECT c.id, c.cadence, c.next_due, date(coalesce(c.last_interaction, c.created_at), 'localtime')
FROM contact c WHERE c.deleted_at IS NULL AND NOT c.is_me
"""


@dataclass(frozen=True, slots=True)
class Health:
    on_track: int = 0
    due_soon: int = 0
    overdue: int = 0
    losing_touch: int = 0

    def document(self) -> dict[str, int]:
        return asdict(self)


def states(as_of: dt.date | None = None) -> dict[int, str]:
    """contact id -> its state."""
    from netkeeper.services.followups import effective_cadence
    from netkeeper.services.recurrence import approx_days

    as_of = as_of or dt.date.today()
    soon = (as_of + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    today = as_of.isoformat()
    out: dict[int, str] = {}
    # A few distinct cadences and a few thousand distinct days for 50,000 people: each
    # worked out once (the loop was 0.3 s of regular expressions and date parsing).
    limits: dict[tuple[Any, Any, Any], float] = {}
    idles: dict[str, int] = {}
    from netkeeper.services.insights.cadences import inherited

    by_tag, by_group = inherited()
    for cid, own, next_due, last in db.execute_sql(_SQL):
        tags, groups = by_tag.get(cid), by_group.get(cid)
        limit = limits.get((own, tags, groups))
        if limit is None:
            cadence = effective_cadence(own, (tags or "").split("|") + (groups or "").split("|"))
            limit = limits[own, tags, groups] = (
                2 * approx_days(cadence) if cadence else NO_CADENCE_DAYS
            )
        if last:
            idle = idles.get(last)
            if idle is None:
                idle = idles[last] = (as_of - dt.date.fromisoformat(last)).days
        else:
            idle = 0
        if idle >= limit:
            out[cid] = "losing_touch"
        elif next_due is not None and str(next_due) < today:
            out[cid] = "overdue"
        elif next_due is not None and str(next_due) <= soon:
            out[cid] = "due_soon"
        else:
            out[cid] = "on_track"
    return out


_REPLAY_SQL = """
SELECT c.cadence, date(c.created_at, 'localtime'),
       (SELECT date(max(i.occurred_at), 'localtime') FROM interaction i
        JOIN interaction_participant p ON p.interaction_id = i.id
        WHERE p.contact_id = c.id AND i.occurred_at <= ?1),
       (SELECT group_concat(t.cadence, '|') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
        WHERE ct.contact_id = c.id AND t.cadence IS NOT NULL),
       (SELECT group_concat(g.cadence, '|') FROM group_member m
        JOIN network_group g ON g.id = m.group_id
        WHERE m.contact_id = c.id AND g.cadence IS NOT NULL AND m.role != 'prospect')
FROM contact c
WHERE c.deleted_at IS NULL AND NOT c.is_me AND date(c.created_at, 'localtime') <= ?2
"""


def replayed(day: dt.date) -> Health:
    """The counts a past `day` would have shown, from the contacts added and the
    interactions logged by then, with today's cadences and no snoozes.

    Only for a book whose cadences never changed (the demo, which would otherwise show
    an empty history); a real one keeps its snapshots as they happen.
    """
    from netkeeper.services.followups import compute_next_due, effective_cadence
    from netkeeper.services.recurrence import approx_days

    counts = dict.fromkeys(STATES, 0)
    end = dt.datetime.combine(day, dt.time(23, 59, 59)).isoformat(sep=" ")
    for own, created, last, tags, groups in db.execute_sql(_REPLAY_SQL, [end, day.isoformat()]):
        cadence = effective_cadence(own, (tags or "").split("|") + (groups or "").split("|"))
        seen = dt.date.fromisoformat(last or created)
        limit = 2 * approx_days(cadence) if cadence else NO_CADENCE_DAYS
        due = compute_next_due(cadence, seen, seen)
        if (day - seen).days >= limit:
            counts["losing_touch"] += 1
        elif due is not None and due < day:
            counts["overdue"] += 1
        elif due is not None and (due - day).days <= DUE_SOON_DAYS:
            counts["due_soon"] += 1
        else:
            counts["on_track"] += 1
    return Health(**counts)


def health(as_of: dt.date | None = None) -> Health:
    counts = dict.fromkeys(STATES, 0)
    for state in states(as_of).values():
        counts[state] += 1
    return Health(**counts)


def record_snapshot(value: Health, day: dt.date | None = None) -> None:
    """Keep today's counts (one row a day; a later run the same day replaces it)."""
    day = day or dt.date.today()
    kept = db.execute_sql(
        "SELECT on_track, due_soon, overdue, losing_touch FROM health_snapshot WHERE day = ?",
        (day.isoformat(),),
    ).fetchone()
    if kept is not None and tuple(kept) == astuple(value):
        return  # no write: it would wake every view and process watching the file
    with db.atomic():
        db.execute_sql(
            "INSERT OR REPLACE INTO health_snapshot (day, on_track, due_soon, overdue,"
            " losing_touch) VALUES (?, ?, ?, ?, ?)",
            (day.isoformat(), value.on_track, value.due_soon, value.overdue, value.losing_touch),
        )


def history(days: int = 365) -> list[tuple[dt.date, Health]]:
    """The kept daily counts, oldest first."""
    since = (dt.date.today() - dt.timedelta(days=days)).isoformat()
    return [
        (dt.date.fromisoformat(str(day)), Health(a, b, c, d))
        for day, a, b, c, d in db.execute_sql(
            "SELECT day, on_track, due_soon, overdue, losing_touch FROM health_snapshot"
            " WHERE day >= ? ORDER BY day",
            (since,),
        )
    ]
