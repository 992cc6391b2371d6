"""The schema step that adds saved CSV mappings, from the step before it and from version 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_csv_mapping) + 1  # its version number


# What the older release held: a contact with an email, and an interaction.
ROWS = """
INSERT INTO contact (id, uid, full_name, organization, notes, how_met, created_at, updated_at)
    VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', 'Analytical', 'poet', 'LinkedIn',
        '2020-01-01 00:00:00', '2020-01-01 00:00:00');
INSERT INTO email (contact_id, value) VALUES (1, 'ada@example.org');
INSERT INTO interaction (id, kind, occurred_at, note, created_at)
    VALUES (1, 'call', '2024-05-01 10:00:00', 'engines', '2024-05-01 10:00:00');
INSERT INTO interaction_participant VALUES (1, 1);
"""


def _check(path: Path) -> None:
    open_database(path)
    try:
        from netkeeper.services.csv_mappings import get_mapping, save_mapping

        save_mapping("Attendees", ["Name", "Mail"], {"Name": "full_name", "Mail": "email"})
        assert get_mapping("attendees").columns == {"Name": "full_name", "Mail": "email"}
    finally:
        close_database()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        assert con.execute("SELECT full_name, how_met FROM contact").fetchall() == [
            ("Ada Lovelace", "LinkedIn")
        ]
        assert con.execute("SELECT value FROM email").fetchall() == [("ada@example.org",)]
        assert con.execute("SELECT note FROM interaction").fetchall() == [("engines",)]
    finally:
        con.close()


def test_upgrade_from_the_step_before(tmp_path: Path) -> None:
    path = tmp_path / "before.db"
    database_at(path, STEP - 1, ROWS)
    _check(path)
    assert list(tmp_path.glob(f"before.db.v{STEP - 1}-*.bak")), "backed up before migrating"


def test_upgrade_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    database_at(path, 1, ROWS)
    _check(path)
