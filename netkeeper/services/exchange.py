"""Import and export policy: vCard files in, contacts merged; contacts out, vCard files.

Import is one transaction per call: every file lands whole or nothing does
(cancel, bad file and crash included). Cards stream from `io.vcard.read_cards`
one by one; new contacts are written in batches with `executemany` (the
architecture notes measure it ~8x faster than Peewee's insert_many), so the
import's cost stays the parse's cost.

Matching, in order: UID, then email, then phone (E.164 via phonenumbers, else
the digits), then normalised name + organisation. The keys of every live
contact are loaded into dicts once per import and kept up to date as cards
land, so a card that repeats an earlier card of the same import merges into
it instead of doubling it, and matching costs no query per card.

Merging fills in what is missing and adds values the contact lacks; it never
overwrites or deletes what is there. A differing value is kept as it is and
named as a conflict ("kept organisation 'X'; the file says 'Y'") in the card's
outcome and in the report's "kept" list, so the review step and the CLI say
so. Re-importing the same file therefore changes nothing.

The GUI needs two phases: `plan_import` runs the very same import inside a
transaction that is rolled back and returns one `CardOutcome` per card;
`apply_import` runs it for real with the user's keep/skip decisions and an
optional tag for the whole batch. `import_files` is the CLI's one-shot.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import itertools
import json
import os
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from netkeeper.io.card import (
    CONNECTED_ON,
    HOW_MET,
    INTRODUCED_BY,
    Card,
    PostalAddress,
    Problem,
    RawProperty,
    SocialProfile,
    TypedValue,
)
from netkeeper.io.csv import CsvOptions, CsvReadError, MappingError, open_csv, read_csv_cards
from netkeeper.io.csv.sniff import MAX_BYTES, SAMPLE, Sniffed, sniff_bytes
from netkeeper.io.csv.values import CUSTOM_FIELD, EVENT_FIELD, RELATION_FIELD
from netkeeper.io.csv.writer import Layout, google_csv_chunks, write_google_csv
from netkeeper.io.photos import fit_photo
from netkeeper.io.vcard import CardReadError, escape_text, read_cards, unescape_text, write_cards
from netkeeper.model import search
from netkeeper.model.db import db
from netkeeper.model.tables import CARD_COLUMNS, utcnow
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.contacts import new_uid, normalize_phone
from netkeeper.services.dates import parse_calendar_date, to_utc_naive
from netkeeper.services.files import write_private
from netkeeper.services.followups import refresh_next_due
from netkeeper.services.tags import tag_ids
from netkeeper.social import service_for_url, service_key, service_label, url_key

BATCH = 500
# The event where the user met the person, by its name (services/events.py links it back).
MET_AT = "X-NETKEEPER-MET-AT"
FORMATS = ("vcard", "linkedin", "google", "outlook", "csv")
# What LinkedIn said someone's role was at the last import (ORG;TITLE, vCard-escaped): a
# newer export that differs while the contact still holds this role is a job change.
LINKEDIN_ROLE = "X-NETKEEPER-LINKEDIN-ROLE"
Progress = Callable[[int, int, int], None]  # (cards read, bytes read, bytes in all files)


class ImportFileError(ServiceError):
    """A file that cannot be imported at all: missing, empty or not a vCard file."""


class ImportCancelled(ServiceError):
    """The user cancelled; nothing was written."""


@dataclass
class CardOutcome:
    """What happened (or, in a plan, would happen) to one card: a row of the review."""

    file: str
    card: int
    status: str  # new | updated | unchanged | duplicate | skipped | group
    name: str = ""
    contact_id: int | None = None
    changes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # values kept although the file differs
    reason: str | None = None
    # A new job the file brings (organisation, department, title differing from the
    # contact's): {"field", "words", "old", "new"} each, so the review can offer to take
    # it and to congratulate. Listed whether or not it was taken.
    job_changes: list[dict[str, str]] = field(default_factory=list)


@dataclass
class FileReport:
    """One entry of `import --json`'s "files" list (a public contract: extend only)."""

    file: str
    cards: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    groups: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Values the file would have changed: the contact kept its own (an extension field).
    kept: list[dict[str, Any]] = field(default_factory=list)
    # Why the file could not be read at all (empty, not a vCard...); None when it was read.
    error: str | None = None
    # How the file was read (FORMATS); None when it could not be read.
    format: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "cards": self.cards,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "groups": self.groups,
            "problems": [
                {"card": p.card, "line": p.line, "reason": p.reason} for p in self.problems
            ],
            "kept": self.kept,
            "error": self.error,
        }


@dataclass
class ImportResult:
    files: list[FileReport]
    outcomes: list[CardOutcome]
    applied: bool

    def to_json(self) -> dict[str, Any]:
        return {"files": [f.to_json() for f in self.files]}

    def outcome_dicts(self) -> list[dict[str, Any]]:
        return [asdict(o) for o in self.outcomes]


# --------------------------------------------------------------------------- checking files


def _check_vcard(p: Path) -> None:
    """Raise ImportFileError unless the file holds BEGIN:VCARD somewhere."""
    with open(p, "rb") as fh:
        head = fh.read(4)
        utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in head
        fh.seek(0)
        tail = b""
        while chunk := fh.read(1 << 20):
            block = tail + chunk
            text = block.replace(b"\0", b"") if utf16 else block
            if b"begin:vcard" in text.lower():
                return
            tail = block[-64:]
    raise ImportFileError(f"{p}: not a vCard file (no BEGIN:VCARD found)")


def sniff_file(
    path: str | os.PathLike[str], *, encoding: str | None = None, delimiter: str | None = None
) -> Sniffed:
    """What a file looks like before it is read: format, encoding, delimiter, header, first rows.

    The import dialog shows this in its column mapping step; ImportFileError when
    the file cannot be read as text at all.
    """
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(SAMPLE)
        return sniff_bytes(head, encoding=encoding, delimiter=delimiter)
    except CsvReadError as exc:
        raise ImportFileError(f"{p}: {exc}") from None
    except (OSError, UnicodeError) as exc:
        raise ImportFileError(f"{p}: cannot read it ({exc})") from None


def check_file(path: str | os.PathLike[str], options: CsvOptions | None = None) -> str:
    """The file's format (FORMATS), judged by content; ImportFileError if it cannot be read.

    A vCard is recognised wherever BEGIN:VCARD is; a LinkedIn, Google or Outlook
    CSV by its header. A CSV of any other shape needs a mapping (or suggestions
    that find a name column); a file named .vcf/.vcard is read as a generic CSV
    only when asked (`options.format == "csv"`), so a stray file never turns into
    contacts by accident.
    """
    p = Path(path)
    if not p.exists():
        raise ImportFileError(f"{p}: no such file")
    if p.is_dir():
        raise ImportFileError(f"{p}: is a folder, not a contacts file")
    forced = options.format if options else None
    if forced is not None and forced not in FORMATS:
        raise ImportFileError(f"unknown format '{forced}' (use one of: {', '.join(FORMATS)})")
    try:
        with open(p, "rb") as fh:
            head = fh.read(SAMPLE)
        if not head.strip(b"\xef\xbb\xbf\xff\xfe \r\n\t\0"):
            raise ImportFileError(f"{p}: the file is empty")
        if forced == "vcard":
            _check_vcard(p)
            return "vcard"
        size = p.stat().st_size
        if size > MAX_BYTES and b"begin:vcard" not in head.replace(b"\0", b"").lower():
            raise ImportFileError(
                f"{p}: the file is {size / 2**20:,.0f} MB; NetKeeper reads contact CSV files "
                f"up to {MAX_BYTES / 2**20:,.0f} MB (split it into smaller files)"
            )
        enc = options.encoding if options else None
        delim = options.delimiter if options else None
        try:
            sniffed = sniff_bytes(head, encoding=enc, delimiter=delim)
        except CsvReadError as exc:
            if forced is None and p.suffix.lower() in (".vcf", ".vcard"):
                _check_vcard(p)  # raises "not a vCard file" unless one is further in
                return "vcard"
            raise ImportFileError(f"{p}: {exc}") from None
        if sniffed.format == "vcard" and forced is None:
            return "vcard"
        if sniffed.format == "vcard" or (
            forced is None
            and sniffed.format == "csv"
            and not (options and options.mapping)
            and p.suffix.lower() in (".vcf", ".vcard")
        ):
            _check_vcard(p)  # a .vcf that is not a vCard: say so, in vCard words
        with open(p, "rb") as fh:
            found, _rows = open_csv(fh, options)
        return found.format
    except (CsvReadError, MappingError) as exc:
        raise ImportFileError(f"{p}: {exc}") from None
    except OSError as exc:
        raise ImportFileError(f"{p}: cannot read it ({exc.strerror})") from None


# --------------------------------------------------------------------------- matching keys


