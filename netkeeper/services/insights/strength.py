"""Relationship strength, 0-100 per contact, explainable and deterministic.

The formula (research notes, section D), with c the contact's keep-in-touch cadence
in days (its own, else its tags' or groups', else DEFAULT_CADENCE_DAYS), and every age
counted in whole local calendar days up to `as_of`:

- Recency      R = 100 * 0.5 ** (d / c), d = days since the last real contact (any
               interaction but a note). 100 today, 50 at one cadence, 25 at two; 0 if
               never.
- Frequency    F = 100 * min(1, S / (365 / c)), S = sum over the last 365 days of
               w(kind) * 0.5 ** (age / 180). Kind weights (KIND_WEIGHTS): meeting,
               coffee and event 3, call 2, email, message and introduction 1, note 0.5.
               It compares decayed, weighted touches with how many the cadence asks for.
- Reciprocity  P = 100 * min(mine, theirs) / max(mine, theirs), where mine counts the
               favours I gave them (ledger) and the introductions I made for them, and
               theirs the favours they gave me and the introductions they made. Below
               3 data points it is a neutral 50.
- Duration     D = 100 * min(1, ln(1 + y) / ln(11)), y = years since the first
               interaction or since the contact was added, whichever is earlier: full at
               ten years.
- Score        round(0.35 R + 0.30 F + 0.20 P + 0.15 D) (SCORE_WEIGHTS).

Bands: >= 70 strong, 40-69 active, 20-39 cooling, < 20 dormant. A manual override
(`contact.strength_override`) replaces the score and band shown, never the parts: the
computed score stays available next to it.

All of it is one grouped query over interactions plus one over the ledger, so every
contact's score costs about as much as one contact's many times over, not 50,000 queries.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netkeeper.model.db import db
from netkeeper.services import NotFound
from netkeeper.wording import counted

KIND_WEIGHTS: dict[str, float] = {
    "meeting": 3.0,
    "coffee": 3.0,
    "event": 3.0,
    "call": 2.0,
    "email": 1.0,
    "message": 1.0,
    "introduction": 1.0,
    "note": 0.5,
}
OTHER_KIND_WEIGHT = 1.0
SCORE_WEIGHTS = {"recency": 0.35, "frequency": 0.30, "reciprocity": 0.20, "duration": 0.15}
DEFAULT_CADENCE_DAYS = 90.0
HALF_LIFE_DAYS = 180.0
WINDOW_DAYS = 365
MIN_RECIPROCITY_POINTS = 3
BANDS = (("strong", 70), ("active", 40), ("cooling", 20), ("dormant", 0))
BAND_NAMES = tuple(name for name, _low in BANDS)


def band_of(score: int) -> str:
    for name, low in BANDS:
        if score >= low:
            return name
    return "dormant"


@dataclass(slots=True)
class Strength:
    """One contact's score, its four parts (0-100, rounded to one decimal) and why."""

    contact_id: int
    computed: int
    recency: float
    frequency: float
    reciprocity: float
    duration: float
    override: int | None
    cadence_days: float
    last_days: int | None
    touches: float
    mine: int
    theirs: int
    years: float
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.override if self.override is not None else self.computed

    @property
    def band(self) -> str:
        return band_of(self.score)

    def document(self) -> dict[str, Any]:
        """The `netkeeper strength --json` document (a contract: extend, never rename)."""
        return {
            "score": self.score,
            "band": self.band,
            "recency": self.recency,
            "frequency": self.frequency,
            "reciprocity": self.reciprocity,
            "duration": self.duration,
            "override": self.override,
            "reasons": list(self.reasons),
            "computed": self.computed,
            "cadence_days": round(self.cadence_days, 1),
        }


def _ensure_math() -> None:
    """SQLite's math functions are a compile-time option: supply pow() where they are missing."""
    try:
        db.execute_sql("SELECT pow(0.5, 1)")
    except Exception:
        db.connection().create_function("pow", 2, math.pow, deterministic=True)


