"""Introductions as records: two people, who made it, a day, a status and a note.

- I introduce A and B: an "introduction" interaction with both (it shows on both
  timelines and restarts both cadences) and a follow-up on each FOLLOW_UP_DAYS
  later, "Ask how the introduction to B went".
- A proposed introduction follows double opt-in, one `advance` per step, each step
  a reminder until it is done: proposed (ask A) -> asked (A agreed; ask B) ->
  agreed (B agreed; introduce them) -> made.
- X introduces me to B (`introduce(me, B, by=X)`, or "introduced by" set in the
  editor or by `add --introduced-by`): B's `introduced_by` is X, a
  follow-up "Thank X for the introduction" is due right away, and after my first
  interaction with B (`introducers_to_tell`, which the Log Interaction dialog
  offers ticked and `netkeeper log` acts on) "Tell X how it went".

This is the one mechanism for thanking an introducer: `contact.introduced_by`
stays the field vCard export and `show --json` carry, and every received
introduction with a "me" contact is also a record here (set_me adopts older ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.names import shown_name_sql
from netkeeper.services.people.me import me_id

STATUSES = ("proposed", "asked", "agreed", "made")
FOLLOW_UP_DAYS = 14
TELL_DAYS = 7
# Kinds that count as having met: the first of these after emails is still worth telling.
MEETING_KINDS = ("meeting", "coffee", "call")


def add_reminder(contact_id: int, due: dt.date, note: str = "") -> int:
    """services.reminders.add_reminder, imported when first needed: reading a contact's
    introductions (every `show`) should not load the reminders and contacts services."""
    from netkeeper.services import reminders

    return reminders.add_reminder(contact_id, due, note)


def mark_done(reminder_id: int, today: dt.date | None = None) -> dt.date | None:
    from netkeeper.services import reminders

    return reminders.mark_done(reminder_id, today)


def _name(contact_id: int) -> str:
    row = db.execute_sql("SELECT full_name FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    return str(row[0])


def _live(contact_id: int) -> None:
    row = db.execute_sql("SELECT deleted_at FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if row is None or row[0] is not None:
        raise NotFound(f"no contact with id {contact_id}")


def thank_note(contact: str) -> str:
    return f"Thank them for the introduction to {contact}"


def tell_note(contact: str) -> str:
    return f"Tell them how it went with {contact}"


def _step_reminder(intro_id: int, status: str, a: int, b: int, on: dt.date) -> int | None:
    """The reminder for the step after `status` (None once made)."""
    if status == "proposed":
        return add_reminder(a, on, f"Ask whether they would like an introduction to {_name(b)}")
    if status == "asked":
        return add_reminder(b, on, f"Ask whether they would like an introduction to {_name(a)}")
    if status == "agreed":
        return add_reminder(a, on, f"Introduce them to {_name(b)}")
    return None


def _make(intro_id: int, a: int, b: int, on: dt.date, note: str) -> None:
    """The introduction is made by me: the interaction on both timelines and the follow-ups."""
    from netkeeper.services.timeline import log_interaction

    text = f"Introduced {_name(a)} and {_name(b)}" + (f": {note}" if note else "")
    when = dt.datetime.combine(on, dt.time(12, 0))
    iid = log_interaction([a, b], "introduction", when, text)
    follow = on + dt.timedelta(days=FOLLOW_UP_DAYS)
    add_reminder(a, follow, f"Ask how the introduction to {_name(b)} went")
    add_reminder(b, follow, f"Ask how the introduction to {_name(a)} went")
    db.execute_sql(
        "UPDATE introduction SET status = 'made', interaction_id = ?, occurred_on = ?,"
        " reminder_id = NULL WHERE id = ?",
        (iid, on.isoformat(), intro_id),
    )


def introduce(
    a: int,
    b: int,
    *,
    by: int | None = None,
    on: dt.date | None = None,
    note: str = "",
    proposed: bool = False,
) -> int:
    """Record an introduction of a and b (by me when `by` is None or the "me" contact)."""
    on = on or dt.date.today()
    note = " ".join(note.split())
    if a == b:
        raise ServiceError("cannot introduce someone to themselves")
    for cid in (a, b):
        _live(cid)
    me = me_id()
    if by is not None:
        _live(by)
        if by in (a, b) and by != me:
            raise ServiceError("the introducer cannot be one of the two people introduced")
    by_me = by is None or by == me
    if by_me and me in (a, b):
        raise ServiceError("who introduced you? give the introducer (--by)")
    if proposed and not by_me:
        raise ServiceError("only an introduction you make can be proposed")
    with db.atomic():
        cur = db.execute_sql(
            "INSERT INTO introduction (a_id, b_id, by_id, by_me, occurred_on, status, note,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a,
                b,
                me if by_me else by,
                by_me,
                on.isoformat(),
                "proposed" if proposed else "made",
                note,
                utcnow(),
            ),
        )
        intro_id = int(cur.lastrowid or 0)
        if by_me and proposed:
            rid = _step_reminder(intro_id, "proposed", a, b, dt.date.today())
            db.execute_sql("UPDATE introduction SET reminder_id = ? WHERE id = ?", (rid, intro_id))
        elif by_me:
            _make(intro_id, a, b, on, note)
        elif me in (a, b) and by is not None:
            other = b if a == me else a
            db.execute_sql(
                "UPDATE contact SET introduced_by_id = ?, updated_at = ? WHERE id = ?"
                " AND introduced_by_id IS NULL",
                (by, utcnow(), other),
            )
            add_reminder(by, dt.date.today(), thank_note(_name(other)))
    return intro_id


def advance(intro_id: int, on: dt.date | None = None) -> str:
    """One step of a proposed introduction; returns the new status."""
    row = db.execute_sql(
        "SELECT a_id, b_id, status, reminder_id, note FROM introduction WHERE id = ?",
        (intro_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no introduction with id {intro_id}")
    a, b, status, reminder_id, note = row
    if status == "made":
        raise ServiceError(f"introduction {intro_id} is made already")
    on = on or dt.date.today()
    new = STATUSES[STATUSES.index(status) + 1]
    with db.atomic():
        if reminder_id is not None:
            done = db.execute_sql(
                "SELECT done_at FROM reminder WHERE id = ?", (reminder_id,)
            ).fetchone()
            if done and done[0] is None:
                mark_done(int(reminder_id), on)
        if new == "made":
            _make(intro_id, a, b, on, note)
        else:
            rid = _step_reminder(intro_id, new, a, b, on)
            db.execute_sql(
                "UPDATE introduction SET status = ?, reminder_id = ? WHERE id = ?",
                (new, rid, intro_id),
            )
    return new


def next_step(status: str, a: str, b: str) -> str | None:
    """The button text for a proposed introduction's next step."""
    return {
        "proposed": f"Asked {a}: they agree",
        "asked": f"Asked {b}: they agree",
        "agreed": f"Introduce {a} and {b}",
    }.get(status)


