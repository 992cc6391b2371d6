"""Events and conferences: whom to meet there, whom I met, and the follow-up after.

Names and context are lost by the next morning, so an event keeps three lists:
the people the user plans to meet (with a note each), the people met there
(`event_met`; a new person captured during the event gets "met at" and the
event's tag), and, after it, everyone met with no interaction since, each with
one action "follow up in N days". A person met at several events keeps the
first as their `met_at`; every event still lists them.

vCard carries "met at" as X-NETKEEPER-MET-AT with the event's name: import links
it back when that event exists here, and otherwise keeps the property verbatim
so nothing is lost and a later export gives it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from netkeeper.io.card import Card
from netkeeper.io.vcard import unescape_text
from netkeeper.model.db import db, scalars
from netkeeper.model.tables import Contact, Event, EventMet, EventPlan, Reminder
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.dates import to_utc_naive
from netkeeper.services.lookup import resolve_named
from netkeeper.services.recurrence import delta, parse_interval

MET_AT = "X-NETKEEPER-MET-AT"  # also in exchange.py, which cannot import this module
DEFAULT_FOLLOW_UP = "3 days"


def _name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise ServiceError("an event needs a name")
    return name


def add_event(
    name: str,
    starts: dt.date,
    ends: dt.date | None = None,
    *,
    where: str = "",
    notes: str = "",
) -> int:
    name = _name(name)
    ends = ends or starts
    if ends < starts:
        raise ServiceError("an event cannot end (--until) before it starts (--date)")
    if Event.select().where(Event.name == name).exists():
        raise ServiceError(f"there is already an event called '{name}'")
    row = Event.create(
        name=name, starts=starts, ends=ends, place=where.strip(), notes=notes.strip()
    )
    return int(row.id)


def update_event(
    event_id: int,
    *,
    name: str | None = None,
    starts: dt.date | None = None,
    ends: dt.date | None = None,
    where: str | None = None,
    notes: str | None = None,
) -> None:
    row = get_event(event_id)
    changes: dict[str, Any] = {}
    if name is not None:
        name = _name(name)
        if Event.select().where(Event.name == name, Event.id != event_id).exists():
            raise ServiceError(f"there is already an event called '{name}'")
        changes["name"] = name
    first = starts or _day(row.starts)
    last = ends or _day(row.ends)
    if last < first:
        raise ServiceError("an event cannot end before it starts")
    if starts is not None:
        changes["starts"] = starts
    if ends is not None or starts is not None:
        changes["ends"] = last
    if where is not None:
        changes["place"] = where.strip()
    if notes is not None:
        changes["notes"] = notes.strip()
    if changes:
        Event.update(changes).where(Event.id == event_id).execute()


def delete_event(event_id: int) -> None:
    get_event(event_id)
    Event.delete().where(Event.id == event_id).execute()


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def get_event(event_id: int) -> Event:
    row = Event.get_or_none(Event.id == event_id)
    if row is None:
        raise NotFound(f"no event with id {event_id}")
    return row


def resolve_event(ref: str) -> int:
    """An EVENT argument: its id, its exact name (any case) or an unambiguous part of it."""
    return resolve_named("event", "event", ref, "starts DESC")


def _live(contact_id: int) -> None:
    if not Contact.select().where(Contact.id == contact_id, Contact.deleted_at.is_null()).exists():
        raise NotFound(f"no contact with id {contact_id}")


def plan(event_id: int, contact_id: int, note: str = "") -> None:
    """Someone to meet at the event (a second call changes the note)."""
    get_event(event_id)
    _live(contact_id)
    EventPlan.insert(event=event_id, contact=contact_id, note=note.strip()).on_conflict(
        conflict_target=[EventPlan.event, EventPlan.contact],
        update={EventPlan.note: note.strip()},
    ).execute()


def unplan(event_id: int, contact_id: int) -> None:
    EventPlan.delete().where(
        (EventPlan.event == event_id) & (EventPlan.contact == contact_id)
    ).execute()


def _event_tag(event_id: int, contact_ids: Iterable[int]) -> None:
    from netkeeper.services.tags import tag_ids

    name = get_event(event_id).name
    (tid,) = tag_ids([name])
    db.cursor().executemany(
        "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
        [(c, tid) for c in contact_ids],
    )


def met(event_id: int, contact_id: int) -> bool:
    """Record meeting someone at the event; returns True when it is new.

    The contact's "met at" is set when it had none, and the event's tag added.
    """
    from netkeeper.services.followups import refresh_next_due

    get_event(event_id)
    _live(contact_id)
    with db.atomic():
        new = EventMet.insert(event=event_id, contact=contact_id).on_conflict_ignore().execute()
        Contact.update(met_at=event_id).where(
            Contact.id == contact_id, Contact.met_at.is_null()
        ).execute()
        _event_tag(event_id, [contact_id])
        refresh_next_due([contact_id])  # the tag may carry a cadence
    return (
        bool(new)
        and EventMet.select()
        .where((EventMet.event == event_id) & (EventMet.contact == contact_id))
        .exists()
    )


def unmet(event_id: int, contact_id: int) -> None:
    with db.atomic():
        EventMet.delete().where(
            (EventMet.event == event_id) & (EventMet.contact == contact_id)
        ).execute()
        Contact.update(met_at=None).where(
            Contact.id == contact_id, Contact.met_at == event_id
        ).execute()


def quick_capture(
    event_id: int,
    full_name: str,
    *,
    organization: str = "",
    line: str = "",
    photo: bytes | None = None,
    photo_mime: str | None = None,
) -> int:
    """A new person met at the event, in one step (the hallway case): the contact with
    "met at" this event, the event's tag, and the one line as notes. One transaction."""
    from netkeeper.services.contacts import create_contact

    event = get_event(event_id)
    name = " ".join(full_name.split())
    if not name:
        raise ServiceError("a new contact needs a name")
    words = name.split()
    card = Card(
        full_name=name,
        given_name=" ".join(words[:-1]) if len(words) > 1 else name,
        family_name=words[-1] if len(words) > 1 else "",
        organization=organization.strip(),
        notes=line.strip(),
        photo=photo,
        photo_mime=photo_mime if photo else None,
    )
    with db.atomic():
        cid = create_contact(card, tags=[event.name])
        EventMet.insert(event=event_id, contact=cid).on_conflict_ignore().execute()
        Contact.update(met_at=event_id).where(Contact.id == cid).execute()
    return cid


