"""The tables. Field names follow vCard (RFC 6350) where a vCard property exists.

Schema changes go through `migrations.py`: these classes describe the newest
schema, the migration steps get an existing file there.

Conventions:
- Calendar dates without time (birthday, anniversary) are text "YYYY-MM-DD" or
  "--MM-DD": a year-less birthday is common and must never be invented or shifted.
- Instants (interactions, created/updated) are naive UTC datetimes; the UI shows local time.
- Multi-valued TYPE lists are stored lower-case, comma-separated ("work,voice").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from netkeeper.model.db import db


def utcnow() -> dt.datetime:
    """Naive UTC now, to the second: what every timestamp column stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Event(BaseModel):
    """A conference, meetup or party: one day or several (`starts`..`ends`, inclusive)."""

    id = AutoField()
    name = TextField(unique=True, collation="NOCASE")
    starts = DateField()
    ends = DateField()
    place = TextField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class Contact(BaseModel):
    id = AutoField()
    uid = TextField(unique=True)
    full_name = TextField(default="")
    given_name = TextField(default="")
    family_name = TextField(default="")
    additional_names = TextField(default="")
    honorific_prefix = TextField(default="")
    honorific_suffix = TextField(default="")
    nickname = TextField(default="")
    organization = TextField(default="")
    department = TextField(default="")
    title = TextField(default="")
    birthday = TextField(null=True)
    anniversary = TextField(null=True)
    notes = TextField(default="")
    photo = BlobField(null=True)
    photo_mime = TextField(null=True)
    photo_url = TextField(null=True)
    how_met = TextField(default="")
    introduced_by = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="introduced")
    if TYPE_CHECKING:
        introduced_by_id: int | None
    # Kept up to date by the timeline service so lists and "who is overdue" need no GROUP BY.
    last_interaction = DateTimeField(null=True, index=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # Set when the contact is moved to the trash; purged 30 days later.
    deleted_at = DateTimeField(null=True, index=True)
    # Keep in touch: own cadence "N days|weeks|months" wins over the tags' ones;
    # "off" means never, even when a tag has a cadence; NULL means "from the tags".
    cadence = TextField(null=True)
    paused = BooleanField(default=False)
    snoozed_until = DateField(null=True)
    # Derived by services/followups.py (last interaction or creation + cadence,
    # or the snooze date); NULL when no cadence applies. Partial index in step 4.
    next_due = DateField(null=True)
    # Days of advance notice for birthday and anniversary reminders.
    date_notice_days = IntegerField(default=0)
    # The user's own card (at most one; a partial unique index in the people step).
    is_me = BooleanField(default=False)
    # The event where the user first met this person (free text stays in how_met).
    met_at = ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="+")
    if TYPE_CHECKING:
        met_at_id: int | None
    # Diversity (services/insights/diversity.py): NULL until the user says.
    function = TextField(null=True)
    industry = TextField(null=True)
    country = TextField(null=True)
    city = TextField(null=True)
    generation = TextField(null=True)
    seniority = TextField(null=True)
    # The user's own 0-100 strength; the computed one stays apart (services/insights/strength.py).
    strength_override = IntegerField(null=True)


class _TypedValue(BaseModel):
    """Shared shape of emails, phones and URLs; `position` keeps the card's order."""

    id = AutoField()
    value = TextField()
    types = TextField(default="")
    label = TextField(null=True)
    preferred = BooleanField(default=False)
    position = IntegerField(default=0)


class Email(_TypedValue):
    contact = ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")

    class Meta:
        indexes = ((("value",), False),)


class Phone(_TypedValue):
    contact = ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    # E.164 when phonenumbers can parse it; used to match "+44 20 ..." with "020 ...".
    normalized = TextField(null=True, index=True)


class Url(_TypedValue):
    contact = ForeignKeyField(Contact, backref="urls", on_delete="CASCADE")


class Address(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="addresses", on_delete="CASCADE")
    po_box = TextField(default="")
    extended = TextField(default="")
    street = TextField(default="")
    locality = TextField(default="")
    region = TextField(default="")
    postal_code = TextField(default="")
    country = TextField(default="")
    types = TextField(default="")
    label = TextField(null=True)
    preferred = BooleanField(default=False)
    position = IntegerField(default=0)


class Tag(BaseModel):
    id = AutoField()
    name = TextField(unique=True, collation="NOCASE")
    # Default keep-in-touch cadence of the tag's contacts ("1 month"), or NULL.
    cadence = TextField(null=True)


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, backref="tag_links", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="contact_links", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("contact", "tag")
        indexes = ((("tag", "contact"), False),)


