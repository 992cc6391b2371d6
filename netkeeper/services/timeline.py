"""Interactions: log one with several people, list them newest first.

Each contact keeps a denormalised `last_interaction` so lists and keep-in-touch
checks never need a GROUP BY over hundreds of thousands of interactions; it is
updated here, in the same transaction as the interaction itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netkeeper.model import search
from netkeeper.model.db import db, scalars
from netkeeper.model.tables import (
    INTERACTION_KINDS,
    Contact,
    Interaction,
    InteractionParticipant,
    utcnow,
)
from netkeeper.services import NotFound, ServiceError, followups
from netkeeper.services.dates import iso_utc, to_utc_naive, utc_to_local
from netkeeper.services.names import shown_name_sql

# Above this many tagged contacts the tag filter walks the timeline instead of collecting.
TAG_WALK_MIN = 1000


# What counts as having been in touch: an interaction whose time has come, or one
# given as a date alone (all_day) once that local day has begun. A planned one, dated
# ahead, never counts as the last contact nor restarts a cadence before then.
_COUNTS = "(i.occurred_at <= ?1 OR (i.all_day AND date(i.occurred_at, 'localtime') <= ?2))"
_LAST = (
    "(SELECT max(i.occurred_at) FROM interaction i"
    " JOIN interaction_participant p ON p.interaction_id = i.id"
    f" WHERE p.contact_id = contact.id AND {_COUNTS})"
)


def _clock() -> tuple[str, str]:
    """(UTC now as stored, today's local date): the two ends of _COUNTS."""
    return utcnow().isoformat(sep=" "), dt.date.today().isoformat()


def refresh_last_interaction(contact_ids: Sequence[int]) -> int:
    """Recompute these contacts' last interaction (and so their next due date).

    Writes only rows that change, so the minute-by-minute `settle` costs no write
    (and wakes no other process) while nothing has come due. Returns the changes.
    """
    now, today = _clock()
    changed = 0
    ids = list(dict.fromkeys(contact_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        cursor = db.execute_sql(
            f"UPDATE contact SET last_interaction = {_LAST}"
            f" WHERE id IN ({marks}) AND last_interaction IS NOT {_LAST}",
            [now, today, *chunk],
        )
        changed += max(cursor.rowcount, 0)
    followups.refresh_next_due(ids)  # logging restarts the keep-in-touch cadence
    return changed


_refresh_last_interaction = refresh_last_interaction


# How far back of the last settle's clock to look again: a clock set back, or a time
# zone change, must not leave a planned interaction uncounted.
_RESCAN = dt.timedelta(days=1)
# Planned interactions looked at before moving the mark is worth a write (a write
# wakes every other NetKeeper process watching the file).
_MARK_AFTER = 200
_SETTLED = "settled_through"


def settle() -> int:
    """Let planned interactions count once their time has come; returns contacts changed.

    Run at start-up, every minute by the window and by every CLI command. Two index
    look-ups: contacts whose stored last interaction is still ahead (an edit or an
    older version counted it early), and participants of interactions dated ahead of
    when they were written (the partial index `interaction_ahead`) whose time came
    since the last settle (`app_state.settled_through`, less a day) and that their
    contact does not reflect yet. Both are empty nearly always. Interactions logged
    or edited later refresh their contacts themselves, so the mark stays true.
    """
    now, _today = _clock()
    moment = dt.datetime.fromisoformat(now)
    soon = (moment + _RESCAN).isoformat(sep=" ")
    mark = db.execute_sql("SELECT value FROM app_state WHERE key = ?", [_SETTLED]).fetchone()
    since = (dt.datetime.fromisoformat(mark[0]) - _RESCAN).isoformat(sep=" ") if mark else ""
    window = " AND i.occurred_at > ?2 AND i.occurred_at <= ?1"
    ids = scalars_sql("SELECT id FROM contact WHERE last_interaction > ?", [now]) + scalars_sql(
        "SELECT DISTINCT p.contact_id FROM interaction i INDEXED BY interaction_ahead"
        " JOIN interaction_participant p ON p.interaction_id = i.id"
        " JOIN contact c ON c.id = p.contact_id"
        f" WHERE i.occurred_at > i.created_at{window}"
        " AND (c.last_interaction IS NULL OR c.last_interaction < i.occurred_at)",
        [soon, since],
    )
    looked_at = db.execute_sql(
        "SELECT count(*) FROM interaction i INDEXED BY interaction_ahead"
        f" WHERE i.occurred_at > i.created_at{window}",
        [soon, since],
    ).fetchone()[0]
    if not ids and looked_at <= _MARK_AFTER:
        return 0
    with db.atomic():
        changed = refresh_last_interaction(sorted(set(ids))) if ids else 0
        if changed or looked_at > _MARK_AFTER:  # else a write would only wake the others
            # Everything dated up to now counts and is reflected: later settles start here.
            db.execute_sql(
                "INSERT INTO app_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [_SETTLED, now],
            )
        return changed


def scalars_sql(sql: str, params: Sequence[Any]) -> list[int]:
    return [int(r[0]) for r in db.execute_sql(sql, list(params))]


def is_ahead(doc: dict[str, Any], now: dt.datetime | None = None) -> bool:
    """True for a timeline document that does not count yet (dated ahead)."""
    if doc.get("all_day"):
        return str(doc["date"]) > _clock()[1]
    moment = dt.datetime.fromisoformat(str(doc["when"]).rstrip("Z"))
    return moment > (now or dt.datetime.fromisoformat(_clock()[0]))


def log_interaction(
    contact_ids: Sequence[int],
    kind: str,
    when: dt.datetime | dt.date | None = None,
    note: str = "",
    *,
    all_day: bool = False,
) -> int:
    """Record one interaction with one or more contacts; returns its id.

    `when` is local time when naive (what a person types), stored as UTC. A date
    (or `all_day`) is a day without a time: stored at noon local time, shown as the
    date, counted from the start of that day.
    """
    kind = kind.strip().lower()
    if kind not in INTERACTION_KINDS:
        raise ServiceError(f"unknown kind '{kind}' (use one of: {', '.join(INTERACTION_KINDS)})")
    ids = _existing_contacts(contact_ids)
    occurred, all_day = _moment(when if when is not None else dt.datetime.now(), all_day)
    with db.atomic():
        interaction = Interaction.create(
            kind=kind, occurred_at=occurred, note=note.strip(), all_day=all_day
        )
        InteractionParticipant.insert_many(
            [{"interaction": interaction.id, "contact": c} for c in ids]
        ).execute()
        _refresh_last_interaction(ids)
        if note.strip():
            search.reindex(db, ids)
    return int(interaction.id)


def _moment(when: dt.datetime | dt.date, all_day: bool) -> tuple[dt.datetime, bool]:
    """What to store for a local time, or a day (a date, or all_day): naive UTC + the flag."""
    if not isinstance(when, dt.datetime):
        return to_utc_naive(dt.datetime.combine(when, dt.time(12))), True
    if all_day:
        return to_utc_naive(dt.datetime.combine(when.date(), dt.time(12))), True
    # To the second, as every timestamp column: "now" with its microseconds would sort
    # after the created_at written with it and count as planned (not yet happened).
    return to_utc_naive(when).replace(microsecond=0), False


def _existing_contacts(contact_ids: Sequence[int]) -> list[int]:
    """The ids, deduplicated in order; NotFound for the first one that is not a contact."""
    ids = list(dict.fromkeys(int(c) for c in contact_ids))
    if not ids:
        raise ServiceError("an interaction needs at least one contact")
    found = set(scalars(Contact.select(Contact.id).where(Contact.id.in_(ids))))
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no contact with id {missing[0]}")
    return ids


def _get_interaction(interaction_id: int) -> Interaction:
    row = Interaction.get_or_none(Interaction.id == interaction_id)
    if row is None:
        raise NotFound(f"no interaction with id {interaction_id}")
    return row


def interaction(interaction_id: int) -> dict[str, Any]:
    """One interaction as its timeline document (NotFound when there is none)."""
    _get_interaction(interaction_id)
    docs = _documents(
        list(
            db.execute_sql(
                "SELECT i.id, i.kind, i.occurred_at, i.note, i.all_day FROM interaction i"
                " WHERE i.id = ?",
                [interaction_id],
            )
        )
    )
    return docs[0]


@dataclass(frozen=True)
class InteractionSnapshot:
    """Everything needed to put a deleted or edited interaction back as it was (Undo)."""

    id: int
    kind: str
    occurred_at: dt.datetime
    note: str
    created_at: dt.datetime
    contact_ids: tuple[int, ...]
    all_day: bool = False


def snapshot(interaction_id: int) -> InteractionSnapshot:
    row = _get_interaction(interaction_id)
    return InteractionSnapshot(
        int(row.id),
        str(row.kind),
        row.occurred_at,
        str(row.note),
        row.created_at,
        tuple(participants_of(interaction_id)),
        bool(row.all_day),
    )


def delete_interaction(interaction_id: int) -> InteractionSnapshot:
    """Delete one interaction; returns what `restore_interaction` needs to undo it."""
    before = snapshot(interaction_id)
    with db.atomic():
        Interaction.delete().where(Interaction.id == interaction_id).execute()
        _refresh_last_interaction(before.contact_ids)
        search.reindex(db, before.contact_ids)
    return before


def restore_interaction(saved: InteractionSnapshot) -> None:
    """Put an interaction back exactly as `saved` (same id), for Undo after delete or edit.

    Participants purged from the trash since are left out; with none left, nothing
    can be restored and NotFound says so.
    """
    with db.atomic():
        present = set(
            scalars(Contact.select(Contact.id).where(Contact.id.in_(list(saved.contact_ids))))
        )
        people = [c for c in saved.contact_ids if c in present]
        if not people:
            raise NotFound("the people of that interaction are gone")
        touched = set(people)
        if Interaction.get_or_none(Interaction.id == saved.id) is not None:
            touched.update(participants_of(saved.id))
            Interaction.delete().where(Interaction.id == saved.id).execute()
        Interaction.insert(
            id=saved.id,
            kind=saved.kind,
            occurred_at=saved.occurred_at,
            note=saved.note,
            created_at=saved.created_at,
            all_day=saved.all_day,
        ).execute()
        InteractionParticipant.insert_many(
            [{"interaction": saved.id, "contact": c} for c in people]
        ).execute()
        ids = sorted(touched)
        _refresh_last_interaction(ids)
        search.reindex(db, ids)


def update_interaction(
    interaction_id: int,
    *,
    kind: str | None = None,
    when: dt.datetime | dt.date | None = None,
    note: str | None = None,
    contact_ids: Sequence[int] | None = None,
    all_day: bool | None = None,
) -> InteractionSnapshot:
    """Change an interaction's kind, time (local when naive; a date, or all_day=True,
    for a day without a time), note or people.

    Returns the interaction as it was, for Undo. The participants' last
    interaction and next due date follow, old and new participants alike.
    """
    before = snapshot(interaction_id)
    values: dict[str, Any] = {}
    if kind is not None:
        kind = kind.strip().lower()
        if kind not in INTERACTION_KINDS:
            raise ServiceError(
                f"unknown kind '{kind}' (use one of: {', '.join(INTERACTION_KINDS)})"
            )
        values["kind"] = kind
    if when is not None:
        values["occurred_at"], values["all_day"] = _moment(when, bool(all_day))
    elif all_day is not None and all_day != before.all_day:
        local = utc_to_local(before.occurred_at)
        values["occurred_at"], values["all_day"] = _moment(local, all_day)
    if note is not None:
        values["note"] = note.strip()
    after = list(before.contact_ids)
    if contact_ids is not None:
        after = _existing_contacts(contact_ids)
    with db.atomic():
        if values:
            Interaction.update(values).where(Interaction.id == interaction_id).execute()
        if contact_ids is not None:
            InteractionParticipant.delete().where(
                InteractionParticipant.interaction == interaction_id
            ).execute()
            InteractionParticipant.insert_many(
                [{"interaction": interaction_id, "contact": c} for c in after]
            ).execute()
        touched = sorted(set(before.contact_ids) | set(after))
        _refresh_last_interaction(touched)
        search.reindex(db, touched)
    return before


def participants_of(interaction_id: int) -> list[int]:
    return scalars(
        InteractionParticipant.select(InteractionParticipant.contact).where(
            InteractionParticipant.interaction == interaction_id
        )
    )


def timeline(
    contact_id: int | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    kinds: Sequence[str] | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    tag: str | None = None,
) -> list[dict[str, Any]]:
    """Interactions newest first as documents `{id, kind, when, note, participants}`.

    `when` is UTC ISO-8601 ("2026-11-26T14:30:00Z"); participants are
    `{id, full_name}`. Paged with limit/offset so long timelines load incrementally.
    `tag` keeps interactions with at least one participant carrying that tag.
    """
    where: list[str] = []
    params: list[Any] = []
    if contact_id is not None:
        where.append(
            "i.id IN (SELECT interaction_id FROM interaction_participant WHERE contact_id = ?)"
        )
        params.append(contact_id)
    if tag:
        # A tag on many people: walk interactions newest first and stop after one page
        # (EXISTS). A tag on few: collect their interactions first (IN), or the walk
        # would cross most of the table to fill a page. Measured at 500,000
        # interactions: 84 -> 5-18 ms for a big tag; 660 -> 5 ms for a small one.
        members = db.execute_sql(
            "SELECT count(*) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE t.name = ?",
            (tag.strip(),),
        ).fetchone()[0]
        tagged = (
            "SELECT p.interaction_id FROM interaction_participant p"
            " JOIN contact_tag ct ON ct.contact_id = p.contact_id"
            " JOIN tag t ON t.id = ct.tag_id WHERE t.name = ?"
        )
        if members > TAG_WALK_MIN:
            where.append(f"EXISTS ({tagged} AND p.interaction_id = i.id)")
        else:
            where.append(f"i.id IN ({tagged})")
        params.append(tag.strip())
    if kinds:
        where.append(f"i.kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if since is not None:
        where.append("i.occurred_at >= ?")
        params.append(since.isoformat(sep=" "))
    if until is not None:
        where.append("i.occurred_at < ?")
        params.append(until.isoformat(sep=" "))
    sql = "SELECT i.id, i.kind, i.occurred_at, i.note, i.all_day FROM interaction i"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY i.occurred_at DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([limit, offset])
    return _documents(list(db.execute_sql(sql, params)))


def _documents(rows: list[Any]) -> list[dict[str, Any]]:
    """(id, kind, occurred_at, note, all_day) rows -> timeline documents with their people.

    `when` is the UTC instant; `date` the local calendar day and `all_day` whether
    only the day was given (then `when` is noon that day and has no meaning of its own).
    """
    if not rows:
        return []
    people: dict[int, list[dict[str, Any]]] = {r[0]: [] for r in rows}
    ids = list(people)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for iid, cid, name, shown in db.execute_sql(
            f"SELECT p.interaction_id, c.id, c.full_name, {shown_name_sql('c')} AS shown"
            " FROM interaction_participant p"
            f" JOIN contact c ON c.id = p.contact_id WHERE p.interaction_id IN ({marks})"
            " ORDER BY shown",
            chunk,
        ):
            people[iid].append({"id": cid, "full_name": name, "display_name": shown})
    docs = []
    for iid, kind, when, note, all_day in rows:
        moment = dt.datetime.fromisoformat(str(when))
        docs.append(
            {
                "id": iid,
                "kind": kind,
                "when": iso_utc(moment),
                "note": note,
                "participants": people[iid],
                "all_day": bool(all_day),
                "date": utc_to_local(moment).date().isoformat(),
            }
        )
    return docs