def _after_event(event: Event) -> dt.datetime:
    """The first UTC instant after the event's last local day: "since the event"."""
    end = _day(event.ends) + dt.timedelta(days=1)
    return to_utc_naive(dt.datetime.combine(end, dt.time()))


def needing_follow_up(event_id: int) -> list[int]:
    """Everyone met at the event with no interaction since it ended."""
    event = get_event(event_id)
    since = _after_event(event)
    return [
        int(row[0])
        for row in db.execute_sql(
            "SELECT m.contact_id FROM event_met m JOIN contact c ON c.id = m.contact_id"
            " WHERE m.event_id = ? AND c.deleted_at IS NULL AND NOT EXISTS ("
            "  SELECT 1 FROM interaction_participant p JOIN interaction i"
            "  ON i.id = p.interaction_id"
            "  WHERE p.contact_id = m.contact_id AND i.occurred_at >= ?)"
            " ORDER BY c.full_name COLLATE NOCASE",
            (event_id, since.isoformat(sep=" ")),
        )
    ]


def follow_up(
    event_id: int,
    in_: str = DEFAULT_FOLLOW_UP,
    *,
    contact_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> dict[str, list[int]]:
    """A follow-up "Met at <event>" in N days for everyone met with no interaction since
    (or for the given ones of them). A person who already has an open follow-up from this
    event gets it moved to the new date, never a second one. One transaction.

    Returns {"created": [...], "moved": [...]} contact ids.
    """
    event = get_event(event_id)
    due = (today or dt.date.today()) + delta(parse_interval(in_))
    who = needing_follow_up(event_id)
    if contact_ids is not None:
        wanted = set(contact_ids)
        who = [c for c in who if c in wanted]
    note = f"Met at {event.name}"
    created: list[int] = []
    moved: list[int] = []
    existing = dict(
        db.execute_sql(
            "SELECT m.contact_id, r.id FROM event_met m JOIN reminder r ON r.id = m.reminder_id"
            " WHERE m.event_id = ? AND r.done_at IS NULL",
            (event_id,),
        ).fetchall()
    )
    with db.atomic():
        for cid in who:
            if cid in existing:
                Reminder.update(due=due, snoozed_until=None).where(
                    Reminder.id == existing[cid]
                ).execute()
                moved.append(cid)
                continue
            rid = Reminder.create(contact=cid, due=due, note=note).id
            EventMet.update(reminder=rid).where(
                (EventMet.event == event_id) & (EventMet.contact == cid)
            ).execute()
            created.append(cid)
    return {"created": created, "moved": moved}


def event_document(event_id: int) -> dict[str, Any]:
    """`event show --json` (contract: extend, never rename)."""
    event = get_event(event_id)
    planned = [
        {"id": cid, "full_name": name, "note": note}
        for cid, name, note in db.execute_sql(
            "SELECT c.id, c.full_name, p.note FROM event_plan p JOIN contact c"
            " ON c.id = p.contact_id WHERE p.event_id = ? AND c.deleted_at IS NULL"
            " ORDER BY c.full_name COLLATE NOCASE",
            (event_id,),
        )
    ]
    from netkeeper.services.dates import iso_utc

    met_rows = list(
        db.execute_sql(
            "SELECT c.id, c.full_name, c.last_interaction, m.reminder_id FROM event_met m"
            " JOIN contact c ON c.id = m.contact_id WHERE m.event_id = ? AND c.deleted_at IS NULL"
            " ORDER BY c.full_name COLLATE NOCASE",
            (event_id,),
        )
    )
    return {
        "id": event.id,
        "name": event.name,
        "date": _day(event.starts).isoformat(),
        "until": _day(event.ends).isoformat(),
        "where": event.place,
        "notes": event.notes,
        "planned": planned,
        "met": [
            {
                "id": cid,
                "full_name": name,
                "last_interaction": iso_utc(_instant(last)) if last else None,
            }
            for cid, name, last, _rid in met_rows
        ],
        "followed_up": [cid for cid, _n, _l, rid in met_rows if rid is not None],
        "needs_follow_up": needing_follow_up(event_id),
    }


def _instant(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def all_events() -> list[dict[str, Any]]:
    """Every event, the coming ones first (soonest first), then the past ones (newest
    first), with counts of planned and met."""
    today = dt.date.today().isoformat()
    rows = db.execute_sql(
        "SELECT e.id, e.name, e.starts, e.ends, e.place,"
        " (SELECT count(*) FROM event_plan p WHERE p.event_id = e.id),"
        " (SELECT count(*) FROM event_met m WHERE m.event_id = e.id)"
        " FROM event e ORDER BY e.ends < ?, CASE WHEN e.ends >= ? THEN e.starts END,"
        " e.starts DESC",
        (today, today),
    )
    return [
        {
            "id": eid,
            "name": name,
            "date": str(starts),
            "until": str(ends),
            "where": place,
            "planned": planned,
            "met": met_count,
        }
        for eid, name, starts, ends, place, planned, met_count in rows
    ]


def met_at_of(contact_id: int) -> dict[str, Any] | None:
    """`show --json`'s `met_at`: {id, name} or None."""
    row = db.execute_sql(
        "SELECT e.id, e.name FROM contact c JOIN event e ON e.id = c.met_at_id WHERE c.id = ?",
        (contact_id,),
    ).fetchone()
    return {"id": row[0], "name": row[1]} if row else None


def link_met_at(contact_ids: Iterable[int]) -> int:
    """After an import: turn X-NETKEEPER-MET-AT properties naming an event that exists
    here into the contact's "met at" (and the event's list); returns how many."""
    ids = sorted(c for c in contact_ids if c is not None and c >= 0)
    linked = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = list(
            db.execute_sql(
                "SELECT id, contact_id, value FROM contact_property WHERE name = ?"
                f' AND "group" IS NULL AND contact_id IN ({",".join("?" * len(chunk))})',
                [MET_AT, *chunk],
            )
        )
        for pid, cid, value in rows:
            found = scalars(
                Event.select(Event.id).where(Event.name == unescape_text(value).strip())
            )
            if not found:
                continue
            eid = int(found[0])
            db.execute_sql("DELETE FROM contact_property WHERE id = ?", (pid,))
            EventMet.insert(event=eid, contact=cid).on_conflict_ignore().execute()
            Contact.update(met_at=eid).where(Contact.id == cid, Contact.met_at.is_null()).execute()
            linked += 1
    return linked
