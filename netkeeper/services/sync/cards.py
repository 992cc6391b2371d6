"""A card's sync form, its fingerprint, and the field-level three-way merge.

Both sides are compared in one normal form (`normalize`): the shape the
database stores a card in (trimmed text, a full name, lower-case TYPEs, tags
sorted, KIND on the card), so a server that re-serialises a card, or our own
write coming back, is not mistaken for an edit. The UID is left out of the
fingerprint: after a first-sync match the server's card keeps the server's UID
and the local contact keeps its own, and the sync record maps one to the other.

The merge works field by field against the card as last synced (the common
ancestor). A field changed on one side only takes that side's value; a field
changed on both sides to different values is a conflict (the local value stays
and the server's is recorded, never silently dropped). Multi-valued fields
(emails, phones, web addresses, postal addresses, tags, unknown properties)
merge as sets: what either side added is kept, what either side removed goes,
so they never conflict.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from netkeeper.io.card import Card, PostalAddress, RawProperty, TypedValue
from netkeeper.io.vcard import escape_text, read_cards, unescape_text, write_card
from netkeeper.model.tables import TEXT_FIELDS
from netkeeper.services import ServiceError
from netkeeper.services.dates import parse_calendar_date

HOW_MET = "X-NETKEEPER-HOW-MET"
INTRODUCED_BY = "X-NETKEEPER-INTRODUCED-BY"
CADENCE = "X-NETKEEPER-CADENCE"
OWN_FIELDS = {"how_met": HOW_MET, "introduced_by": INTRODUCED_BY, "cadence": CADENCE}

SCALAR_FIELDS = (*TEXT_FIELDS, "birthday", "anniversary", "kind", "photo", *OWN_FIELDS)
SET_FIELDS = ("emails", "phones", "urls", "addresses", "categories", "extra")

# Words for the fields, for conflicts and the log.
FIELD_WORDS = {
    "full_name": "name",
    "given_name": "given name",
    "family_name": "family name",
    "additional_names": "middle names",
    "honorific_prefix": "name prefix",
    "honorific_suffix": "name suffix",
    "nickname": "nickname",
    "organization": "organisation",
    "department": "department",
    "title": "title",
    "notes": "notes",
    "birthday": "birthday",
    "anniversary": "anniversary",
    "kind": "kind",
    "photo": "photo",
    "how_met": "how you met",
    "introduced_by": "introduced by",
    "cadence": "keep-in-touch cadence",
}


class CardUnreadable(ServiceError):
    """A server card the vCard reader cannot turn into a contact."""


def parse(data: bytes) -> Card:
    """The first card in `data`, normalised; raises CardUnreadable."""
    try:
        for card, problems in read_cards(data):
            if card is not None:
                return normalize(card, in_place=True)
            reason = next((p.reason for p in problems), "the card could not be read")
            raise CardUnreadable(reason)
    except CardUnreadable:
        raise
    except Exception as exc:  # the reader's own error, or anything it did not foresee
        raise CardUnreadable(f"the card could not be read ({exc})") from None
    raise CardUnreadable("the server's answer holds no vCard")


def _clean_types(types: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(t.strip().lower() for t in types if t and t.strip()))


def _param_order(params: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Inline binary data keeps the reader's one stored form (..., TYPE, ENCODING=b),
    # which the writer relies on to build a vCard 4.0 data: URI.
    if any(k == "ENCODING" for k, _ in params):
        return params
    return sorted(params)


def normalize(card: Card, *, in_place: bool = False) -> Card:
    """`card` (a copy unless `in_place`) in the form the database stores it (see the
    module docstring)."""
    c = card if in_place else copy.deepcopy(card)
    for attr in TEXT_FIELDS:
        setattr(c, attr, (getattr(c, attr) or "").strip())
    if not c.full_name:
        c.full_name = c.display_name()
    for attr in ("birthday", "anniversary"):
        value = getattr(c, attr)
        if value:
            try:
                setattr(c, attr, parse_calendar_date(value))
            except ServiceError:
                setattr(c, attr, None)
                c.extra.append(RawProperty(f"X-NETKEEPER-BAD-{attr.upper()}", escape_text(value)))
        else:
            setattr(c, attr, None)
    # Group and parameter names are case-insensitive, and neither the order of
    # properties nor that of parameters means anything: servers that re-serialise
    # (Radicale through vobject) write ITEM1. and TYPE= where a phone wrote item1.
    # and type=, and reorder both.
    c.extra = sorted(
        (
            RawProperty(
                p.name.upper(),
                p.value,
                _param_order([(k.upper(), v) for k, v in p.params]),
                p.group.lower() if p.group else None,
            )
            for p in c.extra
        ),
        key=lambda p: (p.group or "", p.name, p.value),
    )
    for p in list(c.extra):
        if p.name == "KIND" and not p.group:
            c.kind = p.value.strip().lower() or "individual"
            c.extra.remove(p)
    for tv in (*c.emails, *c.phones, *c.urls):
        tv.value = tv.value.strip()
        tv.types = _clean_types(tv.types)
    c.emails = [tv for tv in c.emails if tv.value]
    c.phones = [tv for tv in c.phones if tv.value]
    c.urls = [tv for tv in c.urls if tv.value]
    for a in c.addresses:
        a.types = _clean_types(a.types)
    c.addresses = [a for a in c.addresses if not a.is_empty()]
    tags: dict[str, str] = {}
    for t in c.categories:
        name = " ".join(t.split())
        if name:
            tags.setdefault(name.casefold(), name)
    c.categories = sorted(tags.values(), key=str.casefold)
    if c.photo is None:
        c.photo_mime = None
    elif not c.photo_mime:
        c.photo_mime = "image/jpeg"
    if c.photo is not None:
        c.photo_url = None
    return c


def to_vcard(card: Card) -> bytes:
    """The card as the vCard 3.0 bytes NetKeeper sends (3.0: what every server takes)."""
    return write_card(card, "3.0").encode("utf-8")


def fingerprint(card: Card) -> str:
    """A hash of the card's meaning: UID and PRODID left out."""
    c = copy.copy(card)
    c.uid = None
    text = write_card(c, "3.0")
    lines = [line for line in text.split("\r\n") if not line.startswith("PRODID:")]
    return hashlib.sha256("\r\n".join(lines).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- fields


def _own(card: Card, name: str) -> str:
    for p in card.extra:
        if p.group is None and p.name == name:
            return unescape_text(p.value).strip()
    return ""


def _photo_value(card: Card) -> str:
    if card.photo is not None:
        data = base64.b64encode(card.photo).decode("ascii")
        return f"data:{card.photo_mime or 'image/jpeg'};base64,{data}"
    return card.photo_url or ""


def get_field(card: Card, name: str) -> Any:
    """A scalar field as a plain (JSON-able) value."""
    if name in OWN_FIELDS:
        return _own(card, OWN_FIELDS[name])
    if name == "photo":
        return _photo_value(card)
    value = getattr(card, name)
    return value or ""


def set_field(card: Card, name: str, value: Any) -> None:
    """Set a scalar field on `card` (in place) from a value `get_field` gave."""
    if name in OWN_FIELDS:
        prop = OWN_FIELDS[name]
        card.extra = [p for p in card.extra if not (p.group is None and p.name == prop)]
        if value:
            card.extra.append(RawProperty(prop, escape_text(str(value))))
        return
    if name == "photo":
        card.photo = card.photo_mime = card.photo_url = None
        text = str(value or "")
        if text.startswith("data:") and ";base64," in text:
            head, _, payload = text.partition(",")
            try:
                card.photo = base64.b64decode(payload, validate=True)
                card.photo_mime = head[5:].split(";", 1)[0] or "image/jpeg"
            except (binascii.Error, ValueError):
                card.photo = None
        elif text:
            card.photo_url = text
        return
    if name in ("birthday", "anniversary"):
        setattr(card, name, value or None)
        return
    setattr(card, name, value or ("individual" if name == "kind" else ""))


def _adr_key(a: PostalAddress) -> Hashable:
    parts = (a.po_box, a.extended, a.street, a.locality, a.region, a.postal_code, a.country)
    return tuple(" ".join(p.casefold().split()) for p in parts)


def _units(card: Card) -> list[tuple[Hashable, list[RawProperty]]]:
    """Unknown properties as units: a group (item1.X-ABDATE + item1.X-ABLabel) is one unit.

    NetKeeper's own X-NETKEEPER-* fields are scalars, not units.
    """
    own = set(OWN_FIELDS.values())
    units: list[tuple[Hashable, list[RawProperty]]] = []
    groups: dict[str, list[RawProperty]] = {}
    for p in card.extra:
        if p.group:
            members = groups.get(p.group.casefold())
            if members is None:
                members = groups[p.group.casefold()] = []
                units.append((("group", p.group.casefold()), members))
            members.append(p)
        elif p.name not in own:
            units.append(((p.name, p.value, tuple(map(tuple, p.params))), [p]))
    out: list[tuple[Hashable, list[RawProperty]]] = []
    for key, members in units:
        if isinstance(key, tuple) and key[0] == "group":
            key = (
                "group",
                tuple(sorted((m.name, m.value, tuple(map(tuple, m.params))) for m in members)),
            )
        out.append((key, members))
    return out


def _phone_key(value: str) -> str:
    from netkeeper.services.exchange import _phone_key as key

    return key(value) or value


def _set_items(card: Card, name: str) -> list[tuple[Hashable, Any]]:
    """A multi-valued field as (identity, value) pairs: one email is one address, whatever
    its TYPEs; one phone is one number, however it is spelled."""
    if name == "emails":
        return [(tv.value.casefold(), tv) for tv in card.emails]
    if name == "phones":
        return [(_phone_key(tv.value), tv) for tv in card.phones]
    if name == "urls":
        return [(tv.value, tv) for tv in card.urls]
    if name == "addresses":
        return [(_adr_key(a), a) for a in card.addresses]
    if name == "categories":
        return [(t.casefold(), t) for t in card.categories]
    return list(_units(card))


def _merge_sets(
    base: list[tuple[Hashable, Any]] | None,
    mine: list[tuple[Hashable, Any]],
    theirs: list[tuple[Hashable, Any]],
) -> list[Any]:
    """Three-way merge of a multi-valued field: additions from both sides are kept,
    removals from either side go; a value both sides have takes the side that changed
    it (its TYPEs, label), and mine when both did."""
    base_map = dict(base or ())
    their_map = dict(theirs)
    my_map = dict(mine)
    out = []
    seen: set[Hashable] = set()
    for k, v in mine:
        if k in seen:
            continue
        seen.add(k)
        if k in their_map:
            t, b = their_map[k], base_map.get(k)
            if b is not None and v == b:
                out.append(t)
            elif b is None and base is None and _bare(v) and not _bare(t):
                out.append(t)  # first match: the other side says what kind it is
            else:
                out.append(v)
        elif k not in base_map:
            out.append(v)  # added here
    for k, t in theirs:
        if k not in my_map and k not in base_map and k not in seen:
            seen.add(k)
            out.append(t)  # added on the server
    return out


def _bare(v: Any) -> bool:
    return isinstance(v, TypedValue | PostalAddress) and not v.types and not v.label


def _apply_set(card: Card, name: str, values: list[Any]) -> None:
    if name != "extra":
        setattr(card, name, list(values))
        return
    own = [p for p in card.extra if p.group is None and p.name in OWN_FIELDS.values()]
    props: list[RawProperty] = []
    taken: set[str] = set()
    for members in values:
        group = members[0].group
        if group and group.casefold() in taken:
            n = 1
            while f"item{n}" in taken:
                n += 1
            members = [RawProperty(m.name, m.value, list(m.params), f"item{n}") for m in members]
            group = members[0].group
        if group:
            taken.add(group.casefold())
        props.extend(members)
    card.extra = props + own


@dataclass
class Conflict:
    """A field both sides changed to different values."""

    field: str
    mine: Any
    server: Any


def _same(a: Any, b: Any, name: str) -> bool:
    if name in TEXT_FIELDS or name in OWN_FIELDS:
        return " ".join(str(a).split()) == " ".join(str(b).split())
    return bool(a == b)


def merge3(base: Card | None, mine: Card, theirs: Card) -> tuple[Card, list[Conflict]]:
    """Merge the local card (`mine`) with the server's (`theirs`) against `base`.

    With no base (a first-sync match), a field only one side has is taken and a
    field both sides fill differently is a conflict. Returns the merged card (the
    local value stands in every conflicting field) and the conflicts.
    """
    merged = copy.deepcopy(mine)
    conflicts: list[Conflict] = []
    for name in SCALAR_FIELDS:
        m, t = get_field(mine, name), get_field(theirs, name)
        if _same(m, t, name):
            continue
        b = get_field(base, name) if base is not None else ""
        if base is None and not t:
            continue
        if base is None and not m:
            set_field(merged, name, t)
            continue
        if _same(m, b, name):
            set_field(merged, name, t)
        elif _same(t, b, name):
            continue
        else:
            conflicts.append(Conflict(name, m, t))
    for name in SET_FIELDS:
        values = _merge_sets(
            _set_items(base, name) if base is not None else None,
            _set_items(mine, name),
            _set_items(theirs, name),
        )
        _apply_set(merged, name, values)
    return normalize(merged), conflicts


def masked(card: Card, base: Card | None, fields: Sequence[str]) -> Card:
    """`card` with the fields of open conflicts set back to the server's (base) value.

    What is sent to the server while a conflict waits for the user: everything
    else the user changed goes up, the disputed field does not.
    """
    if not fields or base is None:
        return card
    out = copy.deepcopy(card)
    for name in fields:
        set_field(out, name, get_field(base, name))
    return normalize(out)


def both_values(name: str, mine: Any, server: Any) -> Any:
    """The "keep both" resolution of a conflict: texts joined, a photo or date kept mine."""
    if name in ("photo", "birthday", "anniversary", "kind", "introduced_by"):
        return mine
    if name == "notes":
        return f"{mine}\n\n{server}".strip()
    if name == "cadence":
        return mine
    return f"{mine} / {server}".strip(" /")


def describe(name: str, value: Any) -> str:
    """A conflict value in words (photos are summarised, not dumped)."""
    text = str(value or "")
    if name == "photo" and text.startswith("data:"):
        head, _, payload = text.partition(",")
        size = len(payload) * 3 // 4
        return f"a photo ({head[5:].split(';', 1)[0]}, {max(1, size // 1024)} KB)"
    return text or "(empty)"
