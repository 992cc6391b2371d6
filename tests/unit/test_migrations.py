"""Schema versions: fresh files, upgrades from a hand-made version 1, refusals."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from netkeeper.model import migrations
from netkeeper.model.db import DatabaseError, close_database, open_database
from netkeeper.model.tables import ALL_TABLES
from tests.schema_at import database_at


def _make_v1(path: Path) -> None:
    """A database exactly as version 1 of NetKeeper left it, written with plain sqlite3."""
    con = sqlite3.connect(path)
    con.executescript(migrations._V1_SCHEMA)
    con.execute(
        "INSERT INTO contact (id, uid, full_name, given_name, family_name, organization, notes,"
        " how_met, created_at, updated_at) VALUES (1, 'urn:uuid:grace', 'Grace Hopper', 'Grace',"
        " 'Hopper', 'US Navy', 'found the moth', '', '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
    )
    con.execute("INSERT INTO email (contact_id, value) VALUES (1, 'grace@navy.example')")
    con.execute(
        "INSERT INTO interaction (id, kind, occurred_at, note, created_at)"
        " VALUES (1, 'call', '2024-05-01 10:00:00', 'compilers', '2024-05-01 10:00:00')"
    )
    con.execute("INSERT INTO interaction_participant VALUES (1, 1)")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


def test_fresh_database_is_latest_and_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "nk.db"
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        close_database()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not list(tmp_path.glob("sub/*.bak")), "a new database needs no backup"


def test_models_match_migrated_schema(db: object) -> None:
    """The migration steps and the model classes must describe the same columns."""
    from netkeeper.model.db import db as database

    for model in ALL_TABLES:
        table = model._meta.table_name
        actual = {r[1] for r in database.execute_sql(f'PRAGMA table_info("{table}")')}
        expected = {f.column_name for f in model._meta.sorted_fields}
        assert actual == expected, table


def test_upgrade_from_hand_made_version_1(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_v1(path)
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        from netkeeper.model.search import matching_ids

        assert matching_ids(database, "hopper") == [1]
        assert matching_ids(database, "compilers") == [1], "interaction notes are indexed"
        assert matching_ids(database, "navy.example") == [1], "emails are indexed"
    finally:
        close_database()
    backups = list(tmp_path.glob("old.db.v1-*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert con.execute("SELECT full_name FROM contact").fetchone()[0] == "Grace Hopper"
    con.close()
    # Opening again changes nothing and writes no second backup.
    open_database(path)
    close_database()
    assert len(list(tmp_path.glob("old.db.v1-*.bak"))) == 1


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY)")
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer NetKeeper"):
        open_database(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


def test_foreign_sqlite_and_non_sqlite_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="not a NetKeeper database"):
        open_database(other)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        open_database(text)
    assert text.read_text() == "hello"


def test_failing_step_rolls_back_to_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _make_v1(path)

    def broken(database: object) -> None:
        database.execute_sql("CREATE TABLE half_done (id INTEGER)")  # type: ignore[attr-defined]
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], broken])
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(RuntimeError):
        open_database(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    con.close()


def test_upgrade_from_version_2_anchors_repeating_reminders(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    _make_v1(path)
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO reminder (contact_id, due, note, recurrence, created_at)"
        " VALUES (1, '2026-01-31', 'monthly', '1 month', '2026-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO reminder (contact_id, due, note, recurrence, created_at)"
        " VALUES (1, '2026-02-10', 'once', NULL, '2026-01-01 00:00:00')"
    )
    con.commit()
    con.close()
    database_at(path, 2, after=1)  # version 2 exactly, as that release would have left it

    open_database(path)
    from netkeeper.model.tables import Reminder

    anchors = {r.note: r.anchor for r in Reminder.select()}
    close_database()
    import datetime as dt

    assert anchors == {"monthly": dt.date(2026, 1, 31), "once": None}
    assert list(tmp_path.glob("v2.db.v2-*.bak"))