def local_offset() -> dt.timedelta:
    """This machine's UTC offset now, in whole minutes: the one every day count uses."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
    return dt.timedelta(minutes=int(offset.total_seconds() // 60))


def _local_offset_modifier() -> str:
    return f"{int(local_offset().total_seconds() // 60):+d} minutes"


def _weight_sql() -> str:
    cases = " ".join(f"WHEN '{k}' THEN {w}" for k, w in KIND_WEIGHTS.items())
    return f"CASE i.kind {cases} ELSE {OTHER_KIND_WEIGHT} END"


# Join orders, forced with CROSS JOIN (SQLite never reorders one): for every contact, read
# the interactions in table order and probe their participants (sequential pages,
# about twice as fast as probing 500,000 interactions by id from the participants);
# for a few ids, start from those ids' participants.
EVERYONE = "interaction i CROSS JOIN interaction_participant p ON p.interaction_id = i.id"
SOME = "interaction_participant p CROSS JOIN interaction i ON i.id = p.interaction_id"


def _interaction_sql(where: str, joined: str = SOME) -> str:
    # age: whole local days from the interaction's day to as_of, as a difference of day
    # numbers (:asofday is as_of's Julian day number; adding half a day to a Julian date
    # and truncating gives its day's number): one julianday() per row instead of
    # julianday(date()), the same integers.
    return (
        "SELECT cid, min(CASE WHEN kind != 'note' THEN age END), max(age),"
        f" sum(CASE WHEN age < {WINDOW_DAYS} THEN w * pow(0.5, age / {HALF_LIFE_DAYS}) END)"
        " FROM (SELECT p.contact_id AS cid, i.kind AS kind, "
        f" {_weight_sql()} AS w,"
        " :asofday - CAST(julianday(i.occurred_at, :mod) + 0.5 AS INTEGER) AS age"
        f" FROM {joined} WHERE {where}) WHERE age >= 0 GROUP BY cid"
    )


def _params(as_of: dt.date, **extra: Any) -> dict[str, Any]:
    # date.toordinal() counts 1 January of year 1 as day 1, the Julian day number
    # 1,721,426 (so 1 January 2000, ordinal 730,120, is day 2,451,545).
    return {"asofday": as_of.toordinal() + 1_721_425, "mod": _local_offset_modifier(), **extra}


def _cadence_days(rows: Sequence[tuple[Any, ...]]) -> dict[int, float]:
    from netkeeper.services.followups import effective_cadence
    from netkeeper.services.recurrence import approx_days

    out: dict[int, float] = {}
    known: dict[tuple[Any, Any, Any], float] = {}  # a few distinct cadences for 50,000 people
    for cid, own, tag_text, group_text in rows:
        key = (own, tag_text, group_text)
        days = known.get(key)
        if days is None:
            cadence = effective_cadence(
                own, (tag_text or "").split("|") + (group_text or "").split("|")
            )
            days = known[key] = approx_days(cadence) if cadence else DEFAULT_CADENCE_DAYS
        out[cid] = days
    return out


_CONTACT_SQL = """
SELECT c.id, c.cadence, c.created_at, c.strength_override,
       (SELECT group_concat(t.cadence, '|') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
        WHERE ct.contact_id = c.id AND t.cadence IS NOT NULL),
       (SELECT group_concat(g.cadence, '|') FROM group_member m
        JOIN network_group g ON g.id = m.group_id
        WHERE m.contact_id = c.id AND g.cadence IS NOT NULL AND m.role != 'prospect')
