"""Keep in touch: cadences, what is due, birthdays and anniversaries, announcements.

Everything here works on calendar dates in the user's local time zone: an
interaction logged "on 3 March" restarts its contact's cadence from 3 March
wherever the clock says it is, and a birthday is a month and a day, never an
instant that a time zone could shift.

Why a stored `contact.next_due`: "who is overdue" must be answered many times
a minute by the tray without blocking the UI, over 50,000 contacts and 500,000
interactions. A GROUP BY over interactions took 140 ms; an index range over a
stored date takes well under a millisecond for the top rows. The price is that
every writer that changes an input (interactions, tags, cadences, snoozes)
calls `refresh_next_due(ids)` inside its own transaction.

The four kinds of due item:
- keep-in-touch: last interaction (or creation, if none) + cadence. A contact's own
  cadence wins over its tags'; among several tags the most frequent cadence wins.
- follow-up: an open reminder (one-off or repeating), surfacing `notice_days` early.
- birthday / anniversary: with or without a year; 29 February falls on 28 February
  in common years; surfacing `date_notice_days` early and staying listed for
  BIRTHDAY_GRACE_DAYS after the day (belated wishes still count), unless marked done
  for that occurrence's year (the date_done table; next year's comes back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _json_str
from operator import attrgetter
from typing import Any, TypeVar

from netkeeper.model.db import db
from netkeeper.model.tables import Contact, Tag, utcnow
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.dates import utc_to_local
from netkeeper.services.names import shown_name_sql
from netkeeper.services.recurrence import approx_days, delta, describe, parse_interval

KINDS = (
    "follow-up",
    "keep-in-touch",
    "birthday",
    "anniversary",
    "group-meeting",
    "commitment",
)
# Items about a group rather than one person: contact_id is None and group_id is set.
GROUP_KINDS = ("group-meeting", "commitment")
YEARLY_KINDS = ("birthday", "anniversary")
OFF = "off"
BIRTHDAY_GRACE_DAYS = 7
MAX_NOTICE_DAYS = 60
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_CHUNK = 500
_T = TypeVar("_T")


@dataclass(slots=True)
class DueItem:
    """One thing to do about one person, on one day.

    Not frozen: a frozen dataclass costs 5x more to build, and `due` builds
    tens of thousands of these for a large, neglected address book.
    """

    contact_id: int | None
    contact: str
    kind: str
    due: dt.date
    overdue_days: int
    note: str
    reminder_id: int | None = None
    # The day it first shows (due date minus advance notice, or the snooze date).
    surfaced: dt.date | None = field(default=None, compare=False)
    # A repeating follow-up's rule for people ("every month"), so a view can show it in
    # its own column without parsing the note; None for one-offs and the other kinds.
    repeat: str | None = field(default=None, compare=False)
    # Group items: the group, and for a commitment its id (contact_id is None for mine).
    group_id: int | None = None
    commitment_id: int | None = None

    @property
    def key(self) -> str:
        """Identity of this occurrence: a new due date (a restarted cadence) is a new item."""
        ref = (
            self.reminder_id
            if self.reminder_id is not None
            else self.commitment_id
            if self.commitment_id is not None
            else self.group_id
            if self.contact_id is None
            else self.contact_id
        )
        if self.kind == "group-meeting" and self.overdue_days < 0:
            # The eve of a meeting is its own announcement; the day itself is another.
            return f"{self.kind}:{ref}:{self.due.isoformat()}:eve"
        return f"{self.kind}:{ref}:{self.due.isoformat()}"

    def document(self) -> dict[str, Any]:
        """The `netkeeper due --json` document (contract: extend, never rename). Group items
        add `group_id` (and `commitment_id`); the other kinds keep their exact shape."""
        return {
            "contact_id": self.contact_id,
            "contact": self.contact,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "overdue_days": self.overdue_days,
            "note": self.note,
            "reminder_id": self.reminder_id,
        } | (
            {"group_id": self.group_id, "commitment_id": self.commitment_id}
            if self.group_id is not None
            else {}
        )

    def json(self) -> str:
        """document() as JSON text, written out directly: 3x faster than json.dumps of the
        dict, which `netkeeper due --json` feels with tens of thousands of items."""
        rid = _json_int(self.reminder_id)
        group = (
            f', "group_id": {int(self.group_id)}, "commitment_id": {_json_int(self.commitment_id)}'
            if self.group_id is not None
            else ""
        )
        return (
            f'{{"contact_id": {_json_int(self.contact_id)}, "contact": {_json_str(self.contact)},'
            f' "kind": {_json_str(self.kind)}, "due": "{self.due.isoformat()}",'
            f' "overdue_days": {int(self.overdue_days)}, "note": {_json_str(self.note)},'
            f' "reminder_id": {rid}{group}}}'
        )


def _json_int(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def documents_json(items: Sequence[DueItem]) -> str:
    """A JSON array of the items' documents, one per line."""
    return "[" + ",\n ".join(i.json() for i in items) + "]"