class ContactProperty(BaseModel):
    """A vCard property NetKeeper does not model (X-SOCIALPROFILE, IMPP, RELATED, ...).

    Kept verbatim so that export gives back what import took in. `params` is a
    JSON list of [name, value] pairs.
    """

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="properties", on_delete="CASCADE")
    position = IntegerField(default=0)
    group = TextField(null=True)
    name = TextField()
    params = TextField(default="[]")
    value = TextField(default="")


class Interaction(BaseModel):
    id = AutoField()
    kind = TextField()
    occurred_at = DateTimeField(index=True)
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    # A date without a time: occurred_at is noon local time, shown as the date alone.
    all_day = BooleanField(default=False)


class InteractionParticipant(BaseModel):
    interaction = ForeignKeyField(Interaction, backref="participant_links", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="interaction_links", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("interaction", "contact")
        indexes = ((("contact", "interaction"), False),)


class Reminder(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="reminders", on_delete="CASCADE")
    if TYPE_CHECKING:
        contact_id: int
    due = DateField(index=True)
    note = TextField(default="")
    # "N days|weeks|months|years" or an RFC 5545 RRULE; None for a one-off.
    recurrence = TextField(null=True)
    # The first date of a repeating reminder: occurrences are anchor + k * interval.
    anchor = DateField(null=True)
    done_at = DateTimeField(null=True)
    snoozed_until = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    # Surface the reminder this many days before it is due.
    notice_days = IntegerField(default=0)


class Announcement(BaseModel):
    """What the tray has announced, and on which day, so nothing is announced twice a day.

    `key` names a due item ("keep-in-touch:12:2026-11-26") or a daily event ("digest").
    """

    key = TextField(primary_key=True)
    day = DateField(index=True)


class NotDuplicate(BaseModel):
    """Two contacts the user said are different people; `contact_a` has the smaller id."""

    contact_a = ForeignKeyField(Contact, on_delete="CASCADE", backref="+", index=False)
    contact_b = ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        primary_key = CompositeKey("contact_a", "contact_b")


class DateDone(BaseModel):
    """A birthday or anniversary the user marked done for the occurrence in `year`.

    `kind` is "birthday" or "anniversary". Keyed by year first: the due query asks
    "which are done in these one or two years" as a primary-key range.
    """

    year = IntegerField()
    kind = TextField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        primary_key = CompositeKey("year", "kind", "contact")


class EventPlan(BaseModel):
    """Someone the user plans to meet at an event, with a note ("ask about the grant")."""

    event = ForeignKeyField(Event, on_delete="CASCADE", backref="+", index=False)
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    note = TextField(default="")

    class Meta:
        primary_key = CompositeKey("event", "contact")


class EventMet(BaseModel):
    """Someone met at an event; `reminder` is the follow-up made for it, if any."""

    event = ForeignKeyField(Event, on_delete="CASCADE", backref="+", index=False)
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    reminder = ForeignKeyField(Reminder, null=True, on_delete="SET NULL", backref="+", index=False)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        primary_key = CompositeKey("event", "contact")


class NetworkGroup(BaseModel):
    """A networking group with a purpose: a mastermind, a referral chapter, an alumni club."""

    id = AutoField()
    name = TextField(unique=True, collation="NOCASE")
    kind = TextField(default="community")
    objective = TextField(default="")
    criteria = TextField(default="")
    # The meeting rhythm, in the words reminders accept ("first Tuesday of each month").
    meets = TextField(null=True)
    anchor = DateField(null=True)
    place = TextField(default="")
    my_role = TextField(default="member")
    notes = TextField(default="")
    # Keep-in-touch cadence for the group's members, as a tag can have.
    cadence = TextField(null=True)
    created_at = DateTimeField(default=utcnow)


class GroupMember(BaseModel):
    group = ForeignKeyField(NetworkGroup, on_delete="CASCADE", backref="+", index=False)
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    role = TextField(default="member")
    joined = DateField()

    class Meta:
        primary_key = CompositeKey("group", "contact")


class GroupMeeting(BaseModel):
    id = AutoField()
    group = ForeignKeyField(NetworkGroup, on_delete="CASCADE", backref="+", index=False)
    held_on = DateField()
    agenda = TextField(default="")
    note = TextField(default="")
    interaction = ForeignKeyField(
        Interaction, null=True, on_delete="SET NULL", backref="+", index=False
    )
    created_at = DateTimeField(default=utcnow)
    if TYPE_CHECKING:
        interaction_id: int | None

    class Meta:
        indexes = ((("group", "held_on"), False),)


class MeetingAttendance(BaseModel):
    """present, absent or guest, per person and meeting."""

    meeting = ForeignKeyField(GroupMeeting, on_delete="CASCADE", backref="+", index=False)
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="+")
    status = TextField()

    class Meta:
        primary_key = CompositeKey("meeting", "contact")


