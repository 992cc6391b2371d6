"""The schema step that adds app_state (settle's mark), from the step before it and from 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_app_state) + 1  # its version number


# What the older release held: a contact with a planned call that came due.
ROWS = """
INSERT INTO contact (id, uid, full_name, notes, created_at, updated_at)
    VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', 'poet', '2020-01-01 00:00:00',
        '2020-01-01 00:00:00');
INSERT INTO interaction (id, kind, occurred_at, note, created_at)
    VALUES (1, 'call', '2024-05-01 10:00:00', 'engines', '2024-04-01 10:00:00');
INSERT INTO interaction_participant VALUES (1, 1);
"""


def _check(path: Path) -> None:
    open_database(path)
    try:
        from netkeeper.services import timeline

        timeline.settle()  # the call planned in April counts: the contact learns of it
    finally:
        close_database()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        assert con.execute("SELECT full_name, notes, last_interaction FROM contact").fetchall() == [
            ("Ada Lovelace", "poet", "2024-05-01 10:00:00")
        ]
        assert con.execute("SELECT note FROM interaction").fetchall() == [("engines",)]
        assert con.execute("SELECT key FROM app_state").fetchall() == [("settled_through",)]
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
