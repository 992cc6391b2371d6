"""Typed relationships, shown on both sides with the right word.

A row reads "contact is other's kind" (Ada is Bob's mentor). Directed kinds
are stored from the senior side, so "Bob is Ada's mentee" and "Ada is Bob's
mentor" are the same row; symmetric kinds (colleague, friend, family, partner
and custom labels) are stored once with the smaller id first. Custom labels
("co-founder", "neighbour") are symmetric: the same word on both pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError

# kind -> the word for the other side.
DIRECTED = {"mentor": "mentee", "manager": "report", "sponsor": "protégé"}
INVERSE = {v: k for k, v in DIRECTED.items()}
SYMMETRIC = ("colleague", "friend", "family", "partner")
KINDS = (*DIRECTED, *INVERSE, *SYMMETRIC)
CUSTOM = "custom:"
_SPELLINGS = {"protege": "protégé", "direct report": "report", "mentee": "mentee"}
# Plural headings for the detail pane.
PLURALS = {
    "mentor": "Mentors",
    "mentee": "Mentees",
    "manager": "Managers",
    "report": "Reports",
    "sponsor": "Sponsors",
    "protégé": "Protégés",
    "colleague": "Colleagues",
    "friend": "Friends",
    "family": "Family",
    "partner": "Partners",
}


@dataclass(frozen=True, slots=True)
class Related:
    """Someone related to the contact at hand: `kind` is what they are to that contact."""

    relationship_id: int
    id: int
    full_name: str
    kind: str
    note: str

    def document(self) -> dict[str, Any]:
        return {"id": self.id, "full_name": self.full_name, "kind": self.kind, "note": self.note}


def normalize_kind(text: str) -> str:
    """A kind as stored or shown: "Mentor" -> "mentor", "custom:Co-founder" -> "custom:co-founder".

    ServiceError for a word that is neither a known kind nor custom:LABEL.
    """
    word = " ".join(text.split()).casefold()
    word = _SPELLINGS.get(word, word)
    if word.startswith(CUSTOM):
        label = word[len(CUSTOM) :].strip()
        if not label:
            raise ServiceError("a custom relationship needs a label: custom:LABEL")
        if label in KINDS:
            return label
        return CUSTOM + label
    if word not in KINDS:
        raise ServiceError(
            f"unknown relationship kind '{text}' (use one of: {', '.join(KINDS)}, or custom:LABEL)"
        )
    return word


def label_of(kind: str) -> str:
    """The word for a kind: "mentor", or a custom label without its prefix."""
    return kind[len(CUSTOM) :] if kind.startswith(CUSTOM) else kind


def _stored(a: int, b: int, kind: str) -> tuple[int, int, str]:
    """ "a is b's kind" as the stored (contact, other, kind)."""
    if kind in INVERSE:
        return b, a, INVERSE[kind]
    if kind in DIRECTED:
        return a, b, kind
    return (a, b, kind) if a < b else (b, a, kind)


def _check(a: int, b: int) -> None:
    if a == b:
        raise ServiceError("a contact cannot be related to themselves")
    for cid in (a, b):
        if not db.execute_sql(
            "SELECT 1 FROM contact WHERE id = ? AND deleted_at IS NULL", (cid,)
        ).fetchone():
            raise NotFound(f"no contact with id {cid}")


def relate(a: int, b: int, kind: str, note: str = "") -> bool:
    """Record "a is b's kind"; True when new. An existing one keeps its row (the note updates
    when one is given)."""
    kind = normalize_kind(kind)
    _check(a, b)
    contact, other, stored = _stored(a, b, kind)
    with db.atomic():
        row = db.execute_sql(
            "SELECT id, note FROM relationship WHERE contact_id = ? AND other_id = ? AND kind = ?",
            (contact, other, stored),
        ).fetchone()
        if row:
            if note.strip() and note.strip() != row[1]:
                db.execute_sql(
                    "UPDATE relationship SET note = ? WHERE id = ?", (note.strip(), row[0])
                )
            return False
        db.execute_sql(
            "INSERT INTO relationship (contact_id, other_id, kind, note, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (contact, other, stored, note.strip(), utcnow()),
        )
        _touch(a, b)
    return True


def unrelate(a: int, b: int, kind: str) -> bool:
    kind = normalize_kind(kind)
    _check(a, b)
    contact, other, stored = _stored(a, b, kind)
    with db.atomic():
        gone = db.execute_sql(
            "DELETE FROM relationship WHERE contact_id = ? AND other_id = ? AND kind = ?",
            (contact, other, stored),
        ).rowcount
        if gone:
            _touch(a, b)
    return bool(gone)


def remove_relationship(relationship_id: int) -> None:
    with db.atomic():
        row = db.execute_sql(
            "SELECT contact_id, other_id FROM relationship WHERE id = ?", (relationship_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no relationship with id {relationship_id}")
        db.execute_sql("DELETE FROM relationship WHERE id = ?", (relationship_id,))
        _touch(*row)


def _touch(*ids: int) -> None:
    now = utcnow()
    db.cursor().executemany(
        "UPDATE contact SET updated_at = ? WHERE id = ?", [(now, c) for c in ids]
    )


# CROSS JOIN fixes the loop order (SQLite never reorders it): left to itself, the
# planner walks every live contact through `contact_deleted_at` and probes the
# relationships of each against the IN list, 4.6 s per chunk at 50,000 contacts.
_QUERY = """
SELECT r.id, 1, r.other_id, r.kind, r.note, c.id, c.full_name
FROM relationship r CROSS JOIN contact c ON c.id = r.contact_id
WHERE r.other_id IN ({marks}) AND c.deleted_at IS NULL
UNION ALL
SELECT r.id, 0, r.contact_id, r.kind, r.note, c.id, c.full_name
FROM relationship r CROSS JOIN contact c ON c.id = r.other_id
WHERE r.contact_id IN ({marks}) AND c.deleted_at IS NULL
"""


def relationships_of_many(ids: Sequence[int]) -> dict[int, list[Related]]:
    """For each contact: the people related to it, `kind` as seen from it, by kind then name."""
    out: dict[int, list[Related]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ",".join("?" * len(chunk))
        for rid, senior, this, kind, note, oid, name in db.execute_sql(
            _QUERY.format(marks=marks), [*chunk, *chunk]
        ):
            # senior: the other person is the row's `contact`, so they are `kind` to this
            # one (Ada is Bob's mentor); else this one is, and they are the inverse (mentee).
            word = kind if senior else DIRECTED.get(kind, kind)
            out.setdefault(this, []).append(Related(rid, oid, name, label_of(word), note))
    order = {k: i for i, k in enumerate(KINDS)}
    for rows in out.values():
        rows.sort(key=lambda r: (order.get(r.kind, len(order)), r.kind, r.full_name.casefold()))
    return out


def relationships_of(contact_id: int) -> list[Related]:
    return relationships_of_many([contact_id]).get(contact_id, [])


def heading(kind: str, count: int) -> str:
    """ "Mentor" / "Mentees" / "Co-founder": the detail pane's label for a kind."""
    if count > 1:
        return PLURALS.get(kind, kind[:1].upper() + kind[1:] + "s")
    return kind[:1].upper() + kind[1:]


