"""Upcoming follow-ups and birthdays as an iCalendar file, so they show in any calendar.

One all-day VEVENT per due item (what `netkeeper due` lists for the same
window). Items already overdue are placed on the export day rather than in the
past, where no calendar would show them. UIDs are the items' keys, so a
re-export updates the same events instead of adding copies; a restarted
cadence is a new occurrence and gets a new UID.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import vobject
from dateutil import tz

from netkeeper import APP_NAME, __version__
from netkeeper.services.files import write_private
from netkeeper.services.followups import DueItem, due

_SUMMARY = {
    "keep-in-touch": "Get in touch with {}",
    "follow-up": "Follow up with {}",
    "birthday": "{}'s birthday",
    "anniversary": "{}'s anniversary",
    "group-meeting": "{} meeting",
    "commitment": "Commitment ({})",
}


def calendar_text(items: list[DueItem], as_of: dt.date, now: dt.datetime | None = None) -> str:
    """The iCalendar document (RFC 5545) for these items, seen from `as_of`."""
    # dateutil's UTC: vobject writes it as "Z"; it cannot name datetime.UTC's zone.
    stamp = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=tz.UTC)
    cal = vobject.iCalendar()
    cal.add("prodid").value = f"-//{APP_NAME}//{APP_NAME} {__version__}//EN"
    cal.add("x-wr-calname").value = f"{APP_NAME}: keep in touch"
    for item in items:
        day = max(item.due, as_of)
        event = cal.add("vevent")
        event.add("uid").value = f"{item.key}@netkeeper"
        event.add("dtstamp").value = stamp
        event.add("dtstart").value = day
        event.add("dtend").value = day + dt.timedelta(days=1)
        summary = _SUMMARY[item.kind].format(item.contact)
        if item.overdue_days > 0:
            summary += f" ({item.overdue_days} days overdue)"
        event.add("summary").value = summary
        if item.note:
            event.add("description").value = item.note
        event.add("transp").value = "TRANSPARENT"  # a reminder, not a busy slot
    return str(cal.serialize())


def export_ics(path: Path | str, as_of: dt.date | None = None, days: int = 90) -> int:
    """Write what is due up to `days` ahead to `path` (through a temp file); returns the count."""
    as_of = as_of or dt.date.today()
    items = due(as_of, days)
    _write(Path(path), calendar_text(items, as_of))
    return len(items)


def _write(target: Path, text: str) -> None:
    """Private (0600) and whole or not at all: the calendar names the user's contacts."""
    write_private(target, [text])


def events_calendar_text(
    as_of: dt.date, months: int = 6, now: dt.datetime | None = None
) -> tuple[str, int]:
    """Group meetings (each group's occurrences for `months` ahead) and events (every one
    not yet over, and the past ones too, so the calendar keeps the history), as iCalendar.

    UIDs are stable ("group-<id>-<date>", "event-<id>"), so re-exporting updates them.
    Returns the text and the number of VEVENTs.
    """
    from netkeeper.model.db import db
    from netkeeper.services.groups.meetings import next_meeting

    stamp = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=tz.UTC)
    cal = vobject.iCalendar()
    cal.add("prodid").value = f"-//{APP_NAME}//{APP_NAME} {__version__}//EN"
    cal.add("x-wr-calname").value = f"{APP_NAME}: groups and events"
    count = 0

    def add(uid: str, first: dt.date, last: dt.date, summary: str, where: str, note: str) -> None:
        nonlocal count
        event = cal.add("vevent")
        event.add("uid").value = f"{uid}@netkeeper"
        event.add("dtstamp").value = stamp
        event.add("dtstart").value = first
        event.add("dtend").value = last + dt.timedelta(days=1)
        event.add("summary").value = summary
        if where:
            event.add("location").value = where
        if note:
            event.add("description").value = note
        count += 1

    horizon = as_of + dt.timedelta(days=round(months * 30.44))
    for gid, name, place, objective in db.execute_sql(
        "SELECT id, name, place, objective FROM network_group WHERE meets IS NOT NULL"
    ):
        day = next_meeting(gid, as_of)
        seen = 0
        while day is not None and day <= horizon and seen < 400:
            add(f"group-{gid}-{day.isoformat()}", day, day, f"{name} meeting", place, objective)
            day = next_meeting(gid, day + dt.timedelta(days=1))
            seen += 1
    for eid, name, starts, ends, place, notes in db.execute_sql(
        "SELECT id, name, starts, ends, place, notes FROM event ORDER BY starts"
    ):
        first = dt.date.fromisoformat(str(starts)[:10])
        last = dt.date.fromisoformat(str(ends)[:10])
        add(f"event-{eid}", first, last, name, place, notes)
    return str(cal.serialize()), count


def export_events_ics(path: Path | str, as_of: dt.date | None = None, months: int = 6) -> int:
    """`netkeeper events --ics FILE`: write group meetings and events; returns the count."""
    text, count = events_calendar_text(as_of or dt.date.today(), months)
    _write(Path(path), text)
    return count
