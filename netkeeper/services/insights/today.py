"""Today: what is due (as Reminders has it), then a short, explained list of suggestions.

Suggestions: relationships cooling, people to give back to, introductions to follow
up, the next event and whom to meet there, birthdays this week. Each has its one
action: log, follow up, snooze or dismiss (for DISMISS_DAYS; a dismissed suggestion
stays hidden until then, kept in `today_dismissal` under its `key`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netkeeper.model.db import db
from netkeeper.services.followups import DueItem

if TYPE_CHECKING:
    from netkeeper.services.insights.strength import Strength

DISMISS_DAYS = 30
MAX_COOLING = 5
MAX_GIVE_BACK = 3
COOLING_CANDIDATES = 300
COOLING_AFTER_DAYS = 30
EVENT_DAYS = 14
BIRTHDAY_DAYS = 7
ACTIONS = ("log", "follow up", "snooze", "dismiss")
_DUE_ACTIONS = {
    "keep-in-touch": "log",
    "follow-up": "follow up",
    "birthday": "log",
    "anniversary": "log",
    "group-meeting": "log",
    "commitment": "follow up",
}


@dataclass(frozen=True, slots=True)
class TodayItem:
    kind: str
    contact_id: int | None
    contact: str
    reason: str
    action: str
    key: str
    reminder_id: int | None = None
    event_id: int | None = None
    due: bool = False  # from what is due (overdue / today), not a suggestion
    # The due item behind it, for the page's actions (done, snooze); not in the document.
    source: DueItem | None = field(default=None, compare=False)

    def document(self) -> dict[str, Any]:
        """`netkeeper today --json` items (a contract: extend, never rename)."""
        return {
            "kind": self.kind,
            "contact_id": self.contact_id,
            "contact": self.contact,
            "reason": self.reason,
            "action": self.action,
            "key": self.key,
        }


def dismissed(as_of: dt.date) -> set[str]:
    return {
        r[0]
        for r in db.execute_sql(
            "SELECT key FROM today_dismissal WHERE until > ?", (as_of.isoformat(),)
        )
    }


def dismiss(key: str, as_of: dt.date | None = None, days: int = DISMISS_DAYS) -> dt.date:
    """Hide a suggestion for `days` (a month); returns the day it may come back."""
    until = (as_of or dt.date.today()) + dt.timedelta(days=days)
    with db.atomic():
        db.execute_sql(
            "INSERT OR REPLACE INTO today_dismissal (key, until) VALUES (?, ?)",
            (key, until.isoformat()),
        )
    return until


def undismiss(key: str) -> None:
    db.execute_sql("DELETE FROM today_dismissal WHERE key = ?", (key,))


def _due(as_of: dt.date) -> list[TodayItem]:
    from netkeeper.services.followups import due

    out: list[TodayItem] = []
    for item in due(as_of, limit=200):
        if item.overdue_days > 0:
            reason = f"{item.note}; overdue by {item.overdue_days} day" + (
                "s" if item.overdue_days != 1 else ""
            )
        else:
            reason = f"{item.note}; due today" if item.note else "due today"
        out.append(
            TodayItem(
                item.kind,
                item.contact_id,
                item.contact,
                reason,
                _DUE_ACTIONS.get(item.kind, "log"),
                item.key,
                item.reminder_id,
                due=True,
                source=item,
            )
        )
    return out


def _cooling(
    as_of: dt.date,
    hidden: set[str],
    taken: set[int | None],
    known: Mapping[int, Strength] | None = None,
) -> list[TodayItem]:
    from netkeeper.services.insights.strength import reasons_of, strengths
    from netkeeper.services.names import shown_name_sql

    before = (as_of - dt.timedelta(days=COOLING_AFTER_DAYS)).isoformat()
    rows = db.execute_sql(
        f"SELECT c.id, {shown_name_sql('c')} FROM contact c INDEXED BY contact_last_interaction"
        " WHERE c.last_interaction < ? AND c.deleted_at IS NULL AND NOT c.is_me"
        " AND NOT c.paused ORDER BY c.last_interaction DESC LIMIT ?",
        (before, COOLING_CANDIDATES),
    ).fetchall()
    names = dict(rows)
    if known is not None:
        scores = {cid: known[cid] for cid in names if cid in known}
    else:
        scores = strengths(as_of, list(names))
    cooling = sorted(
        (s for s in scores.values() if s.band == "cooling"), key=lambda s: (-s.score, s.contact_id)
    )
    out: list[TodayItem] = []
    for s in cooling:
        key = f"cooling:{s.contact_id}"
        if key in hidden or s.contact_id in taken:
            continue
        # The weaker of recency and frequency is what a call would mend: say that one
        # ("seen 34 days ago" alone reads as no reason to be cooling at all).
        why = reasons_of(s)[0 if s.recency <= s.frequency else 1]
        reason = f"strength {s.score}, cooling: {why}"
        out.append(TodayItem("cooling", s.contact_id, names[s.contact_id], reason, "log", key))
        if len(out) == MAX_COOLING:
            break
    return out


def _give_back(as_of: dt.date, hidden: set[str]) -> list[TodayItem]:
    from netkeeper.services.people.ledger import give_back

    out: list[TodayItem] = []
    for g in give_back(as_of):
        key = f"give-back:{g.contact_id}"
        if key not in hidden:
            out.append(TodayItem("give-back", g.contact_id, g.contact, g.text, "follow up", key))
        if len(out) == MAX_GIVE_BACK:
            break
    return out


def _introductions(as_of: dt.date, hidden: set[str]) -> list[TodayItem]:
    from netkeeper.services.names import shown_name_sql
    from netkeeper.services.people.me import me_id

    out: list[TodayItem] = []
    name = shown_name_sql
    # Introductions I proposed and that wait for their next step. CROSS JOIN: from the
    # introductions to their people, not (the planner's choice) from every live contact.
    for iid, status, aid, an, bn in db.execute_sql(
        f"SELECT i.id, i.status, a.id, {name('a')}, {name('b')} FROM introduction i"
        " CROSS JOIN contact a ON a.id = i.a_id CROSS JOIN contact b ON b.id = i.b_id"
        " WHERE i.by_me AND i.status != 'made' AND a.deleted_at IS NULL AND b.deleted_at IS NULL"
        " ORDER BY i.occurred_on, i.id"
    ):
        key = f"introduction:{iid}"
        if key not in hidden:
            out.append(
                TodayItem(
                    "introduction",
                    aid,
                    an,
                    f"the introduction of {an} and {bn} is {status}: take the next step",
                    "follow up",
                    key,
                )
            )
    me = me_id()
    if me is not None:
        # Someone introduced me and has not heard how it went.
        for iid, by, byn, other in db.execute_sql(
            f"SELECT i.id, c.id, {name('c')}, {name('o')} FROM introduction i"
            " CROSS JOIN contact c ON c.id = i.by_id"
            " CROSS JOIN contact o ON o.id = CASE WHEN i.a_id = ? THEN i.b_id ELSE i.a_id END"
            " WHERE NOT i.by_me AND i.told_on IS NULL AND (i.a_id = ? OR i.b_id = ?)"
            " AND i.occurred_on <= ? AND c.deleted_at IS NULL ORDER BY i.occurred_on, i.id",
            (me, me, me, (as_of - dt.timedelta(days=14)).isoformat()),
        ):
            key = f"tell:{iid}"
            if key not in hidden:
                out.append(
                    TodayItem(
                        "introduction",
                        by,
                        byn,
                        f"tell {byn} how the introduction to {other} went",
                        "follow up",
                        key,
                    )
                )
    return out[:5]


def _events(as_of: dt.date, hidden: set[str]) -> list[TodayItem]:
    from netkeeper.services.names import shown_name_sql

    out: list[TodayItem] = []
    horizon = (as_of + dt.timedelta(days=EVENT_DAYS)).isoformat()
    row = db.execute_sql(
        "SELECT id, name, starts FROM event WHERE starts >= ? AND starts <= ?"
        " ORDER BY starts, id LIMIT 1",
        (as_of.isoformat(), horizon),
    ).fetchone()
    if row is None:
        return out
    eid, event, starts = row
    day = dt.date.fromisoformat(str(starts)[:10])
    when = "today" if day == as_of else f"on {day.isoformat()}"
    people = db.execute_sql(
        f"SELECT c.id, {shown_name_sql('c')}, p.note FROM event_plan p JOIN contact c"
        " ON c.id = p.contact_id WHERE p.event_id = ? AND c.deleted_at IS NULL"
        " ORDER BY c.full_name COLLATE NOCASE LIMIT 3",
        (eid,),
    ).fetchall()
    key = f"event:{eid}"
    if key in hidden:
        return out
    if people:
        for cid, name, note in people:
            reason = f"{event} {when}: meet {name}" + (f" ({note})" if note else "")
            out.append(
                TodayItem("event", cid, name, reason, "follow up", f"{key}:{cid}", event_id=eid)
            )
    else:
        out.append(TodayItem("event", None, "", f"{event} {when}", "snooze", key, event_id=eid))
    return out


def _birthdays(as_of: dt.date, hidden: set[str], taken: set[str]) -> list[TodayItem]:
    from netkeeper.services.followups import yearly_due

    out: list[TodayItem] = []
    for item in yearly_due(as_of, BIRTHDAY_DAYS):
        if item.kind != "birthday" or item.key in taken or item.due < as_of:
            continue
        key = item.key
        if key not in hidden:
            out.append(
                TodayItem(
                    "birthday",
                    item.contact_id,
                    item.contact,
                    f"birthday on {item.due.isoformat()}",
                    "log",
                    key,
                )
            )
    return out


def today(
    as_of: dt.date | None = None, strengths: Mapping[int, Strength] | None = None
) -> list[TodayItem]:
    """Overdue and due today first, then the suggestions, each explained.

    `strengths`: everyone's, computed for `as_of` on the data as it is now (the GUI's
    shared feed), so the cooling suggestions need not compute their candidates' again
    (~45 ms at 50,000 contacts)."""
    as_of = as_of or dt.date.today()
    hidden = dismissed(as_of)
    items = [i for i in _due(as_of) if i.key not in hidden]
    due_keys = {i.key for i in items}
    taken = {i.contact_id for i in items if i.kind == "keep-in-touch"}
    items += _cooling(as_of, hidden, taken, strengths)
    items += _give_back(as_of, hidden)
    items += _introductions(as_of, hidden)
    items += _events(as_of, hidden)
    items += _birthdays(as_of, hidden, due_keys)
    return items
