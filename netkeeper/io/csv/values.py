"""Cell-level rules every CSV reader shares: cleaning, dates, labels, kept columns.

Spreadsheet exports put everything in text cells, so each reader needs the same
few conversions; having one copy keeps LinkedIn, Google, Outlook and the
generic mapping agreeing on what "no date" or "a primary value" means.
"""

from __future__ import annotations

import datetime as dt
import re

from netkeeper.io.card import Card, RawProperty, SocialProfile, TypedValue
from netkeeper.io.vcard import escape_text
from netkeeper.social import SERVICE_LABELS, service_for_url, service_key

MULTI = " ::: "  # Google's separator for several values in one cell
# How NetKeeper keeps a column it has no field for: an Apple-style labelled item
# (itemN.X-NETKEEPER-FIELD + itemN.X-ABLabel), so vCard export gives it back too.
CUSTOM_FIELD = "X-NETKEEPER-FIELD"
EVENT_FIELD = "X-ABDATE"
RELATION_FIELD = "X-ABRELATEDNAMES"
LABEL = "X-ABLabel"
PHONETIC = {
    "first": "X-PHONETIC-FIRST-NAME",
    "middle": "X-PHONETIC-MIDDLE-NAME",
    "last": "X-PHONETIC-LAST-NAME",
}
# A cell exported by NetKeeper (or any careful tool) that began with one of these got a
# leading apostrophe so a spreadsheet would not run it as a formula; reading takes it off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january", "janv", "janvier", "januar", "ene", "enero", "gen", "gennaio"),
            ("feb", "february", "févr", "fevr", "février", "februar", "febrero", "febbraio"),
            ("mar", "march", "mars", "märz", "marzo", "mrz"),
            ("apr", "april", "avr", "avril", "abr", "abril", "aprile"),
            ("may", "mai", "mayo", "mag", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giu", "giugno"),
            ("jul", "july", "juil", "juillet", "juli", "julio", "lug", "luglio"),
            ("aug", "august", "août", "aout", "ago", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "set", "settembre"),
            ("oct", "october", "octobre", "okt", "oktober", "octubre", "ott", "ottobre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "déc", "décembre", "dez", "dezember", "dic", "diciembre"),
        ),
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_NOYEAR = re.compile(r"--(\d{2})-?(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:,?\s.*)?")
_PACKED = re.compile(r"(\d{2})(\d{2})(\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:,?\s.*)?")
_MONTH_DAY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s.*)?")
_NO_DATE = {"0/0/00", "00/00/00", "0/0/0000", "00/00/0000", "0000-00-00", "00.00.0000"}


def clean(text: str) -> str:
    """A cell as a value: spacing collapsed at the ends, a formula guard taken off."""
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text


def clean_notes(text: str) -> str:
    """Multi-line text: line breaks kept (as \\n), ends trimmed, a formula guard taken off."""
    return clean(text.replace("\r\n", "\n"))


def clean_name(text: str) -> str:
    """Names: tabs and runs of spaces inside become one space (LinkedIn has both)."""
    return " ".join(clean(text).split())


def split_multi(text: str) -> list[str]:
    if ":::" not in text:  # the common case, kept cheap: 50,000 rows have 300,000 such cells
        value = clean(text)
        return [value] if value else []
    return [v for v in (clean(p) for p in text.split(":::")) if v]


def _checked(year: int | None, month: int, day: int) -> str | None:
    try:
        dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def parse_date(text: str, *, day_first: bool = False) -> str | None:
    """A calendar date as NetKeeper stores it ("YYYY-MM-DD" or "--MM-DD"), or None.

    Accepts ISO dates, year-less "--MM-DD", US "M/D/YY[YY]" (day first when the
    first number cannot be a month, when `day_first`, or with dots as in
    "14.03.1985"), "MMDDYYYY", "09 Oct 2024" and "Oct 9, 2024", with an
    optional time after a comma or space. Outlook's "0/0/00" means no date and
    its year 1604 means the year is unknown.
    """
    t = text.strip()
    if not t or t in _NO_DATE:
        return None
    year: int | None
    if m := _NOYEAR.fullmatch(t):
        return _checked(None, int(m[1]), int(m[2]))
    if m := _ISO.fullmatch(t):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.fullmatch(t):
        a, b, year = int(m[1]), int(m[3]), _year(m[4])
        if day_first or m[2] == "." or a > 12:
            day, month = a, b
        else:
            month, day = a, b
    elif m := _PACKED.fullmatch(t):
        month, day, year = int(m[1]), int(m[2]), int(m[3])
    elif (m := _DAY_MONTH.fullmatch(t)) and m[2].casefold() in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2].casefold()], int(m[3])
    elif (m := _MONTH_DAY.fullmatch(t)) and m[1].casefold() in _MONTHS:
        month, day, year = _MONTHS[m[1].casefold()], int(m[2]), int(m[3])
    else:
        return None
    if year == 1604 or year == 0:  # outlook.com writes 1604 for "year unknown"
        year = None
    return _checked(year, month, day)


