"""Rapport: what a person cares about, what to ask them next, what to avoid, what to remember.

Interests are a list per contact (kind "interest", "hobby" or "expertise", the
three RFC 6715 vCard 4.0 properties); those the contact shares with "me" are
highlighted. Questions are ticked off when asked, with the day. Topics to avoid
and personal facts are short notes. "Before you talk" shows a contact's
`rapport_of(id)`: its open questions, topics to avoid and shared interests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError

INTEREST_KINDS = ("interest", "hobby", "expertise")
NOTE_KINDS = ("avoid", "fact")


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    text: str
    asked_on: dt.date | None

    def document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "asked_on": self.asked_on.isoformat() if self.asked_on else None,
        }


@dataclass(slots=True)
class Rapport:
    """Everything rapport knows about one contact."""

    interests: list[str] = field(default_factory=list)
    interest_kinds: dict[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    avoid: list[tuple[int, str]] = field(default_factory=list)
    facts: list[tuple[int, str]] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # interests "me" has too

    @property
    def open_questions(self) -> list[Question]:
        return [q for q in self.questions if q.asked_on is None]

    def is_empty(self) -> bool:
        return not (self.interests or self.questions or self.avoid or self.facts)


def _live(contact_id: int) -> None:
    if not db.execute_sql("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone():
        raise NotFound(f"no contact with id {contact_id}")


def _text(text: str, what: str) -> str:
    clean = " ".join(text.split())
    if not clean:
        raise ServiceError(f"{what} cannot be empty")
    return clean


def _touch(contact_id: int) -> None:
    db.execute_sql("UPDATE contact SET updated_at = ? WHERE id = ?", (utcnow(), contact_id))


def add_interest(contact_id: int, name: str, kind: str = "interest") -> bool:
    """Add an interest (case-insensitively once); True when new."""
    _live(contact_id)
    name = _text(name, "an interest")
    if kind not in INTEREST_KINDS:
        raise ServiceError(f"unknown interest kind '{kind}' (use {', '.join(INTEREST_KINDS)})")
    with db.atomic():
        cur = db.execute_sql(
            "INSERT OR IGNORE INTO interest (contact_id, name, kind, position) VALUES (?, ?, ?,"
            " (SELECT coalesce(max(position), -1) + 1 FROM interest WHERE contact_id = ?))",
            (contact_id, name, kind, contact_id),
        )
        if cur.rowcount:
            _touch(contact_id)
    return bool(cur.rowcount)


def remove_interest(contact_id: int, name: str) -> bool:
    _live(contact_id)
    with db.atomic():
        gone = db.execute_sql(
            "DELETE FROM interest WHERE contact_id = ? AND name = ?",
            (contact_id, " ".join(name.split())),
        ).rowcount
        if gone:
            _touch(contact_id)
    return bool(gone)


def set_interests(contact_id: int, names: Sequence[str]) -> None:
    """Replace the interests (the editor's list), keeping the kind of those that stay."""
    _live(contact_id)
    kinds = {n.casefold(): k for n, k in _interests(contact_id)}
    with db.atomic():
        db.execute_sql("DELETE FROM interest WHERE contact_id = ?", (contact_id,))
        rows: list[tuple[int, str, str, int]] = []
        seen: set[str] = set()
        for name in names:
            clean = " ".join(name.split())
            if clean and clean.casefold() not in seen:
                seen.add(clean.casefold())
                rows.append((contact_id, clean, kinds.get(clean.casefold(), "interest"), len(rows)))
        db.cursor().executemany(
            "INSERT INTO interest (contact_id, name, kind, position) VALUES (?,?,?,?)", rows
        )
        _touch(contact_id)


def _interests(contact_id: int) -> list[tuple[str, str]]:
    return [
        (str(n), str(k))
        for n, k in db.execute_sql(
            "SELECT name, kind FROM interest WHERE contact_id = ? ORDER BY position, id",
            (contact_id,),
        )
    ]


def ask(contact_id: int, text: str) -> int:
    """A question to ask next time; returns its id."""
    _live(contact_id)
    text = _text(text, "a question")
    with db.atomic():
        cur = db.execute_sql(
            "INSERT INTO question (contact_id, text, created_at) VALUES (?, ?, ?)",
            (contact_id, text, utcnow()),
        )
        _touch(contact_id)
    return int(cur.lastrowid or 0)


def mark_asked(question_id: int, on: dt.date | None = None, *, asked: bool = True) -> int:
    """Tick a question off (asked on `on`, default today), or untick it; returns its contact."""
    row = db.execute_sql("SELECT contact_id FROM question WHERE id = ?", (question_id,)).fetchone()
    if row is None:
        raise NotFound(f"no question with id {question_id}")
    day = (on or dt.date.today()).isoformat() if asked else None
    with db.atomic():
        db.execute_sql("UPDATE question SET asked_on = ? WHERE id = ?", (day, question_id))
        _touch(int(row[0]))
    return int(row[0])


def remove_question(question_id: int) -> None:
    row = db.execute_sql("SELECT contact_id FROM question WHERE id = ?", (question_id,)).fetchone()
    if row is None:
        raise NotFound(f"no question with id {question_id}")
    with db.atomic():
        db.execute_sql("DELETE FROM question WHERE id = ?", (question_id,))
        _touch(int(row[0]))


def add_note(contact_id: int, kind: str, text: str) -> int:
    """A topic to avoid (kind "avoid") or a fact worth remembering ("fact"); returns its id."""
    if kind not in NOTE_KINDS:
        raise ServiceError(f"unknown note kind '{kind}'")
    _live(contact_id)
    text = _text(text, "a topic to avoid" if kind == "avoid" else "a fact")
    with db.atomic():
        have = db.execute_sql(
            "SELECT id FROM rapport_note WHERE contact_id = ? AND kind = ? AND text = ?",
            (contact_id, kind, text),
        ).fetchone()
        if have:
            return int(have[0])
        cur = db.execute_sql(
            "INSERT INTO rapport_note (contact_id, kind, text, position, created_at)"
            " VALUES (?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM rapport_note"
            " WHERE contact_id = ?), ?)",
            (contact_id, kind, text, contact_id, utcnow()),
        )
        _touch(contact_id)
    return int(cur.lastrowid or 0)


def remove_note(note_id: int) -> None:
    with db.atomic():
        row = db.execute_sql(
            "SELECT contact_id FROM rapport_note WHERE id = ?", (note_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no note with id {note_id}")
        db.execute_sql("DELETE FROM rapport_note WHERE id = ?", (note_id,))
        _touch(int(row[0]))


def _me() -> int | None:
    from netkeeper.services.people.me import me_id

    return me_id()


def rapport_of_many(ids: Sequence[int]) -> dict[int, Rapport]:
    """Rapport for many contacts in four queries (for `list --json` and show)."""
    out: dict[int, Rapport] = {cid: Rapport() for cid in ids}
    me = _me()
    mine = {n.casefold() for n, _ in _interests(me)} if me is not None else set()
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for cid, name, kind in db.execute_sql(
            f"SELECT contact_id, name, kind FROM interest WHERE contact_id IN ({marks})"
            " ORDER BY contact_id, position, id",
            chunk,
        ):
            r = out[cid]
            r.interests.append(name)
            r.interest_kinds[name] = kind
            if cid != me and name.casefold() in mine:
                r.shared.append(name)
        for qid, cid, text, asked in db.execute_sql(
            f"SELECT id, contact_id, text, asked_on FROM question WHERE contact_id IN ({marks})"
            " ORDER BY contact_id, id",
            chunk,
        ):
            day = dt.date.fromisoformat(str(asked)) if asked else None
            out[cid].questions.append(Question(qid, text, day))
        for nid, cid, kind, text in db.execute_sql(
            f"SELECT id, contact_id, kind, text FROM rapport_note WHERE contact_id IN ({marks})"
            " ORDER BY contact_id, position, id",
            chunk,
        ):
            (out[cid].avoid if kind == "avoid" else out[cid].facts).append((nid, text))
    return out


def rapport_of(contact_id: int) -> Rapport:
    return rapport_of_many([contact_id])[contact_id]


def first_open_question(contact_ids: Sequence[int]) -> dict[int, str]:
    """Per contact, its oldest open question: the one line a reminder's tooltip shows."""
    out: dict[int, str] = {}
    ids = list(dict.fromkeys(contact_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for cid, text in db.execute_sql(
            "SELECT contact_id, text FROM question WHERE id IN (SELECT min(id) FROM question"
            f" WHERE asked_on IS NULL AND contact_id IN ({marks}) GROUP BY contact_id)",
            chunk,
        ):
            out[int(cid)] = str(text)
    return out
