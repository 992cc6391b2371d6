"""Network health states, and the replay that gives the demo a history."""

from __future__ import annotations

import datetime as dt

from netkeeper.io.card import Card
from netkeeper.model.db import db as database
from netkeeper.services import contacts, followups, timeline
from netkeeper.services.insights import health


def _contact(name: str, created: dt.date, cadence: str | None) -> int:
    cid = contacts.create_contact(Card(full_name=name))
    database.execute_sql(
        "UPDATE contact SET created_at = ? WHERE id = ?", [f"{created.isoformat()} 09:00:00", cid]
    )
    if cadence:
        followups.set_cadence(cid, cadence)
    return cid


def test_replaying_today_gives_the_counts_of_today(db: object) -> None:
    today = dt.date.today()
    ada = _contact("Ada", today - dt.timedelta(days=400), "1 month")
    bob = _contact("Bob", today - dt.timedelta(days=400), "1 month")
    _contact("Cy", today - dt.timedelta(days=30), None)
    _contact("Di", today - dt.timedelta(days=500), None)
    timeline.log_interaction([ada], "call", today - dt.timedelta(days=3))
    timeline.log_interaction([bob], "call", today - dt.timedelta(days=40))
    assert health.health(today) == health.Health(on_track=2, due_soon=0, overdue=1, losing_touch=1)
    assert health.replayed(today) == health.health(today)


def test_a_replayed_day_sees_only_what_had_happened_by_then(db: object) -> None:
    today = dt.date.today()
    ada = _contact("Ada", today - dt.timedelta(days=400), "1 month")
    _contact("Late", today - dt.timedelta(days=5), None)
    timeline.log_interaction([ada], "call", today - dt.timedelta(days=2))
    timeline.log_interaction([ada], "call", today - dt.timedelta(days=100))
    # Sixty days ago: Ada's last call was 40 days before (overdue for a monthly
    # cadence), and Late was not in the book yet.
    assert health.replayed(today - dt.timedelta(days=60)) == health.Health(overdue=1)
    # A day before the call a hundred days ago: nothing for 299 days, two cadences gone.
    assert health.replayed(today - dt.timedelta(days=101)) == health.Health(losing_touch=1)
    assert health.replayed(today) == health.Health(on_track=2)


def test_the_demo_has_a_health_history(db: object) -> None:
    from netkeeper.services import demo

    demo.fill(60, today=dt.date.today())
    days = health.history()
    assert len(days) >= 20
    assert all(sum(h.document().values()) > 0 for _day, h in days)
