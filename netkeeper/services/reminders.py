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


_UNSET: Any = object()


def edit_reminder(
    reminder_id: int,
    *,
    due: dt.date | None = None,
    note: str | None = None,
    every: str | None = _UNSET,
    notice_days: int | None = None,
) -> dict[str, Any]:
    """Change a reminder's date, text, repeat (None: a one-off) or advance notice.

    Returns the reminder's document as it was, for `restore_reminder` (Undo). A new
    date or repeat rule restarts a repeating reminder from that date and clears a snooze.
    """
    row = _get(reminder_id)
    before = reminder_document(reminder_id)
    values: dict[str, Any] = {}
    if note is not None:
        values["note"] = note.strip()
    if notice_days is not None:
        if not 0 <= notice_days <= MAX_NOTICE_DAYS:
            raise ServiceError(f"advance notice must be 0 to {MAX_NOTICE_DAYS} days")
        values["notice_days"] = notice_days
    recurrence = row.recurrence
    if every is not _UNSET:
        recurrence = parse_every(every) if every else None
        values["recurrence"] = recurrence
    if due is not None or every is not _UNSET:
        new_due = due if due is not None else row.due
        values.update(due=new_due, snoozed_until=None, anchor=new_due if recurrence else None)
    if values:
        Reminder.update(values).where(Reminder.id == reminder_id).execute()
    return before


def reminder_document(reminder_id: int) -> dict[str, Any]:
    """Every stored field of one reminder (dates as ISO text), e.g. to undo an edit."""
    row = _get(reminder_id)
    return {
        "id": int(row.id),
        "contact_id": int(row.contact_id),
        "due": row.due.isoformat(),
        "note": row.note,
        "every": row.recurrence,
        "anchor": row.anchor.isoformat() if row.anchor else None,
        "snoozed_until": row.snoozed_until.isoformat() if row.snoozed_until else None,
        "notice_days": int(row.notice_days),
        "done_at": row.done_at,
    }


def restore_reminder(doc: dict[str, Any]) -> None:
    """Put a reminder back as `reminder_document` saw it (Undo of an edit)."""
    _get(int(doc["id"]))
    day = dt.date.fromisoformat
    Reminder.update(
        due=day(doc["due"]),
        note=doc["note"],
        recurrence=doc["every"],
        anchor=day(doc["anchor"]) if doc["anchor"] else None,
        snoozed_until=day(doc["snoozed_until"]) if doc["snoozed_until"] else None,
        notice_days=doc["notice_days"],
        done_at=doc["done_at"],
    ).where(Reminder.id == doc["id"]).execute()


def delete_reminders(reminder_ids: list[int]) -> int:
    """Delete these reminders (Undo of "Remind me…"); returns how many there were."""
    if not reminder_ids:
        return 0
    return int(Reminder.delete().where(Reminder.id.in_(reminder_ids)).execute())


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
