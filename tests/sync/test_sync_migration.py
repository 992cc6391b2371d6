"""Schema step for sync state, from the step before it and from version 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_sync)


# What the older release held: a contact with an email and a reminder.
ROWS = """
INSERT INTO contact (id, uid, full_name, created_at, updated_at)
    VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', '2020-01-01 00:00:00', '2020-01-01 00:00:00');
INSERT INTO email (contact_id, value) VALUES (1, 'ada@example.org');
INSERT INTO reminder (contact_id, due, note, created_at)
    VALUES (1, '2026-11-20', 'send the notes', '2026-11-01 00:00:00');
"""


@pytest.mark.parametrize("start", [STEP, 1], ids=["from the step before", "from version 1"])
def test_upgrade_adds_sync_tables_and_keeps_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "old.db"
    database_at(path, start, ROWS)
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        names = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master")}
        assert {"sync_account", "sync_item", "sync_conflict", "sync_log"} <= names
        assert database.execute_sql("SELECT full_name FROM contact").fetchall() == [
            ("Ada Lovelace",)
        ]
        assert database.execute_sql("SELECT value FROM email").fetchall() == [("ada@example.org",)]
        assert database.execute_sql("SELECT note FROM reminder").fetchall() == [("send the notes",)]
        from netkeeper.services.sync import state

        acc = state.create_account(
            server_url="https://dav.example",
            book_url="https://dav.example/b/",
            book_name="b",
            username="ada",
            ca_file=None,
            allow_http=False,
        )
        item = state.Item("/b/1.vcf", '"1"', "u", 1, "h", "")
        state.save_item(acc.id, item)
        assert state.items(acc.id)["/b/1.vcf"].contact_id == 1
    finally:
        close_database()
    assert list(tmp_path.glob("old.db.v*.bak"))
