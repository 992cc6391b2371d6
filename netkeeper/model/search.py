"""The FTS5 search index: one row per contact, rowid = contact id.

A contact's searchable text spans five tables (names, organisation, emails,
phones, notes, and the notes of its interactions). Rather than triggers on each
of them, writers call `reindex(ids)` inside their transaction; the rows are read
with one SELECT, folded in Python and written with one executemany, so an import
of 50,000 contacts is two statements, not 50,000 round trips.

The index holds text the way people type it, not the way it is stored:
- `folded`: case, accents and the letters that have no accent to drop folded away
  ("Müller" is indexed as "muller", "Straße" as "strasse", "Zoë" as "zoe"); the
  query is folded the same way, so "muller", "MULLER" and "Müller" all find her.
- `digits`: each phone number as bare digits, in the form stored and in E.164,
  so "+44 20 7946 0958", "020 7946 0958" and "79460958" all find "+44 20 7946 0958"
  (a leading trunk or international "0" is also tried without it).
The trigram tokenizer lets any three characters match anywhere ("lov" finds
Lovelace); shorter words fall back to LIKE over the folded text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from peewee import SqliteDatabase

# Letters that are not a base letter plus a combining mark, so NFKD leaves them alone.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)
# Marks people leave out when they type: Latin/Greek/Cyrillic diacritics (and their
# extensions), Hebrew points, Arabic short vowels. Marks that are letters in their
# script (Devanagari vowel signs, Japanese voicing marks) are kept.
_MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0591-\u05c7\u064b-\u065f\u0670]+"
)
_NOT_DIGITS = re.compile(r"[^0-9]+")
_PHONE_QUERY = re.compile(r"[\d\s+\-().\/]+")

_ROWS_SQL = """
SELECT c.id,
       c.full_name || ' ' || c.given_name || ' ' || c.family_name || ' ' ||
       c.additional_names || ' ' || c.nickname || ' ' || c.organization || ' ' ||
       c.department || ' ' || c.title || ' ' || c.notes || ' ' || c.how_met || ' ' ||
       coalesce((SELECT group_concat(e.value, ' ') FROM email e WHERE e.contact_id = c.id), '')
       || ' ' ||
       coalesce((SELECT group_concat(i.note, ' ') FROM interaction i
                 JOIN interaction_participant p ON p.interaction_id = i.id
                 WHERE p.contact_id = c.id AND i.note != ''), ''),
       (SELECT group_concat(ph.value || char(31) || coalesce(ph.normalized, ''), char(30))
        FROM phone ph WHERE ph.contact_id = c.id)
FROM contact c
"""
_INSERT_SQL = "INSERT INTO contact_fts (rowid, folded, digits) VALUES (?, ?, ?)"


def fold(text: str) -> str:
    """`text` as people type it: lower case, without accents, "ß" as "ss", "æ" as "ae"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return unicodedata.normalize("NFC", _MARKS.sub("", text))


def digits_of(text: str) -> str:
    """The decimal digits of `text`, in any script, as ASCII ("٠٢٠ ٧٩" -> "02079")."""
    if text.isascii():  # the common case, without a call per character
        return _NOT_DIGITS.sub("", text)
    return "".join(str(unicodedata.decimal(c)) for c in text if c.isdecimal())


def _phone_digits(phones: str | None) -> str:
    if not phones:
        return ""
    return _digit_forms(form for phone in phones.split("\x1e") for form in phone.split("\x1f"))


def _digit_forms(forms: Iterable[str]) -> str:
    found: list[str] = []
    for form in forms:
        digits = digits_of(form)
        if digits and digits not in found:
            found.append(digits)
    return " ".join(found)


def _rows(cursor: Iterable[Sequence[Any]]) -> Iterator[tuple[int, str, str]]:
    for cid, text, phones in cursor:
        yield cid, fold(text or ""), _phone_digits(phones)


# The contact columns _ROWS_SQL joins, in its order.
TEXT_COLUMNS = (
    "full_name",
    "given_name",
    "family_name",
    "additional_names",
    "nickname",
    "organization",
    "department",
    "title",
    "notes",
    "how_met",
)


