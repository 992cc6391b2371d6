"""Likely duplicates, and merging two contacts into one without losing anything.

Finding: two contacts are likely the same person when they share an email,
share a phone number (E.164 when phonenumbers understands it, else the
digits), or have similar names. Comparing every name with every other is
n² — 1.25 billion pairs at 50,000 contacts — so names are *blocked* first:
a contact lands in a few blocks per name token, keyed by the first three
letters of that token plus the first or the second letter of the next one
("lov|a", "lov|d" for Ada Lovelace), after folding case and accents. Two
spellings of one person share a key unless both tokens are misspelt near
their start. Each block is then scored all-against-all, one C loop per member, by
`rapidfuzz.process.extract` (token_sort_ratio, so "Lovelace Ada" = "Ada Lovelace").

Merging keeps the union of both sides: emails, phones, URLs, addresses, tags,
kept vCard properties, interactions and reminders all end up on the kept
contact; single-valued fields take the user's choice (else the kept side's
value, else the other's). The other contact goes to the trash, so a wrong
merge can still be looked at. One transaction.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from netkeeper.io.card import Card
from netkeeper.model import search
from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import ServiceError
from netkeeper.services.contacts import (
    SCALAR_FIELDS,
    delete_contacts,
    get_card,
    get_contact,
    normalize_phone,
    restore_contacts,
    update_contact,
)
from netkeeper.services.names import display_names
from netkeeper.social import url_key

NAME_CUTOFF = 88
SHORT_NAME = 10  # folded names shorter than this need SHORT_CUTOFF
SHORT_CUTOFF = 93
MAX_BLOCK = 5000  # a block this large is a common token, not evidence
MAX_SHARED = 12  # an email or phone on more contacts than this is a switchboard


@dataclass
class Pair:
    """Two contacts that look like one person; `a` < `b`."""

    a: int
    b: int
    a_name: str
    b_name: str
    score: int  # 100 for a shared email or phone; the name similarity otherwise
    reasons: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Case, accents and spacing removed: 'Jürgen  KÖHLER' -> 'jurgen kohler'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace(",", " ").replace(".", " ").split())


def _block_keys(folded: str) -> set[str]:
    """Blocking keys: each token's first three letters with the next token's 1st or 2nd letter.

    Pairing the anchor with *either* of the first two letters of its neighbour
    keeps a typo, a dropped or an added first letter in the neighbour
    ("Ritapa" / "itapa") in a shared block, while blocks stay small.
    """
    tokens = folded.split()
    if len(tokens) == 1:
        return {tokens[0][:3]}
    keys = set()
    for i, token in enumerate(tokens):
        after = tokens[(i + 1) % len(tokens)]
        keys.add(f"{token[:3]}|{after[:1]}")
        keys.add(f"{token[:3]}|{after[1:2]}")
    return keys


def _digits(value: str) -> str | None:
    digits = "".join(filter(str.isdigit, value))
    return digits if len(digits) >= 7 else None


def _shared(
    rows: Iterable[tuple[int, str]], label: str, out: dict[tuple[int, int], list[str]]
) -> None:
    groups: dict[str, set[int]] = defaultdict(set)
    shown: dict[str, str] = {}
    for cid, key_and_value in rows:
        key, value = key_and_value.split("\x1f", 1)
        groups[key].add(cid)
        shown.setdefault(key, value)
    for key, ids in groups.items():
        if 1 < len(ids) <= MAX_SHARED:
            ordered = sorted(ids)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    out[(a, b)].append(f"same {label} {shown[key]}")


class Cancelled(ServiceError):
    """The caller's `cancel()` said stop."""


