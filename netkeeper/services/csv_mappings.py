"""Saved CSV column mappings: made once in the import dialog, found again by the file's header.

A user who imports the same kind of spreadsheet every month (an event's
attendee list, a CRM export) should map its columns once. A mapping is saved
under a name with the header row it was made for; opening a file with the same
columns (order, case and spacing aside) offers it again, and the command line
uses it with `import --mapping NAME`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from netkeeper.io.csv.mapping import FIELDS, NAME_FIELDS, suggest_all
from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError

__all__ = [
    "FIELDS",
    "NAME_FIELDS",
    "SavedMapping",
    "delete_mapping",
    "get_mapping",
    "header_key",
    "list_mappings",
    "mapping_for_header",
    "save_mapping",
    "suggest_all",
]


@dataclass
class SavedMapping:
    name: str
    columns: dict[str, str]  # column header -> field
    encoding: str | None = None
    delimiter: str | None = None


def header_key(header: Sequence[str]) -> str:
    """The same set of columns, whatever their order, case or spacing."""
    names = sorted({" ".join(h.split()).casefold() for h in header if h.strip()})
    return "\x1f".join(names)


def save_mapping(
    name: str,
    header: Sequence[str],
    columns: Mapping[str, str],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> None:
    """Save (or replace) the mapping called `name` for files with this header."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError("a saved mapping needs a name")
    bad = [f for f in columns.values() if f not in FIELDS]
    if bad:
        raise ServiceError(f"'{bad[0]}' is not a field NetKeeper knows")
    with db.atomic():
        db.execute_sql("DELETE FROM csv_mapping WHERE name = ? COLLATE NOCASE", (name,))
        db.execute_sql(
            "INSERT INTO csv_mapping (name, header_key, columns, encoding, delimiter, updated_at)"
            " VALUES (?,?,?,?,?,?)",
            (
                name,
                header_key(header),
                json.dumps(dict(columns), ensure_ascii=False),
                encoding,
                delimiter,
                utcnow(),
            ),
        )


def _row(row: tuple[str, str, str | None, str | None]) -> SavedMapping:
    name, columns, encoding, delimiter = row
    return SavedMapping(name, dict(json.loads(columns)), encoding, delimiter)


def get_mapping(name: str) -> SavedMapping:
    row = db.execute_sql(
        "SELECT name, columns, encoding, delimiter FROM csv_mapping WHERE name = ? COLLATE NOCASE",
        (" ".join(name.split()),),
    ).fetchone()
    if row is None:
        names = list_mappings()
        known = f" (saved: {', '.join(names)})" if names else " (none is saved yet)"
        raise NotFound(f"no saved mapping named '{name}'{known}")
    return _row(row)


def mapping_for_header(header: Sequence[str]) -> SavedMapping | None:
    """The most recently saved mapping made for exactly these columns, if any."""
    row = db.execute_sql(
        "SELECT name, columns, encoding, delimiter FROM csv_mapping WHERE header_key = ?"
        " ORDER BY updated_at DESC, id DESC LIMIT 1",
        (header_key(header),),
    ).fetchone()
    return _row(row) if row else None


def list_mappings() -> list[str]:
    return [r[0] for r in db.execute_sql("SELECT name FROM csv_mapping ORDER BY name")]


def delete_mapping(name: str) -> None:
    if not db.execute_sql(
        "DELETE FROM csv_mapping WHERE name = ? COLLATE NOCASE", (name,)
    ).rowcount:
        raise NotFound(f"no saved mapping named '{name}'")