def _norm_uid(uid: str) -> str:
    uid = uid.strip()
    return uid[9:] if uid.lower().startswith("urn:uuid:") else uid


@functools.lru_cache(maxsize=1 << 16)
def _e164(value: str) -> str | None:
    """normalize_phone, cached: each number is looked at three times per import."""
    return normalize_phone(value)


@functools.lru_cache(maxsize=1 << 16)
def _phone_key(value: str) -> str | None:
    e164 = _e164(value)
    if e164:
        return e164
    digits = "".join(c for c in value if c.isdigit())
    return digits if len(digits) >= 7 else None


@functools.lru_cache(maxsize=1 << 14)  # a card's name is folded three or four times
def _fold(text: str) -> str:
    """Case, accents and spacing do not make two names different."""
    if text.isascii():
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _name_key(name: str, org: str) -> str | None:
    name = _fold(name)
    return f"{name}\x1f{_fold(org)}" if name else None


def _adr_key(a: PostalAddress) -> tuple[str, ...]:
    return tuple(
        _fold(x)
        for x in (a.po_box, a.extended, a.street, a.locality, a.region, a.postal_code, a.country)
    )


# A phone number or email already given by this many differently named people is a
# switchboard or a shared inbox, not a person: it no longer matches a card with yet
# another name (2,000 colleagues behind one number collapsed into one contact).
AMBIGUOUS_NAMES = 2


class _Index:
    """Matching keys of every live contact, loaded once, updated as cards land.

    `names` counts, per email and phone key, the different (folded) names that
    carry it, so a key shared by several people stops matching new names.
    """

    def __init__(self) -> None:
        self.uid: dict[str, int] = {}
        self.email: dict[str, int] = {}
        self.phone: dict[str, int] = {}
        self.name: dict[str, int] = {}
        # Per kind ("email", "phone"): key -> the one name carrying it, or the set once
        # there are several (a set per key was 60 MB of a 50,000-row import).
        self.names: dict[str, dict[str, str | set[str]]] = {"email": {}, "phone": {}}
        # Per kind: key -> the folded name of the key's contact.
        self.owner: dict[str, dict[str, str]] = {"email": {}, "phone": {}}
        # Social profile keys (a LinkedIn URL, normalised) -> contact, and back.
        self.profile: dict[str, int] = {}
        self.profiles_of: dict[int, set[str]] = {}
        self.trashed_uids: set[str] = set()
        self.ambiguous: list[str] = []  # what the last match() refused to match on
        folded: dict[int, str] = {}
        for cid, uid, deleted, fn, org in db.execute_sql(
            "SELECT id, uid, deleted_at, full_name, organization FROM contact"
        ):
            if deleted is not None:
                self.trashed_uids.add(uid)
                continue
            self.uid.setdefault(_norm_uid(uid), cid)
            folded[cid] = _fold(fn)
            key = _name_key(fn, org)
            if key:
                self.name.setdefault(key, cid)
        live = "SELECT id FROM contact WHERE deleted_at IS NULL"
        for cid, value in db.execute_sql(
            f"SELECT contact_id, value FROM email WHERE contact_id IN ({live})"
        ):
            key = value.strip().casefold()
            if key not in self.email:
                self.email[key] = cid
                self.owner["email"][key] = folded.get(cid, "")
            self._carry("email", key, folded.get(cid, ""))
        for cid, value, normalized in db.execute_sql(
            f"SELECT contact_id, value, normalized FROM phone WHERE contact_id IN ({live})"
        ):
            key = normalized or _phone_key(value)
            if key:
                if key not in self.phone:
                    self.phone[key] = cid
                    self.owner["phone"][key] = folded.get(cid, "")
                self._carry("phone", key, folded.get(cid, ""))
        for cid, key in db.execute_sql(
            f"SELECT contact_id, url_key FROM social_profile WHERE contact_id IN ({live})"
        ):
            self.profile.setdefault(key, cid)
            self.profiles_of.setdefault(cid, set()).add(key)

    @staticmethod
    def card_profiles(card: Card) -> list[str]:
        """The card's social profile links as keys (the writer's url_key, any spelling)."""
        return [
            url_key(p.url, service_key(p.service) or service_for_url(p.url) or "website")
            for p in card.profiles
            if p.url.strip()
        ]

    def _carry(self, kind: str, key: str, name: str) -> None:
        if name:
            names = self.names[kind]
            have = names.get(key)
            if have is None:
                names[key] = name
            elif isinstance(have, str):
                if have != name:
                    names[key] = {have, name}
            else:
                have.add(name)

    def _shared(self, kind: str, key: str, name: str) -> bool:
        """True when `key` is carried by several names and `name` is not its contact's.

        The key points at one contact only (the first that had it); once it is
        shared, it may still find that contact, never anybody else.
        """
        if self.carried(kind, key) < AMBIGUOUS_NAMES:
            return False
        return name != self.owner[kind].get(key)

    def carried(self, kind: str, key: str) -> int:
        """How many different names carry the key."""
        have = self.names[kind].get(key)
        return 0 if have is None else 1 if isinstance(have, str) else len(have)

    def match(
        self, card: Card, other_card: Callable[[int], bool] = lambda cid: False
    ) -> tuple[int | None, str]:
        """The contact this card is, and why; `other_card(cid)` vetoes a candidate.

        A social profile link is the strongest key (LinkedIn's export has no other
        id); a contact with other profiles on file is never matched by name alone
        to a card whose profiles are all different.
        """
        self.ambiguous = []
        profiles = self.card_profiles(card)
        for profile in profiles:
            cid = self.profile.get(profile)
            if cid is not None and not other_card(cid):
                return cid, "social profile"
        if card.uid and (cid := self.uid.get(_norm_uid(card.uid))) is not None:
            return cid, "UID"
        name = _fold(card.full_name or card.display_name())
        candidates: list[tuple[int | None, str]] = []
        for kind, table, value, key in (
            *(("email", self.email, e.value, e.value.strip().casefold()) for e in card.emails),
            *(("phone", self.phone, p.value, _phone_key(p.value)) for p in card.phones),
        ):
            if not key:
                continue
            if self._shared(kind, key, name):
                carried = self.carried(kind, key)
                self.ambiguous.append(f"{kind} {value} (shared by {carried} names)")
                continue
            candidates.append((table.get(key), f"{kind} {value}"))
        key = _name_key(card.display_name(), card.organization)
        if key:
            named = self.name.get(key)
            theirs = self.profiles_of.get(named, set()) if named is not None else set()
            if not (profiles and theirs and not theirs & set(profiles)):
                candidates.append((named, "name and organisation"))
        self.carry(card)  # after the look-up: a card's own name never makes its keys shared
        for cid, how in candidates:
            if cid is not None and not other_card(cid):
                return cid, how
        return None, ""

    def carry(self, card: Card) -> None:
        """Count the card's name against each of its email and phone keys."""
        name = _fold(card.full_name or card.display_name())
        for e in card.emails:
            self._carry("email", e.value.strip().casefold(), name)
        for p in card.phones:
            if k := _phone_key(p.value):
                self._carry("phone", k, name)

    def add(
        self, cid: int, card: Card, *, carried: bool = False
    ) -> list[tuple[dict[str, int], str]]:
        """Index the card's keys under `cid`; returns the (table, key) pairs it took.

        `carried`: match() has just counted this card's name against its keys."""
        keys: list[tuple[dict[str, int], str | None]] = [
            (self.uid, _norm_uid(card.uid) if card.uid else None),
            *((self.email, e.value.strip().casefold()) for e in card.emails),
            *((self.phone, _phone_key(p.value)) for p in card.phones),
            (self.name, _name_key(card.full_name or card.display_name(), card.organization)),
        ]
        keys += [(self.profile, k) for k in self.card_profiles(card)]
        taken: list[tuple[dict[str, int], str]] = []
        name = _fold(card.full_name or card.display_name())
        for table, key in keys:
            if key and key not in table:
                table[key] = cid
                taken.append((table, key))
                kind = "email" if table is self.email else "phone" if table is self.phone else ""
                if kind:
                    self.owner[kind].setdefault(key, name)
        for k in self.card_profiles(card):
            self.profiles_of.setdefault(cid, set()).add(k)
        if not carried:
            self.carry(card)
        return taken


# --------------------------------------------------------------------------- merging


_SCALARS = (
    ("full_name", "name"),
    ("given_name", "given name"),
    ("family_name", "family name"),
    ("additional_names", "middle names"),
    ("honorific_prefix", "name prefix"),
    ("honorific_suffix", "name suffix"),
    ("nickname", "nickname"),
    ("organization", "organisation"),
    ("department", "department"),
    ("title", "title"),
)


