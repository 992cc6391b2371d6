"""Google Contacts CSV, today's column set and the legacy Gmail one, read into Cards.

Today's: `First Name, Middle Name, Last Name, Phonetic …, Name Prefix, Name
Suffix, Nickname, File As, Organization Name/Title/Department, Birthday, Notes,
Photo, Labels`, then numbered groups `E-mail N - Label/Value`, `Phone N - …`,
`Address N - Label/Formatted/Street/City/PO Box/Region/Postal Code/Country/
Extended Address`, `Website N`, `Event N`, `Relation N`, `Custom Field N`.
Legacy: `Name, Given Name, Additional Name, Family Name, … Group Membership`,
`… N - Type` instead of `- Label`, and `Organization N - Name/Title/…`.

A cell may hold several values separated by " ::: "; a label starting with
"* " marks the primary value; labels starting with "* " (`* myContacts`,
`* starred`) are Google's system groups and do not become tags. A column this
module has no field for is kept as a labelled custom field, so nothing in the
file is lost and a vCard or CSV export gives it back.
"""

from __future__ import annotations

import re
from collections import defaultdict

from netkeeper.io.card import Card, PostalAddress
from netkeeper.io.csv.values import (
    CUSTOM_FIELD,
    EVENT_FIELD,
    RELATION_FIELD,
    add_date,
    add_labelled,
    add_phonetic,
    add_tags,
    add_web,
    clean,
    clean_name,
    clean_notes,
    split_multi,
    typed_value,
)

_GROUP = re.compile(r"^(.+?) (\d+) - (.+)$")
# Plain columns: normalised header -> Card attribute (or a pseudo-field handled below).
_PLAIN = {
    "first name": "given_name",
    "given name": "given_name",
    "middle name": "additional_names",
    "additional name": "additional_names",
    "last name": "family_name",
    "family name": "family_name",
    "name prefix": "honorific_prefix",
    "name suffix": "honorific_suffix",
    "nickname": "nickname",
    "organization name": "organization",
    "organization title": "title",
    "organization department": "department",
    "notes": "notes",
    "birthday": "@birthday",
    "photo": "@photo",
    "labels": "@labels",
    "group membership": "@labels",
    "file as": "@file_as",
    "name": "@file_as",
    "phonetic first name": "@phonetic first",
    "given name yomi": "@phonetic first",
    "phonetic middle name": "@phonetic middle",
    "additional name yomi": "@phonetic middle",
    "phonetic last name": "@phonetic last",
    "family name yomi": "@phonetic last",
}
_ADDRESS_PARTS = {
    "street": "street",
    "city": "locality",
    "po box": "po_box",
    "region": "region",
    "postal code": "postal_code",
    "country": "country",
    "extended address": "extended",
}


def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class GoogleRows:
    """Turns the cells of one Google CSV row into a Card."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.plain: list[tuple[int, str]] = []
        # group kind -> number -> part -> column index
        self.groups: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
        self.custom: list[tuple[int, str]] = []  # columns kept as labelled custom fields
        for i, raw in enumerate(header):
            name = _norm(raw)
            if name in _PLAIN:
                self.plain.append((i, _PLAIN[name]))
            elif m := _GROUP.match(name):
                part = "label" if m[3] == "type" else m[3]
                self.groups[m[1]].setdefault(int(m[2]), {})[part] = i
            elif name:
                self.custom.append((i, raw.strip()))
        self.group_list = [
            (kind, list(parts.items()))
            for kind, numbers in self.groups.items()
            for _n, parts in sorted(numbers.items())
        ]

    def card(self, cells: list[str]) -> tuple[Card | None, list[str], str | None]:
        problems: list[str] = []
        card = Card()
        # Most cells of a Google export are empty: look only at the filled ones.
        filled = {i: c for i, c in enumerate(cells) if c and not c.isspace()}

        file_as = ""
        for i, attr in self.plain:
            raw = filled.get(i)
            if raw is None:
                continue
            if attr == "@birthday":
                add_date(card, "birthday", clean(raw), "birthday", problems)
            elif attr == "@photo":
                card.photo_url = clean(raw)
            elif attr == "@labels":
                add_tags(card, [t for t in split_multi(raw) if not t.startswith("*")])
            elif attr == "@file_as":
                file_as = clean_name(raw)
            elif attr.startswith("@phonetic "):
                add_phonetic(card, attr.split()[1], clean(raw))
            elif attr == "notes":
                card.notes = clean_notes(raw)
            elif attr in ("given_name", "additional_names", "family_name"):
                setattr(card, attr, clean_name(raw))
            else:
                setattr(card, attr, clean(raw))
        for kind, parts in self.group_list:
            values = {p: filled[i] for p, i in parts if i in filled}
            if values:
                self._group(card, kind, values, problems)
        for i, label in self.custom:
            if i in filled:
                add_labelled(card, CUSTOM_FIELD, clean(filled[i]), label)
        composed = " ".join(
            p for p in (card.given_name, card.additional_names, card.family_name) if p
        )
        card.full_name = file_as or ""
        if not (composed or card.full_name or card.organization or card.emails or card.phones):
            if card.nickname or card.notes or card.addresses or card.urls:
                return None, problems, "the row has no name, organisation, email or phone"
            return None, problems, "the row is empty"
        return card, problems, None

    def _group(self, card: Card, kind: str, parts: dict[str, str], problems: list[str]) -> None:
        label = parts.get("label", "").strip()
        if kind in ("e-mail", "phone", "website"):
            target = {"e-mail": card.emails, "phone": card.phones, "website": card.urls}[kind]
            for value in split_multi(parts.get("value", "")):
                tv = typed_value(value, label)
                if kind == "website":
                    add_web(card, tv)
                else:
                    target.append(tv)
        elif kind == "address":
            adr = PostalAddress()
            for part, attr in _ADDRESS_PARTS.items():
                setattr(adr, attr, clean(parts.get(part, "")))
            if adr.is_empty():
                adr.street = parts.get("formatted", "").strip()
            if adr.is_empty():
                return
            tv = typed_value("", label)
            adr.types, adr.label, adr.preferred = tv.types, tv.label, tv.preferred
            card.addresses.append(adr)
        elif kind == "event":
            value = clean(parts.get("value", ""))
            word = label.lstrip("* ").casefold()
            if word in ("anniversary", "birthday") and getattr(card, word) is None:
                add_date(card, word, value, word, problems)
            else:
                add_labelled(card, EVENT_FIELD, value, label.lstrip("* "))
        elif kind == "relation":
            for value in split_multi(parts.get("value", "")):
                add_labelled(card, RELATION_FIELD, value, label.lstrip("* "))
        elif kind == "organization":
            for part, attr in (("name", "organization"), ("title", "title")):
                value = clean(parts.get(part, ""))
                if value and not getattr(card, attr):
                    setattr(card, attr, value)
                elif value:
                    add_labelled(card, CUSTOM_FIELD, value, f"Organization {part}")
            if (dep := clean(parts.get("department", ""))) and not card.department:
                card.department = dep
        else:  # custom field, IM and whatever Google adds next: kept, labelled
            value = clean(parts.get("value", ""))
            if kind == "custom field":
                add_labelled(card, CUSTOM_FIELD, value, label or "Custom field")
            else:
                service = clean(parts.get("service", ""))
                add_labelled(card, CUSTOM_FIELD, value, " ".join(filter(None, (kind, service))))
