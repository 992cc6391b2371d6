"""Schema step "people" (me, profiles, relationships, rapport, ledger, introductions,
My profile): upgrades from the step before it and from version 1 lose nothing."""

from __future__ import annotations

from pathlib import Path

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from netkeeper.services.documents import contact_documents
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_people)


ROWS = """
INSERT INTO contact (id, uid, full_name, organization, how_met, created_at, updated_at)
    VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', 'Analytical', 'salon',
            '2020-01-01 00:00:00', '2020-01-01 00:00:00');
INSERT INTO contact (id, uid, full_name, introduced_by_id, created_at, updated_at)
    VALUES (2, 'urn:uuid:bob', 'Bob', 1, '2020-01-01 00:00:00', '2020-01-01 00:00:00');
INSERT INTO email (contact_id, value) VALUES (1, 'ada@example.org');
INSERT INTO url (contact_id, value) VALUES (1, 'https://www.linkedin.com/in/ada');
INSERT INTO contact_property (contact_id, position, "group", name, params, value)
    VALUES (1, 0, 'item1', 'X-SOCIALPROFILE', '[["TYPE", "twitter"]]',
            'https://twitter.com/ada');
INSERT INTO contact_property (contact_id, position, "group", name, params, value)
    VALUES (1, 1, 'item1', 'X-ABLABEL', '[]', 'Twitter');
INSERT INTO contact_property (contact_id, position, "group", name, params, value)
    VALUES (1, 2, NULL, 'SOCIALPROFILE', '[["SERVICE-TYPE", "Mastodon"]]',
            'https://chaos.social/@ada');
INSERT INTO contact_property (contact_id, position, "group", name, params, value)
    VALUES (1, 3, NULL, 'X-SOCIALPROFILE', '[]', 'https://x.com/ADA');
INSERT INTO contact_property (contact_id, position, "group", name, params, value)
    VALUES (1, 4, NULL, 'IMPP', '[]', 'xmpp:ada@j.example');
INSERT INTO interaction (id, kind, occurred_at, note, created_at)
    VALUES (1, 'call', '2026-10-01 12:00:00', 'engines', '2026-10-01 12:00:00');
INSERT INTO interaction_participant VALUES (1, 1);
INSERT INTO reminder (contact_id, due, note, created_at)
    VALUES (1, '2026-11-20', 'send notes', '2026-11-01 00:00:00');
"""


def _check(path: Path, from_version: int) -> None:
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        ada, bob = contact_documents([1, 2])
        assert ada["full_name"] == "Ada Lovelace" and ada["how_met"] == "salon"
        assert [e["value"] for e in ada["emails"]] == ["ada@example.org"]
        assert bob["introduced_by"] == 1
        assert ada["is_me"] is False and bob["is_me"] is False
        assert bob["profiles"] == []
        # Profiles kept verbatim by earlier versions are profiles now, without
        # their Apple label and once per link; other kept lines stay as they were.
        assert ada["profiles"] == [
            {"service": "x", "url": "https://twitter.com/ada"},
            {"service": "mastodon", "url": "https://chaos.social/@ada"},
        ]
        kept = database.execute_sql(
            "SELECT name, value FROM contact_property WHERE contact_id = 1"
        ).fetchall()
        assert kept == [("IMPP", "xmpp:ada@j.example")]
        # A URL stays what the user had: a web address.
        assert [u["value"] for u in ada["urls"]] == ["https://www.linkedin.com/in/ada"]
        assert database.execute_sql("SELECT count(*) FROM reminder").fetchone() == (1,)
        assert database.execute_sql("SELECT count(*) FROM interaction_participant").fetchone() == (
            1,
        )
        for table in (
            "relationship",
            "interest",
            "question",
            "rapport_note",
            "ledger_entry",
            "introduction",
            "my_profile",
            "profile_version",
        ):
            assert database.execute_sql(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        # Only one contact can be "me".
        database.execute_sql("UPDATE contact SET is_me = 1 WHERE id = 1")
        try:
            database.execute_sql("UPDATE contact SET is_me = 1 WHERE id = 2")
        except Exception as exc:  # peewee's IntegrityError
            assert "UNIQUE" in str(exc)
        else:
            raise AssertionError("two contacts marked as me")
    finally:
        close_database()
    assert list(path.parent.glob(f"{path.name}.v{from_version}-*.bak"))


def test_upgrade_from_the_step_before(tmp_path: Path) -> None:
    path = tmp_path / "before.db"
    database_at(path, STEP, ROWS)
    _check(path, STEP)


def test_upgrade_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    database_at(path, 1, ROWS)
    _check(path, 1)


def test_introduction_steps_upgrade_keeps_introductions(tmp_path: Path) -> None:
    """The step after "people" (the step reminder of a proposed introduction)."""
    path = tmp_path / "intro.db"
    database_at(
        path,
        migrations.STEPS.index(migrations._step_introduction_steps),
        ROWS + "INSERT INTO introduction (id, a_id, b_id, by_id, by_me, occurred_on, status, note,"
        " created_at) VALUES (1, 1, 2, NULL, 1, '2026-10-01', 'proposed', 'engines',"
        " '2026-10-01 00:00:00');",
    )
    database = open_database(path)
    try:
        assert database.execute_sql(
            "SELECT a_id, b_id, status, note, reminder_id FROM introduction"
        ).fetchall() == [(1, 2, "proposed", "engines", None)]
        from netkeeper.services.people import introductions

        assert introductions.advance(1) == "asked"
        (rid,) = database.execute_sql("SELECT reminder_id FROM introduction").fetchone()
        assert rid is not None
    finally:
        close_database()