# --- local calendar dates -----------------------------------------------------------------


def local_day(utc_text: Any) -> dt.date | None:
    """A stored naive-UTC timestamp (text or datetime) -> the user's local calendar date."""
    if utc_text is None:
        return None
    moment = utc_text if isinstance(utc_text, dt.datetime) else dt.datetime.fromisoformat(utc_text)
    return utc_to_local(moment).date()


# SQLite's 'localtime' goes through the same C library as Python's astimezone(),
# at a fraction of the cost per row: queries use it instead of local_day().
_LOCAL_LAST = "date(c.last_interaction, 'localtime')"


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def occurrence_in(year: int, month: int, day: int) -> dt.date:
    """The day a yearly date falls on in `year`: 29 February is 28 February in common years."""
    if month == 2 and day == 29:
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def split_calendar_date(text: str) -> tuple[int | None, int, int]:
    """ "1990-02-29" -> (1990, 2, 29); "--02-29" -> (None, 2, 29)."""
    if text.startswith("--"):
        return None, int(text[2:4]), int(text[5:7])
    return int(text[:4]), int(text[5:7]), int(text[8:10])


# --- cadences -----------------------------------------------------------------------------


def effective_cadence(own: str | None, tag_cadences: Iterable[str]) -> str | None:
    """The cadence that applies: the contact's own (unless "off"), else the most frequent tag's."""
    if own == OFF:
        return None
    if own:
        return own
    cadences = [c for c in tag_cadences if c]
    return min(cadences, key=approx_days) if cadences else None


def compute_next_due(
    cadence: str | None,
    last_interaction: dt.date | None,
    created: dt.date,
    *,
    paused: bool = False,
    snoozed_until: dt.date | None = None,
) -> dt.date | None:
    """Last interaction (or creation) + cadence, pushed to the snooze date; None when off."""
    if paused or not cadence:
        return None
    due: dt.date = (last_interaction or created) + delta(cadence)
    if snoozed_until is not None and snoozed_until > due:
        return snoozed_until
    return due


