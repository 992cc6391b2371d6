"""The schema step that adds app_state (settle's mark), from the step before it and from 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database

STEP = migrations.STEPS.index(migrations._step_app_state) + 1  # its version number


def _build(path: Path, version: int) -> None:
    """A database as NetKeeper `version` left it: a contact with a planned call that came due."""
    database = open_database(path, migrate=False)
    for number in range(1, version + 1):
        with database.atomic():
            migrations.STEPS[number - 1](database)
            database.execute_sql(f"PRAGMA user_version = {number}")
    database.execute_sql(
        "INSERT INTO contact (id, uid, full_name, notes, created_at, updated_at)"
        " VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', 'poet',"
        " '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
    )
    database.execute_sql(
        "INSERT INTO interaction (id, kind, occurred_at, note, created_at)"
        " VALUES (1, 'call', '2024-05-01 10:00:00', 'engines', '2024-04-01 10:00:00')"
    )
    database.execute_sql("INSERT INTO interaction_participant VALUES (1, 1)")
    close_database()


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
    _build(path, STEP - 1)
    _check(path)
    assert list(tmp_path.glob(f"before.db.v{STEP - 1}-*.bak")), "backed up before migrating"


def test_upgrade_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    _build(path, 1)
    _check(path)