def _params_key(params: Iterable[tuple[str, str]]) -> tuple[Any, ...]:
    """Parameters as the same property in either version compares: vCard 3.0 has no
    PREF=n and writes TYPE=pref, and TYPE=a,b is TYPE=a;TYPE=b in any case and order."""
    types: set[str] = set()
    other: list[tuple[str, str]] = []
    for name, value in params:
        if name.upper() == "TYPE":
            types.update(t.strip().casefold() for t in value.split(",") if t.strip())
        elif name.upper() == "PREF":
            types.add("pref")
        else:
            other.append((name.upper(), value))
    return tuple(sorted(types)), tuple(sorted(other))


def _raw_units(props: Iterable[RawProperty]) -> dict[tuple[Any, ...], list[RawProperty]]:
    """Kept properties as comparable units: a group (item1.*) travels as one unit."""
    units: dict[tuple[Any, ...], list[RawProperty]] = {}
    grouped: dict[str, list[RawProperty]] = {}
    for p in props:
        if p.group:
            grouped.setdefault(p.group.casefold(), []).append(p)
        else:
            units.setdefault((p.name, p.value, _params_key(p.params)), [p])
    for members in grouped.values():
        key = tuple(sorted((m.name, m.value, _params_key(m.params)) for m in members))
        units.setdefault(("group", key), members)
    return units


JOB_FIELDS = ("organization", "department", "title")


def merge(
    existing: Card,
    incoming: Card,
    *,
    take: Collection[str] = (),
    job_changes: list[dict[str, str]] | None = None,
) -> tuple[list[str], list[str]]:
    """Fill `existing` in from `incoming` (in place); return (changes, conflicts), in words.

    Never overwrites or deletes on its own: where the file differs from what is
    there, the contact keeps its value and a conflict names both, so the review and
    the report can say so. The fields named in `take` (the user chose the file's
    value in the review, e.g. a new title) are the exception. Differences in
    JOB_FIELDS are also appended to `job_changes`: a new job is a reason to get in touch.
    """
    changes: list[str] = []
    conflicts: list[str] = []
    for attr, words in _SCALARS:
        old, new = getattr(existing, attr).strip(), getattr(incoming, attr).strip()
        if attr == "full_name" and not new:
            new = incoming.display_name()
        if not new or _fold(old) == _fold(new):
            continue
        if not old:
            setattr(existing, attr, new)
            changes.append(f"added {words} '{new}'")
        elif attr in take and attr in JOB_FIELDS:
            setattr(existing, attr, new)
            changes.append(f"took {words} '{new}' (was '{old}')")
        elif attr not in ("full_name",) or _fold(new) not in _fold(old):
            conflicts.append(f"kept {words} '{old}'; the file says '{new}'")
        if old and job_changes is not None and attr in JOB_FIELDS:
            job_changes.append({"field": attr, "words": words, "old": old, "new": new})
    for attr, words in (("birthday", "birthday"), ("anniversary", "anniversary")):
        old, new = getattr(existing, attr), getattr(incoming, attr)
        if not new or old == new:
            continue
        if not old or (old.startswith("--") and not new.startswith("--") and new[4:] == old[1:]):
            setattr(existing, attr, new)
            changes.append(f"added {words} {new}")
        else:
            conflicts.append(f"kept {words} {old}; the file says {new}")
    for attr, words, keyf in (
        ("emails", "email", lambda v: v.value.strip().casefold()),
        ("phones", "phone", lambda v: _phone_key(v.value) or v.value.strip()),
        ("urls", "web address", lambda v: v.value.strip()),
    ):
        have: dict[str, list[TypedValue]] = {}
        for v in getattr(existing, attr):
            have.setdefault(keyf(v), []).append(v)
        for v in getattr(incoming, attr):
            olds = have.get(keyf(v))
            if not olds:
                getattr(existing, attr).append(v)
                have[keyf(v)] = [v]
                changes.append(f"added {words} {v.value}")
            elif (v.types or v.label) and all(not o.types and not o.label for o in olds):
                # The same value, kind-less here: the file says what kind it is.
                olds[0].types, olds[0].label = list(v.types), v.label
                changes.append(f"added the kind of {words} {olds[0].value}")
    have_profiles = {url_key(sp.url, sp.service) for sp in existing.profiles}
    for sp in incoming.profiles:
        link = url_key(sp.url, sp.service)
        if link not in have_profiles:
            existing.profiles.append(sp)
            have_profiles.add(link)
            changes.append(f"added {service_label(sp.service)} profile {sp.url}")
    have_adr = {_adr_key(a) for a in existing.addresses}
    for a in incoming.addresses:
        if _adr_key(a) not in have_adr:
            existing.addresses.append(a)
            have_adr.add(_adr_key(a))
            changes.append("added an address in " + (a.locality or a.country or a.street))
    notes = incoming.notes.strip()
    if notes and _fold(notes) not in _fold(existing.notes):
        existing.notes = f"{existing.notes.rstrip()}\n\n{notes}" if existing.notes else notes
        changes.append("added to the notes")
    have_tags = {t.casefold() for t in existing.categories}
    for t in incoming.categories:
        if t.casefold() not in have_tags:
            existing.categories.append(t)
            have_tags.add(t.casefold())
            changes.append(f"added tag {t}")
    if existing.photo is None and existing.photo_url is None:
        if incoming.photo is not None:
            existing.photo, existing.photo_mime = incoming.photo, incoming.photo_mime
            changes.append("added a photo")
        elif incoming.photo_url:
            existing.photo_url = incoming.photo_url
            changes.append("added a photo link")
    old_units = _raw_units(existing.extra)
    groups = {p.group.casefold() for p in existing.extra if p.group}
    for key, members in _raw_units(incoming.extra).items():
        if key in old_units:
            continue
        if members[0].group and members[0].group.casefold() in groups:
            n = 1
            while f"item{n}" in groups:
                n += 1
            members = [RawProperty(m.name, m.value, list(m.params), f"item{n}") for m in members]
        if members[0].group:
            groups.add(members[0].group.casefold())
        existing.extra.extend(members)
        changes.append("added " + "/".join(sorted({m.name for m in members})))
    return changes, conflicts


# --------------------------------------------------------------------------- writing new contacts


def _card_kind_to_extra(card: Card) -> None:
    """The model has no KIND column: an organisation card keeps its KIND as a kept property."""
    if card.kind not in ("individual", "group") and not any(p.name == "KIND" for p in card.extra):
        card.extra.append(RawProperty("KIND", card.kind))


_CONTACT_COLUMNS = CARD_COLUMNS
# Where search.TEXT_COLUMNS (but how_met, written beside) sit in _contact_values.
_TEXT_AT = [_CONTACT_COLUMNS.index(c) for c in search.TEXT_COLUMNS[:-1]]
assert search.TEXT_COLUMNS[-1] == "how_met"
_CHILD_SQL = {
    "email": "INSERT INTO email (contact_id, value, types, label, preferred, position)"
    " VALUES (?,?,?,?,?,?)",
    "url": "INSERT INTO url (contact_id, value, types, label, preferred, position)"
    " VALUES (?,?,?,?,?,?)",
    "phone": "INSERT INTO phone (contact_id, value, types, label, preferred, position,"
    " normalized) VALUES (?,?,?,?,?,?,?)",
    "address": "INSERT INTO address (contact_id, po_box, extended, street, locality, region,"
    " postal_code, country, types, label, preferred, position)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
    "contact_property": 'INSERT INTO contact_property (contact_id, position, "group", name,'
    " params, value) VALUES (?,?,?,?,?,?)",
    "contact_tag": "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
    "social_profile": "INSERT INTO social_profile (contact_id, service, url, url_key, position)"
    " VALUES (?,?,?,?,?)",
}


def _contact_values(card: Card) -> tuple[Any, ...]:
    """The contact row's card columns, in _CONTACT_COLUMNS order, as contacts.py stores them."""
    return (
        card.uid,
        (card.full_name or "").strip() or card.display_name(),
        *((getattr(card, f) or "").strip() for f in _CONTACT_COLUMNS[2:11]),
        card.birthday or None,
        card.anniversary or None,
        (card.notes or "").strip(),
        card.photo,
        card.photo_mime if card.photo is not None else None,
        card.photo_url,
    )


def load_card(contact_id: int) -> Card:
    """The contact as a Card, like contacts.get_card, in plain SQL.

    Merging loads one contact per matched card; Peewee's query building made
    that ~2 ms a contact, this ~0.2 ms. test_exchange checks both agree.
    """
    card = load_cards([contact_id]).get(contact_id)
    if card is None:
        raise NotFound(f"no contact with id {contact_id}")
    return card


_LOAD_CHUNK = 500  # ids per IN (...): well under SQLite's variable limit


