"""Backups: an explicit copy on request, a rolling daily copy, and a safe restore."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from netkeeper.model.db import looks_like_sqlite, sqlite_backup
from netkeeper.services import ServiceError

DAILY_KEEP = 7


def backup_to(db_file: Path, target: Path) -> Path:
    """A consistent copy of the live database (SQLite online backup API) at `target`."""
    if target.is_dir():
        target = target / default_backup_name()
    try:
        sqlite_backup(db_file, target)
    except (OSError, sqlite3.Error) as exc:
        raise ServiceError(f"cannot write the backup to {target}: {exc}") from exc
    return target


def default_backup_name(today: dt.date | None = None) -> str:
    stamp = (today or dt.date.today()).isoformat()
    return f"netkeeper-{stamp}.db"


def daily_backup(db_file: Path, folder: Path, today: dt.date | None = None) -> Path | None:
    """Keep one backup per day, the last DAILY_KEEP days; returns the file written today, if any."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / default_backup_name(today)
    written = None
    if not target.exists():
        sqlite_backup(db_file, target)
        written = target
    daily = sorted(folder.glob("netkeeper-????-??-??.db"))
    for old in daily[:-DAILY_KEEP]:
        old.unlink(missing_ok=True)
    return written


def check_netkeeper_file(path: Path) -> int:
    """Raise ServiceError unless `path` is a NetKeeper database; return its schema version."""
    if not path.is_file():
        raise ServiceError(f"{path}: no such file")
    if path.stat().st_size == 0 or not looks_like_sqlite(path):
        raise ServiceError(f"{path} is not a NetKeeper backup (not an SQLite database)")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise ServiceError(f"{path} is not a readable database: {exc}") from exc
    if version < 1 or not {"contact", "interaction", "reminder"} <= tables:
        raise ServiceError(f"{path} is an SQLite database but not a NetKeeper one")
    if ok != "ok":
        raise ServiceError(f"{path} is damaged (integrity check: {ok})")
    return int(version)


def restore_from(backup_file: Path, db_file: Path) -> Path | None:
    """Replace the database with a backup; the replaced file is kept and its path returned.

    The caller must have closed its connection to `db_file`. The backup is
    copied to a temp file beside the target first and swapped in with
    os.replace, so a failure half-way leaves the current database in place.
    """
    check_netkeeper_file(backup_file)
    kept: Path | None = None
    db_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if db_file.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = db_file.with_name(f"{db_file.name}.replaced-{stamp}")
        sqlite_backup(db_file, kept)
    tmp = db_file.with_name(db_file.name + ".restoring")
    shutil.copyfile(backup_file, tmp)
    os.chmod(tmp, 0o600)
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_file)
    return kept