FROM contact c WHERE c.deleted_at IS NULL AND NOT c.is_me
"""
# For everyone, the inherited cadences come from services/insights/cadences.py (a
# correlated subquery per contact is ~100 ms at 50,000 contacts).
_EVERYONE_SQL = """
SELECT c.id, c.cadence, c.created_at, c.strength_override
FROM contact c WHERE c.deleted_at IS NULL AND NOT c.is_me
"""


def _compute(
    contacts: list[tuple[Any, ...]],
    interactions: dict[int, tuple[Any, ...]],
    mine: dict[int, int],
    theirs: dict[int, int],
    as_of: dt.date,
) -> dict[int, Strength]:
    cadences = _cadence_days([(r[0], r[1], r[4], r[5]) for r in contacts])
    out: dict[int, Strength] = {}
    # The same arithmetic in the same order as the formula above, with the constants and
    # the days since each creation day looked up once (many contacts share a day).
    w_r, w_f, w_p, w_d = (
        SCORE_WEIGHTS[k] for k in ("recency", "frequency", "reciprocity", "duration")
    )
    ln11 = math.log(11)
    no_interactions = (None, None, None)
    days_since: dict[str, int] = {}
    for cid, _own, created, override, _t, _g in contacts:
        c = cadences[cid]
        last, first, touches = interactions.get(cid, no_interactions)
        touches = float(touches or 0.0)
        day = str(created)[:10]
        created_days = days_since.get(day)
        if created_days is None:
            created_days = days_since[day] = max(0, (as_of - dt.date.fromisoformat(day)).days)
        known_days = max(created_days, int(first or 0))
        years = known_days / 365.25
        recency = 100.0 * 0.5 ** (last / c) if last is not None else 0.0
        frequency = 100.0 * min(1.0, touches / (365.0 / c))
        m, t = mine.get(cid, 0), theirs.get(cid, 0)
        reciprocity = 50.0 if m + t < MIN_RECIPROCITY_POINTS else 100.0 * min(m, t) / max(m, t)
        duration = 100.0 * min(1.0, math.log1p(years) / ln11)
        computed = math.floor(
            w_r * recency + w_f * frequency + w_p * reciprocity + w_d * duration + 0.5
        )
        out[cid] = Strength(
            cid,
            computed,
            round(recency, 1),
            round(frequency, 1),
            round(reciprocity, 1),
            round(duration, 1),
            None if override is None else int(override),
            c,
            None if last is None else int(last),
            touches,
            m,
            t,
            years,
        )
    return out


def reasons_of(s: Strength) -> list[str]:
    """One plain sentence per part, as the hover and the contact's page show them."""
    c = round(s.cadence_days)
    if s.last_days is None:
        recency = f"no real contact logged yet; cadence {c} days"
    elif s.last_days == 0:
        recency = f"last real contact today, cadence {c} days"
    else:
        unit = "day" if s.last_days == 1 else "days"
        recency = f"last real contact {s.last_days} {unit} ago, cadence {c} days"
    wanted = 365.0 / s.cadence_days
    frequency = (
        f"{s.touches:.1f} weighted contacts in the last year against {wanted:.1f}"
        " the cadence asks for"
    )
    if s.mine + s.theirs < MIN_RECIPROCITY_POINTS:
        reciprocity = "too little give and take recorded to judge (neutral)"
    elif s.mine == 0:
        reciprocity = f"they helped you {counted(s.theirs, 'time')}; you have not given back yet"
    elif s.theirs == 0:
        reciprocity = f"you helped them {counted(s.mine, 'time')}; they have not given back yet"
    else:
        reciprocity = f"you gave {counted(s.mine, 'time')} and received {counted(s.theirs, 'time')}"
    if s.years < 1:
        months = int(s.years * 12)
        duration = f"known for {months} month{'s' if months != 1 else ''}"
    else:
        years = int(s.years)
        duration = f"known for {years} year{'s' if years != 1 else ''}"
    out = [recency, frequency, reciprocity, duration]
    if s.override is not None:
        out.append(f"set by you to {s.override} (the formula says {s.computed})")
    return out


def _reciprocity_counts(where: str, params: list[Any]) -> tuple[dict[int, int], dict[int, int]]:
    mine: dict[int, int] = {}
    theirs: dict[int, int] = {}
    for cid, given, received in db.execute_sql(
        "SELECT contact_id, sum(direction = 'given'), sum(direction = 'received')"
        f" FROM ledger_entry WHERE {where.format(col='contact_id')} GROUP BY contact_id",
        params,
    ):
        mine[cid] = mine.get(cid, 0) + int(given or 0)
        theirs[cid] = theirs.get(cid, 0) + int(received or 0)
    made = "status = 'made'"
    for col in ("a_id", "b_id"):
        for cid, n in db.execute_sql(
            f"SELECT {col}, count(*) FROM introduction WHERE by_me AND {made}"
            f" AND {where.format(col=col)} GROUP BY {col}",
            params,
        ):
            mine[cid] = mine.get(cid, 0) + int(n)
    for cid, n in db.execute_sql(
        f"SELECT by_id, count(*) FROM introduction WHERE NOT by_me AND {made}"
        f" AND by_id IS NOT NULL AND {where.format(col='by_id')} GROUP BY by_id",
        params,
    ):
        theirs[cid] = theirs.get(cid, 0) + int(n)
    return mine, theirs