def find_duplicates(
    limit: int | None = None,
    *,
    cutoff: int = NAME_CUTOFF,
    cancel: Callable[[], bool] | None = None,
) -> list[Pair]:
    """Likely duplicate pairs among live contacts, most certain first.

    `cancel` is polled between name blocks; when it returns True the search
    stops with Cancelled (it only reads, so there is nothing to undo).
    """
    contacts = {
        cid: name
        for cid, name in db.execute_sql(
            "SELECT id, full_name FROM contact WHERE deleted_at IS NULL AND NOT is_me"
        )
    }
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    scores: dict[tuple[int, int], int] = {}
    live = "SELECT id FROM contact WHERE deleted_at IS NULL AND NOT is_me"
    emails = db.execute_sql(
        f"SELECT contact_id, lower(trim(value)) || char(31) || value FROM email"
        f" WHERE contact_id IN ({live}) AND trim(value) != ''"
    )
    _shared(emails, "email", reasons)
    phone_rows = []
    for cid, value, normalized in db.execute_sql(
        f"SELECT contact_id, value, normalized FROM phone WHERE contact_id IN ({live})"
    ):
        key = normalized or _digits(value)
        if key:
            phone_rows.append((cid, f"{key}\x1f{value}"))
    _shared(phone_rows, "phone", reasons)
    for pair in reasons:
        scores[pair] = 100

    ids = list(contacts)
    folded = [fold(contacts[cid]) for cid in ids]
    blocks: dict[str, list[int]] = defaultdict(list)
    for pos, text in enumerate(folded):
        if text:
            for key in _block_keys(text):
                blocks[key].append(pos)
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        if cancel is not None and cancel():
            raise Cancelled("the search for duplicates was cancelled")
        names = [folded[p] for p in members]
        for i in range(len(members) - 1):
            # One C loop per member over the rest of its block (no numpy needed).
            for _name, score, j in process.extract(
                names[i],
                names[i + 1 :],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=cutoff,
                limit=None,
            ):
                if score < SHORT_CUTOFF and min(len(names[i]), len(_name)) < SHORT_NAME:
                    continue  # "Lei Li" / "Lei Liu": one letter is a lot in a short name
                a, b = sorted((ids[members[i]], ids[members[i + 1 + j]]))
                if a == b or any(x.startswith(("same name", "similar")) for x in reasons[(a, b)]):
                    continue  # the same pair met in another block
                score = int(score)
                reasons[(a, b)].append("same name" if score == 100 else f"similar names ({score}%)")
                scores[(a, b)] = max(scores.get((a, b), 0), score)
    dismissed = {
        (int(a), int(b))
        for a, b in db.execute_sql("SELECT contact_a_id, contact_b_id FROM not_duplicate")
    }
    kept = [(a, b) for (a, b) in reasons if (a, b) not in dismissed]
    # Names are matched as stored; a nameless pair (same email) shows what the list shows.
    nameless = [i for pair in kept for i in pair if not contacts[i]]
    shown = {**contacts, **display_names(nameless)} if nameless else contacts
    pairs = [Pair(a, b, shown[a], shown[b], scores[(a, b)], reasons[(a, b)]) for (a, b) in kept]
    pairs.sort(key=lambda p: (-p.score, -len(p.reasons), fold(p.a_name), p.a, p.b))
    return pairs[:limit] if limit is not None else pairs


def dismiss(first_id: int, second_id: int) -> None:
    """Remember that these two contacts are different people: never offer the pair again."""
    if first_id == second_id:
        raise ServiceError("a contact is always the same person as itself")
    get_contact(first_id)
    get_contact(second_id)
    a, b = sorted((first_id, second_id))
    db.execute_sql(
        "INSERT OR IGNORE INTO not_duplicate (contact_a_id, contact_b_id, created_at)"
        " VALUES (?, ?, ?)",
        (a, b, utcnow().isoformat(sep=" ")),
    )


def undismiss(first_id: int, second_id: int) -> None:
    """Forget a `dismiss` (its undo)."""
    a, b = sorted((first_id, second_id))
    db.execute_sql("DELETE FROM not_duplicate WHERE contact_a_id = ? AND contact_b_id = ?", (a, b))


# --- merging ----------------------------------------------------------------------------------

# Single-valued fields the user chooses between, with the label the merge dialog shows.
CHOICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("full_name", "Name"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("additional_names", "Middle names"),
    ("honorific_prefix", "Prefix"),
    ("honorific_suffix", "Suffix"),
    ("nickname", "Nickname"),
    ("organization", "Organisation"),
    ("department", "Department"),
    ("title", "Title"),
    ("birthday", "Birthday"),
    ("anniversary", "Anniversary"),
    ("notes", "Notes"),
    ("photo", "Photo"),
    ("how_met", "How we met"),
    ("introduced_by", "Introduced by"),
)


