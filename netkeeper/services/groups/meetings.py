"""Meetings of a group: who came, one interaction for all of them, and the next one.

Logging a meeting is how a group feeds each person's page: it adds one
interaction (kind "meeting") with everyone present, so their timelines and
keep-in-touch dates move exactly as if the user had logged a meeting with them.
Members who were neither present nor guests are recorded absent, so attendance
("came to 3 of 4") needs no extra typing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from typing import Any

from netkeeper.model.db import db, scalars
from netkeeper.model.tables import (
    Contact,
    GroupMeeting,
    GroupMember,
    MeetingAttendance,
)
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.groups.groups import get_group
from netkeeper.services.recurrence import is_rule, next_after, next_occurrence

# Roles that are expected at every meeting: missing one counts as absent.
EXPECTED_ROLES = ("organiser", "member")


def next_meeting(group_id: int, as_of: dt.date | None = None) -> dt.date | None:
    """The group's next meeting day on or after `as_of` (today), from its rhythm.

    A meeting already logged on or after a date moves the next one past it, so
    logging tonight's meeting makes Reminders show the following one.
    """
    row = db.execute_sql(
        "SELECT g.meets, coalesce(g.anchor, date(g.created_at)),"
        " (SELECT max(held_on) FROM group_meeting WHERE group_id = g.id)"
        " FROM network_group g WHERE g.id = ?",
        (group_id,),
    ).fetchone()
    if row is None:
        return None
    return next_meeting_from(row[0], row[1], row[2], as_of or dt.date.today())


def next_meetings(as_of: dt.date) -> list[tuple[int, str, str, dt.date]]:
    """(id, name, place, next meeting) of every group with a rhythm, in one query."""
    out = []
    for gid, name, place, meets, anchor, last in db.execute_sql(
        "SELECT g.id, g.name, g.place, g.meets, coalesce(g.anchor, date(g.created_at)),"
        " (SELECT max(held_on) FROM group_meeting WHERE group_id = g.id)"
        " FROM network_group g WHERE g.meets IS NOT NULL"
    ):
        day = next_meeting_from(meets, anchor, last, as_of)
        if day is not None:
            out.append((gid, name, place, day))
    return out


def next_meeting_from(
    meets: str | None, anchor: object, last: object, as_of: dt.date
) -> dt.date | None:
    """The next meeting from a rhythm, the day it counts from and the last meeting held."""
    if not meets:
        return None
    after = as_of - dt.timedelta(days=1)
    if last:
        after = max(after, dt.date.fromisoformat(str(last)[:10]))
    start = dt.date.fromisoformat(str(anchor)[:10])
    if is_rule(meets):
        plain = "INTERVAL=" not in meets or "INTERVAL=1;" in meets + ";"
        if plain and "COUNT=" not in meets:
            # Without an interval or a count the rule has no phase to keep: start it at
            # `after` rather than walking every occurrence since the group began (200
            # monthly groups cost 33 ms that way).
            start = max(start, after)
        return next_occurrence(start - dt.timedelta(days=1), meets, after)
    if start > after:
        return start  # an interval rhythm starts on its anchor day
    return next_after(start, meets, after)


def log_meeting(
    group_id: int,
    present: Sequence[int],
    *,
    absent: Sequence[int] = (),
    guests: Sequence[int] = (),
    when: dt.datetime | None = None,
    agenda: str = "",
    note: str = "",
) -> int:
    """Record a meeting; returns its id. `when` is local time (naive), default now.

    Present people who are not members are recorded as guests. Everyone present
    (guests included) shares one interaction. One transaction.
    """
    from netkeeper.services.timeline import log_interaction

    group = get_group(group_id)
    present_ids = list(dict.fromkeys(present))
    guest_ids = [g for g in dict.fromkeys(guests) if g not in present_ids]
    if not present_ids and not guest_ids:
        raise ServiceError("a meeting needs at least one person present")
    clash = set(absent) & (set(present_ids) | set(guest_ids))
    if clash:
        raise ServiceError("someone cannot be both present and absent")
    everyone = present_ids + guest_ids + [a for a in absent if a not in present_ids]
    live = set(
        scalars(
            Contact.select(Contact.id).where(Contact.id.in_(everyone), Contact.deleted_at.is_null())
        )
    )
    missing = [c for c in everyone if c not in live]
    if missing:
        raise NotFound(f"no contact with id {missing[0]}")
    roles = dict(
        db.execute_sql(
            "SELECT contact_id, role FROM group_member WHERE group_id = ?", (group_id,)
        ).fetchall()
    )
    status: dict[int, str] = {}
    for cid in present_ids:
        status[cid] = "present" if cid in roles and roles[cid] != "guest" else "guest"
    for cid in guest_ids:
        status[cid] = "guest"
    for cid in absent:
        status.setdefault(cid, "absent")
    for cid, role in roles.items():
        if role in EXPECTED_ROLES:
            status.setdefault(cid, "absent")
    when = when or dt.datetime.now()
    text = f"{group.name} meeting" + (f": {note.strip()}" if note.strip() else "")
    with db.atomic():
        attendees = present_ids + guest_ids
        iid = log_interaction(attendees, "meeting", when, text)
        meeting = GroupMeeting.create(
            group=group_id,
            held_on=when.date(),
            agenda=agenda.strip(),
            note=note.strip(),
            interaction=iid,
        )
        MeetingAttendance.insert_many(
            [{"meeting": meeting.id, "contact": c, "status": s} for c, s in status.items()]
        ).execute()
    return int(meeting.id)


def delete_meeting(meeting_id: int) -> None:
    """Remove a meeting and the interaction it added."""
    from netkeeper.services.timeline import delete_interaction

    row = GroupMeeting.get_or_none(GroupMeeting.id == meeting_id)
    if row is None:
        raise NotFound(f"no meeting with id {meeting_id}")
    with db.atomic():
        iid = row.interaction_id
        GroupMeeting.delete().where(GroupMeeting.id == meeting_id).execute()
        if iid is not None:
            with contextlib.suppress(NotFound):
                delete_interaction(iid)


def meetings(
    group_id: int, limit: int | None = None, *, people: bool = True
) -> list[dict[str, Any]]:
    """The group's meetings, newest first, with how many were present and absent and,
    with `people`, who (the group page needs only the counts: a weekly chapter of 500
    has tens of thousands of attendance rows)."""
    sql = (
        "SELECT g.id, g.held_on, g.agenda, g.note, g.interaction_id,"
        " (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = g.id"
        "  AND a.status != 'absent'),"
        " (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = g.id"
        "  AND a.status = 'absent')"
        " FROM group_meeting g WHERE g.group_id = ? ORDER BY g.held_on DESC, g.id DESC"
    )
    params: list[Any] = [group_id]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = list(db.execute_sql(sql, params))
    ids = [r[0] for r in rows]
    who: dict[int, dict[str, list[int]]] = {
        i: {"present": [], "absent": [], "guest": []} for i in ids
    }
    for start in range(0, len(ids) if people else 0, 500):
        chunk = ids[start : start + 500]
        for mid, cid, st in db.execute_sql(
            "SELECT meeting_id, contact_id, status FROM meeting_attendance"
            f" WHERE meeting_id IN ({','.join('?' * len(chunk))}) ORDER BY contact_id",
            chunk,
        ):
            who[mid][st].append(cid)
    out = []
    for mid, held, agenda, note, iid, n_present, n_absent in rows:
        doc: dict[str, Any] = {
            "id": mid,
            "date": str(held),
            "agenda": agenda,
            "note": note,
            "interaction_id": iid,
            "present_count": n_present,
            "absent_count": n_absent,
        }
        if people:
            doc["present"] = who[mid]["present"] + who[mid]["guest"]
            doc["absent"] = who[mid]["absent"]
            doc["guests"] = who[mid]["guest"]
        out.append(doc)
    return out


def attendance(group_id: int) -> dict[int, tuple[int, int]]:
    """Per member: (meetings attended, meetings missed)."""
    rows = db.execute_sql(
        "SELECT a.contact_id, sum(a.status = 'present'), sum(a.status = 'absent')"
        " FROM meeting_attendance a JOIN group_meeting g ON g.id = a.meeting_id"
        " WHERE g.group_id = ? GROUP BY a.contact_id",
        (group_id,),
    )
    return {cid: (int(p or 0), int(a or 0)) for cid, p, a in rows}


def is_member(group_id: int, contact_id: int) -> bool:
    return bool(
        GroupMember.select()
        .where((GroupMember.group == group_id) & (GroupMember.contact == contact_id))
        .exists()
    )