def strengths(
    as_of: dt.date | None = None, ids: Sequence[int] | None = None
) -> dict[int, Strength]:
    """Every live contact's strength (not the user's own card), or those of `ids`, in a few
    grouped queries (reasons are left empty: `strength()` or `reasons_of` give them)."""
    as_of = as_of or dt.date.today()
    _ensure_math()
    params = _params(as_of)
    if ids is None:
        from netkeeper.services.insights.cadences import inherited

        by_tag, by_group = inherited()
        contacts = [
            (cid, own, created, override, by_tag.get(cid), by_group.get(cid))
            for cid, own, created, override in db.execute_sql(_EVERYONE_SQL)
        ]
        interactions = {
            row[0]: row[1:] for row in db.execute_sql(_interaction_sql("1", EVERYONE), params)
        }
        mine, theirs = _reciprocity_counts("1", [])
        return _compute(contacts, interactions, mine, theirs, as_of)
    out: dict[int, Strength] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join(str(int(i)) for i in chunk)
        contacts = list(db.execute_sql(_CONTACT_SQL + f" AND c.id IN ({marks})"))
        interactions = {
            row[0]: row[1:]
            for row in db.execute_sql(_interaction_sql(f"p.contact_id IN ({marks})"), params)
        }
        mine, theirs = _reciprocity_counts("{col} IN (" + marks + ")", [])
        out.update(_compute(contacts, interactions, mine, theirs, as_of))
    return out


def strength(contact_id: int, as_of: dt.date | None = None) -> Strength:
    """One contact's strength with its reasons, through the per-contact indexes."""
    as_of = as_of or dt.date.today()
    _ensure_math()
    contacts = list(db.execute_sql(_CONTACT_SQL + " AND c.id = ?", [contact_id]))
    if not contacts:
        raise NotFound(f"no contact with id {contact_id} (or it is you)")
    interactions = {
        row[0]: row[1:]
        for row in db.execute_sql(
            _interaction_sql("p.contact_id = :cid"),
            _params(as_of, cid=contact_id),
        )
    }
    mine, theirs = _reciprocity_counts("{col} = ?", [contact_id])
    s = _compute(contacts, interactions, mine, theirs, as_of)[contact_id]
    s.reasons = reasons_of(s)
    return s


def band_counts(scores: dict[int, Strength]) -> dict[str, int]:
    """How many contacts are in each band (the Insights chart)."""
    counts = dict.fromkeys(BAND_NAMES, 0)
    for s in scores.values():
        counts[band_of(s.score)] += 1
    return counts


_KEPT_BANDS = "strength_bands"


def kept_bands() -> dict[str, int] | None:
    """The band counts of the last computation for everyone (`app_state`), or None.

    Every contact's strength takes about a second at 50,000 contacts; the Insights page
    shows these meanwhile (marked as updating), so a page opened at start-up is not blank
    where the bands go."""
    import json

    row = db.execute_sql("SELECT value FROM app_state WHERE key = ?", [_KEPT_BANDS]).fetchone()
    try:
        found = json.loads(row[0]) if row else None
    except ValueError:
        return None
    if not isinstance(found, dict) or set(found) != set(BAND_NAMES):
        return None
    if not all(isinstance(v, int) for v in found.values()):
        return None
    return {name: int(found[name]) for name in BAND_NAMES}


def keep_bands(counts: dict[str, int]) -> None:
    """Keep the latest band counts; no write when they did not change (a write wakes every
    view and process watching the file)."""
    import json

    if kept_bands() == counts:
        return
    with db.atomic():
        db.execute_sql(
            "INSERT OR REPLACE INTO app_state (key, value) VALUES (?, ?)",
            [_KEPT_BANDS, json.dumps({name: counts[name] for name in BAND_NAMES})],
        )


def set_override(contact_id: int, score: int | None) -> None:
    """The user's own figure (0-100), or None to let the formula speak again."""
    from netkeeper.model.tables import utcnow
    from netkeeper.services import ServiceError

    if score is not None and not 0 <= score <= 100:
        raise ServiceError(f"a strength is 0 to 100, not {score}")
    cur = db.execute_sql(
        "UPDATE contact SET strength_override = ?, updated_at = ? WHERE id = ?"
        " AND deleted_at IS NULL",
        (score, utcnow(), contact_id),
    )
    if not cur.rowcount:
        raise NotFound(f"no contact with id {contact_id}")
