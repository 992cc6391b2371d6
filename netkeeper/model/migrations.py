"""Schema versions: `PRAGMA user_version` is the number of steps applied.

Each step is frozen SQL (or a function) that takes the schema from version N-1
to N. Steps are never edited once shipped: a later change is a new step, so a
database written by any released version can be brought forward. Before the
first step runs on a file that already holds data, the file is backed up next
to itself; each step runs in its own transaction together with the version
bump, so a crash leaves the database at a clean version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from netkeeper.model.db import DatabaseError, sqlite_backup

Step = Callable[[SqliteDatabase], None]

_V1_SCHEMA = """
CREATE TABLE contact (
    id INTEGER NOT NULL PRIMARY KEY,
    uid TEXT NOT NULL,
    full_name TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    additional_names TEXT NOT NULL DEFAULT '',
    honorific_prefix TEXT NOT NULL DEFAULT '',
    honorific_suffix TEXT NOT NULL DEFAULT '',
    nickname TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    birthday TEXT,
    anniversary TEXT,
    notes TEXT NOT NULL DEFAULT '',
    photo BLOB,
    photo_mime TEXT,
    photo_url TEXT,
    how_met TEXT NOT NULL DEFAULT '',
    introduced_by_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    last_interaction DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    deleted_at DATETIME
);
CREATE UNIQUE INDEX contact_uid ON contact (uid);
CREATE INDEX contact_introduced_by_id ON contact (introduced_by_id);
CREATE INDEX contact_last_interaction ON contact (last_interaction);
CREATE INDEX contact_deleted_at ON contact (deleted_at);

