"""Resolving a GROUP or EVENT argument: its id, its exact name (any case), or an
unambiguous part of the name. One rule for every named table the CLI accepts."""

from __future__ import annotations

from netkeeper.model.db import db
from netkeeper.services import Ambiguous, NotFound, ServiceError


def resolve_named(table: str, noun: str, ref: str, order_by: str = "name") -> int:
    """The id in `table` (columns id, name with NOCASE) that `ref` names."""
    text = " ".join(ref.split())
    if not text:
        raise ServiceError(f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} is needed")
    if text.isascii() and text.isdigit() and len(text) < 19:
        row = db.execute_sql(f"SELECT id FROM {table} WHERE id = ?", (int(text),)).fetchone()
        if row:
            return int(row[0])
    row = db.execute_sql(f"SELECT id FROM {table} WHERE name = ?", (text,)).fetchone()
    if row:
        return int(row[0])
    like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = list(
        db.execute_sql(
            f"SELECT id, name FROM {table} WHERE name LIKE ? ESCAPE '\\' ORDER BY {order_by}",
            (f"%{like}%",),
        )
    )
    if len(rows) == 1:
        return int(rows[0][0])
    if rows:
        names = ", ".join(r[1] for r in rows[:5])
        raise Ambiguous(f"'{ref}' matches several {noun}s: {names}")
    raise NotFound(f"no {noun} matches '{ref}'")
