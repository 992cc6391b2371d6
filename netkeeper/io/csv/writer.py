"""Contacts out as CSV in Google's column layout (readable by Google, Outlook and spreadsheets).

The numbered groups ("E-mail 1 - Label", "E-mail 1 - Value", ...) are as many
as the contact with the most values needs (`Layout`, counted by the caller in
SQL, so the cards can stream). A value marked preferred gets Google's "* "
label prefix; several tags share the Labels cell with " ::: ".

Spreadsheets run a cell that starts with =, +, -, @, tab or carriage return as
a formula (CSV injection), so such a cell is written with a leading apostrophe;
`values.clean` takes it off again when NetKeeper reads the file back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from netkeeper.io.card import Card, RawProperty, TypedValue
from netkeeper.io.csv.values import (
    CUSTOM_FIELD,
    EVENT_FIELD,
    FORMULA_STARTS,
    LABEL,
    MULTI,
    PHONETIC,
    RELATION_FIELD,
    label_of,
)
from netkeeper.io.vcard import unescape_text
from netkeeper.social import service_label

BASE_COLUMNS = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
)
ADDRESS_PARTS = (
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
)


@dataclass
class Layout:
    """How many numbered groups of each kind the file needs (at least one of the common ones)."""

    emails: int = 1
    phones: int = 1
    addresses: int = 1
    websites: int = 1
    events: int = 0
    relations: int = 0
    custom: int = 0

    def header(self) -> list[str]:
        cols = list(BASE_COLUMNS)
        for title, n in (("E-mail", self.emails), ("Phone", self.phones)):
            for i in range(1, n + 1):
                cols += [f"{title} {i} - Label", f"{title} {i} - Value"]
        for i in range(1, self.addresses + 1):
            cols += [f"Address {i} - {p}" for p in ADDRESS_PARTS]
        for title, n in (
            ("Website", self.websites),
            ("Event", self.events),
            ("Relation", self.relations),
            ("Custom Field", self.custom),
        ):
            for i in range(1, n + 1):
                cols += [f"{title} {i} - Label", f"{title} {i} - Value"]
        return cols


def neutralise(text: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _labelled(card: Card, name: str) -> list[tuple[str, str]]:
    """(label, value) of the card's labelled items of one kind (itemN.NAME + itemN.X-ABLabel)."""
    labels = {
        p.group.casefold(): unescape_text(p.value)
        for p in card.extra
        if p.group and p.name.casefold() == LABEL.casefold()
    }
    out = []
    for p in card.extra:
        if p.name.upper() == name.upper():
            label = labels.get(p.group.casefold(), "") if p.group else ""
            if label.startswith("_$!<") and label.endswith(">!$_"):  # Apple's system labels
                label = label[4:-4]
            out.append((label, unescape_text(p.value)))
    return out


def _phonetic(extra: list[RawProperty], name: str) -> str:
    return next((unescape_text(p.value) for p in extra if p.name.upper() == name), "")


def counts(card: Card) -> Layout:
    """The layout one card needs (the caller takes the maximum over all cards)."""
    return Layout(
        len(card.emails),
        len(card.phones),
        len(card.addresses),
        len(card.urls) + len(card.profiles),
        len(_labelled(card, EVENT_FIELD)) + (card.anniversary is not None),
        len(_labelled(card, RELATION_FIELD)),
        len(_labelled(card, CUSTOM_FIELD)),
    )


def row(card: Card, layout: Layout) -> list[str]:
    composed = " ".join(
        p for p in (card.given_name, card.additional_names, card.family_name) if p.strip()
    )
    given = card.given_name
    if not composed.strip() and not card.organization:
        given = card.full_name  # a name with no parts: Google needs it somewhere
    full = card.full_name.strip()
    shown = " ".join(
        p
        for p in (
            card.honorific_prefix,
            card.given_name,
            card.additional_names,
            card.family_name,
            card.honorific_suffix,
        )
        if p.strip()
    )
    file_as = full if full and full not in (shown, composed, given) else ""
    cells = [
        given,
        card.additional_names,
        card.family_name,
        _phonetic(card.extra, PHONETIC["first"]),
        _phonetic(card.extra, PHONETIC["middle"]),
        _phonetic(card.extra, PHONETIC["last"]),
        card.honorific_prefix,
        card.honorific_suffix,
        card.nickname,
        file_as,
        card.organization,
        card.title,
        card.department,
        card.birthday or "",
        card.notes,
        card.photo_url or "",
        MULTI.join(card.categories),
    ]

    def pairs(items: list[tuple[str, str]], n: int) -> None:
        for i in range(n):
            cells.extend(items[i] if i < len(items) else ("", ""))

    def typed(values: Sequence[TypedValue], n: int) -> list[tuple[str, str]]:
        return [
            (("* " if v.preferred else "") + label_of(v.types, v.label), v.value)
            for v in values[:n]
        ]

    pairs(typed(card.emails, layout.emails), layout.emails)
    pairs(typed(card.phones, layout.phones), layout.phones)
    for i in range(layout.addresses):
        if i < len(card.addresses):
            a = card.addresses[i]
            label = ("* " if a.preferred else "") + label_of(a.types, a.label)
            formatted = "\n".join(
                filter(
                    None,
                    (
                        a.po_box,
                        a.extended,
                        a.street,
                        " ".join(filter(None, (a.postal_code, a.locality))),
                        a.region,
                        a.country,
                    ),
                )
            )
            cells += [
                label,
                formatted,
                a.street,
                a.locality,
                a.po_box,
                a.region,
                a.postal_code,
                a.country,
                a.extended,
            ]
        else:
            cells += [""] * len(ADDRESS_PARTS)
    sites = [
        (("* " if u.preferred else "") + label_of(u.types, u.label), u.value) for u in card.urls
    ] + [(service_label(p.service), p.url) for p in card.profiles]
    pairs(sites, layout.websites)
    events = [("Anniversary", card.anniversary)] if card.anniversary else []
    pairs(events + _labelled(card, EVENT_FIELD), layout.events)
    pairs(_labelled(card, RELATION_FIELD), layout.relations)
    pairs(_labelled(card, CUSTOM_FIELD), layout.custom)
    return [neutralise(c) for c in cells]


def google_csv_chunks(cards: Iterable[Card], layout: Layout) -> Iterator[str]:
    """The header, then one CSV line per card, as text (for an atomic file writer)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(layout.header())
    yield buf.getvalue()
    for card in cards:
        buf.seek(0)
        buf.truncate()
        writer.writerow(row(card, layout))
        yield buf.getvalue()


def write_google_csv(cards: Iterable[Card], out: IO[str], layout: Layout) -> int:
    """Write the header and one row per card; returns how many rows were written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(layout.header())
    n = 0
    for card in cards:
        writer.writerow(row(card, layout))
        n += 1
    return n