@dataclass
class FieldChoice:
    """One single-valued field of a merge: both sides' values and the default pick."""

    name: str
    label: str
    keep_value: Any
    other_value: Any
    default: str  # "keep" or "other"

    @property
    def differs(self) -> bool:
        return bool(self.keep_value != self.other_value)


def _own_fields(contact_id: int) -> dict[str, Any]:
    c = get_contact(contact_id)
    return {"how_met": c.how_met or "", "introduced_by": c.introduced_by_id}


def _value(card: Card, own: dict[str, Any], name: str) -> Any:
    if name in own:
        return own[name]
    if name == "photo":
        return card.photo or card.photo_url or None
    return (
        getattr(card, name) or None if name in ("birthday", "anniversary") else getattr(card, name)
    )


def field_choices(keep_id: int, other_id: int) -> list[FieldChoice]:
    """Every single-valued field with both values; the default keeps a value over an empty one."""
    keep, other = get_card(keep_id), get_card(other_id)
    keep_own, other_own = _own_fields(keep_id), _own_fields(other_id)
    out = []
    for name, label in CHOICE_FIELDS:
        k, o = _value(keep, keep_own, name), _value(other, other_own, name)
        out.append(FieldChoice(name, label, k, o, "other" if not k and o else "keep"))
    return out


def _union(first: list[Any], second: list[Any], key: Any) -> list[Any]:
    seen = {key(v) for v in first}
    merged = list(first)
    for v in second:
        if key(v) not in seen:
            seen.add(key(v))
            merged.append(v)
    return merged


def _phone_key(value: str) -> str:
    return normalize_phone(value) or _digits(value) or value.strip()


def merged_card(keep: Card, other: Card, picks: Mapping[str, str]) -> Card:
    """The kept card with the picked single values and the union of every list."""
    card = keep
    for name in (*SCALAR_FIELDS, "birthday", "anniversary"):
        if picks.get(name) == "other":
            setattr(card, name, getattr(other, name))
    if picks.get("photo") == "other":
        card.photo, card.photo_mime, card.photo_url = other.photo, other.photo_mime, other.photo_url
    card.emails = _union(keep.emails, other.emails, lambda v: v.value.strip().casefold())
    card.phones = _union(keep.phones, other.phones, lambda v: _phone_key(v.value))
    card.urls = _union(keep.urls, other.urls, lambda v: v.value.strip())
    card.addresses = _union(
        keep.addresses,
        other.addresses,
        lambda a: tuple(fold(x) for x in (a.street, a.locality, a.postal_code, a.country)),
    )
    card.profiles = _union(keep.profiles, other.profiles, lambda p: url_key(p.url, p.service))
    card.extra = _union(keep.extra, other.extra, lambda p: (p.group, p.name, p.value))
    return card


@dataclass
class MergeUndo:
    """What `unmerge` needs to put both contacts back as they were before `merge`.

    The merged-away contact itself is not changed by a merge (it only goes to
    the trash), so the snapshot is the kept contact's own fields plus which
    interactions, reminders and introductions moved.
    """

    keep_id: int
    other_id: int
    keep_card: Card
    keep_tags: list[str]
    keep_how_met: str
    keep_introduced_by: int | None
    keep_cadence: str | None
    keep_interactions: list[int]
    other_interactions: list[int]
    other_reminders: list[int]
    introduced_by_other: list[int]


def _ids(sql: str, *params: Any) -> list[int]:
    return [int(r[0]) for r in db.execute_sql(sql, params)]


def _snapshot(keep_id: int, other_id: int) -> MergeUndo:
    keep_card = get_card(keep_id)
    own = _own_fields(keep_id)
    cadence = db.execute_sql("SELECT cadence FROM contact WHERE id = ?", (keep_id,)).fetchone()[0]
    participations = "SELECT interaction_id FROM interaction_participant WHERE contact_id = ?"
    return MergeUndo(
        keep_id,
        other_id,
        keep_card,
        list(keep_card.categories),
        own["how_met"],
        own["introduced_by"],
        cadence,
        _ids(participations, keep_id),
        _ids(participations, other_id),
        _ids("SELECT id FROM reminder WHERE contact_id = ?", other_id),
        _ids("SELECT id FROM contact WHERE introduced_by_id = ? AND id != ?", other_id, keep_id),
    )