def _chunks(ids: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


# The user's own card ("me") is never due: its cadence reads as "off".
_NEXT_DUE_INPUTS = """
SELECT c.id, CASE WHEN c.is_me THEN 'off' ELSE c.cadence END, c.paused, c.snoozed_until,
       date(c.last_interaction, 'localtime'),
       date(c.created_at, 'localtime'), c.next_due,
       (SELECT group_concat(t.cadence, '|') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
        WHERE ct.contact_id = c.id AND t.cadence IS NOT NULL),
       (SELECT group_concat(g.cadence, '|') FROM group_member m
        JOIN network_group g ON g.id = m.group_id
        WHERE m.contact_id = c.id AND g.cadence IS NOT NULL AND m.role != 'prospect')
FROM contact c
"""


def refresh_next_due(contact_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored next-due date of these contacts (all when None); returns changes.

    Called by every writer that changes an input, inside its transaction.
    """
    if contact_ids is None:
        batches: Iterable[Sequence[Any]] = [list(db.execute_sql(_NEXT_DUE_INPUTS))]
    else:
        ids = sorted(set(contact_ids))
        batches = (
            list(
                db.execute_sql(
                    _NEXT_DUE_INPUTS + f" WHERE c.id IN ({','.join('?' * len(chunk))})", chunk
                )
            )
            for chunk in _chunks(ids)
        )
    changes: list[tuple[str | None, int]] = []
    for rows in batches:
        for cid, own, paused, snoozed, last, created, stored, tag_text, group_text in rows:
            cadence = effective_cadence(
                own, (tag_text or "").split("|") + (group_text or "").split("|")
            )
            if cadence is None and stored is None:
                continue  # the common case in a bulk import: nothing to compute
            due = compute_next_due(
                cadence,
                _day(last),
                _day(created) or dt.date.today(),
                paused=bool(paused),
                snoozed_until=_day(snoozed),
            )
            text = due.isoformat() if due else None
            if text != stored:
                changes.append((text, cid))
    if changes:
        with db.atomic():
            db.cursor().executemany("UPDATE contact SET next_due = ? WHERE id = ?", changes)
    return len(changes)


def _live_contact(contact_id: int) -> None:
    if not Contact.select().where(Contact.id == contact_id, Contact.deleted_at.is_null()).exists():
        raise NotFound(f"no contact with id {contact_id}")


def set_cadence(contact_id: int, every: str | None) -> str | None:
    """Set a contact's own cadence: "N days|weeks|months", "off" (never, whatever the
    tags say) or None (follow the tags). Returns the stored form."""
    _live_contact(contact_id)
    stored = every if every is None or every == OFF else parse_interval(every)
    with db.atomic():
        Contact.update(cadence=stored).where(Contact.id == contact_id).execute()
        refresh_next_due([contact_id])
    return stored


def set_cadences(contact_ids: Sequence[int], every: str | None) -> dict[int, str | None]:
    """set_cadence for many contacts in one transaction (a selection in the window).

    Returns each contact's own cadence as it was, so `restore_cadences` can undo it.
    """
    ids = list(dict.fromkeys(int(c) for c in contact_ids))
    if not ids:
        raise ServiceError("no contacts given")
    stored = every if every is None or every == OFF else parse_interval(every)
    with db.atomic():
        before = own_cadences(ids)
        missing = [c for c in ids if c not in before]
        if missing:
            raise NotFound(f"no contact with id {missing[0]}")
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            db.execute_sql(
                f"UPDATE contact SET cadence = ? WHERE id IN ({marks})", [stored, *chunk]
            )
        refresh_next_due(ids)
    return before


def own_cadences(contact_ids: Sequence[int]) -> dict[int, str | None]:
    """Each live contact's own cadence ("N units", "off", or None: from the tags)."""
    found: dict[int, str | None] = {}
    for chunk in _chunks(list(contact_ids)):
        marks = ",".join("?" * len(chunk))
        for cid, own in db.execute_sql(
            f"SELECT id, cadence FROM contact WHERE deleted_at IS NULL AND id IN ({marks})",
            list(chunk),
        ):
            found[int(cid)] = own
    return found


def restore_cadences(previous: dict[int, str | None]) -> None:
    """Put back the own cadences `set_cadences` returned (contacts gone since are skipped)."""
    with db.atomic():
        db.cursor().executemany(
            "UPDATE contact SET cadence = ? WHERE id = ?", [(v, k) for k, v in previous.items()]
        )
        refresh_next_due(list(previous))


def set_tag_cadence(tag_name: str, every: str | None) -> str | None:
    """Default cadence for everyone with this tag (None removes it); returns the stored form."""
    tag = Tag.get_or_none(Tag.name == tag_name.strip())
    if tag is None:
        raise NotFound(f"no tag named '{tag_name}'")
    stored = parse_interval(every) if every else None
    with db.atomic():
        Tag.update(cadence=stored).where(Tag.id == tag.id).execute()
        refresh_next_due(_tag_members(int(tag.id)))
    return stored


def _tag_members(tag_id: int) -> list[int]:
    return [
        r[0] for r in db.execute_sql("SELECT contact_id FROM contact_tag WHERE tag_id=?", [tag_id])
    ]


def tag_cadences() -> dict[str, str]:
    """Tag name -> cadence, for the tags that have one."""
    rows = db.execute_sql("SELECT name, cadence FROM tag WHERE cadence IS NOT NULL")
    return {str(name): str(cadence) for name, cadence in rows}


def set_paused(contact_ids: Sequence[int], paused: bool) -> None:
    """Pause (mute) or resume keep-in-touch for these contacts; birthdays still show."""
    with db.atomic():
        Contact.update(paused=paused).where(Contact.id.in_(list(contact_ids))).execute()
        refresh_next_due(contact_ids)


def set_date_notice(contact_id: int, days: int) -> None:
    """Days of advance notice for this contact's birthday and anniversary."""
    if not 0 <= days <= MAX_NOTICE_DAYS:
        raise ServiceError(f"advance notice must be 0 to {MAX_NOTICE_DAYS} days")
    _live_contact(contact_id)
    Contact.update(date_notice_days=days).where(Contact.id == contact_id).execute()


def cadence_of(contact_id: int) -> dict[str, Any]:
    """What applies to one contact and why: for the detail pane and `cadence` output."""
    row = db.execute_sql(_NEXT_DUE_INPUTS + " WHERE c.id = ?", [contact_id]).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    _cid, own, paused, _snoozed, _last, _created, next_due, tag_text, group_text = row
    tags = [t for t in (tag_text or "").split("|") if t]
    groups = [g for g in (group_text or "").split("|") if g]
    cadence = effective_cadence(own, tags + groups)
    source = None
    if own:
        source = "contact"
    elif cadence:
        source = "tag" if cadence in tags else "group"
    return {
        "own": own,
        "cadence": cadence,
        "source": source,
        "paused": bool(paused),
        "next_due": next_due,
        "description": describe(cadence) if cadence else None,
    }


# --- what is due --------------------------------------------------------------------------


def _keep_in_touch(
    as_of: dt.date, horizon: dt.date, low: dt.date | None, limit: int | None
) -> list[DueItem]:
    sql = (
        # INDEXED BY: without ANALYZE statistics the planner prefers the
        # deleted_at index and sorts every live contact (measured: 30x slower).
        f"SELECT c.id, {shown_name_sql('c')}, c.next_due,"
        " CAST(julianday(?) - julianday(c.next_due) AS INTEGER),"
        f" coalesce('last in touch ' || {_LOCAL_LAST}, 'not in touch yet')"
        " FROM contact c INDEXED BY contact_next_due"
        " WHERE c.deleted_at IS NULL AND c.next_due <= ?"
    )
    params: list[Any] = [as_of.isoformat(), horizon.isoformat()]
    if low is not None:
        sql += " AND c.next_due >= ?"
        params.append(low.isoformat())
    sql += " ORDER BY c.next_due"  # index order: (next_due, full_name, ...)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    fromiso = dt.date.fromisoformat
    return [
        DueItem(cid, name, "keep-in-touch", day, overdue, note, None, day)
        for cid, name, day, overdue, note in (
            (cid, name, fromiso(text), overdue, note)
            for cid, name, text, overdue, note in db.execute_sql(sql, params)
        )
    ]


def _follow_ups(as_of: dt.date, horizon: dt.date) -> list[DueItem]:
    sql = (
        f"SELECT r.id, r.contact_id, {shown_name_sql('c')}, r.due, r.snoozed_until,"
        " r.notice_days,"
        " r.note, r.recurrence FROM reminder r INDEXED BY reminder_open_due"
        " JOIN contact c ON c.id = r.contact_id"
        " WHERE r.done_at IS NULL AND c.deleted_at IS NULL AND NOT c.is_me AND r.due <= ?"
    )
    # Due by the horizon, plus the few later ones whose advance notice reaches back to it
    # (notice_days is in the index, so the look-ahead costs no row reads).
    ahead = (horizon + dt.timedelta(days=MAX_NOTICE_DAYS)).isoformat()
    rows = list(db.execute_sql(sql, [horizon.isoformat()]))
    rows += db.execute_sql(
        sql + " AND r.due > ? AND r.notice_days > 0", [ahead, horizon.isoformat()]
    )
    items = []
    for rid, cid, name, due_text, snoozed_text, notice, note, recurrence in rows:
        due = dt.date.fromisoformat(due_text)
        snoozed = _day(snoozed_text)
        if snoozed is not None and snoozed > due:
            due = snoozed
        surface = due - dt.timedelta(days=notice or 0)
        if surface > horizon:
            continue
        text = note or "follow up"
        repeat = describe(recurrence) if recurrence else None
        if repeat:
            text += f" ({repeat})"
        items.append(
            DueItem(cid, name, "follow-up", due, (as_of - due).days, text, rid, surface, repeat)
        )
    return items


def _month_day_ranges(first: dt.date, last: dt.date) -> list[tuple[str, str]] | None:
    """MM-DD ranges covering first..last (inclusive), one day wider each side; None = all."""
    first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    if (last - first).days >= 365:
        return None
    a, b = first.strftime("%m-%d"), last.strftime("%m-%d")
    if a <= b and first.year == last.year:
        return [(a, b)]
    return [(a, "12-31"), ("01-01", b)]


def _yearly_dates(as_of: dt.date, horizon: dt.date) -> list[DueItem]:
    earliest = as_of - dt.timedelta(days=BIRTHDAY_GRACE_DAYS)
    latest = horizon + dt.timedelta(days=MAX_NOTICE_DAYS)
    # Everything up to the horizon; beyond it, up to MAX_NOTICE_DAYS more, only the dates
    # with advance notice (date_notice_days is in the index: no row reads for the rest).
    plain = _month_day_ranges(earliest, horizon)
    ahead = _month_day_ranges(horizon, latest) if plain is not None else []
    items: list[DueItem] = []
    for column, kind in (("birthday", "birthday"), ("anniversary", "anniversary")):
        sql = (
            f"SELECT id, {shown_name_sql('contact')}, {column}, date_notice_days, snoozed_until"
            f" FROM contact INDEXED BY contact_{column}_md"
            f" WHERE {column} IS NOT NULL AND deleted_at IS NULL AND NOT is_me"
        )
        # One index range per query: an OR of two ranges makes SQLite scan the index.
        between = f" AND substr({column}, -5) BETWEEN ? AND ?"
        queries: list[tuple[str, list[str]]] = [(sql, [])]
        if plain is not None:
            queries = [(sql + between, list(r)) for r in plain]
            queries += [(sql + between + " AND date_notice_days > 0", list(r)) for r in ahead or []]
        # Keyed by id: the ranges overlap by a day or two at their ends.
        rows = {row[0]: row for q, params in queries for row in db.execute_sql(q, params)}
        years = range(earliest.year, horizon.year + 2)  # those _yearly_item looks at
        done = _done_years(kind, years, list(rows)) if rows else {}
        for cid, name, text, notice, snoozed_text in rows.values():
            item = _yearly_item(
                cid,
                name,
                kind,
                text,
                notice or 0,
                _day(snoozed_text),
                as_of,
                horizon,
                done.get(cid, ()),
            )
            if item is not None:
                items.append(item)
    return items


def _yearly_item(
    cid: int,
    name: str,
    kind: str,
    text: str,
    notice: int,
    snoozed: dt.date | None,
    as_of: dt.date,
    horizon: dt.date,
    done: Container[int] = (),
) -> DueItem | None:
    """The occurrence of a birthday/anniversary that is due, if any (`done`: years whose
    occurrence the user marked done, which are skipped)."""
    try:
        year, month, day = split_calendar_date(text)
    except ValueError:
        return None  # a malformed stored date must not hide everyone else's
    earliest = as_of - dt.timedelta(days=BIRTHDAY_GRACE_DAYS)
    for y in range(earliest.year, horizon.year + 2):
        when = occurrence_in(y, month, day)
        if year is not None and y <= year:
            continue  # not before the first anniversary / the day of birth
        if y in done:
            continue
        surface = when - dt.timedelta(days=notice)
        if snoozed is not None and snoozed > surface:
            surface = snoozed
        if when < earliest or surface > horizon:
            continue
        if year is None:
            note = ""
        elif kind == "birthday":
            note = f"turns {y - year}"
        else:
            note = f"{y - year} years"
        return DueItem(cid, name, kind, when, (as_of - when).days, note, None, surface)
    return None


def _done_years(kind: str, years: Sequence[int], ids: Sequence[int]) -> dict[int, set[int]]:
    """Contact id -> years marked done for `kind`, among these contacts and years.

    Primary-key look-ups for just the contacts whose date is near (hundreds), never
    the whole year's done rows: with 8,000 birthdays done in a year, reading them all
    added 5 ms to the tray's count; looking up the few near ones adds well under one.
    """
    found: dict[int, set[int]] = {}
    year_marks = ",".join("?" * len(years))
    for chunk in _chunks(ids):
        for cid, year in db.execute_sql(
            f"SELECT contact_id, year FROM date_done WHERE year IN ({year_marks})"
            f" AND kind = ? AND contact_id IN ({','.join('?' * len(chunk))})",
            [*years, kind, *chunk],
        ):
            found.setdefault(cid, set()).add(year)
    return found


# (contact_id, "birthday" | "anniversary", year of the occurrence)
DateKey = tuple[int, str, int]


def date_key(item: DueItem) -> DateKey:
    """Which occurrence a birthday/anniversary item is: a birthday seen early (advance
    notice) or late (belated days) across New Year belongs to its own date's year."""
    if item.kind not in YEARLY_KINDS or item.contact_id is None:
        raise ServiceError(f"{item.kind}: only birthdays and anniversaries are done for a year")
    return item.contact_id, item.kind, item.due.year


def mark_dates_done(keys: Iterable[DateKey]) -> list[DateKey]:
    """Mark these birthday/anniversary occurrences done: they leave the due list (and the
    tray's count) for that year and come back the next. Returns the keys that were not
    already done, so an Undo takes back exactly what this call did."""
    wanted = list(dict.fromkeys(keys))
    for _cid, kind, _year in wanted:
        if kind not in YEARLY_KINDS:
            raise ServiceError(f"{kind}: only birthdays and anniversaries are done for a year")
    new: list[DateKey] = []
    with db.atomic():
        for cid in sorted({k[0] for k in wanted}):
            _live_contact(cid)
        now = utcnow().isoformat(sep=" ")
        for cid, kind, year in wanted:
            cursor = db.execute_sql(
                "INSERT OR IGNORE INTO date_done (year, kind, contact_id, created_at)"
                " VALUES (?, ?, ?, ?)",
                [year, kind, cid, now],
            )
            if cursor.rowcount:
                new.append((cid, kind, year))
    return new


def unmark_dates_done(keys: Iterable[DateKey]) -> int:
    """Undo mark_dates_done: these occurrences are due again; returns how many were done."""
    removed = 0
    with db.atomic():
        for cid, kind, year in keys:
            cursor = db.execute_sql(
                "DELETE FROM date_done WHERE year = ? AND kind = ? AND contact_id = ?",
                [year, kind, cid],
            )
            removed += cursor.rowcount
    return removed


def _merge(small: list[DueItem], kit: list[DueItem], limit: int | None) -> list[DueItem]:
    """Most overdue first; on the same day follow-ups, keep-in-touch, birthdays, anniversaries
    (KINDS order), then by contact id (keep-in-touch: by name, the index's order). Each
    source comes sorted, so the stable sort on the date alone is a cheap merge of runs."""
    small = sorted(small, key=lambda i: (i.due, _KIND_ORDER[i.kind], i.contact_id or 0))
    items = [i for i in small if i.kind == "follow-up"] + kit
    items += [i for i in small if i.kind != "follow-up"]
    items.sort(key=attrgetter("due"))
    return items[:limit] if limit is not None else items


def _small(as_of: dt.date, horizon: dt.date) -> list[DueItem]:
    """Follow-ups, birthdays, anniversaries and group items: hundreds at most, so built
    in Python."""
    from netkeeper.services.groups.due import group_items  # groups build on this module

    return _follow_ups(as_of, horizon) + _yearly_dates(as_of, horizon) + group_items(as_of, horizon)


def due(as_of: dt.date | None = None, days: int = 0, *, limit: int | None = None) -> list[DueItem]:
    """Everything overdue or due up to `days` after `as_of` (default today), most overdue first.

    Items with advance notice appear that many days before their date. `limit`
    keeps the answer to the first N cheaply (keep-in-touch stops in the index).
    """
    if days < 0:
        raise ServiceError("--days must be 0 or more")
    as_of = as_of or dt.date.today()
    horizon = as_of + dt.timedelta(days=days)
    return _merge(_small(as_of, horizon), _keep_in_touch(as_of, horizon, None, limit), limit)


def yearly_due(as_of: dt.date, days: int) -> list[DueItem]:
    """Birthdays and anniversaries only, in `due`'s order: what `due(as_of, days)` lists of
    them, without building the keep-in-touch items (most of the work at 50,000 contacts)."""
    return _merge(_yearly_dates(as_of, as_of + dt.timedelta(days=days)), [], None)


def recently_due(
    as_of: dt.date, lookback_days: int = 14, *, limit: int | None = 200
) -> list[DueItem]:
    """Items that surfaced in the last `lookback_days` up to `as_of`: what may need announcing."""
    return summary(as_of, lookback_days=lookback_days, recent_limit=limit).recent


def count_due(as_of: dt.date | None = None) -> int:
    """How many items are due or overdue on `as_of`: the number on the tray icon."""
    return summary(as_of or dt.date.today(), limit=0).count


@dataclass
class DueSummary:
    """What the tray needs each minute, from one pass over the indexes."""

    count: int  # due or overdue on the day
    top: list[DueItem]  # the first `limit` of them, most overdue first
    recent: list[DueItem]  # those that surfaced within the look-back: candidates to announce


def summary_steps(
    as_of: dt.date, *, limit: int = 20, lookback_days: int = 14, recent_limit: int | None = 200
) -> Iterator[DueSummary | None]:
    """summary() in slices of a few milliseconds, yielding None between them.

    A UI thread runs one slice per event-loop turn, so even a large address book
    never holds it for long: follow-ups, then birthdays, then keep-in-touch.
    """
    from netkeeper.services.groups.due import group_items  # groups build on this module

    follow = _follow_ups(as_of, as_of)
    yield None
    small = follow + _yearly_dates(as_of, as_of)
    yield None
    small += group_items(as_of, as_of)  # as due() has them: the tray names meetings too
    yield None
    low = as_of - dt.timedelta(days=lookback_days)
    count = db.execute_sql(
        "SELECT count(*) FROM contact INDEXED BY contact_next_due"
        " WHERE deleted_at IS NULL AND next_due <= ?",
        [as_of.isoformat()],
    ).fetchone()[0]
    top = _merge(small, _keep_in_touch(as_of, as_of, None, limit), limit)
    recent_small = [i for i in small if i.surfaced is not None and i.surfaced >= low]
    recent = _merge(recent_small, _keep_in_touch(as_of, as_of, low, recent_limit), recent_limit)
    yield DueSummary(int(count) + len(small), top, recent)


def summary(
    as_of: dt.date, *, limit: int = 20, lookback_days: int = 14, recent_limit: int | None = 200
) -> DueSummary:
    """Count, top items and recently surfaced items for `as_of`, without listing everything.

    Keep-in-touch (possibly tens of thousands overdue) is counted and cut inside its
    index; the small kinds are built once and shared by the three answers.
    """
    steps = summary_steps(
        as_of, limit=limit, lookback_days=lookback_days, recent_limit=recent_limit
    )
    return [part for part in steps if part is not None][-1]


def snooze_all(as_of: dt.date, until: dt.date, items: Sequence[DueItem] | None = None) -> int:
    """Push every item due on `as_of` (or the given ones) to `until`; returns how many."""
    items = list(items) if items is not None else due(as_of)
    reminder_ids = [i.reminder_id for i in items if i.reminder_id is not None]
    # Group items (a meeting, a commitment) are not snoozed: the meeting happens anyway,
    # and a commitment is rescheduled on the group's page.
    kit_ids = sorted(
        {i.contact_id for i in items if i.kind == "keep-in-touch" and i.contact_id is not None}
    )
    dated_ids = sorted(
        {i.contact_id for i in items if i.kind in YEARLY_KINDS and i.contact_id is not None}
    )
    with db.atomic():
        for chunk in _chunks(reminder_ids):
            marks = ",".join("?" * len(chunk))
            db.execute_sql(
                f"UPDATE reminder SET snoozed_until = ? WHERE id IN ({marks})",
                [until.isoformat(), *chunk],
            )
        slow: list[int] = []
        for chunk in _chunks(kit_ids):
            # With next_due <= until, the recomputed date max(base, until) is `until` itself:
            # set it directly instead of recomputing tens of thousands of rows one by one.
            marks = ",".join("?" * len(chunk))
            db.execute_sql(
                f"UPDATE contact SET snoozed_until = ?1, next_due = ?1"
                f" WHERE id IN ({marks}) AND next_due <= ?1",
                [until.isoformat(), *chunk],
            )
            rows = db.execute_sql(
                f"SELECT id FROM contact WHERE id IN ({marks}) AND snoozed_until IS NOT ?",
                [*chunk, until.isoformat()],
            )
            slow += [r[0] for r in rows]
        slow += dated_ids
        for chunk in _chunks(slow):
            marks = ",".join("?" * len(chunk))
            db.execute_sql(
                f"UPDATE contact SET snoozed_until = ? WHERE id IN ({marks})",
                [until.isoformat(), *chunk],
            )
        refresh_next_due(slow)
    return len(items)


def new_acquaintances(interaction_id: int) -> list[int]:
    """Participants for whom this interaction is the first one logged: worth a follow-up."""
    rows = db.execute_sql(
        "SELECT p.contact_id FROM interaction_participant p WHERE p.interaction_id = ?"
        " AND NOT EXISTS (SELECT 1 FROM interaction_participant q"
        "  JOIN interaction j ON j.id = q.interaction_id"
        "  JOIN interaction i ON i.id = p.interaction_id"
        "  WHERE q.contact_id = p.contact_id AND q.interaction_id != p.interaction_id"
        "  AND j.occurred_at <= i.occurred_at)",
        [interaction_id],
    )
    return [r[0] for r in rows]


# --- announcements (the tray's memory) ----------------------------------------------------


def change_stamp() -> tuple[int, int]:
    """Differs whenever the database changed: commits by other connections (a `netkeeper`
    command in a terminal) move `data_version`, this connection's own writes move
    `total_changes`. Lets the tray skip recomputing a summary that cannot have changed."""
    version = db.execute_sql("PRAGMA data_version").fetchone()[0]
    return int(version), int(db.connection().total_changes)


def announced_days(keys: Sequence[str]) -> dict[str, dt.date]:
    """When each of these keys was last announced (keys never announced are absent)."""
    found: dict[str, dt.date] = {}
    for chunk in _chunks(list(keys)):
        marks = ",".join("?" * len(chunk))
        for key, day in db.execute_sql(
            f"SELECT key, day FROM announcement WHERE key IN ({marks})", list(chunk)
        ):
            found[key] = dt.date.fromisoformat(str(day))
    return found


def mark_announced(keys: Iterable[str], day: dt.date) -> None:
    rows = [(k, day.isoformat()) for k in keys]
    if rows:
        with db.atomic():
            db.cursor().executemany(
                "INSERT OR REPLACE INTO announcement (key, day) VALUES (?, ?)", rows
            )


def forget_announcements(before: dt.date) -> int:
    """Drop what was announced before `before`: keys of past occurrences are never asked again."""
    cursor = db.execute_sql("DELETE FROM announcement WHERE day < ?", [before.isoformat()])
    return int(cursor.rowcount)