class Commitment(BaseModel):
    """A promise made in a group; `owner` NULL means the user ("me")."""

    id = AutoField()
    group = ForeignKeyField(NetworkGroup, on_delete="CASCADE", backref="+", index=False)
    meeting = ForeignKeyField(
        GroupMeeting, null=True, on_delete="SET NULL", backref="+", index=False
    )
    owner = ForeignKeyField(Contact, null=True, on_delete="CASCADE", backref="+", index=False)
    text = TextField()
    due = DateField(null=True)
    status = TextField(default="open")
    closed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class SyncAccount(BaseModel):
    """A CardDAV address book NetKeeper syncs with (the password lives in the keyring)."""

    id = AutoField()
    server_url = TextField()
    book_url = TextField()
    book_name = TextField(default="")
    username = TextField()
    ca_file = TextField(null=True)
    allow_http = BooleanField(default=False)
    sync_token = TextField(null=True)
    # A complete listing is owed (first sync, refused token): no local deletion before it.
    full_listing = BooleanField(default=True)
    backup_done = BooleanField(default=False)
    last_sync_at = DateTimeField(null=True)
    last_status = TextField(default="")
    last_error = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class SyncItem(BaseModel):
    """One card as last synced: where it lives on the server and what it said then."""

    id = AutoField()
    account = ForeignKeyField(SyncAccount, backref="items", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")
    if TYPE_CHECKING:
        account_id: int
        contact_id: int | None
    href = TextField()
    etag = TextField(null=True)
    uid = TextField(null=True)
    content_hash = TextField(default="")
    synced_card = TextField(default="")
    synced_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("account", "href"), True),)


class SyncConflict(BaseModel):
    """A field both sides changed differently; `mine` and `server` are JSON values."""

    id = AutoField()
    account = ForeignKeyField(SyncAccount, backref="conflicts", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    if TYPE_CHECKING:
        account_id: int
        contact_id: int
    field = TextField()
    mine = TextField()
    server = TextField()
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)
    resolution = TextField(null=True)


class SyncLog(BaseModel):
    """One sync run: counts in `summary`, what changed on which side in `changes` (JSON)."""

    id = AutoField()
    account = ForeignKeyField(SyncAccount, null=True, backref="+", on_delete="SET NULL")
    started_at = DateTimeField(index=True)
    finished_at = DateTimeField(null=True)
    status = TextField(default="")
    summary = TextField(default="{}")
    changes = TextField(default="[]")


class SocialProfile(BaseModel):
    """A link to the contact on LinkedIn, Mastodon, ...; `url_key` is social.url_key(url)."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="profiles", on_delete="CASCADE")
    service = TextField()
    url = TextField()
    url_key = TextField(index=True)
    position = IntegerField(default=0)


class Relationship(BaseModel):
    """A row reads "`contact` is `other`'s `kind`": Ada (contact) is Bob's (other) mentor.

    Directed kinds (mentor, manager, sponsor) are stored from the senior side;
    symmetric ones (colleague, friend, ...) once, with the smaller id as `contact`.
    A custom kind is the user's own word.
    """

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    other = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    kind = TextField()
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class Interest(BaseModel):
    """Something the contact cares about; `kind` is interest, hobby or expertise (RFC 6715)."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    name = TextField(collation="NOCASE")
    kind = TextField(default="interest")
    position = IntegerField(default=0)


class Question(BaseModel):
    """A question to ask next time; `asked_on` is the day it was ticked off."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    text = TextField()
    asked_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)


class RapportNote(BaseModel):
    """A topic to avoid (`kind` "avoid") or a personal fact worth remembering ("fact")."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    kind = TextField()
    text = TextField()
    position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)


