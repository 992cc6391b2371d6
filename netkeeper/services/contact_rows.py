"""Plain tuples for the contact list: what a 50,000-row view can afford to load.

A list view needs five or six values per contact, not a document. Reading raw
tuples costs ~80 ms for 50,000 contacts where Peewee model instances cost
~450 ms, so this module speaks SQL directly and returns NamedTuples; sorting
and filtering then happen on the Python list (milliseconds), never through a
QSortFilterProxyModel (seconds).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from enum import IntEnum
from typing import Any, NamedTuple

from netkeeper.model import search
from netkeeper.model.db import db
from netkeeper.services.names import shown_name_sql


class ContactRow(NamedTuple):
    """One list row, with dates as the ISO text SQLite stores.

    ISO text sorts like the dates it spells, and parsing 50,000 timestamps up
    front costs more (~60 ms) than the whole query; the model parses the
    few dozen rows it paints.
    """

    id: int
    full_name: str  # the shown name (services/names.py): an email for a card with only that
    organization: str
    title: str
    # Naive UTC "YYYY-MM-DD HH:MM:SS", as stored; the UI shows it as a local date.
    last_interaction: str | None
    # "YYYY-MM-DD": the earliest of the contact's open reminders (snoozing counts)
    # and its keep-in-touch date (contact.next_due, kept by services.followups).
    next_follow_up: str | None
    has_photo: int


class SortKey(IntEnum):
    NAME = 0
    ORGANIZATION = 1
    LAST_INTERACTION = 2
    NEXT_FOLLOW_UP = 3
    STRENGTH = 4  # relationship strength (services/insights/strength.py), given as `scores`


_ROWS_SQL = f"""
SELECT c.id, {shown_name_sql("c")}, c.organization, c.title, c.last_interaction,
       substr(CASE WHEN r.next_due IS NULL THEN c.next_due
                   WHEN c.next_due IS NULL THEN r.next_due
                   ELSE min(r.next_due, c.next_due) END, 1, 10),
       c.photo IS NOT NULL
FROM contact c
LEFT JOIN (
    SELECT contact_id, min(max(due, coalesce(snoozed_until, due))) AS next_due
    FROM reminder WHERE done_at IS NULL GROUP BY contact_id
) r ON r.contact_id = c.id
WHERE c.deleted_at IS NULL
"""


def _convert(rows: Iterable[Sequence[Any]]) -> list[ContactRow]:
    return list(map(ContactRow._make, rows))


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


def name_haystacks(rows: Iterable[ContactRow]) -> dict[int, str]:
    """Folded "name organisation" per contact id (search.fold), built once per load for
    short queries: "mu" finds Müller as the index does."""
    return {r.id: search.fold(f"{r.full_name}\n{r.organization}") for r in rows}


def filter_rows(
    rows: Sequence[ContactRow],
    text: str = "",
    tag: str | None = None,
    haystacks: Mapping[int, str] | Sequence[str] | None = None,
    positions: Mapping[int, int] | None = None,
    only: AbstractSet[int] | None = None,
) -> list[ContactRow]:
    """The rows matching a free-text search (FTS5) and/or carrying a tag and/or among
    `only` (the ids of a "Needs attention" or diversity filter), in the given order.

    A query made only of one- and two-letter words cannot use the trigram
    index and would scan every contact's text, interaction notes included
    (~100 ms at 50,000 contacts); those first keystrokes match names and
    organisations on the loaded rows instead, which is what a person typing
    "Li" or "王" is after. Pass `haystacks` (from name_haystacks) to avoid
    case-folding every row again on every keystroke: by id, or, twice as fast to
    scan, as a list in the order of `rows` (from aligned_haystacks). Pass `positions` (from
    row_positions over these very rows) to make a search with few hits cheap.
    """
    keep: set[int] | None = None
    words = [w for w in (search.fold(w) for w in text.split()) if w]
    # `positions` index the rows as given: once short words narrowed them, they no longer do.
    narrowed = False
    if words and all(len(w) < 3 for w in words):
        narrowed = True
        hay = haystacks if haystacks is not None else name_haystacks(rows)
        if isinstance(hay, Mapping):
            for word in words:
                rows = [r for r in rows if word in hay[r[0]]]
        else:
            first, *rest = words
            pairs = [p for p in zip(rows, hay, strict=True) if first in p[1]]
            for word in rest:
                pairs = [p for p in pairs if word in p[1]]
            rows = [p[0] for p in pairs]
    elif words:
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
    if only is not None:
        keep = set(only) if keep is None else keep & only
    if keep is None:
        return list(rows)
    if positions is not None and not narrowed and len(keep) * 8 < len(rows):
        # A few hits: look them up and put them back in order (~0.1 ms) rather than
        # test 50,000 rows one by one (~5 ms).
        found = sorted(i for i in map(positions.get, keep) if i is not None)
        return [rows[i] for i in found]
    return [r for r in rows if r[0] in keep]  # r[0] is the id; faster than r.id


def aligned_haystacks(rows: Sequence[ContactRow], haystacks: Mapping[int, str]) -> list[str]:
    """name_haystacks in the order of `rows`, for filter_rows over that same list."""
    return [haystacks[r[0]] for r in rows]


def row_positions(rows: Sequence[ContactRow]) -> dict[int, int]:
    """Contact id -> index in `rows`, for filter_rows over the same (sorted) list."""
    return {r[0]: i for i, r in enumerate(rows)}


# Letters with a stroke do not decompose under NFKD; fold them by hand.
_STROKES = str.maketrans("ŁłØøĐđĦħŦŧ", "LlOoDdHhTt")
# Only the Latin/Greek/Cyrillic diacritics: Devanagari vowel signs, say, are letters to keep.
_DIACRITICS = re.compile("[\u0300-\u036f]+")


@functools.lru_cache(maxsize=262_144)
def sort_key(text: str) -> str:
    """Case and accents folded: "Élodie" sorts next to "Elias", not after "Zoe".

    No locale collation without ICU; this keeps Latin names with diacritics where a
    reader looks for them, and leaves other scripts in their own (code point) order.
    Remembered: every refresh re-sorts the same 50,000 names and organisations, and
    folding them again took 0.2 s of the 0.8 s a refresh cost after a change elsewhere.
    """
    if text.isascii():
        return text.casefold()
    folded = unicodedata.normalize("NFKD", text.translate(_STROKES))
    return _DIACRITICS.sub("", folded).casefold()


def sort_rows(
    rows: list[ContactRow],
    key: SortKey,
    descending: bool = False,
    scores: Mapping[int, int] | None = None,
) -> None:
    """Sort in place. Empty values go last whichever the direction; ties fall back to the name.

    STRENGTH sorts by `scores` (contact id -> 0-100); contacts without one go last."""
    rows.sort(key=lambda r: sort_key(r.full_name))
    if key == SortKey.NAME:
        if descending:
            rows.reverse()
        return
    if key == SortKey.ORGANIZATION:
        present = [r for r in rows if r.organization]
        present.sort(key=lambda r: sort_key(r.organization), reverse=descending)
        missing = [r for r in rows if not r.organization]
    elif key == SortKey.STRENGTH:
        known = scores or {}
        present = [r for r in rows if r[0] in known]
        present.sort(key=lambda r: known[r[0]], reverse=descending)
        missing = [r for r in rows if r[0] not in known]
    elif key == SortKey.LAST_INTERACTION:
        present = [r for r in rows if r.last_interaction is not None]
        present.sort(key=lambda r: r.last_interaction or "", reverse=descending)
        missing = [r for r in rows if r.last_interaction is None]
    else:
        present = [r for r in rows if r.next_follow_up is not None]
        present.sort(key=lambda r: r.next_follow_up or "", reverse=descending)
        missing = [r for r in rows if r.next_follow_up is None]
    rows[:] = present + missing


def photo_of(contact_id: int) -> bytes | None:
    """The contact's photo bytes, read only when a row with a photo is painted."""
    row = db.execute_sql("SELECT photo FROM contact WHERE id = ?", (contact_id,)).fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