def remove(intro_id: int) -> None:
    with db.atomic():
        if not db.execute_sql("DELETE FROM introduction WHERE id = ?", (intro_id,)).rowcount:
            raise NotFound(f"no introduction with id {intro_id}")


def set_introduced_by(contact_id: int, introducer_id: int | None) -> None:
    """ "Introduced by" from the editor, `add`/`edit --introduced-by`: one received introduction.

    A new introducer gets "Thank X for the introduction" due today and, with a "me",
    an introduction record; clearing the field removes the record it made.
    """
    if introducer_id == contact_id:
        raise ServiceError("a contact cannot introduce themselves")
    row = db.execute_sql(
        "SELECT introduced_by_id FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    old = row[0]
    if old == introducer_id:
        return
    _live(contact_id)
    me = me_id()
    with db.atomic():
        db.execute_sql(
            "UPDATE contact SET introduced_by_id = ?, updated_at = ? WHERE id = ?",
            (introducer_id, utcnow(), contact_id),
        )
        if me is not None and old is not None:
            db.execute_sql(
                "DELETE FROM introduction WHERE by_me = 0 AND by_id = ? AND"
                " ((a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?))",
                (old, me, contact_id, contact_id, me),
            )
        if introducer_id is None:
            return
        _live(introducer_id)
        if me is not None and me not in (contact_id, introducer_id):
            db.execute_sql(
                "INSERT INTO introduction (a_id, b_id, by_id, by_me, occurred_on, status, note,"
                " created_at) VALUES (?, ?, ?, 0, ?, 'made', '', ?)",
                (me, contact_id, introducer_id, dt.date.today().isoformat(), utcnow()),
            )
        add_reminder(introducer_id, dt.date.today(), thank_note(_name(contact_id)))


def adopt_introduced_by() -> int:
    """Received introductions known only as "introduced by" become records with "me"."""
    me = me_id()
    if me is None:
        return 0
    cur = db.execute_sql(
        "INSERT INTO introduction (a_id, b_id, by_id, by_me, occurred_on, status, note,"
        " created_at) SELECT ?, c.id, c.introduced_by_id, 0, date(c.created_at), 'made', '', ?"
        " FROM contact c WHERE c.introduced_by_id IS NOT NULL AND c.id != ?"
        " AND c.introduced_by_id != ? AND NOT EXISTS (SELECT 1 FROM introduction i"
        " WHERE i.by_id = c.introduced_by_id AND ((i.a_id = ? AND i.b_id = c.id)"
        " OR (i.b_id = ? AND i.a_id = c.id)))",
        (me, utcnow(), me, me, me, me),
    )
    return int(cur.rowcount)


def _person(cid: int | None, name: str | None) -> dict[str, Any] | None:
    return None if cid is None else {"id": cid, "full_name": name}


_SELECT = (
    "SELECT i.id, i.occurred_on, i.a_id, a.full_name, i.b_id, b.full_name, i.by_id,"
    " x.full_name, i.status, i.note, i.by_me FROM introduction i"
    " JOIN contact a ON a.id = i.a_id JOIN contact b ON b.id = i.b_id"
    " LEFT JOIN contact x ON x.id = i.by_id"
)


def introductions(contact_id: int | None = None) -> list[dict[str, Any]]:
    """`intros --json`: made and received, newest first (a contact's: where they take part
    or made it)."""
    sql, params = _SELECT, []
    if contact_id is not None:
        sql += " WHERE ? IN (i.a_id, i.b_id, i.by_id)"
        params.append(contact_id)
    sql += " ORDER BY i.occurred_on DESC, i.id DESC"
    return [
        {
            "id": iid,
            "date": str(day),
            "a": _person(a, an),
            "b": _person(b, bn),
            "by": _person(by, byn),
            "status": status,
            "note": note,
            "by_me": bool(by_me),
        }
        for iid, day, a, an, b, bn, by, byn, status, note, by_me in db.execute_sql(sql, params)
    ]


def introductions_of_many(ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """For show --json: per contact, the introductions it was one of the two people in."""
    out: dict[int, list[dict[str, Any]]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            _SELECT + f" WHERE i.a_id IN ({marks}) OR i.b_id IN ({marks})"
            " ORDER BY i.occurred_on DESC, i.id DESC",
            [*chunk, *chunk],
        )
        wanted = set(chunk)
        for iid, day, a, an, b, bn, by, byn, status, _note, _by_me in rows:
            for this, other, other_name in ((a, b, bn), (b, a, an)):
                if this in wanted:
                    out.setdefault(this, []).append(
                        {
                            "id": iid,
                            "other": {"id": other, "full_name": other_name},
                            "by": _person(by, byn),
                            "date": str(day),
                            "status": status,
                        }
                    )
    return out


@dataclass(frozen=True, slots=True)
class IntroducerTell:
    """An introducer to tell how it went, after a (first) interaction with `contact`.

    `first` is True when nothing was logged with the contact yet (offer it ticked);
    False when only this kind of meeting is new (emails before the first coffee).
    """

    contact_id: int
    contact: str
    introducer_id: int
    introducer: str
    first: bool

    @property
    def note(self) -> str:
        """The reminder's text on the introducer."""
        return tell_note(self.contact)


def introducers_to_tell(contact_ids: Sequence[int], kind: str) -> list[IntroducerTell]:
    """For an interaction of `kind` about to be logged with these people: who introduced
    those of them met for the first time (their first interaction of any kind, or their
    first meeting, coffee or call) and has not been told yet, so they can be told how it went.

    Asked before the interaction is saved. Left out: people nobody introduced, introducers
    in the trash, introducers taking part in this very interaction (they were there), and
    introductions already told.
    """
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    meets = ",".join("?" * len(MEETING_KINDS))
    rows = db.execute_sql(
        f"SELECT c.id, {shown_name_sql('c')}, i.id, {shown_name_sql('i')},"
        # An introduction I made is not yet talking to them myself.
        " EXISTS (SELECT 1 FROM interaction_participant p JOIN interaction x"
        "  ON x.id = p.interaction_id WHERE p.contact_id = c.id AND x.kind != 'introduction'),"
        " EXISTS (SELECT 1 FROM interaction_participant p JOIN interaction x"
        f"  ON x.id = p.interaction_id WHERE p.contact_id = c.id AND x.kind IN ({meets})),"
        " EXISTS (SELECT 1 FROM introduction r WHERE r.by_id = i.id AND r.told_on IS NOT NULL"
        "  AND c.id IN (r.a_id, r.b_id))"
        " FROM contact c JOIN contact i ON i.id = c.introduced_by_id"
        f" WHERE c.id IN ({marks}) AND c.deleted_at IS NULL AND i.deleted_at IS NULL",
        [*MEETING_KINDS, *ids],
    )
    found: dict[int, IntroducerTell] = {}
    for cid, name, iid, introducer, talked, met, told in rows:
        new_to_us = not talked or (kind in MEETING_KINDS and not met)
        if not new_to_us or told or iid in ids:
            continue
        found[cid] = IntroducerTell(cid, name, iid, introducer, not talked)
    return [found[c] for c in ids if c in found]


def tell(offer: IntroducerTell, on: dt.date) -> int:
    """Schedule "Tell X how it went" on the introducer and note the introduction as told."""
    with db.atomic():
        rid = add_reminder(offer.introducer_id, on, offer.note)
        db.execute_sql(
            "UPDATE introduction SET told_on = ? WHERE by_id = ? AND ? IN (a_id, b_id)",
            (on.isoformat(), offer.introducer_id, offer.contact_id),
        )
    return rid
