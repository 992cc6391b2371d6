"""Schema step 4 (keep in touch) on a database left by version 2 of NetKeeper."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database


def _make_v2(path: Path) -> None:
    """Version 2 as it shipped: the base schema plus the FTS5 index, written with sqlite3."""
    con = sqlite3.connect(path)
    con.executescript(migrations._V1_SCHEMA)
    con.execute("CREATE VIRTUAL TABLE contact_fts USING fts5(body, tokenize='trigram')")
    con.execute(
        "INSERT INTO contact (id, uid, full_name, birthday, created_at, updated_at,"
        " last_interaction) VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', '--12-10',"
        " '2020-01-01 00:00:00', '2020-01-01 00:00:00', '2026-10-01 12:00:00')"
    )
    con.execute("INSERT INTO tag (id, name) VALUES (1, 'mentors')")
    con.execute("INSERT INTO contact_tag VALUES (1, 1)")
    con.execute(
        "INSERT INTO interaction (id, kind, occurred_at, note, created_at)"
        " VALUES (1, 'call', '2026-10-01 12:00:00', '', '2026-10-01 12:00:00')"
    )
    con.execute("INSERT INTO interaction_participant VALUES (1, 1)")
    con.execute(
        "INSERT INTO reminder (contact_id, due, note, recurrence, created_at)"
        " VALUES (1, '2026-11-20', 'send the notes', NULL, '2026-11-01 00:00:00')"
    )
    con.execute("INSERT INTO contact_fts (rowid, body) VALUES (1, 'Ada Lovelace')")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()


def test_upgrade_from_version_2_keeps_data_and_enables_cadences(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_v2(path)
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST >= 4
        columns = {r[1] for r in database.execute_sql("PRAGMA table_info(contact)")}
        assert {"cadence", "paused", "snoozed_until", "next_due", "date_notice_days"} <= columns
        indexes = {r[1] for r in database.execute_sql("PRAGMA index_list(contact)")}
        assert {"contact_next_due", "contact_birthday_md"} <= indexes
        plan = " ".join(
            str(r[3])
            for r in database.execute_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM contact INDEXED BY contact_next_due"
                " WHERE deleted_at IS NULL AND next_due <= '2026-12-01' ORDER BY next_due LIMIT 50"
            )
        )
        assert "contact_next_due" in plan

        from netkeeper.services import followups

        # Nothing had a cadence before: only the old reminder and the birthday are due.
        items = followups.due(dt.date(2026, 12, 3), days=7)
        assert [(i.kind, i.note) for i in items] == [
            ("follow-up", "send the notes"),
            ("birthday", ""),
        ]
        followups.set_tag_cadence("mentors", "1 month")
        assert followups.cadence_of(1)["next_due"] == "2026-11-01"
    finally:
        close_database()
    backups = list(tmp_path.glob("old.db.v2-*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    con.close()