_NAME_INDEX: tuple[object, list[tuple[int, str, str]]] | None = None


def name_index() -> list[tuple[int, str, str]]:
    """(id, full_name, organization) of every live contact, by name: for pickers and completion.

    Kept until the database changes (any connection's commit or this one's write), so
    opening Log Interaction again over 50,000 contacts skips a ~90 ms query. Callers
    get a copy of the list: it is theirs to filter.
    """
    global _NAME_INDEX
    from netkeeper.services.followups import change_stamp

    stamp = (db.database, id(db.connection()), change_stamp())
    if _NAME_INDEX is None or _NAME_INDEX[0] != stamp:
        rows = db.execute_sql(
            f"SELECT c.id, {shown_name_sql('c')} AS name, c.organization FROM contact c"
            " WHERE c.deleted_at IS NULL ORDER BY name COLLATE NOCASE"
        )
        _NAME_INDEX = (stamp, [(int(i), str(n or ""), str(o or "")) for i, n, o in rows])
    return list(_NAME_INDEX[1])


_LABELS: tuple[object, dict[int, str]] | None = None


def name_labels() -> dict[int, str]:
    """id -> "Name (Organisation)" of every live contact, kept like `name_index`: building
    it for 50,000 contacts was ~35 ms of each Log Interaction dialog's opening. Read-only
    for callers (shared)."""
    global _LABELS
    rows = name_index()
    stamp = _NAME_INDEX[0] if _NAME_INDEX is not None else None
    if _LABELS is None or _LABELS[0] != stamp:
        _LABELS = (stamp, {cid: (f"{name} ({org})" if org else name) for cid, name, org in rows})
    return _LABELS[1]


def live_count() -> int:
    return int(
        db.execute_sql("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]
    )


def introduced_by(contact_id: int, limit: int = 20) -> list[tuple[int, str]]:
    """(id, name) of live contacts this contact introduced, by name: the detail pane's links."""
    rows = db.execute_sql(
        f"SELECT c.id, {shown_name_sql('c')} AS name FROM contact c"
        " WHERE c.introduced_by_id = ? AND c.deleted_at IS NULL"
        " ORDER BY name COLLATE NOCASE LIMIT ?",
        (contact_id, limit),
    )
    return [(int(i), str(n)) for i, n in rows]


def kept_properties(contact_id: int) -> list[tuple[str, str]]:
    """(name, value) of the vCard properties kept from import but not modelled, in card order."""
    rows = db.execute_sql(
        "SELECT name, value FROM contact_property WHERE contact_id = ? ORDER BY position",
        (contact_id,),
    )
    return [(str(n), str(v)) for n, v in rows]
