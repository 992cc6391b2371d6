"""Outlook CSV: the desktop Import/Export wizard and outlook.com's export, read into Cards.

Headers are matched case-insensitively and with "Country" and "Country/Region"
as one. "Title" is Outlook's name prefix (Mr., Dr.); the job is "Job Title".
Every phone column becomes a phone with its type; the three addresses
(Business, Home, Other) keep theirs. Birthdays and anniversaries of "0/0/00"
mean none and a year of 1604 means the year is unknown (parse_date). Categories
are separated by semicolons (Google's Outlook-style export writes
"myContacts;starred", which are system groups, not tags). Columns with no
NetKeeper field (Spouse, Manager's Name, Office Location, User 1 ...) are kept
as labelled custom fields.
"""

from __future__ import annotations

import re

from netkeeper.io.card import Card, PostalAddress, TypedValue
from netkeeper.io.csv.values import (
    CUSTOM_FIELD,
    RELATION_FIELD,
    add_date,
    add_labelled,
    add_phonetic,
    add_tags,
    add_web,
    clean,
    clean_name,
    clean_notes,
)

_SCALARS = {
    "title": "honorific_prefix",
    "first name": "given_name",
    "middle name": "additional_names",
    "last name": "family_name",
    "suffix": "honorific_suffix",
    "nickname": "nickname",
    "company": "organization",
    "department": "department",
    "job title": "title",
    "notes": "notes",
}
# Phone column -> (vCard types, label, preferred)
_PHONES: dict[str, tuple[list[str], str | None, bool]] = {
    "assistant's phone": ([], "Assistant", False),
    "business fax": (["work", "fax"], None, False),
    "business phone": (["work"], None, False),
    "business phone 2": (["work"], None, False),
    "callback": ([], "Callback", False),
    "car phone": (["car"], None, False),
    "company main phone": (["work"], "Company main", False),
    "home fax": (["home", "fax"], None, False),
    "home phone": (["home"], None, False),
    "home phone 2": (["home"], None, False),
    "isdn": (["isdn"], None, False),
    "mobile phone": (["cell"], None, False),
    "other fax": (["fax"], None, False),
    "other phone": (["other"], None, False),
    "pager": (["pager"], None, False),
    "primary phone": ([], None, True),
    "radio phone": ([], "Radio", False),
    "tty/tdd phone": (["textphone"], None, False),
    "telex": ([], "Telex", False),
}
_ADDRESS_KINDS = {"business": ["work"], "home": ["home"], "other": ["other"]}
_ADDRESS = re.compile(
    r"^(business|home|other) (street(?: [23])?|city|state|postal code|country(?:/region)?|"
    r"address po box|po box)$"
)
_EMAIL = re.compile(r"^e-mail(?: ([23]))? (address|type|display name)$")
_WEB = {"web page": [], "personal web page": ["home"], "business web page": ["work"]}
_RELATIONS = {"spouse": "spouse", "manager's name": "manager", "assistant's name": "assistant"}
_IGNORED = {"e-mail type", "e-mail 2 type", "e-mail 3 type", "priority", "sensitivity", "private"}
_SYSTEM_CATEGORIES = {"mycontacts", "starred", "other contacts"}
_NO_VALUE = {"", "normal", "0"}  # Outlook fills Priority/Sensitivity with these


def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class OutlookRows:
    """Turns the cells of one Outlook CSV row into a Card."""

    def __init__(self, header: list[str]) -> None:
        self.columns = [(i, _norm(h), h.strip()) for i, h in enumerate(header)]

    def card(self, cells: list[str]) -> tuple[Card | None, list[str], str | None]:
        problems: list[str] = []
        card = Card()
        addresses: dict[str, dict[str, str]] = {}
        emails: dict[str, dict[str, str]] = {}
        for i, name, raw_name in self.columns:
            raw = cells[i] if i < len(cells) else ""
            value = clean(raw)
            if not value:
                continue
            if name in _SCALARS:
                attr = _SCALARS[name]
                if attr == "notes":
                    card.notes = clean_notes(raw)
                elif attr in ("given_name", "additional_names", "family_name"):
                    setattr(card, attr, clean_name(raw))
                else:
                    setattr(card, attr, value)
            elif name in _PHONES:
                types, label, preferred = _PHONES[name]
                card.phones.append(TypedValue(value, list(types), label, preferred))
            elif m := _EMAIL.match(name):
                emails.setdefault(m[1] or "1", {})[m[2]] = value
            elif m := _ADDRESS.match(name):
                part = m[2].replace("address po box", "po box").replace("country/region", "country")
                addresses.setdefault(m[1], {})[part] = raw.strip()
            elif name in _WEB:
                add_web(card, TypedValue(value, list(_WEB[name])))
            elif name == "birthday":
                add_date(card, "birthday", value, "birthday", problems)
            elif name == "anniversary":
                add_date(card, "anniversary", value, "anniversary", problems)
            elif name == "categories":
                words = [w.strip() for w in re.split(r"[;,]", value)]
                add_tags(card, [w for w in words if w.casefold() not in _SYSTEM_CATEGORIES])
            elif name in ("given yomi", "surname yomi"):
                add_phonetic(card, "first" if name == "given yomi" else "last", value)
            elif name in _RELATIONS:
                add_labelled(card, RELATION_FIELD, value, _RELATIONS[name])
            elif name in _IGNORED or (name in ("priority", "sensitivity") and value in _NO_VALUE):
                continue
            else:
                add_labelled(card, CUSTOM_FIELD, value, raw_name)
        for _n, parts in sorted(emails.items()):
            address = parts.get("address", "")
            if "@" not in address and "@" in parts.get("display name", ""):
                address = parts["display name"]  # Exchange entries carry an X.500 path
            if address and "@" in address:
                card.emails.append(TypedValue(address))
        for kind in ("business", "home", "other"):
            adr_parts = addresses.get(kind)
            if not adr_parts:
                continue
            street = "\n".join(
                s
                for s in (
                    adr_parts.get("street", ""),
                    adr_parts.get("street 2", ""),
                    adr_parts.get("street 3", ""),
                )
                if s
            )
            adr = PostalAddress(
                po_box=adr_parts.get("po box", ""),
                street=street,
                locality=adr_parts.get("city", ""),
                region=adr_parts.get("state", ""),
                postal_code=adr_parts.get("postal code", ""),
                country=adr_parts.get("country", ""),
                types=list(_ADDRESS_KINDS[kind]),
            )
            if not adr.is_empty():
                card.addresses.append(adr)
        if not (card.display_name() or card.emails or card.phones):
            if card.notes or card.addresses or card.urls:
                return None, problems, "the row has no name, organisation, email or phone"
            return None, problems, "the row is empty"
        return card, problems, None