def load_cards(contact_ids: Iterable[int]) -> dict[int, Card]:
    """Many contacts as Cards (id -> Card in the order asked; missing ids left out).

    What load_card does one contact at a time (nine queries each): a sync that
    compares every synced contact with what it last sent reads them all, and at
    1,000 contacts the 9,000 queries were most of a sync with nothing changed.
    """
    ids = list(dict.fromkeys(contact_ids))
    out: dict[int, Card] = {}
    cols = ", ".join(_CONTACT_COLUMNS)
    for start in range(0, len(ids), _LOAD_CHUNK):
        chunk = ids[start : start + _LOAD_CHUNK]
        marks = ",".join("?" * len(chunk))

        def rows(sql: str, chunk: list[int] = chunk, marks: str = marks) -> Any:
            return db.execute_sql(sql.format(ids=marks), chunk)

        cards: dict[int, Card] = {}
        for cid, *row in rows(f"SELECT id, {cols} FROM contact WHERE id IN ({{ids}})"):
            values = dict(zip(_CONTACT_COLUMNS, row, strict=True))
            if values["photo"] is not None:
                values["photo"] = bytes(values["photo"])
            cards[cid] = Card(**values)
        for table in ("email", "phone", "url"):
            for cid, value, types, label, pref in rows(
                f"SELECT contact_id, value, types, label, preferred FROM {table} "
                "WHERE contact_id IN ({ids}) ORDER BY contact_id, position"
            ):
                if cid in cards:
                    target = getattr(cards[cid], table + "s")
                    kinds = [t for t in types.split(",") if t]
                    target.append(TypedValue(value, kinds, label, bool(pref)))
        for cid, po, ext, street, city, region, code, country, types, label, pref in rows(
            "SELECT contact_id, po_box, extended, street, locality, region, postal_code,"
            " country, types, label, preferred FROM address WHERE contact_id IN ({ids})"
            " ORDER BY contact_id, position"
        ):
            if cid in cards:
                kinds = [t for t in types.split(",") if t]
                cards[cid].addresses.append(
                    PostalAddress(po, ext, street, city, region, code, country, kinds, label,
                                  bool(pref))
                )  # fmt: skip
        for cid, name in rows(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id IN ({ids}) ORDER BY ct.contact_id, t.name"
        ):
            if cid in cards:
                cards[cid].categories.append(name)
        for cid, service, url in rows(
            "SELECT contact_id, service, url FROM social_profile WHERE contact_id IN ({ids})"
            " ORDER BY contact_id, position, id"
        ):
            if cid in cards:
                cards[cid].profiles.append(SocialProfile(service, url))
        for cid, group, name, params, value in rows(
            'SELECT contact_id, "group", name, params, value FROM contact_property '
            "WHERE contact_id IN ({ids}) ORDER BY contact_id, position"
        ):
            if cid in cards:
                kv = [tuple(p) for p in json.loads(params)]
                cards[cid].extra.append(RawProperty(name, value, kv, group))
        out.update((cid, cards[cid]) for cid in chunk if cid in cards)
    return out


class _Writer:
    """Writes contacts in plain SQL within the import's transaction.

    New contacts wait in a batch and go in with executemany; the search index
    is rebuilt once per batch for everything written since the last one.
    """

    def __init__(self) -> None:
        self.pending: list[tuple[Card, list[str], str]] = []
        self.tags: dict[str, int] = {}
        self.reindex: set[int] = set()
        # The highest contact id with a search row when the first batch was written:
        # contacts written above it have none to replace.
        self.indexed: int | None = None

    def add(self, card: Card, tags: list[str], how_met: str = "") -> None:
        self.pending.append((card, tags, how_met))

    def _tag_id(self, name: str) -> int | None:
        key = " ".join(name.split()).casefold()
        if key not in self.tags:
            found = tag_ids([name])
            if not found:
                return None
            self.tags[key] = found[0]
        return self.tags[key]

    def _children(
        self, cid: int, card: Card, tags: Iterable[str], rows: dict[str, list[tuple[Any, ...]]]
    ) -> None:
        for table, items in (("email", card.emails), ("url", card.urls)):
            rows[table].extend(
                (cid, v.value.strip(), ",".join(v.types), v.label, v.preferred, i)
                for i, v in enumerate(items)
            )
        rows["phone"].extend(
            (cid, v.value.strip(), ",".join(v.types), v.label, v.preferred, i, _e164(v.value))
            for i, v in enumerate(card.phones)
        )
        rows["address"].extend(
            (
                cid,
                a.po_box,
                a.extended,
                a.street,
                a.locality,
                a.region,
                a.postal_code,
                a.country,
                ",".join(a.types),
                a.label,
                a.preferred,
                i,
            )
            for i, a in enumerate(card.addresses)
        )
        rows["contact_property"].extend(
            (cid, i, p.group, p.name, json.dumps([list(kv) for kv in p.params]), p.value)
            for i, p in enumerate(card.extra)
        )
        seen: set[str] = set()
        for p in card.profiles:
            service = service_key(p.service) or service_for_url(p.url) or "website"
            key = url_key(p.url, service)
            if p.url.strip() and key not in seen:
                seen.add(key)
                rows["social_profile"].append((cid, service, p.url.strip(), key, len(seen) - 1))
        for name in dict.fromkeys([*card.categories, *tags]):
            tid = self._tag_id(name)
            if tid is not None:
                rows["contact_tag"].append((cid, tid))

    @staticmethod
    def _insert(rows: dict[str, list[tuple[Any, ...]]]) -> None:
        cur = db.cursor()
        for table, sql in _CHILD_SQL.items():
            if rows[table]:
                cur.executemany(sql, rows[table])

    def flush(self) -> list[int]:
        """Write the waiting new contacts; returns their ids in order.

        The ids are the ones SQLite would give (one above the largest, the table
        has no AUTOINCREMENT), so the contacts go in with one executemany. Their
        search rows are made from the values written (search.index_new), the
        contacts updated since the last flush are re-read (search.reindex).
        """
        cur = db.cursor()
        now = utcnow().isoformat(" ")  # as sqlite3 adapts a datetime, once, not twice a row
        (top,) = cur.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()
        ids = list(range(top + 1, top + 1 + len(self.pending)))
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _CHILD_SQL}
        contacts: list[tuple[Any, ...]] = []
        entries: list[
            tuple[int, Sequence[str], Sequence[str], Sequence[tuple[str, str | None]]]
        ] = []
        for cid, (card, tags, how_met) in zip(ids, self.pending, strict=True):
            values = _contact_values(card)
            contacts.append((cid, *values, now, now, how_met))
            before = len(rows["phone"])
            self._children(cid, card, tags, rows)
            texts = [values[i] for i in _TEXT_AT] + [how_met]
            emails = [v.value.strip() for v in card.emails]
            phones = [(r[1], r[6]) for r in rows["phone"][before:]]
            entries.append((cid, texts, emails, phones))
        if contacts:
            cols = ", ".join(_CONTACT_COLUMNS)
            marks = ",".join("?" * len(_CONTACT_COLUMNS))
            cur.executemany(
                f"INSERT INTO contact (id, {cols}, created_at, updated_at, how_met)"
                f" VALUES (?, {marks}, ?, ?, ?)",
                contacts,
            )
        self._insert(rows)
        if self.indexed is None:
            self.indexed = search.last_indexed(db)
        fresh = [e for e in entries if e[0] > self.indexed]
        search.index_new(db, fresh)
        self.reindex.update(e[0] for e in entries if e[0] <= self.indexed)
        if self.reindex:
            search.reindex(db, self.reindex)
        self.reindex = set()
        self.pending = []
        return ids

    def update(self, cid: int, card: Card) -> None:
        """Replace a contact's card fields with the merged card (tags are only added)."""
        sets = ", ".join(f"{c} = ?" for c in _CONTACT_COLUMNS)
        db.execute_sql(
            f"UPDATE contact SET {sets}, updated_at = ? WHERE id = ?",
            (*_contact_values(card), utcnow(), cid),
        )
        for table in ("email", "phone", "url", "address", "contact_property", "social_profile"):
            db.execute_sql(f"DELETE FROM {table} WHERE contact_id = ?", (cid,))
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _CHILD_SQL}
        self._children(cid, card, (), rows)
        self._insert(rows)
        self.reindex.add(cid)


# --------------------------------------------------------------------------- the import


