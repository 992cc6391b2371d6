"""The FTS5 search index: one row per contact, rowid = contact id.

A contact's searchable text spans five tables (names, organisation, emails,
notes, and the notes of its interactions). Rather than triggers on each of
them, writers call `reindex(ids)` inside their transaction; the statement
rebuilds the rows from SQL in one pass, so an import of 50,000 contacts costs
one INSERT ... SELECT, not 50,000 Python round trips.
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import SqliteDatabase

_BODY_SQL = """
SELECT c.id,
       c.full_name || ' ' || c.given_name || ' ' || c.family_name || ' ' ||
       c.additional_names || ' ' || c.nickname || ' ' || c.organization || ' ' ||
       c.department || ' ' || c.title || ' ' || c.notes || ' ' || c.how_met || ' ' ||
       coalesce((SELECT group_concat(e.value, ' ') FROM email e WHERE e.contact_id = c.id), '')
       || ' ' ||
       coalesce((SELECT group_concat(i.note, ' ') FROM interaction i
                 JOIN interaction_participant p ON p.interaction_id = i.id
                 WHERE p.contact_id = c.id AND i.note != ''), '')
FROM contact c
"""


def reindex_all(database: SqliteDatabase) -> None:
    database.execute_sql("DELETE FROM contact_fts")
    database.execute_sql("INSERT INTO contact_fts (rowid, body) " + _BODY_SQL)


def reindex(database: SqliteDatabase, contact_ids: Iterable[int]) -> None:
    ids = sorted(set(contact_ids))
    # SQLite limits bound parameters (32766 since 3.32); chunk well below it.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        database.execute_sql(f"DELETE FROM contact_fts WHERE rowid IN ({marks})", chunk)
        database.execute_sql(
            f"INSERT INTO contact_fts (rowid, body) {_BODY_SQL} WHERE c.id IN ({marks})", chunk
        )


def drop(database: SqliteDatabase, contact_ids: Iterable[int]) -> None:
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        database.execute_sql(f"DELETE FROM contact_fts WHERE rowid IN ({marks})", chunk)


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def matching_ids(database: SqliteDatabase, text: str) -> list[int]:
    """Contact ids whose searchable text contains every word of `text` (case-insensitive).

    Words of three characters or more use the trigram index; shorter words fall
    back to a LIKE over the indexed text, which is a scan but of one table.
    """
    words = [w for w in text.split() if w]
    if not words:
        return []
    clauses: list[str] = []
    params: list[str] = []
    long_words = [w for w in words if len(w) >= 3]
    if long_words:
        clauses.append("contact_fts MATCH ?")
        params.append(" AND ".join(_fts_phrase(w) for w in long_words))
    for w in words:
        if len(w) < 3:
            clauses.append("body LIKE ? ESCAPE '\\'")
            esc = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{esc}%")
    sql = "SELECT rowid FROM contact_fts WHERE " + " AND ".join(clauses)
    return [row[0] for row in database.execute_sql(sql, params)]
