"""Accountability: who promised what at a group, by when, and whether it was kept.

The model is the mastermind's: each member states commitments for next time,
and they are checked at the start of the next meeting. So a commitment's due
date defaults to the group's next meeting, the user's own ones become
follow-ups in Reminders and the tray (services/groups/due.py), others' are
listed on the group's page, and the group shows the share kept.
`owner` None means the user ("me").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import Commitment, utcnow
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.groups.groups import get_group
from netkeeper.services.groups.meetings import is_member, next_meeting

STATUSES = ("open", "done", "partly", "dropped")
CLOSED = ("done", "partly", "dropped")


def add_commitment(
    group_id: int,
    owner_id: int | None,
    text: str,
    due: dt.date | None = None,
    *,
    meeting_id: int | None = None,
) -> int:
    """A promise by `owner_id` (None: me); due defaults to the group's next meeting."""
    get_group(group_id)
    text = " ".join(text.split())
    if not text:
        raise ServiceError("a commitment needs a text (--what)")
    if owner_id is not None and not is_member(group_id, owner_id):
        raise ServiceError("only a member of the group can make a commitment there")
    if due is None:
        due = next_meeting(group_id, dt.date.today() + dt.timedelta(days=1))
    row = Commitment.create(group=group_id, owner=owner_id, text=text, due=due, meeting=meeting_id)
    return int(row.id)


def set_status(commitment_id: int, status: str) -> None:
    """done, partly, dropped — or open again (an Undo)."""
    if status not in STATUSES:
        raise ServiceError(f"unknown status '{status}' (use one of: {', '.join(STATUSES)})")
    closed = utcnow() if status in CLOSED else None
    n = (
        Commitment.update(status=status, closed_at=closed)
        .where(Commitment.id == commitment_id)
        .execute()
    )
    if not n:
        raise NotFound(f"no commitment with id {commitment_id}")


def get_commitment(commitment_id: int) -> Commitment:
    row = Commitment.get_or_none(Commitment.id == commitment_id)
    if row is None:
        raise NotFound(f"no commitment with id {commitment_id}")
    return row


def commitments(group_id: int, *, open_only: bool = False) -> list[dict[str, Any]]:
    """The group's commitments: open ones first (soonest due), then the closed ones."""
    sql = (
        "SELECT k.id, k.owner_id, c.full_name, k.text, k.due, k.status, k.meeting_id"
        " FROM commitment k LEFT JOIN contact c ON c.id = k.owner_id WHERE k.group_id = ?"
    )
    if open_only:
        sql += " AND k.status = 'open'"
    sql += " ORDER BY k.status != 'open', coalesce(k.due, '9999-12-31'), k.id"
    return [
        {
            "id": kid,
            "owner": "me" if owner is None else {"id": owner, "full_name": name},
            "text": text,
            "due": str(due) if due else None,
            "status": status,
            "meeting_id": mid,
        }
        for kid, owner, name, text, due, status, mid in db.execute_sql(sql, (group_id,))
    ]


def kept_share(group_id: int) -> float | None:
    """Commitments kept among those closed or overdue: done counts 1, partly 0.5.

    Open commitments not yet due are not judged. None when nothing can be judged yet.
    """
    today = dt.date.today().isoformat()
    row = db.execute_sql(
        "SELECT sum(status = 'done'), sum(status = 'partly'),"
        " sum(status = 'dropped') + sum(status = 'open' AND due < ?)"
        " FROM commitment WHERE group_id = ?",
        (today, group_id),
    ).fetchone()
    done, partly, missed = (int(v or 0) for v in row)
    total = done + partly + missed
    return None if total == 0 else (done + 0.5 * partly) / total