def people_by_kind(contact_id: int) -> list[tuple[str, list[Related]]]:
    """The contact's relationships grouped for display: [("Mentor", [...]), ("Mentees", ...)]."""
    groups: dict[str, list[Related]] = {}
    for r in relationships_of(contact_id):
        groups.setdefault(r.kind, []).append(r)
    return [(heading(k, len(v)), v) for k, v in groups.items()]


# vCard: RFC 6350 RELATED types for the kinds that have one; the rest travel in
# X-NETKEEPER-KIND. A RELATED on Bob's card pointing at Ada says what Ada is to Bob.
VCARD_TYPES = {"colleague": "colleague", "friend": "friend", "family": "kin", "partner": "spouse"}
_FROM_VCARD = {
    "colleague": "colleague",
    "co-worker": "colleague",
    "friend": "friend",
    "kin": "family",
    "parent": "family",
    "child": "family",
    "sibling": "family",
    "spouse": "partner",
    "sweetheart": "partner",
}


def kind_from_vcard(kind_param: str | None, types: Sequence[str]) -> str | None:
    """The kind a RELATED line names (X-NETKEEPER-KIND wins, then TYPE), or None."""
    if kind_param:
        try:
            return normalize_kind(kind_param if kind_param in KINDS else CUSTOM + kind_param)
        except ServiceError:
            return None
    for t in types:
        if t.casefold() in _FROM_VCARD:
            return _FROM_VCARD[t.casefold()]
    return None