# --------------------------------------------------------------------------- labels and types

_LABEL_TYPES = {
    "home": ["home"],
    "work": ["work"],
    "business": ["work"],
    "mobile": ["cell"],
    "cell": ["cell"],
    "main": ["main"],
    "home fax": ["home", "fax"],
    "work fax": ["work", "fax"],
    "business fax": ["work", "fax"],
    "other fax": ["fax"],
    "fax": ["fax"],
    "pager": ["pager"],
    "other": ["other"],
    "iphone": ["iphone"],
}
_TYPE_LABELS = {
    ("home",): "Home",
    ("work",): "Work",
    ("cell",): "Mobile",
    ("main",): "Main",
    ("fax", "home"): "Home Fax",
    ("fax", "work"): "Work Fax",
    ("fax",): "Other Fax",
    ("pager",): "Pager",
    ("other",): "Other",
    ("iphone",): "iPhone",
}
_NOISE = {"voice", "internet", "pref", "x400", "msg"}


def typed_value(value: str, label: str) -> TypedValue:
    """A value with Google's label: "* Work" is a primary work value, other words are labels."""
    label = label.strip()
    preferred = label.startswith("* ")
    if preferred:
        label = label[2:].strip()
    types = _LABEL_TYPES.get(label.casefold())
    if types is not None:
        return TypedValue(value, list(types), None, preferred)
    return TypedValue(value, [], label or None, preferred)


def label_of(types: list[str], label: str | None) -> str:
    """The Google label for a value's vCard types (its own label wins)."""
    if label:
        return label
    kinds = tuple(sorted({t.casefold() for t in types} - _NOISE))
    if kinds in _TYPE_LABELS:
        return _TYPE_LABELS[kinds]
    for t in ("cell", "fax", "pager", "work", "home"):
        if t in kinds:
            return _TYPE_LABELS[("fax", "work") if t == "fax" and "work" in kinds else (t,)]
    return kinds[0].capitalize() if kinds else ""


# --------------------------------------------------------------------------- kept columns


def _next_item(card: Card) -> str:
    groups = {p.group.casefold() for p in card.extra if p.group}
    n = 1
    while f"item{n}" in groups:
        n += 1
    return f"item{n}"


def add_labelled(card: Card, name: str, value: str, label: str) -> None:
    """Keep `value` as a labelled item: a column or field NetKeeper has no place for."""
    if not value:
        return
    group = _next_item(card)
    card.extra.append(RawProperty(name, escape_text(value), [], group))
    if label:
        card.extra.append(RawProperty(LABEL, escape_text(label), [], group))


def add_phonetic(card: Card, part: str, value: str) -> None:
    if value:
        card.extra.append(RawProperty(PHONETIC[part], escape_text(value)))


def add_date(card: Card, attr: str, text: str, what: str, problems: list[str]) -> None:
    """Set a birthday/anniversary from a cell, or keep the text in the notes and say so."""
    if not text or text.strip() in _NO_DATE:
        return
    value = parse_date(text)
    if value is None:
        problems.append(f"{what} '{text}' is not a date; kept in the notes")
        card.notes = f"{card.notes}\n{what.capitalize()}: {text}".strip()
    elif getattr(card, attr) is None:
        setattr(card, attr, value)


def add_tags(card: Card, names: list[str]) -> None:
    have = {t.casefold() for t in card.categories}
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in have:
            card.categories.append(name)
            have.add(name.casefold())


def add_web(card: Card, tv: TypedValue) -> None:
    """A web address: a social profile when its host says so (as the vCard reader does)."""
    service = service_for_url(tv.value)
    named = service_key(tv.label or "")
    if service is None and named in SERVICE_LABELS and named != "website":
        service = named  # "Mastodon: @ada@example.social", a profile that is no web address
    if service is not None:
        card.profiles.append(SocialProfile(service, tv.value))
    else:
        card.urls.append(tv)
