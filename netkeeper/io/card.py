"""A contact card as plain data: the meeting point of vCard parsing and the services.

`io/vcard.py` turns bytes into `Card` objects and back; the services turn cards
into database rows and back. Keeping this a dumb dataclass (no vobject, no
Peewee) means both sides can be tested alone and the GUI can show a card in an
import review without touching either library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# NetKeeper's own fields travel in its exports, and reach the importer from other
# readers, under these names: how we met (text), who introduced us (their UID), and
# the day a connection was made (a LinkedIn export's "Connected On", YYYY-MM-DD).
HOW_MET = "X-NETKEEPER-HOW-MET"
INTRODUCED_BY = "X-NETKEEPER-INTRODUCED-BY"
CONNECTED_ON = "X-NETKEEPER-CONNECTED-ON"


@dataclass
class TypedValue:
    """One email, phone number or URL with its vCard TYPEs and a free label."""

    value: str
    types: list[str] = field(default_factory=list)
    label: str | None = None
    preferred: bool = False


@dataclass
class PostalAddress:
    """A structured ADR (RFC 6350 §6.3.1) plus its types and label."""

    po_box: str = ""
    extended: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    types: list[str] = field(default_factory=list)
    label: str | None = None
    preferred: bool = False

    def is_empty(self) -> bool:
        return not any(
            (
                self.po_box,
                self.extended,
                self.street,
                self.locality,
                self.region,
                self.postal_code,
                self.country,
            )
        )


@dataclass
class SocialProfile:
    """A link to the person on a social service: `service` is a key from io/social.py
    ("linkedin", "x", "mastodon", ...) or a custom name; `url` is the link as given."""

    service: str
    url: str


@dataclass
class RawProperty:
    """A vCard property NetKeeper does not model, kept so export can give it back.

    `value` is the property's value as it stands in the file after unfolding and
    transfer decoding (quoted-printable, charset), with vCard escaping intact, so
    writing it back out needs no knowledge of what the property means.
    `params` keeps order and repeats: [("TYPE", "work"), ("X-SERVICE-TYPE", "Skype")].
    """

    name: str
    value: str
    params: list[tuple[str, str]] = field(default_factory=list)
    group: str | None = None


@dataclass
class Card:
    """Everything NetKeeper reads from, or writes to, one vCard.

    Dates are calendar dates as text: "YYYY-MM-DD", or "--MM-DD" when the year is
    unknown; they are never shifted through time zones.
    `kind` is "individual", "org", "group" or "location" (vCard 4 KIND, Apple's
    X-ADDRESSBOOKSERVER-KIND); group cards carry their members' UIDs in `members`
    and become tags on those members rather than contacts.
    """

    uid: str | None = None
    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    additional_names: str = ""
    honorific_prefix: str = ""
    honorific_suffix: str = ""
    nickname: str = ""
    organization: str = ""
    department: str = ""
    title: str = ""
    birthday: str | None = None
    anniversary: str | None = None
    notes: str = ""
    emails: list[TypedValue] = field(default_factory=list)
    phones: list[TypedValue] = field(default_factory=list)
    urls: list[TypedValue] = field(default_factory=list)
    addresses: list[PostalAddress] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    photo: bytes | None = None
    photo_mime: str | None = None
    photo_url: str | None = None
    kind: str = "individual"
    members: list[str] = field(default_factory=list)
    profiles: list[SocialProfile] = field(default_factory=list)
    extra: list[RawProperty] = field(default_factory=list)

    def display_name(self) -> str:
        """The name a person would read: FN, else the structured name, else the organisation."""
        if self.full_name.strip():
            return self.full_name.strip()
        parts = [
            self.honorific_prefix,
            self.given_name,
            self.additional_names,
            self.family_name,
            self.honorific_suffix,
        ]
        name = " ".join(p.strip() for p in parts if p and p.strip())
        return name or self.organization.strip() or self.nickname.strip()

    def shown_name(self) -> str:
        """display_name(), else the first email, else the first phone: what to show for a
        card that has nothing else (never stored as its name; see services/names.py)."""
        for value in (self.display_name(), *(v.value for v in (*self.emails, *self.phones))):
            if value.strip():
                return value.strip()
        return ""

    def has_identity(self) -> bool:
        """True when the card carries a name, organisation, email or phone."""
        return bool(self.display_name() or self.emails or self.phones)


@dataclass
class Problem:
    """Something a reader or the importer could not take as it was.

    `card` is the 1-based number of the card in its file, `line` the 1-based
    line where the trouble is (None when it concerns the whole card), and
    `reason` a sentence a user understands.
    """

    card: int | None
    line: int | None
    reason: str
    skipped: bool = False