def index_new(
    database: SqliteDatabase,
    entries: Iterable[tuple[int, Sequence[str], Sequence[str], Sequence[tuple[str, str | None]]]],
) -> None:
    """Index contacts that have no search row yet from the values just written.

    Each entry is (contact id, its TEXT_COLUMNS values, its emails, its phones as
    (value, normalized)), all as stored and in position order. The rows are the
    ones `reindex` would read back (a contact this new has no interaction notes),
    without the read: an import of 50,000 contacts spent 3 s of 16 in that SELECT
    and in deleting rows that were not there. test_search checks both agree.
    """
    rows = [
        (
            cid,
            fold(" ".join([*texts, " ".join(emails), ""])),
            _digit_forms(form for value, e164 in phones for form in (value, e164 or "")),
        )
        for cid, texts, emails, phones in entries
    ]
    database.cursor().executemany(_INSERT_SQL, rows)


def last_indexed(database: SqliteDatabase) -> int:
    """The highest contact id with a search row (0 for none): ids above it have none."""
    row = database.execute_sql(
        "SELECT rowid FROM contact_fts ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    return int(row[0]) if row else 0


def reindex_all(database: SqliteDatabase) -> None:
    database.execute_sql("DELETE FROM contact_fts")
    rows = list(_rows(database.execute_sql(_ROWS_SQL)))
    database.cursor().executemany(_INSERT_SQL, rows)


def reindex(database: SqliteDatabase, contact_ids: Iterable[int]) -> None:
    ids = sorted(set(contact_ids))
    # SQLite limits bound parameters (32766 since 3.32); chunk well below it.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        database.execute_sql(f"DELETE FROM contact_fts WHERE rowid IN ({marks})", chunk)
        rows = list(_rows(database.execute_sql(f"{_ROWS_SQL} WHERE c.id IN ({marks})", chunk)))
        database.cursor().executemany(_INSERT_SQL, rows)


def drop(database: SqliteDatabase, contact_ids: Iterable[int]) -> None:
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        database.execute_sql(f"DELETE FROM contact_fts WHERE rowid IN ({marks})", chunk)


def _phrase(column: str, text: str) -> str:
    return f'{column} : "{text.replace(chr(34), chr(34) * 2)}"'


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(words: Sequence[str], params: list[str], numbers_in_phones: bool) -> str:
    """SQL matching every folded word in the text, or, for a number, in the phones too.

    Words of three characters or more go into one MATCH expression (the trigram
    index); shorter ones are LIKE scans of the folded text.
    """
    terms: list[str] = []
    clauses: list[str] = []
    for word in words:
        columns = ["folded", "digits"] if numbers_in_phones and word.isdecimal() else ["folded"]
        if len(word) >= 3:
            terms.append("(" + " OR ".join(_phrase(c, word) for c in columns) + ")")
        else:
            clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
            params.extend(_like(word) for _ in columns)
    if terms:
        clauses.insert(0, "contact_fts MATCH ?")
        params.insert(0, " AND ".join(terms))
    return " AND ".join(clauses)


def _phone_forms(text: str) -> list[str]:
    """The digit strings a phone-number query stands for, or [] if it is not one.

    "020 7946 0958" is tried as typed and without its trunk "0", which is how the
    same number sits inside its E.164 form (+44 20 7946 0958); "0044 ..." likewise,
    and "+44 (0)20 ..." without the "(0)".
    """
    if not _PHONE_QUERY.fullmatch(text):
        return []
    forms: list[str] = []
    # "+44 (0)20 ..." writes the trunk prefix that international dialling drops.
    for digits in (digits_of(text), digits_of(text.replace("(0)", ""))):
        for form in (digits, digits.lstrip("0")):
            if len(form) >= 3 and form not in forms:
                forms.append(form)
    return forms


def matching_ids(database: SqliteDatabase, text: str) -> list[int]:
    """Contact ids whose searchable text contains every word of `text`.

    Words match in any field and any order ("zoe smith"), ignoring case and
    accents; a query that is a phone number in any format matches phone digits.
    """
    words = [fold(w) for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return []
    params: list[str] = []
    # A query that is all number is one phone number, matched whole against the
    # phones: its groups must not match pieces of different numbers.
    phones = _phone_forms(text.strip())
    sql = f"SELECT rowid FROM contact_fts WHERE {_where(words, params, not phones)}"
    if phones:
        sql += " UNION SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?"
        params.append(" OR ".join(_phrase("digits", form) for form in phones))
    return [row[0] for row in database.execute_sql(sql, params)]
