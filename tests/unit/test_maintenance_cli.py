"""`netkeeper check`, and backups that stay healthy when the live database is not."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netkeeper.model.db import close_database
from netkeeper.model.migrations import LATEST


def _backup_of(cli, folder: Path, day: dt.date) -> Path:  # type: ignore[no-untyped-def]
    folder.mkdir(exist_ok=True)
    target = folder / f"netkeeper-{day.isoformat()}.db"
    assert cli("backup", "-o", str(target)).code == 0
    return target


def test_check_says_a_healthy_database_is_healthy(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    r = cli("check")
    assert r.code == 0, r.err
    assert "no problems" in r.out
    doc = cli("check", "--json").json()
    assert doc["ok"] is True and doc["problems"] == [] and doc["newest_healthy_backup"] is None


def test_check_names_the_damage_and_the_newest_healthy_backup(  # type: ignore[no-untyped-def]
    cli, db_file: Path, damage
) -> None:
    cli("add", "Ada Lovelace")
    folder = db_file.parent / "backups"
    for today in folder.iterdir():  # the add's own daily backup: these are the ones to find
        today.unlink()
    _backup_of(cli, folder, dt.date(2026, 3, 1))
    newest = _backup_of(cli, folder, dt.date(2026, 3, 2))
    broken = folder / "netkeeper-2026-03-03.db"  # newer, but damaged itself: not offered
    broken.write_bytes(newest.read_bytes())
    damage(broken)
    close_database()
    damage(db_file)
    before = db_file.read_bytes()
    r = cli("check")
    assert r.code == 2
    assert r.err.count("\n") == 1 and r.err.startswith("netkeeper: error:")
    assert "malformed" in r.err and "2026-03-02" in r.err and str(newest) in r.err
    doc = cli("check", "--json").json()
    assert doc["ok"] is False and doc["problems"]
    assert doc["newest_healthy_backup"] == {"path": str(newest), "date": "2026-03-02"}
    assert db_file.read_bytes() == before, "checking never writes"
    # And the backup it names brings the data back.
    assert cli("restore-backup", str(newest)).code == 0
    assert cli("check").code == 0
    assert [d["full_name"] for d in cli("list", "--json").json()] == ["Ada Lovelace"]
    assert list(db_file.parent.glob("netkeeper.db.replaced-*")), "the damaged file is kept"


def test_check_refuses_a_missing_file_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    out = subprocess.run(
        [sys.executable, "-m", "netkeeper", "--db", str(missing), "check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and "no such database" in out.stderr
    assert not missing.exists()


def test_restore_refuses_a_backup_from_a_newer_netkeeper_before_swapping(  # type: ignore[no-untyped-def]
    cli, db_file: Path, tmp_path: Path
) -> None:
    cli("add", "Ada Lovelace")
    newer = tmp_path / "newer.db"
    assert cli("backup", "-o", str(newer)).code == 0
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {LATEST + 1}")
    con.commit()
    con.close()
    r = cli("restore-backup", str(newer))
    assert r.code == 2 and "newer NetKeeper" in r.err and "not changed" in r.err
    assert not list(tmp_path.glob("netkeeper.db.replaced-*"))
    assert [d["full_name"] for d in cli("list", "--json").json()] == ["Ada Lovelace"]


def test_daily_backup_of_a_damaged_database_never_replaces_a_healthy_one(  # type: ignore[no-untyped-def]
    db: object, db_file: Path, tmp_path: Path, damage
) -> None:
    from netkeeper.services.backup import DamagedDatabase, daily_backup

    folder = tmp_path / "backups"
    start = dt.date(2026, 1, 1)
    daily_backup(db_file, folder, today=start)
    close_database()
    damage(db_file)
    for day in range(1, 10):  # more than a week of use on the damaged file
        with pytest.raises(DamagedDatabase, match="damaged"):
            daily_backup(db_file, folder, today=start + dt.timedelta(days=day))
    assert [p.name for p in folder.iterdir()] == ["netkeeper-2026-01-01.db"]


def test_a_write_command_says_loudly_that_the_database_is_damaged(  # type: ignore[no-untyped-def]
    cli, db_file: Path, damage
) -> None:
    cli("add", "Ada Lovelace")
    close_database()
    damage(db_file, "interaction")
    backups = db_file.parent / "backups"
    for today in backups.iterdir():  # as on the next day
        today.unlink()
    r = cli("add", "Grace Hopper")
    assert "damaged" in r.err and "netkeeper check" in r.err
    assert [p.name for p in backups.iterdir()] == [], "no damaged copy, no half-written file"