class _Import:
    def __init__(
        self,
        decisions: Mapping[tuple[str, int], bool] | None,
        batch_tag: str | None,
        progress: Progress | None,
        cancel: Callable[[], bool] | None,
        total_bytes: int,
        full_size_photos: bool = False,
        options: Mapping[str, CsvOptions] | None = None,
        formats: Mapping[str, str] | None = None,
    ) -> None:
        self.options = options or {}
        self.formats = formats or {}
        self.today = dt.date.today()
        # LinkedIn rows: the day each connection was made, and job changes, written at the end.
        self.connections: list[tuple[CardOutcome, str]] = []
        self.moves: list[tuple[int, str]] = []
        self.file_tags: dict[str, str] = {}  # file -> the tag its format gives ("LinkedIn <day>")
        self.decisions = decisions or {}
        self.full_size_photos = full_size_photos
        self.take: dict[tuple[str, int], set[str]] = {}
        self.congratulate: set[tuple[str, int]] = set()
        self.batch_tag = (batch_tag or "").strip() or None
        self.progress = progress
        self.cancel = cancel
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.cards_read = 0
        self.index = _Index()
        self.writer = _Writer()
        # Cards waiting in the batch have negative ids in the index until flushed.
        self.pending: list[tuple[CardOutcome, list[tuple[dict[str, int], str]]]] = []
        self.flushed: dict[int, int] = {}  # temporary id -> contact id
        self.created_here: set[int] = set()
        self.outcomes: list[CardOutcome] = []
        self.groups: list[tuple[str, list[str], CardOutcome]] = []
        self.touched: set[int] = set()
        self.tagged: set[int] = set()  # existing contacts tagged by group cards or the batch
        self.introductions: list[tuple[CardOutcome, FileReport, str]] = []
        # Interests and RELATED lines, stored once every card has an id.
        self.people: list[
            tuple[CardOutcome, FileReport, list[tuple[str, str]], list[RawProperty]]
        ] = []
        self.file_uids: dict[int, str] = {}  # contacts created from this file -> their UID
        self.connected: set[int] = set()  # matched contacts given a "connected" interaction
        self._next_temp = -1

    def run_file(self, path: str) -> FileReport:
        fmt = self.formats.get(path, "vcard")
        report = FileReport(path, format=fmt)
        self.file_uids = {}
        if fmt == "linkedin":
            self.file_tags[path] = f"LinkedIn {self.today.isoformat()}"
        with open(path, "rb") as fh:
            items = (
                read_cards(fh)
                if fmt == "vcard"
                else read_csv_cards(fh, _with_format(self.options.get(path), fmt))
            )
            for card, problems in items:
                if card is None and all(p.card is None for p in problems):
                    report.problems.extend(problems)  # text outside any card
                    continue
                report.cards += 1  # the reader numbers cards in the order it yields them
                self.cards_read += 1
                if self.cancel is not None and self.cancel():
                    raise ImportCancelled("import cancelled; nothing was changed")
                self.card(path, report.cards, card, problems, report)
                if self.progress is not None and self.cards_read % 200 == 0:
                    self.progress(self.cards_read, self.done_bytes + fh.tell(), self.total_bytes)
            self.done_bytes += fh.tell()
        return report

    def card(
        self,
        path: str,
        number: int,
        card: Card | None,
        problems: list[Problem],
        report: FileReport,
    ) -> None:
        outcome = CardOutcome(path, number, "skipped")
        self.outcomes.append(outcome)
        for p in problems:
            if not p.skipped:
                report.problems.append(p)
        if card is None:
            why = next((p for p in problems if p.skipped), None)
            reason = why.reason if why else "the card could not be read"
            self._skip(
                outcome, report, number, reason, problem=True, line=why.line if why else None
            )
            return
        outcome.name = card.shown_name()
        if not self.decisions.get((path, number), True):
            self._skip(outcome, report, number, "left out in the review", problem=False)
            return
        if card.kind == "group":
            outcome.status = "group"
            report.groups += 1
            self.groups.append((card.display_name(), card.members, outcome))
            return
        if not card.has_identity():
            self._skip(
                outcome,
                report,
                number,
                "the card has no name, organisation, email or phone; skipped",
                problem=True,
            )
            return
        for attr in ("birthday", "anniversary"):
            value = getattr(card, attr)
            if value:
                try:
                    setattr(card, attr, parse_calendar_date(value))
                except ServiceError:  # the reader checks dates too; this is a safety net
                    setattr(card, attr, None)
                    report.problems.append(
                        Problem(number, None, f"{attr} '{value}' is not a date; left out")
                    )
        if card.photo and not self.full_size_photos:
            # Stored at the size the app shows (io/photos.py), unless the originals were asked for.
            card.photo, card.photo_mime, _ = fit_photo(card.photo, card.photo_mime)
        _card_kind_to_extra(card)
        how_met, introducer = _take_own_fields(card)
        connected = _take_connected(card)
        if introducer:
            self.introductions.append((outcome, report, introducer))
        interests, related = _take_people_fields(card)
        if interests or related:
            self.people.append((outcome, report, interests, related))
        cid, how = self.index.match(card, lambda c: self._other_card_of_this_file(c, card))
        if self.index.ambiguous:
            report.problems.append(
                Problem(
                    number,
                    None,
                    "ambiguous match: "
                    + "; ".join(self.index.ambiguous)
                    + (" not used to match this card" if cid is None else " not used"),
                )
            )
        role = _role_value(card) if report.format == "linkedin" else None
        if cid is None:
            if role:
                card.extra.append(RawProperty(LINKEDIN_ROLE, role))
            self._create(card, outcome, report, how_met)
            if connected:
                self.connections.append((outcome, connected))
            return
        if cid < 0:  # matches a card of this import still waiting in the batch
            self._flush()
            cid = self.flushed[cid]
        self._merge(cid, card, how, outcome, report, how_met, role, connected)

    def _other_card_of_this_file(self, cid: int, card: Card) -> bool:
        """Two cards of one file with different UIDs are two contacts, by the file's own word.

        (Cards from different files, or an existing contact, still merge on an email
        or phone: the same person exported by two apps carries two UIDs.)
        """
        uid = self.file_uids.get(cid)
        return bool(uid and card.uid and _norm_uid(card.uid) != uid)

    def _skip(
        self,
        outcome: CardOutcome,
        report: FileReport,
        number: int,
        reason: str,
        problem: bool,
        line: int | None = None,
    ) -> None:
        outcome.status, outcome.reason = "skipped", reason
        report.skipped += 1
        if problem and not self._reported(report, number, reason):
            report.problems.append(Problem(number, line, reason, skipped=True))

    @staticmethod
    def _reported(report: FileReport, number: int, reason: str) -> bool:
        """Whether card `number` already has this problem. A card's problems are the last
        ones appended, so only those are looked at (scanning them all made 100,000 empty
        cards quadratic: over 60 s)."""
        for p in reversed(report.problems):
            if p.card != number:
                return False
            if p.reason == reason:
                return True
        return False

    def _create(self, card: Card, outcome: CardOutcome, report: FileReport, how_met: str) -> None:
        temp = self._next_temp
        self._next_temp -= 1
        if card.uid:
            self.file_uids[temp] = _norm_uid(card.uid)
        # Same UID as a contact in the trash: a new contact needs a UID of its own.
        if not card.uid or card.uid in self.index.trashed_uids:
            card.uid = new_uid()
        self.pending.append((outcome, self.index.add(temp, card, carried=True)))
        tags = [t for t in (self.batch_tag, self.file_tags.get(outcome.file)) if t]
        self.writer.add(card, tags, how_met)
        outcome.status = "new"
        outcome.contact_id = temp
        report.created += 1
        if len(self.writer.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        ids = self.writer.flush()
        for (outcome, keys), cid in zip(self.pending, ids, strict=True):
            assert outcome.contact_id is not None
            self.flushed[outcome.contact_id] = cid
            if outcome.contact_id in self.file_uids:
                self.file_uids[cid] = self.file_uids.pop(outcome.contact_id)
            for table, key in keys:
                table[key] = cid
            if outcome.contact_id in self.index.profiles_of:
                self.index.profiles_of[cid] = self.index.profiles_of.pop(outcome.contact_id)
            outcome.contact_id = cid
            self.created_here.add(cid)
        self.pending = []

    def _merge(
        self,
        cid: int,
        card: Card,
        how: str,
        outcome: CardOutcome,
        report: FileReport,
        how_met: str,
        role: str | None = None,
        connected: str | None = None,
    ) -> None:
        existing = load_card(cid)
        key = (outcome.file, outcome.card)
        moved = self._job_change(cid, existing, card, role, outcome) if role is not None else []
        changes, conflicts = merge(
            existing, card, take=self.take.get(key, ()), job_changes=outcome.job_changes
        )
        # A job change leads; remembering LinkedIn's role for next time comes last.
        changes[:0] = [c for c in moved if c.startswith("moved ")]
        changes += [c for c in moved if not c.startswith("moved ")]
        if key in self.congratulate and outcome.job_changes:
            self._congratulate(cid, card, existing)
            changes.append("reminder to congratulate on the new role")
        if connected and not self._has_connection(cid):
            changes.append(f"added the day you connected, {connected}")
            self.connections.append((outcome, connected))
            self.connected.add(cid)
        if how_met:
            (current,) = db.execute_sql(
                "SELECT how_met FROM contact WHERE id = ?", (cid,)
            ).fetchone()
            if not current.strip():
                db.execute_sql("UPDATE contact SET how_met = ? WHERE id = ?", (how_met, cid))
                changes.append("added how you met")
            elif _fold(current) != _fold(how_met):
                conflicts.append(f"kept how you met '{current}'; the file says '{how_met}'")
        outcome.contact_id = cid
        outcome.changes, outcome.conflicts = changes, conflicts
        report.kept.extend({"card": outcome.card, "contact": cid, "reason": c} for c in conflicts)
        duplicate = cid in self.created_here
        outcome.reason = f"matched by {how}" + (" to an earlier card of this import" * duplicate)
        if not changes:
            outcome.status = "duplicate" if duplicate else "unchanged"
            report.unchanged += 1
        else:
            outcome.status = "duplicate" if duplicate else "updated"
            report.updated += 1
            self.writer.update(cid, existing)
            self.index.add(cid, existing)
        self.touched.add(cid)

    def _congratulate(self, cid: int, incoming: Card, existing: Card) -> None:
        """A follow-up today: "Congratulate on the new role (CTO at Initech)", in the file's
        words (the new role), whether or not the contact took them."""
        title = incoming.title.strip() or existing.title
        org = incoming.organization.strip() or existing.organization
        role = " at ".join(x for x in (title, org) if x)
        note = f"Congratulate on the new role ({role})" if role else "Congratulate on the new role"
        db.execute_sql(
            "INSERT INTO reminder (contact_id, due, note, notice_days, created_at)"
            " VALUES (?, ?, ?, 0, ?)",
            (cid, dt.date.today().isoformat(), note, utcnow().isoformat(sep=" ")),
        )

    def _has_connection(self, cid: int) -> bool:
        if cid in self.connected:
            return True
        return bool(
            db.execute_sql(
                "SELECT 1 FROM interaction_participant p JOIN interaction i"
                " ON i.id = p.interaction_id WHERE p.contact_id = ? AND i.kind = 'connected'",
                (cid,),
            ).fetchone()
        )

    def _job_change(
        self, cid: int, existing: Card, card: Card, role: str, outcome: CardOutcome
    ) -> list[str]:
        """A newer LinkedIn export names another role: update it if the contact still has the old.

        The role LinkedIn gave last time is kept on the contact (LINKEDIN_ROLE). When
        the contact's organisation and title are still that role (the user did not
        change them), the new one replaces them and the timeline gets a note
        "Moved from X to Y"; when the user typed something else, theirs stays and the
        merge names the difference as a conflict, as for any other file.
        """
        kept = [p for p in existing.extra if p.name == LINKEDIN_ROLE and not p.group]
        new_org, new_title = card.organization.strip(), card.title.strip()
        if not kept:
            if not role:
                return []
            existing.extra.append(RawProperty(LINKEDIN_ROLE, role))
            return [f"remembered the role on LinkedIn ({_role_text(new_org, new_title)})"]
        old_org, old_title = _split_role(kept[-1].value)
        if not role or (_fold(old_org), _fold(old_title)) == (_fold(new_org), _fold(new_title)):
            return []
        have = (_fold(existing.organization), _fold(existing.title))
        if have != (_fold(old_org), _fold(old_title)) and any(have):
            return []  # the user changed the role since: merge() reports the difference
        before = _role_text(existing.organization.strip(), existing.title.strip())
        for attr, words, new in (
            ("organization", "organisation", new_org),
            ("title", "title", new_title),
        ):
            old = getattr(existing, attr).strip()
            if _fold(old) != _fold(new):
                # Listed as a new role the review shows (already taken: LinkedIn's rule),
                # so it can suggest congratulating.
                outcome.job_changes.append(
                    {"field": attr, "words": words, "old": old, "new": new, "taken": "LinkedIn"}
                )
        existing.organization, existing.title = new_org, new_title
        for p in kept[:-1]:
            existing.extra.remove(p)
        kept[-1].value = role
        note = f"Moved from {before} to {_role_text(new_org, new_title)}"
        self.moves.append((cid, note))
        return [f"moved from {before} to {_role_text(new_org, new_title)} (LinkedIn)"]

    def _write_timeline(self) -> None:
        """First interactions of kind "connected" and job-change notes, in one go.

        A connection day is a date without a time (all_day, stored at noon local,
        as the timeline service stores a day); a job change is noted now.
        """
        from netkeeper.services.timeline import refresh_last_interaction

        rows: list[tuple[int, str, str, str, int]] = []
        for outcome, day in self.connections:
            cid = outcome.contact_id
            if cid is None or cid < 0 or outcome.status == "skipped":
                continue
            y, m, d = (int(x) for x in day.split("-"))
            noon = to_utc_naive(dt.datetime(y, m, d, 12, 0))
            rows.append((cid, "connected", noon.isoformat(" "), "", 1))
        now = utcnow().isoformat(" ", timespec="seconds")
        rows += [(cid, "note", now, note, 0) for cid, note in self.moves]
        if not rows:
            return
        cur = db.cursor()
        links = []
        for cid, kind, at, note, all_day in rows:
            cur.execute(
                "INSERT INTO interaction (kind, occurred_at, note, created_at, all_day)"
                " VALUES (?,?,?,?,?)",
                (kind, at, note, now, all_day),
            )
            links.append((int(cur.lastrowid or 0), cid))
        cur.executemany(
            "INSERT INTO interaction_participant (interaction_id, contact_id) VALUES (?,?)", links
        )
        ids = sorted({cid for cid, *_ in rows})
        refresh_last_interaction(ids)
        if self.moves:
            search.reindex(db, {cid for cid, _ in self.moves})
        self.touched.update(ids)

    def _introduce(self) -> None:
        """Link each contact to whoever introduced it, once every card has landed.

        An introducer who is not in the address book stays a kept property, so a
        later import that brings them in, or an export, still has it.
        """
        for outcome, report, uid in self.introductions:
            cid = outcome.contact_id
            if cid is None or outcome.status in ("skipped", "group"):
                continue
            intro = self.index.uid.get(_norm_uid(uid))
            if intro is not None and intro >= 0 and intro != cid:
                done = db.execute_sql(
                    "UPDATE contact SET introduced_by_id = ? WHERE id = ? "
                    "AND introduced_by_id IS NULL",
                    (intro, cid),
                ).rowcount
                if done and outcome.status == "unchanged":
                    outcome.status = "updated"
                    report.unchanged -= 1
                    report.updated += 1
                if done:
                    outcome.changes.append("added who introduced you")
                continue
            have = db.execute_sql(
                "SELECT 1 FROM contact_property WHERE contact_id = ? AND name = ? AND value = ?",
                (cid, INTRODUCED_BY, escape_text(uid)),
            ).fetchone()
            if not have:
                db.execute_sql(
                    'INSERT INTO contact_property (contact_id, position, "group", name, params,'
                    " value) VALUES (?, (SELECT coalesce(max(position), -1) + 1 FROM"
                    " contact_property WHERE contact_id = ?), NULL, ?, '[]', ?)",
                    (cid, cid, INTRODUCED_BY, escape_text(uid)),
                )

    def _changed(self, outcome: CardOutcome, report: FileReport, change: str) -> None:
        if outcome.status == "unchanged":
            outcome.status = "updated"
            report.unchanged -= 1
            report.updated += 1
        outcome.changes.append(change)

    def _people(self) -> None:
        """Interests and relationships, once every card of the import has landed.

        A RELATED line naming someone not in the address book stays a kept property,
        so a later import that brings them in, or an export, still has it.
        """
        from netkeeper.services.people.relationships import label_of, relate

        for outcome, report, interests, related in self.people:
            cid = outcome.contact_id
            if cid is None or outcome.status in ("skipped", "group"):
                continue
            for name, kind in interests:
                added = db.execute_sql(
                    "INSERT OR IGNORE INTO interest (contact_id, name, kind, position)"
                    " VALUES (?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM interest"
                    " WHERE contact_id = ?))",
                    (cid, name, kind, cid),
                ).rowcount
                if added:
                    self._changed(outcome, report, f"added interest {name}")
            for prop in related:
                rel_kind = _related_kind(prop)
                other = self.index.uid.get(_norm_uid(unescape_text(prop.value)))
                if rel_kind and other is not None and other >= 0 and other != cid:
                    if relate(other, cid, rel_kind):
                        self._changed(outcome, report, f"added a {label_of(rel_kind)}")
                    continue
                have = db.execute_sql(
                    "SELECT 1 FROM contact_property WHERE contact_id = ? AND name = ?"
                    " AND value = ? AND params = ?",
                    (cid, prop.name, prop.value, json.dumps([list(kv) for kv in prop.params])),
                ).fetchone()
                if not have:
                    db.execute_sql(
                        'INSERT INTO contact_property (contact_id, position, "group", name,'
                        " params, value) VALUES (?, (SELECT coalesce(max(position), -1) + 1"
                        " FROM contact_property WHERE contact_id = ?), ?, ?, ?, ?)",
                        (
                            cid,
                            cid,
                            prop.group,
                            prop.name,
                            json.dumps([list(kv) for kv in prop.params]),
                            prop.value,
                        ),
                    )
                    self._changed(outcome, report, "added RELATED")

    def finish(self) -> None:
        self._flush()
        self._introduce()
        self._people()
        for name, members, outcome in self.groups:
            ids: set[int] = set()
            for m in members:
                cid = self.index.uid.get(_norm_uid(m))
                if cid is None:
                    cid = self.index.email.get(m.strip().casefold())
                if cid is not None and cid >= 0:
                    ids.add(cid)
            if name and ids:
                before = db.execute_sql("SELECT count(*) FROM contact_tag").fetchone()[0]
                self._tag(ids, name)
                after = db.execute_sql("SELECT count(*) FROM contact_tag").fetchone()[0]
                outcome.changes = [f"tag '{name}' on {len(ids)} contact(s)"]
                outcome.reason = f"group: tagged {after - before} more contact(s) '{name}'"
            else:
                outcome.reason = f"group '{name}': none of its members are in the address book"
        if self.batch_tag:
            # New contacts got the batch tag as they were written; of the matched
            # ones only those this import changed get it, so the tag finds exactly
            # what the import did and never what it merely recognised.
            updated = {
                o.contact_id
                for o in self.outcomes
                if o.status == "updated" and o.contact_id is not None and o.contact_id >= 0
            }
            if updated:
                self._tag(updated, self.batch_tag)
        for path, tag in self.file_tags.items():
            updated = {
                o.contact_id
                for o in self.outcomes
                if o.file == path
                and o.status == "updated"
                and o.contact_id is not None
                and o.contact_id >= 0
            }
            if updated:
                self._tag(updated, tag)
        self._write_timeline()
        # Tags (CATEGORIES, groups) may carry a keep-in-touch cadence: one refresh
        # for everyone this import created, matched or tagged.
        refresh_next_due(self.created_here | self.touched | self.tagged)
        from netkeeper.services.events import link_met_at  # events build on exchange

        link_met_at(self.created_here | self.touched)

    def _tag(self, contact_ids: set[int], name: str) -> None:
        (tid,) = tag_ids([name])
        db.cursor().executemany(
            "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
            [(c, tid) for c in sorted(contact_ids)],
        )
        self.tagged |= contact_ids


def _take_connected(card: Card) -> str | None:
    """Take the day of connecting (a LinkedIn "Connected On") out of a card's extras."""
    day = None
    for p in list(card.extra):
        if p.group is None and p.name == CONNECTED_ON:
            card.extra.remove(p)
            try:
                day = parse_calendar_date(p.value.strip())
            except ServiceError:
                continue
            if day and day.startswith("--"):
                day = None
    return day


def _role_value(card: Card) -> str:
    """ORG;TITLE, escaped like a vCard ORG, as kept in LINKEDIN_ROLE ("" for no role)."""
    org, title = card.organization.strip(), card.title.strip()
    return f"{escape_text(org)};{escape_text(title)}" if org or title else ""


def _split_role(value: str) -> tuple[str, str]:
    i = 0
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == ";":
            return unescape_text(value[:i]), unescape_text(value[i + 1 :])
        i += 1
    return unescape_text(value), ""


def _role_text(org: str, title: str) -> str:
    if org and title:
        return f"{title} at {org}"
    return org or title or "no role"


def _take_own_fields(card: Card) -> tuple[str, str | None]:
    """Take NetKeeper's own fields (how we met, introducer's UID) out of a card's extras."""
    how_met, introducer = "", None
    for p in list(card.extra):
        if p.group is None and p.name in (HOW_MET, INTRODUCED_BY):
            card.extra.remove(p)
            if p.name == HOW_MET:
                how_met = unescape_text(p.value).strip()
            else:
                introducer = unescape_text(p.value).strip() or None
    return how_met, introducer


_INTEREST_PROPS = {"INTEREST": "interest", "HOBBY": "hobby", "EXPERTISE": "expertise"}
KIND_PARAM = "X-NETKEEPER-KIND"


def _related_kind(prop: RawProperty) -> str | None:
    from netkeeper.services.people.relationships import kind_from_vcard

    given = next((v for k, v in prop.params if k == KIND_PARAM), None)
    types = [t for k, v in prop.params if k == "TYPE" for t in v.split(",")]
    return kind_from_vcard(given, types)


def _take_people_fields(card: Card) -> tuple[list[tuple[str, str]], list[RawProperty]]:
    """Take interests (RFC 6715) and RELATED lines with a kind out of a card's extras.

    A RELATED without a kind NetKeeper knows (TYPE=contact, TYPE=met ...) stays kept as it is.
    """
    interests: list[tuple[str, str]] = []
    related: list[RawProperty] = []
    for p in list(card.extra):
        if p.group is None and p.name in _INTEREST_PROPS:
            card.extra.remove(p)
            name = " ".join(unescape_text(p.value).split())
            if name:
                interests.append((name, _INTEREST_PROPS[p.name]))
        elif p.name == "RELATED" and _related_kind(p):
            card.extra.remove(p)
            related.append(p)
    return interests, related


Options = CsvOptions | Mapping[str, CsvOptions] | None


def _options_for(options: Options, names: Sequence[str]) -> dict[str, CsvOptions]:
    if options is None:
        return {}
    if isinstance(options, CsvOptions):
        return {n: options for n in names}
    return {os.fspath(k): v for k, v in options.items()}


def _with_format(options: CsvOptions | None, fmt: str) -> CsvOptions:
    o = options or CsvOptions()
    return CsvOptions(fmt, o.encoding, o.delimiter, o.mapping)


def check_files(paths: Sequence[str | os.PathLike[str]], options: Options = None) -> dict[str, str]:
    """Every file's format, or ImportFileError for the first that cannot be read."""
    names = [os.fspath(p) for p in paths]
    opts = _options_for(options, names)
    return {n: check_file(n, opts.get(n)) for n in names}


def _run(
    paths: Sequence[str | os.PathLike[str]],
    *,
    apply: bool,
    decisions: Mapping[tuple[str, int], bool] | None = None,
    batch_tag: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    full_size_photos: bool = False,
    take: Mapping[tuple[str, int], Collection[str]] | None = None,
    congratulate: Collection[tuple[str, int]] = (),
    options: Options = None,
) -> ImportResult:
    names = [os.fspath(p) for p in paths]
    opts = _options_for(options, names)
    formats = check_files(names, opts)
    total = sum(os.path.getsize(n) for n in names)
    reports: list[FileReport] = []
    # The cyclic collector is off while the import runs: what the import keeps to its
    # end (outcomes, match keys, the report) grows by some twenty objects a card, and
    # the collector's passes over it were a quarter of a 50,000-row import (4 s of 16).
    # An import makes next to no cyclic garbage (none per card, vCard or CSV); what it
    # frees dies by reference counting. Not gc.freeze(): the tray froze the app's own
    # start-up objects (ui/tray.py), and thawing them at the end would undo that.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with db.atomic() as txn:
            job = _Import(
                decisions, batch_tag, progress, cancel, total, full_size_photos, opts, formats
            )
            job.take = {(os.fspath(f), n): set(v) for (f, n), v in (take or {}).items()}
            job.congratulate = {(os.fspath(f), n) for f, n in congratulate}
            try:
                for name in names:
                    reports.append(job.run_file(name))
                job.finish()
            except (CardReadError, CsvReadError, MappingError) as exc:
                raise ImportFileError(f"{name}: {exc}") from None
            if not apply:
                txn.rollback()
    finally:
        if collecting:
            gc.enable()
    if progress is not None:
        progress(job.cards_read, total, total)
    return ImportResult(reports, job.outcomes, apply)


def plan_import(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    options: Options = None,
) -> ImportResult:
    """What importing would do, card by card, without changing anything (for the review).

    `options` (one for every file, or per file path) say how to read CSV files:
    format, encoding, delimiter and column mapping; by default everything is sniffed.
    """
    return _run(paths, apply=False, progress=progress, cancel=cancel, options=options)


def apply_import(
    paths: Sequence[str | os.PathLike[str]],
    *,
    decisions: Mapping[tuple[str, int], bool] | None = None,
    batch_tag: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    full_size_photos: bool = False,
    take: Mapping[tuple[str, int], Collection[str]] | None = None,
    congratulate: Collection[tuple[str, int]] = (),
    options: Options = None,
) -> ImportResult:
    """Import for real, in one transaction. `decisions[(file, card)] = False` leaves a card out.

    Photos are stored at the size the app shows them unless `full_size_photos`.

    `take[(file, card)]` names the JOB_FIELDS where the file's value replaces the
    contact's (a new title or organisation the user accepted in the review);
    `congratulate` the cards whose job change gets a follow-up today.
    """
    return _run(
        paths,
        apply=True,
        decisions=decisions,
        batch_tag=batch_tag,
        progress=progress,
        cancel=cancel,
        full_size_photos=full_size_photos,
        take=take,
        congratulate=congratulate,
        options=options,
    )


def unreadable_files(
    paths: Sequence[str | os.PathLike[str]], options: Options = None
) -> dict[str, str]:
    """{file: why it cannot be imported} for the files that exist but cannot be read.

    A file that does not exist raises ImportFileError instead: a mistyped name
    stops the whole import before anything is written.
    """
    for path in paths:
        if not Path(path).exists():
            check_file(path)  # raises "no such file"
    opts = _options_for(options, [os.fspath(p) for p in paths])
    reasons: dict[str, str] = {}
    for path in paths:
        name = os.fspath(path)
        try:
            check_file(name, opts.get(name))
        except ImportFileError as exc:
            reasons[name] = str(exc).removeprefix(f"{Path(name)}: ")
    return reasons


def import_files(
    paths: Sequence[str | os.PathLike[str]],
    options: Options = None,
    *,
    full_size_photos: bool = False,
) -> ImportResult:
    """The CLI's one-shot import: every card kept, and every readable file imported.

    A file that exists but cannot be read (empty, not a contacts file) gets a
    report with its `error` and the others are imported, in one transaction; a
    missing file raises ImportFileError before anything is written. `options`
    say how to read CSV files (as for plan_import).
    """
    names = [os.fspath(p) for p in paths]
    reasons = unreadable_files(names, options)
    readable = [n for n in names if n not in reasons]
    result = (
        apply_import(readable, options=options, full_size_photos=full_size_photos)
        if readable
        else ImportResult([], [], applied=False)
    )
    read = iter(result.files)  # in the order given, one report per readable name
    reports = [FileReport(n, error=reasons[n]) if n in reasons else next(read) for n in names]
    return ImportResult(reports, result.outcomes, result.applied)


# --------------------------------------------------------------------------- export


def export_cards(contact_ids: Iterable[int]) -> Iterator[Card]:
    """Contacts as the cards export writes: with their kind and NetKeeper's own fields."""
    for cid in contact_ids:
        card = load_card(cid)
        for p in list(card.extra):
            if p.name == "KIND" and not p.group:
                card.kind = p.value.strip().lower() or "individual"
                card.extra.remove(p)
        how_met, introducer = db.execute_sql(
            "SELECT c.how_met, i.uid FROM contact c "
            "LEFT JOIN contact i ON i.id = c.introduced_by_id WHERE c.id = ?",
            (cid,),
        ).fetchone()
        if how_met:
            card.extra.append(RawProperty(HOW_MET, escape_text(how_met)))
        if introducer:
            card.extra.append(RawProperty(INTRODUCED_BY, escape_text(introducer)))
        met_at = db.execute_sql(
            "SELECT e.name FROM contact c JOIN event e ON e.id = c.met_at_id WHERE c.id = ?",
            (cid,),
        ).fetchone()
        if met_at and not any(p.name == MET_AT and not p.group for p in card.extra):
            card.extra.append(RawProperty(MET_AT, escape_text(met_at[0])))
        card.extra.extend(_people_properties(cid))
        yield card


def _people_properties(contact_id: int) -> list[RawProperty]:
    """Interests as RFC 6715 INTEREST/HOBBY/EXPERTISE and relationships as RELATED, pointing
    at the other contact's UID with an RFC 6350 TYPE where one exists, else X-NETKEEPER-KIND.
    (The writer turns both into X-NETKEEPER-* lines for vCard 3.0.)"""
    from netkeeper.services.people.relationships import VCARD_TYPES, relationships_of

    props = [
        RawProperty(kind.upper(), escape_text(name))
        for name, kind in db.execute_sql(
            "SELECT name, kind FROM interest WHERE contact_id = ? ORDER BY position, id",
            (contact_id,),
        )
    ]
    for r in relationships_of(contact_id):
        (uid,) = db.execute_sql("SELECT uid FROM contact WHERE id = ?", (r.id,)).fetchone()
        if r.kind in VCARD_TYPES:
            params = [("TYPE", VCARD_TYPES[r.kind])]
        else:
            params = [(KIND_PARAM, r.kind)]
        if ":" not in uid:
            params.append(("VALUE", "text"))
        props.append(RawProperty("RELATED", str(uid), params))
    return props


def _export_ids(tag: str | None, contact_ids: Sequence[int] | None) -> list[int]:
    from netkeeper.services.documents import find_ids

    if contact_ids is not None:
        return list(contact_ids)
    if (
        tag is not None
        and not db.execute_sql("SELECT 1 FROM tag WHERE name = ?", (tag.strip(),)).fetchone()
    ):
        raise NotFound(f"no tag named '{tag}'")
    return find_ids(None, tag)


def export_contacts(
    target: str | os.PathLike[str] | IO[str],
    *,
    version: str = "3.0",
    tag: str | None = None,
    contact_ids: Sequence[int] | None = None,
) -> int:
    """Write contacts (all live ones, a tag's, or the given ids) as vCards; returns the count.

    A path is written atomically: a temp file in the same folder, then os.replace,
    so a crash never leaves half a file where the user expects a whole one. The
    file is private (0600), like the database: an address book is personal data.
    """
    if version not in ("3.0", "4.0"):
        raise ServiceError(f"vCard version {version} is not supported (use 3.0 or 4.0)")
    ids = _export_ids(tag, contact_ids)
    if not isinstance(target, str | os.PathLike):
        for text in write_cards(export_cards(ids), version):
            target.write(text)
        return len(ids)
    write_private(target, write_cards(export_cards(ids), version))
    return len(ids)


def _pairs(
    a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for cid, n in a:
        out[cid] = (n, 0)
    for cid, m in b:
        out[cid] = (out.get(cid, (0, 0))[0], m)
    return out


def _csv_layout(ids: Sequence[int]) -> Layout:
    """How many numbered columns of each kind the contacts need (counted in SQL)."""
    wanted = set(ids)

    def most(sql: str) -> int:
        return max((n for cid, n in db.execute_sql(sql) if cid in wanted), default=0)

    def grouped(table: str, where: str = "") -> str:
        return f"SELECT contact_id, count(*) FROM {table} {where} GROUP BY contact_id"

    def props(name: str) -> str:
        return grouped("contact_property", f"WHERE name = '{name}' COLLATE NOCASE")

    anniversaries = {
        cid for (cid,) in db.execute_sql("SELECT id FROM contact WHERE anniversary IS NOT NULL")
    }
    events = {cid: n for cid, n in db.execute_sql(props(EVENT_FIELD)) if cid in wanted}
    most_events = max(
        [n + (cid in anniversaries) for cid, n in events.items()]
        + [1 for cid in anniversaries & wanted],
        default=0,
    )
    return Layout(
        emails=max(most(grouped("email")), 1),
        phones=max(most(grouped("phone")), 1),
        addresses=max(most(grouped("address")), 1),
        websites=max(
            max(
                (
                    n + m
                    for cid, (n, m) in _pairs(
                        db.execute_sql(grouped("url")), db.execute_sql(grouped("social_profile"))
                    ).items()
                    if cid in wanted
                ),
                default=0,
            ),
            1,
        ),
        events=most_events,
        relations=most(props(RELATION_FIELD)),
        custom=most(props(CUSTOM_FIELD)),
    )


def export_csv(
    target: str | os.PathLike[str] | IO[str],
    *,
    tag: str | None = None,
    contact_ids: Sequence[int] | None = None,
) -> int:
    """Write contacts (all live ones, a tag's, or the given ids) as a Google-layout CSV.

    A file is written atomically and privately like a vCard export, in UTF-8
    with a BOM (Excel reads a BOM-less file as the system's code page).
    """
    ids = _export_ids(tag, contact_ids)
    layout = _csv_layout(ids)
    if not isinstance(target, str | os.PathLike):
        return write_google_csv(export_cards(ids), target, layout)
    write_private(target, itertools.chain(["\ufeff"], google_csv_chunks(export_cards(ids), layout)))
    return len(ids)


__all__ = [
    "CardOutcome",
    "CsvOptions",
    "FileReport",
    "ImportCancelled",
    "ImportFileError",
    "ImportResult",
    "Sniffed",
    "TypedValue",
    "apply_import",
    "check_file",
    "check_files",
    "export_contacts",
    "export_csv",
    "import_files",
    "merge",
    "plan_import",
    "sniff_file",
]