class LedgerEntry(BaseModel):
    """One favour in the give-and-take ledger; `direction` is "given" (by me) or "received"."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    occurred_on = DateField()
    direction = TextField()
    kind = TextField(default="other")
    note = TextField(default="")
    interaction = ForeignKeyField(Interaction, null=True, backref="+", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class GroupLedger(BaseModel):
    """A ledger entry (a referral, an introduction) made inside a networking group."""

    group = ForeignKeyField(NetworkGroup, on_delete="CASCADE", backref="+", index=False)
    entry = ForeignKeyField(LedgerEntry, on_delete="CASCADE", backref="+")

    class Meta:
        primary_key = CompositeKey("group", "entry")


class Introduction(BaseModel):
    """Two people put in touch: by me (`by_me`), by a contact (`by`), on a day, with a status.

    `status` runs proposed -> asked -> agreed -> made (double opt-in), or starts at
    made. `told_on` is when I told the introducer how it went.
    """

    id = AutoField()
    a = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    b = ForeignKeyField(Contact, backref="+", on_delete="CASCADE")
    by = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")
    by_me = BooleanField(default=False)
    occurred_on = DateField()
    status = TextField()
    note = TextField(default="")
    interaction = ForeignKeyField(Interaction, null=True, backref="+", on_delete="SET NULL")
    told_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)
    # The open reminder of a proposed introduction's next step.
    reminder = ForeignKeyField(Reminder, null=True, backref="+", on_delete="SET NULL", index=False)


class MyProfile(BaseModel):
    """The user's public face (one row): the texts; name, title, photo, links and
    interests come from the "me" contact."""

    id = AutoField()
    headline = TextField(default="")
    short_bio = TextField(default="")
    long_bio = TextField(default="")
    pitch = TextField(default="")
    updated_at = DateTimeField(default=utcnow)


class ProfileVersion(BaseModel):
    """My profile as written for one platform (LinkedIn, X, Mastodon, GitHub or custom)."""

    id = AutoField()
    platform = TextField()
    label = TextField(default="")
    headline = TextField(default="")
    about = TextField(default="")
    title = TextField(default="")
    organization = TextField(default="")
    links = TextField(default="")  # one per line
    position = IntegerField(default=0)
    updated_at = DateTimeField(default=utcnow)


class TodayDismissal(BaseModel):
    """A Today suggestion the user dismissed ("cooling:12"), hidden until `until`."""

    key = TextField(primary_key=True)
    until = DateField()


class HealthSnapshot(BaseModel):
    """The network's health counts on one day, for the Insights page's history."""

    day = DateField(primary_key=True)
    on_track = IntegerField()
    due_soon = IntegerField()
    overdue = IntegerField()
    losing_touch = IntegerField()


class CsvMapping(BaseModel):
    """A column mapping for CSV files of one shape, saved by name from the import dialog.

    `header_key` is the file's header row, normalised (see services.csv_mappings),
    so a file with the same columns gets its mapping back; `columns` is a JSON
    object {column header: field}. `netkeeper import --mapping NAME` reads it too.
    """

    id = AutoField()
    name = TextField(unique=True)
    header_key = TextField(index=True)
    columns = TextField(default="{}")
    encoding = TextField(null=True)
    delimiter = TextField(null=True)
    updated_at = DateTimeField(default=utcnow)


class AppState(BaseModel):
    """A fact about the database itself (`settled_through`: see timeline.settle)."""

    key = TextField(primary_key=True)
    value = TextField()


# The contact's free-text fields, as a person edits them and a card carries them.
TEXT_FIELDS = (
    "full_name",
    "given_name",
    "family_name",
    "additional_names",
    "honorific_prefix",
    "honorific_suffix",
    "nickname",
    "organization",
    "department",
    "title",
    "notes",
)

# The contact columns a vCard fills, in one order that the import writer and the
# document builder both rely on (exchange.py slices it: keep the order).
CARD_COLUMNS = (
    "uid",
    *TEXT_FIELDS[:-1],  # every text field but the notes, which follow the dates
    "birthday",
    "anniversary",
    "notes",
    "photo",
    "photo_mime",
    "photo_url",
)

ALL_TABLES: list[type[BaseModel]] = [
    AppState,
    CsvMapping,
    Contact,
    Email,
    Phone,
    Url,
    Address,
    Tag,
    ContactTag,
    ContactProperty,
    Interaction,
    InteractionParticipant,
    Reminder,
    Announcement,
    NotDuplicate,
    DateDone,
    Event,
    EventPlan,
    EventMet,
    NetworkGroup,
    GroupMember,
    GroupMeeting,
    MeetingAttendance,
    Commitment,
    SyncAccount,
    SyncItem,
    SyncConflict,
    SyncLog,
    SocialProfile,
    Relationship,
    Interest,
    Question,
    RapportNote,
    LedgerEntry,
    GroupLedger,
    Introduction,
    MyProfile,
    ProfileVersion,
    TodayDismissal,
    HealthSnapshot,
]

# "connected": the day a connection was made (LinkedIn's "Connected On"), so a
# contact's timeline and keep-in-touch dates start there.
INTERACTION_KINDS = (
    "call",
    "meeting",
    "coffee",
    "email",
    "message",
    "event",
    "note",
    # Written by services/people/introductions.py when I introduce two people.
    "introduction",
    "connected",
)
