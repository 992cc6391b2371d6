"""Plain tuples for the contact list: what a 50,000-row view can afford to load.

A list view needs five or six values per contact, not a document. Reading raw
tuples costs ~80 ms for 50,000 contacts where Peewee model instances cost
~450 ms, so this module speaks SQL directly and returns NamedTuples; sorting
and filtering then happen on the Python list (milliseconds), never through a
QSortFilterProxyModel (seconds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import NamedTuple

from netkeeper.model import search
from netkeeper.model.db import db


class ContactRow(NamedTuple):
    id: int
    full_name: str
    organization: str
    title: str
    # Naive UTC, as stored; the UI shows it as a local date.
    last_interaction: dt.datetime | None
    # The earliest of the contact's open reminders (snoozing counts) and its
    # keep-in-touch date (contact.next_due, kept by services.followups).
    next_follow_up: dt.date | None
    has_photo: bool


class SortKey(IntEnum):
    NAME = 0
    ORGANIZATION = 1
    LAST_INTERACTION = 2
    NEXT_FOLLOW_UP = 3


_ROWS_SQL = """
SELECT c.id, c.full_name, c.organization, c.title, c.last_interaction,
       CASE WHEN r.next_due IS NULL THEN c.next_due
            WHEN c.next_due IS NULL THEN r.next_due
            ELSE min(r.next_due, c.next_due) END,
       c.photo IS NOT NULL
FROM contact c
LEFT JOIN (
    SELECT contact_id, min(max(due, coalesce(snoozed_until, due))) AS next_due
    FROM reminder WHERE done_at IS NULL GROUP BY contact_id
) r ON r.contact_id = c.id
WHERE c.deleted_at IS NULL
"""


def _datetime(value: object) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _convert(rows: Iterable[Sequence[object]]) -> list[ContactRow]:
    # fromisoformat on 50,000 timestamps is ~15 ms; cheaper than one per paint.
    return [
        ContactRow(
            int(r[0]),  # type: ignore[call-overload]
            str(r[1] or ""),
            str(r[2] or ""),
            str(r[3] or ""),
            _datetime(r[4]),
            _date(r[5]),
            bool(r[6]),
        )
        for r in rows
    ]


def contact_rows(ids: Iterable[int] | None = None) -> list[ContactRow]:
    """Rows for all live contacts, or for the given ids (unordered)."""
    if ids is None:
        return _convert(db.execute_sql(_ROWS_SQL))
    wanted = sorted(set(ids))
    out: list[ContactRow] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.extend(_convert(db.execute_sql(_ROWS_SQL + f" AND c.id IN ({marks})", chunk)))
    return out


def filter_rows(
    rows: Sequence[ContactRow], text: str = "", tag: str | None = None
) -> list[ContactRow]:
    """The rows matching a free-text search (FTS5) and/or carrying a tag."""
    keep: set[int] | None = None
    if text.strip():
        keep = set(search.matching_ids(db, text))
    if tag:
        tagged = {
            r[0]
            for r in db.execute_sql(
                "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
                " WHERE t.name = ?",
                (tag.strip(),),
            )
        }
        keep = tagged if keep is None else keep & tagged
    if keep is None:
        return list(rows)
    return [r for r in rows if r.id in keep]


_FAR_PAST = dt.datetime.min
_FAR_FUTURE = dt.date.max


def sort_rows(rows: list[ContactRow], key: SortKey, descending: bool = False) -> None:
    """Sort in place. Empty values go last whichever the direction; ties fall back to the name."""
    rows.sort(key=lambda r: r.full_name.casefold())
    if key == SortKey.NAME:
        if descending:
            rows.reverse()
        return
    if key == SortKey.ORGANIZATION:
        present = [r for r in rows if r.organization]
        present.sort(key=lambda r: r.organization.casefold(), reverse=descending)
        missing = [r for r in rows if not r.organization]
    elif key == SortKey.LAST_INTERACTION:
        present = [r for r in rows if r.last_interaction is not None]
        present.sort(key=lambda r: r.last_interaction or _FAR_PAST, reverse=descending)
        missing = [r for r in rows if r.last_interaction is None]
    else:
        present = [r for r in rows if r.next_follow_up is not None]
        present.sort(key=lambda r: r.next_follow_up or _FAR_FUTURE, reverse=descending)
        missing = [r for r in rows if r.next_follow_up is None]
    rows[:] = present + missing


def photo_of(contact_id: int) -> bytes | None:
    """The contact's photo bytes, read only when a row with a photo is painted."""
    row = db.execute_sql("SELECT photo FROM contact WHERE id = ?", (contact_id,)).fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


def name_index() -> list[tuple[int, str, str]]:
    """(id, full_name, organization) of every live contact, by name: for pickers and completion."""
    rows = db.execute_sql(
        "SELECT id, full_name, organization FROM contact WHERE deleted_at IS NULL"
        " ORDER BY full_name COLLATE NOCASE"
    )
    return [(int(i), str(n or ""), str(o or "")) for i, n, o in rows]


def live_count() -> int:
    return int(
        db.execute_sql("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]
    )
