"""The group items of the due list: each group's next meeting, and my open commitments.

The next meeting shows the day before and on the day (the tray announces it
both times); a meeting day that passed without being logged is not "overdue",
the following occurrence simply takes its place. My commitments behave like
follow-ups: due on their date, overdue after it, until marked done.
"""

from __future__ import annotations

import datetime as dt

from netkeeper.model.db import db
from netkeeper.services.followups import DueItem
from netkeeper.services.groups.meetings import next_meetings

MEETING_NOTICE_DAYS = 1


def group_items(as_of: dt.date, horizon: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    for gid, name, place, day in next_meetings(as_of):
        surfaced = day - dt.timedelta(days=MEETING_NOTICE_DAYS)
        if surfaced > horizon:
            continue
        note = f"{name} meets" + (f" at {place}" if place else "")
        items.append(
            DueItem(
                None,
                name,
                "group-meeting",
                day,
                (as_of - day).days,
                note,
                None,
                surfaced,
                group_id=gid,
            )
        )
    for kid, gid, name, text, due in db.execute_sql(
        "SELECT k.id, k.group_id, g.name, k.text, k.due FROM commitment k"
        " INDEXED BY commitment_open_mine JOIN network_group g ON g.id = k.group_id"
        " WHERE k.status = 'open' AND k.owner_id IS NULL AND k.due <= ?",
        (horizon.isoformat(),),
    ):
        day = dt.date.fromisoformat(str(due))
        items.append(
            DueItem(
                None,
                name,
                "commitment",
                day,
                (as_of - day).days,
                text,
                None,
                day,
                group_id=gid,
                commitment_id=kid,
            )
        )
    return items