def _refresh(contact_ids: list[int]) -> None:
    from netkeeper.services.timeline import refresh_last_interaction

    refresh_last_interaction(contact_ids)  # planned interactions do not count yet
    search.reindex(db, contact_ids)


def unmerge(undo: MergeUndo) -> None:
    """Undo a `merge`: both contacts back with their own details and history, in one transaction.

    Interactions and reminders added to the kept contact after the merge stay with it.
    """
    keep, other = undo.keep_id, undo.other_id
    with db.atomic():
        restore_contacts([other])
        update_contact(
            keep,
            undo.keep_card,
            tags=undo.keep_tags,
            how_met=undo.keep_how_met,
            introduced_by=undo.keep_introduced_by,
        )
        db.execute_sql("UPDATE contact SET cadence = ? WHERE id = ?", (undo.keep_cadence, keep))
        cur = db.cursor()
        cur.executemany(
            "INSERT OR IGNORE INTO interaction_participant (interaction_id, contact_id)"
            " VALUES (?, ?)",
            [(iid, other) for iid in undo.other_interactions],
        )
        only_other = sorted(set(undo.other_interactions) - set(undo.keep_interactions))
        cur.executemany(
            "DELETE FROM interaction_participant WHERE interaction_id = ? AND contact_id = ?",
            [(iid, keep) for iid in only_other],
        )
        cur.executemany(
            "UPDATE reminder SET contact_id = ? WHERE id = ?",
            [(other, rid) for rid in undo.other_reminders],
        )
        cur.executemany(
            "UPDATE contact SET introduced_by_id = ? WHERE id = ?",
            [(other, cid) for cid in undo.introduced_by_other],
        )
        _refresh([keep, other])


def merge(keep_id: int, other_id: int, choices: Mapping[str, str] | None = None) -> MergeUndo:
    """Fold `other_id` into `keep_id` and move the other to the trash, in one transaction.

    `choices` maps a CHOICE_FIELDS name to "keep" or "other"; fields not named
    keep the kept side's value unless it is empty. Lists are always united.
    Returns what `unmerge` needs to take it back.
    """
    if keep_id == other_id:
        raise ServiceError("a contact cannot be merged with itself")
    picks = {c.name: c.default for c in field_choices(keep_id, other_id)}
    for name, side in (choices or {}).items():
        if side not in ("keep", "other") or name not in picks:
            raise ServiceError(f"unknown merge choice {name}={side}")
        picks[name] = side
    keep, other = get_card(keep_id), get_card(other_id)
    keep_own, other_own = _own_fields(keep_id), _own_fields(other_id)
    tags = list(dict.fromkeys(keep.categories + other.categories))
    card = merged_card(keep, other, picks)
    how_met = other_own["how_met"] if picks["how_met"] == "other" else keep_own["how_met"]
    introduced = keep_own["introduced_by"]
    if picks["introduced_by"] == "other":
        introduced = other_own["introduced_by"]
    if introduced in (keep_id, other_id):
        introduced = None
    with db.atomic():
        undo = _snapshot(keep_id, other_id)
        update_contact(keep_id, card, tags=tags, how_met=how_met, introduced_by=introduced)
        # Interactions: both sides' history, once each (a shared meeting stays one row).
        db.execute_sql(
            "UPDATE OR IGNORE interaction_participant SET contact_id = ? WHERE contact_id = ?",
            (keep_id, other_id),
        )
        db.execute_sql("DELETE FROM interaction_participant WHERE contact_id = ?", (other_id,))
        db.execute_sql(
            "UPDATE reminder SET contact_id = ? WHERE contact_id = ?", (keep_id, other_id)
        )
        db.execute_sql(
            "UPDATE contact SET introduced_by_id = ? WHERE introduced_by_id = ? AND id != ?",
            (keep_id, other_id, keep_id),
        )
        # A keep-in-touch cadence set on either side survives (the kept side's wins).
        db.execute_sql(
            "UPDATE contact SET cadence = coalesce(cadence,"
            " (SELECT cadence FROM contact WHERE id = ?)) WHERE id = ?",
            (other_id, keep_id),
        )
        delete_contacts([other_id])
        _refresh([keep_id, other_id])
    return undo