CREATE TABLE email (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '',
    label TEXT,
    preferred INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX email_contact_id ON email (contact_id);
CREATE INDEX email_value ON email (value);

CREATE TABLE phone (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '',
    label TEXT,
    preferred INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    normalized TEXT
);
CREATE INDEX phone_contact_id ON phone (contact_id);
CREATE INDEX phone_normalized ON phone (normalized);

CREATE TABLE url (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '',
    label TEXT,
    preferred INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX url_contact_id ON url (contact_id);

CREATE TABLE address (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    po_box TEXT NOT NULL DEFAULT '',
    extended TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    locality TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    types TEXT NOT NULL DEFAULT '',
    label TEXT,
    preferred INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX address_contact_id ON address (contact_id);

CREATE TABLE tag (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE
);
CREATE UNIQUE INDEX tag_name ON tag (name);

CREATE TABLE contact_tag (
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tag_tag_id_contact_id ON contact_tag (tag_id, contact_id);

CREATE TABLE contact_property (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    "group" TEXT,
    name TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '[]',
    value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_property_contact_id ON contact_property (contact_id);

CREATE TABLE interaction (
    id INTEGER NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    occurred_at DATETIME NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX interaction_occurred_at ON interaction (occurred_at);

CREATE TABLE interaction_participant (
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
);
CREATE INDEX interaction_participant_contact_id_interaction_id
    ON interaction_participant (contact_id, interaction_id);

CREATE TABLE reminder (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    due DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recurrence TEXT,
    done_at DATETIME,
    snoozed_until DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX reminder_contact_id ON reminder (contact_id);
CREATE INDEX reminder_due ON reminder (due);
"""


def _run_script(database: SqliteDatabase, script: str) -> None:
    # sqlite3's executescript() would COMMIT the surrounding transaction, so run
    # the statements one by one inside it.
    for statement in script.split(";"):
        if statement.strip():
            database.execute_sql(statement)


def _step1_base_schema(database: SqliteDatabase) -> None:
    _run_script(database, _V1_SCHEMA)


def _step2_search_index(database: SqliteDatabase) -> None:
    """Full-text search over names, organisation, emails, notes and interaction notes.

    Trigram tokenizer: a user types "lov" and expects Ada Lovelace, which word
    tokenizers do not give; trigram also serves LIKE for substring queries.
    The index is contentless of its own: the search service rebuilds a
    contact's row whenever the contact or one of its interactions changes.
    """
    database.execute_sql("CREATE VIRTUAL TABLE contact_fts USING fts5(body, tokenize='trigram')")
    database.execute_sql("INSERT INTO contact_fts (rowid, body) " + _V2_BODY_SQL)


# Step 2's index body, frozen here: it used to call the live search module, which
# _step_search_as_people_type changed to fill other columns.
_V2_BODY_SQL = """
SELECT c.id,
       c.full_name || ' ' || c.given_name || ' ' || c.family_name || ' ' ||
       c.additional_names || ' ' || c.nickname || ' ' || c.organization || ' ' ||
       c.department || ' ' || c.title || ' ' || c.notes || ' ' || c.how_met || ' ' ||
       coalesce((SELECT group_concat(e.value, ' ') FROM email e WHERE e.contact_id = c.id), '')
       || ' ' ||
       coalesce((SELECT group_concat(i.note, ' ') FROM interaction i
                 JOIN interaction_participant p ON p.interaction_id = i.id
                 WHERE p.contact_id = c.id AND i.note != ''), '')
FROM contact c
"""


def _step3_reminder_anchor(database: SqliteDatabase) -> None:
    """Repeating reminders count from a fixed anchor date.

    Without it, "every month" from 31 January moves to 28 February and then
    stays on the 28th forever; with it, March comes back to the 31st.
    """
    database.execute_sql("ALTER TABLE reminder ADD COLUMN anchor DATE")
    database.execute_sql("UPDATE reminder SET anchor = due WHERE recurrence IS NOT NULL")


_V4_KEEP_IN_TOUCH = """
ALTER TABLE contact ADD COLUMN cadence TEXT;
ALTER TABLE contact ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN snoozed_until DATE;
ALTER TABLE contact ADD COLUMN next_due DATE;
ALTER TABLE contact ADD COLUMN date_notice_days INTEGER NOT NULL DEFAULT 0;
CREATE INDEX contact_next_due ON contact (next_due) WHERE deleted_at IS NULL;
CREATE INDEX contact_birthday_md ON contact (substr(birthday, -5)) WHERE birthday IS NOT NULL;
CREATE INDEX contact_anniversary_md ON contact (substr(anniversary, -5))
    WHERE anniversary IS NOT NULL;
ALTER TABLE tag ADD COLUMN cadence TEXT;
ALTER TABLE reminder ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reminder_open_due ON reminder (due) WHERE done_at IS NULL;
CREATE TABLE announcement (key TEXT NOT NULL PRIMARY KEY, day DATE NOT NULL);
CREATE INDEX announcement_day ON announcement (day)
"""


def _step4_keep_in_touch(database: SqliteDatabase) -> None:
    """Keep-in-touch cadences, a stored next-due date, advance notice, announcements.

    `contact.next_due` is derived (last interaction or creation + cadence) and
    kept by services/followups.py: "who is overdue" over 50,000 contacts is an
    index range scan (33 ms all rows, 0.1 ms top 50) instead of a 140 ms GROUP BY.
    The partial index on `deleted_at IS NULL` keeps the trash out of it for free.
    Birthdays are matched on their month-day tail ("YYYY-MM-DD" and "--MM-DD"
    both end in MM-DD), hence the expression indexes. No contact has a cadence
    before this step, so every next_due starts NULL and nothing needs computing.
    """
    _run_script(database, _V4_KEEP_IN_TOUCH)


_V5_DUE_INDEXES = """
DROP INDEX contact_next_due;
CREATE INDEX contact_next_due ON contact (next_due, full_name, last_interaction, deleted_at)
    WHERE deleted_at IS NULL;
DROP INDEX contact_birthday_md;
CREATE INDEX contact_birthday_md ON contact (substr(birthday, -5), date_notice_days)
    WHERE birthday IS NOT NULL;
DROP INDEX contact_anniversary_md;
CREATE INDEX contact_anniversary_md ON contact (substr(anniversary, -5), date_notice_days)
    WHERE anniversary IS NOT NULL;
DROP INDEX reminder_open_due;
CREATE INDEX reminder_open_due ON reminder (due, notice_days) WHERE done_at IS NULL
"""


def _step5_due_indexes(database: SqliteDatabase) -> None:
    """Covering indexes for "what is due", measured on 50,000 contacts / 29,000 overdue.

    Step 4's next_due index made SQLite look each contact row up (67 ms for all
    overdue rows); carrying the name and last interaction makes it index-only (32 ms).
    Advance notice in the birthday and reminder indexes lets the look-ahead for
    early notices skip, inside the index, the rows that have none.
    """
    _run_script(database, _V5_DUE_INDEXES)


_V6_NOT_DUPLICATE = """
CREATE TABLE not_duplicate (
    contact_a_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    contact_b_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (contact_a_id, contact_b_id)
);
CREATE INDEX not_duplicate_contact_b_id ON not_duplicate (contact_b_id)
"""


def _step6_not_duplicate(database: SqliteDatabase) -> None:
    """Pairs the user said are two different people, so "Find duplicates" stops offering them."""
    _run_script(database, _V6_NOT_DUPLICATE)


_V7_DATE_DONE = """
CREATE TABLE date_done (
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (year, kind, contact_id)
);
CREATE INDEX date_done_contact_id ON date_done (contact_id)
"""


def _step7_date_done(database: SqliteDatabase) -> None:
    """Birthdays and anniversaries marked "done for this year".

    One row per acknowledged occurrence rather than a column on contact: the
    occurrence's year is part of the fact (done for 2026 says nothing about
    2027), and "what is done in these years" is a primary-key range that costs
    the due query nothing however many contacts there are. The contact_id
    index keeps the cascade on delete from scanning the table.
    """
    _run_script(database, _V7_DATE_DONE)


_GROUPS_AND_EVENTS = """
CREATE TABLE event (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    starts DATE NOT NULL,
    ends DATE NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX event_starts ON event (starts);
CREATE TABLE event_plan (
    event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, contact_id)
);
CREATE INDEX event_plan_contact_id ON event_plan (contact_id);
CREATE TABLE event_met (
    event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    reminder_id INTEGER REFERENCES reminder (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (event_id, contact_id)
);
CREATE INDEX event_met_contact_id ON event_met (contact_id);
ALTER TABLE contact ADD COLUMN met_at_id INTEGER REFERENCES event (id) ON DELETE SET NULL;
CREATE TABLE network_group (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    kind TEXT NOT NULL DEFAULT 'community',
    objective TEXT NOT NULL DEFAULT '',
    criteria TEXT NOT NULL DEFAULT '',
    meets TEXT,
    anchor DATE,
    place TEXT NOT NULL DEFAULT '',
    my_role TEXT NOT NULL DEFAULT 'member',
    notes TEXT NOT NULL DEFAULT '',
    cadence TEXT,
    created_at DATETIME NOT NULL
);
CREATE TABLE group_member (
    group_id INTEGER NOT NULL REFERENCES network_group (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member',
    joined DATE NOT NULL,
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX group_member_contact_id ON group_member (contact_id);
CREATE TABLE group_meeting (
    id INTEGER NOT NULL PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES network_group (id) ON DELETE CASCADE,
    held_on DATE NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX group_meeting_group_id ON group_meeting (group_id, held_on);
CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES group_meeting (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    PRIMARY KEY (meeting_id, contact_id)
);
CREATE INDEX meeting_attendance_contact_id ON meeting_attendance (contact_id);
CREATE TABLE commitment (
    id INTEGER NOT NULL PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES network_group (id) ON DELETE CASCADE,
    meeting_id INTEGER REFERENCES group_meeting (id) ON DELETE SET NULL,
    owner_id INTEGER REFERENCES contact (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    due DATE,
    status TEXT NOT NULL DEFAULT 'open',
    closed_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX commitment_group_id ON commitment (group_id, status);
CREATE INDEX commitment_open_mine ON commitment (due) WHERE status = 'open' AND owner_id IS NULL
"""


def _step_groups_and_events(database: SqliteDatabase) -> None:
    """Networking groups (members, meetings, attendance, commitments) and events.

    A group is not a tag: it has an objective, a rhythm, roles and a record of
    who came and what was promised. `commitment.owner_id` NULL means the user
    ("me"), so the user's own promises need no contact of their own; the partial
    index makes "my open commitments" in the due list an index range.
    `network_group.anchor` is the day the meeting rhythm counts from.
    `contact.met_at_id` is where the user first met someone; `event_met` lists
    everyone met at an event (a person can be met again at a second one).
    """
    _run_script(database, _GROUPS_AND_EVENTS)


_SYNC_SCHEMA = """
CREATE TABLE sync_account (
    id INTEGER NOT NULL PRIMARY KEY,
    server_url TEXT NOT NULL,
    book_url TEXT NOT NULL,
    book_name TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL,
    ca_file TEXT,
    allow_http INTEGER NOT NULL DEFAULT 0,
    sync_token TEXT,
    full_listing INTEGER NOT NULL DEFAULT 1,
    backup_done INTEGER NOT NULL DEFAULT 0,
    last_sync_at DATETIME,
    last_status TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE TABLE sync_item (
    id INTEGER NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES sync_account (id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    href TEXT NOT NULL,
    etag TEXT,
    uid TEXT,
    content_hash TEXT NOT NULL DEFAULT '',
    synced_card TEXT NOT NULL DEFAULT '',
    synced_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX sync_item_account_id_href ON sync_item (account_id, href);
CREATE INDEX sync_item_contact_id ON sync_item (contact_id);
CREATE TABLE sync_conflict (
    id INTEGER NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES sync_account (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    mine TEXT NOT NULL,
    server TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    resolved_at DATETIME,
    resolution TEXT
);
CREATE INDEX sync_conflict_account_id ON sync_conflict (account_id);
CREATE INDEX sync_conflict_contact_id ON sync_conflict (contact_id);
CREATE TABLE sync_log (
    id INTEGER NOT NULL PRIMARY KEY,
    account_id INTEGER REFERENCES sync_account (id) ON DELETE SET NULL,
    started_at DATETIME NOT NULL,
    finished_at DATETIME,
    status TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '{}',
    changes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sync_log_started_at ON sync_log (started_at)
"""


def _step_sync(database: SqliteDatabase) -> None:
    """Two-way CardDAV sync: the account, one record per synced card, conflicts, a run log.

    `sync_item` is the memory that makes sync safe: per contact and account the
    server's href and ETag, the UID the server knows, and the card as last
    synced (text and hash). The text is the common ancestor of a three-way
    merge, so a field changed on one side only is taken without asking and a
    field changed on both becomes a `sync_conflict` instead of a silent loss.
    `full_listing` is set while a mark-and-sweep listing is owed (first sync,
    refused token): nothing local is deleted until one has completed.
    """
    _run_script(database, _SYNC_SCHEMA)


_PEOPLE = """
ALTER TABLE contact ADD COLUMN is_me INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX contact_is_me ON contact (is_me) WHERE is_me = 1;
CREATE TABLE social_profile (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    service TEXT NOT NULL,
    url TEXT NOT NULL,
    url_key TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX social_profile_contact_id ON social_profile (contact_id);
CREATE INDEX social_profile_url_key ON social_profile (url_key);
CREATE TABLE relationship (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX relationship_contact_id_other_id_kind
    ON relationship (contact_id, other_id, kind);
CREATE INDEX relationship_other_id ON relationship (other_id);
CREATE TABLE interest (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE,
    kind TEXT NOT NULL DEFAULT 'interest',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX interest_contact_id_name ON interest (contact_id, name);
CREATE INDEX interest_name ON interest (name);
CREATE TABLE question (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    asked_on DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX question_contact_id ON question (contact_id, asked_on);
CREATE TABLE rapport_note (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE INDEX rapport_note_contact_id ON rapport_note (contact_id, kind);
CREATE TABLE ledger_entry (
    id INTEGER NOT NULL PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    occurred_on DATE NOT NULL,
    direction TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'other',
    note TEXT NOT NULL DEFAULT '',
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX ledger_entry_contact_id ON ledger_entry (contact_id, occurred_on);
CREATE INDEX ledger_entry_interaction_id ON ledger_entry (interaction_id);
CREATE TABLE introduction (
    id INTEGER NOT NULL PRIMARY KEY,
    a_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    b_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    by_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    by_me INTEGER NOT NULL DEFAULT 0,
    occurred_on DATE NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
    told_on DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX introduction_a_id ON introduction (a_id);
CREATE INDEX introduction_b_id ON introduction (b_id);
CREATE INDEX introduction_by_id ON introduction (by_id);
CREATE INDEX introduction_interaction_id ON introduction (interaction_id);
CREATE TABLE my_profile (
    id INTEGER NOT NULL PRIMARY KEY,
    headline TEXT NOT NULL DEFAULT '',
    short_bio TEXT NOT NULL DEFAULT '',
    long_bio TEXT NOT NULL DEFAULT '',
    pitch TEXT NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL
);
CREATE TABLE profile_version (
    id INTEGER NOT NULL PRIMARY KEY,
    platform TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    headline TEXT NOT NULL DEFAULT '',
    about TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    links TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    updated_at DATETIME NOT NULL
)
"""


def _step_people(database: SqliteDatabase) -> None:
    """People in context: me, social profiles, relationships, rapport, give-and-take,
    introductions and My profile.

    `contact.is_me` marks the user's own card (a partial unique index allows one).
    Social profiles keep `url_key`, one spelling of the link (io/social.url_key),
    indexed so an import matches a LinkedIn URL against 50,000 contacts in one probe.
    A relationship row reads "contact is other's kind" (Ada is Bob's mentor);
    symmetric kinds are stored once. An introduction by the user has `by_me` set
    (and `by_id` the "me" contact if there is one); `by_id` NULL without `by_me`
    is an introducer no longer in the address book.

    Profiles that earlier versions kept verbatim (X-SOCIALPROFILE, SOCIALPROFILE
    in contact_property) move into social_profile here, with the Apple label of
    their group, so export does not write them twice.
    """
    _run_script(database, _PEOPLE)
    import json
    import re

    from netkeeper.social import service_for_url, service_key, url_key

    def unescape_text(value: str) -> str:  # vCard TEXT escapes, as io/vcard.py reads them
        return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)

    rows = database.execute_sql(
        'SELECT id, contact_id, "group", name, params, value FROM contact_property'
        " WHERE name IN ('X-SOCIALPROFILE', 'SOCIALPROFILE') ORDER BY contact_id, position"
    ).fetchall()
    seen: set[tuple[int, str]] = set()
    position: dict[int, int] = {}
    for pid, cid, group, name, params, value in rows:
        url = unescape_text(value).strip()
        wanted = ("TYPE", "X-SERVICE-TYPE") if name == "X-SOCIALPROFILE" else ("SERVICE-TYPE",)
        given = [v for k, v in json.loads(params) if k.upper() in wanted and v.strip()]
        service = service_key(given[0].split(",")[0]) if given else None
        service = service or service_for_url(url) or "other"
        key = url_key(url, service)
        if url and (cid, key) not in seen:
            seen.add((cid, key))
            database.execute_sql(
                "INSERT INTO social_profile (contact_id, service, url, url_key, position)"
                " VALUES (?, ?, ?, ?, ?)",
                (cid, service, url, key, position.get(cid, 0)),
            )
            position[cid] = position.get(cid, 0) + 1
        database.execute_sql("DELETE FROM contact_property WHERE id = ?", (pid,))
        if group:
            database.execute_sql(
                'DELETE FROM contact_property WHERE contact_id = ? AND "group" = ?'
                " AND name = 'X-ABLABEL'",
                (cid, group),
            )


def _step_search_as_people_type(database: SqliteDatabase) -> None:
    """Search that ignores accents and case, and finds phone numbers by their digits.

    The index's one `body` column becomes `folded` (the text as people type it:
    "Müller" indexed as "muller", "Straße" as "strasse") and `digits` (each phone
    as bare digits, as stored and in E.164). Folding is Python (unicodedata), so
    the rows are not filled here but by `migrate` once the last step has run
    (see REBUILDS_INDEX), by the search code that matches the latest table.
    """
    database.execute_sql("DROP TABLE contact_fts")
    database.execute_sql(
        "CREATE VIRTUAL TABLE contact_fts USING fts5(folded, digits, tokenize='trigram')"
    )


def _step_introduction_steps(database: SqliteDatabase) -> None:
    """The reminder of a proposed introduction's next step (ask A, ask B, introduce), so the
    step that is done closes its own reminder and no other."""
    database.execute_sql(
        "ALTER TABLE introduction ADD COLUMN reminder_id INTEGER"
        " REFERENCES reminder (id) ON DELETE SET NULL"
    )


def _step_interaction_dates(database: SqliteDatabase) -> None:
    """Interactions given as a date without a time, and interactions dated ahead.

    `all_day` marks a day without a time ("met on 3 March"): the instant stored is
    still noon local time (the day survives a time-zone change), but it is shown as
    a date and counts from the start of that day. `interaction_ahead` indexes the
    few interactions dated after they were written down (planned ones): they must
    not count as the last contact until their time comes, and this index lets the
    services find, every minute, the ones whose time has come without a scan.
    """
    database.execute_sql("ALTER TABLE interaction ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0")
    database.execute_sql(
        "CREATE INDEX interaction_ahead ON interaction (occurred_at) WHERE occurred_at > created_at"
    )


_GROUP_LEDGER = """
CREATE TABLE group_ledger (
    group_id INTEGER NOT NULL REFERENCES network_group (id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES ledger_entry (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, entry_id)
);
CREATE INDEX group_ledger_entry_id ON group_ledger (entry_id)
"""


def _step_group_ledger(database: SqliteDatabase) -> None:
    """Referrals and introductions made inside a group, as ledger entries of the group.

    The favour itself is an ordinary give-and-take entry with the person (so their
    balance and the network's count it); this table only says in which group it
    happened, for the BNI-style "referrals given and received" per member.
    """
    _run_script(database, _GROUP_LEDGER)


_INSIGHTS = """
ALTER TABLE contact ADD COLUMN function TEXT;
ALTER TABLE contact ADD COLUMN industry TEXT;
ALTER TABLE contact ADD COLUMN country TEXT;
ALTER TABLE contact ADD COLUMN city TEXT;
ALTER TABLE contact ADD COLUMN generation TEXT;
ALTER TABLE contact ADD COLUMN seniority TEXT;
ALTER TABLE contact ADD COLUMN strength_override INTEGER;
CREATE TABLE today_dismissal (
    key TEXT NOT NULL PRIMARY KEY,
    until DATE NOT NULL
);
CREATE TABLE health_snapshot (
    day DATE NOT NULL PRIMARY KEY,
    on_track INTEGER NOT NULL,
    due_soon INTEGER NOT NULL,
    overdue INTEGER NOT NULL,
    losing_touch INTEGER NOT NULL
);
"""


def _step_insights(database: SqliteDatabase) -> None:
    """Insights: diversity attributes, a manual strength, dismissed Today suggestions,
    and the network's health per day.

    The six diversity columns (function, industry, country, city, generation,
    seniority) are NULL until the user says; country and city are suggested from the
    address but stored only when confirmed. `strength_override` is the user's own
    0-100 figure, kept apart from the computed one so clearing it brings the
    formula back. `today_dismissal` keys a suggestion ("cooling:12") with the day it
    may come back; `health_snapshot` keeps one row of health counts per day, so the
    Insights page can show them over time (they cannot be rebuilt from history).
    """
    _run_script(database, _INSIGHTS)


_V_CSV_MAPPING = """
CREATE TABLE csv_mapping (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    header_key TEXT NOT NULL,
    columns TEXT NOT NULL,
    encoding TEXT,
    delimiter TEXT,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX csv_mapping_name ON csv_mapping (name);
CREATE INDEX csv_mapping_header_key ON csv_mapping (header_key)
"""


def _step_csv_mapping(database: SqliteDatabase) -> None:
    """Column mappings for CSV imports, saved by name and found again by the file's header.

    In the database rather than the GUI's settings so that `import --mapping NAME`
    on the command line, a backup and a second machine all see the same mappings.
    """
    _run_script(database, _V_CSV_MAPPING)


_APP_STATE = """
CREATE TABLE app_state (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
)
"""


def _step_app_state(database: SqliteDatabase) -> None:
    """A small key-value table for facts about the database itself, not the network.

    First use: how far `timeline.settle` has already counted planned interactions, so
    each command looks only at those whose time came since, instead of every
    interaction ever dated ahead of when it was written (500,000 of them made every
    command a second slower).
    """
    _run_script(database, _APP_STATE)


STEPS: list[Step] = [
    _step1_base_schema,
    _step2_search_index,
    _step3_reminder_anchor,
    _step4_keep_in_touch,
    _step5_due_indexes,
    _step6_not_duplicate,
    _step7_date_done,
    _step_groups_and_events,
    _step_sync,
    _step_people,
    _step_search_as_people_type,
    _step_introduction_steps,
    _step_interaction_dates,
    _step_group_ledger,
    _step_insights,
    _step_csv_mapping,
    _step_app_state,
]
LATEST = len(STEPS)
# Steps that reshape the search index and leave it empty. `migrate` refills it in
# the transaction of the last step it runs, with today's `search.reindex_all`:
# a step calling the live search code itself would break as soon as a later step
# changed the index again.
REBUILDS_INDEX: set[Step] = {_step_search_as_people_type}


def user_version(database: SqliteDatabase) -> int:
    return int(database.execute_sql("PRAGMA user_version").fetchone()[0])


def _has_tables(database: SqliteDatabase) -> bool:
    row = database.execute_sql(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return bool(row[0])


def backup_path_for(path: Path, version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def _backup_once(path: Path, version: int) -> Path:
    """The pre-upgrade backup, written once per state of the data.

    An upgrade interrupted (killed, a full disk) leaves the file at `version`,
    unchanged; every retry used to add one more full copy. A new copy equal to
    an earlier one of the same version is dropped and the earlier one kept; a
    half-written copy from a killed attempt is removed.
    """
    import filecmp

    for stale in path.parent.glob(f"{path.name}.v{version}-*.bak.partial"):
        stale.unlink(missing_ok=True)
    earlier = sorted(path.parent.glob(f"{path.name}.v{version}-*.bak"))
    backup = backup_path_for(path, version)
    sqlite_backup(path, backup)
    for old in earlier:
        if old != backup and filecmp.cmp(old, backup, shallow=False):
            backup.unlink()
            return old
    return backup


def check_openable(path: Path) -> None:
    """Refuse, without writing anything, a file that is newer than this app or not ours."""
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            tables = con.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot read {path}: {exc}") from exc
    if version > LATEST:
        raise DatabaseError(
            f"this database was written by a newer NetKeeper (schema {version}, "
            f"this app knows up to {LATEST}); please update NetKeeper. The file was not changed."
        )
    if version == 0 and tables:
        raise DatabaseError(f"{path} is an SQLite file but not a NetKeeper database")


def migrate(database: SqliteDatabase, path: Path | None = None) -> Path | None:
    """Bring `database` to LATEST; return the backup file written, if any."""
    current = user_version(database)
    if current > LATEST:
        raise DatabaseError(
            f"this database was written by a newer NetKeeper (schema {current}, "
            f"this app knows up to {LATEST}); please update NetKeeper. The file was not changed."
        )
    if current == LATEST:
        return None
    backup: Path | None = None
    if path is not None and (current > 0 or _has_tables(database)):
        if current == 0:
            raise DatabaseError(f"{path} is an SQLite file but not a NetKeeper database")
        backup = _backup_once(Path(path), current)
    rebuild = any(step in REBUILDS_INDEX for step in STEPS[current:])
    for number in range(current + 1, LATEST + 1):
        with database.atomic():
            STEPS[number - 1](database)
            if number == LATEST and rebuild:
                from netkeeper.model import search

                search.reindex_all(database)
            database.execute_sql(f"PRAGMA user_version = {number}")
    return backup
