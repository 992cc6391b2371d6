"""Follow-up reminders: one-off or repeating, done, snoozed, rescheduled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import Contact, Reminder, utcnow
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.contacts import get_contact
from netkeeper.services.followups import MAX_NOTICE_DAYS
from netkeeper.services.recurrence import describe, first_occurrence, next_occurrence, parse_every


def add_reminder(
    contact_id: int,
    due: dt.date,
    note: str = "",
    every: str | None = None,
    *,
    notice_days: int = 0,
) -> int:
    """A reminder on `due`; `every` repeats it ("2 weeks", "first Monday of each month");
    `notice_days` makes it surface that many days early (e.g. 7 for a gift to buy).

    A calendar rule starts on its first matching day on or after `due` (see
    `reminder_due` for the date it was given)."""
    get_contact(contact_id)
    recurrence = parse_every(every) if every else None
    if not 0 <= notice_days <= MAX_NOTICE_DAYS:
        raise ServiceError(f"advance notice must be 0 to {MAX_NOTICE_DAYS} days")
    if recurrence:
        first = first_occurrence(due, recurrence)
        if first is None:
            raise ServiceError(
                f"'{describe(recurrence)}' never falls on or after {due.isoformat()}"
            )
        due = first
    reminder = Reminder.create(
        contact=contact_id,
        due=due,
        note=note.strip(),
        recurrence=recurrence,
        anchor=due if recurrence else None,
        notice_days=notice_days,
    )
    return int(reminder.id)


def reminder_due(reminder_id: int) -> dt.date:
    """The date a reminder is due (not counting a snooze)."""
    due = _get(reminder_id).due
    return due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due))


def _get(reminder_id: int) -> Reminder:
    reminder = Reminder.get_or_none(Reminder.id == reminder_id)
    if reminder is None:
        raise NotFound(f"no reminder with id {reminder_id}")
    return reminder


def mark_done(reminder_id: int, today: dt.date | None = None) -> dt.date | None:
    """Close a reminder; a repeating one moves to its next date after today instead.

    Returns the new due date of a repeating reminder, else None.
    """
    today = today or dt.date.today()
    reminder = _get(reminder_id)
    with db.atomic():
        if reminder.recurrence:
            anchor = reminder.anchor or reminder.due
            new_due = next_occurrence(anchor, reminder.recurrence, max(today, reminder.due))
            if new_due is not None:  # None: a calendar rule that has run out (COUNT/UNTIL)
                Reminder.update(due=new_due, snoozed_until=None).where(
                    Reminder.id == reminder_id
                ).execute()
                return new_due
        Reminder.update(done_at=utcnow()).where(Reminder.id == reminder_id).execute()
    return None


def reopen(reminder_id: int) -> None:
    Reminder.update(done_at=None).where(Reminder.id == _get(reminder_id).id).execute()


def snooze(reminder_id: int, until: dt.date) -> None:
    _get(reminder_id)
    Reminder.update(snoozed_until=until).where(Reminder.id == reminder_id).execute()


def reschedule(reminder_id: int, due: dt.date) -> None:
    """Move a reminder; a repeating one then counts its interval from the new date."""
    reminder = _get(reminder_id)
    anchor = due if reminder.recurrence else None
    Reminder.update(due=due, snoozed_until=None, anchor=anchor).where(
        Reminder.id == reminder_id
    ).execute()


def delete_reminder(reminder_id: int) -> None:
    if not Reminder.delete().where(Reminder.id == reminder_id).execute():
        raise NotFound(f"no reminder with id {reminder_id}")


def effective_due(row: Reminder) -> dt.date:
    """When a reminder should surface: its due date, or later when snoozed."""
    if row.snoozed_until and row.snoozed_until > row.due:
        return row.snoozed_until
    return row.due


def open_reminders(contact_id: int | None = None) -> list[dict[str, Any]]:
    """Open reminders of live contacts as documents, soonest first."""
    query = (
        Reminder.select(Reminder, Contact.id, Contact.full_name)
        .join(Contact)
        .where(Reminder.done_at.is_null(), Contact.deleted_at.is_null())
    )
    if contact_id is not None:
        query = query.where(Reminder.contact == contact_id)
    docs = [
        {
            "id": r.id,
            "contact_id": r.contact_id,
            "contact": r.contact.full_name,
            "due": r.due.isoformat(),
            "effective_due": effective_due(r).isoformat(),
            "snoozed_until": r.snoozed_until.isoformat() if r.snoozed_until else None,
            "note": r.note,
            "every": r.recurrence,
            "notice_days": r.notice_days,
        }
        for r in query
    ]
    docs.sort(key=lambda d: (d["effective_due"], d["id"]))
    return docs
