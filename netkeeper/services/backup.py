"""Backups: an explicit copy on request, a rolling daily copy, and a safe restore.

A backup is only worth something if it is healthy: the daily copy is checked
(`PRAGMA quick_check`) before it enters the rotation, and the rotation only
moves on after a healthy copy came in, so a damaged live database can never
push the last good backup out. `newest_healthy_backup` is what the GUI and
`netkeeper check` offer when the live file is damaged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from netkeeper.model.db import (
    describe_fault,
    integrity_problems,
    is_damage,
    looks_like_sqlite,
    sqlite_backup,
)
from netkeeper.services import ServiceError

DAILY_KEEP = 7
_DAILY_GLOB = "netkeeper-????-??-??.db"


class DamagedDatabase(ServiceError):
    """The live database failed its check; the message names the file and the first problem."""

    def __init__(self, db_file: Path, problems: list[str]) -> None:
        self.db_file = db_file
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{db_file} is damaged: {problems[0]}{more}")


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
    """Keep one backup per day, the last DAILY_KEEP days; returns the file written today, if any.

    Raises DamagedDatabase, leaving every existing backup in place, when the
    copy fails its check (the live database is damaged).
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / default_backup_name(today)
    if target.exists():
        return None
    checking = target.with_name(target.name + ".checking")
    try:
        sqlite_backup(db_file, checking)
    except (OSError, sqlite3.Error) as exc:
        checking.unlink(missing_ok=True)
        if is_damage(exc):
            raise DamagedDatabase(db_file, [str(exc)]) from exc
        cause = describe_fault(exc) or (exc.strerror if isinstance(exc, OSError) else str(exc))
        raise ServiceError(f"the daily backup could not be written: {cause}") from exc
    problems = integrity_problems(checking, quick=True)
    if problems:
        checking.unlink(missing_ok=True)
        raise DamagedDatabase(db_file, problems)
    os.replace(checking, target)
    # Only now, with a healthy copy in, may the oldest go.
    for old in sorted(folder.glob(_DAILY_GLOB))[:-DAILY_KEEP]:
        old.unlink(missing_ok=True)
    return target


def backup_date(path: Path) -> dt.date | None:
    """The day a daily backup was taken, from its name (netkeeper-YYYY-MM-DD.db)."""
    try:
        return dt.date.fromisoformat(path.name[len("netkeeper-") : -len(".db")])
    except ValueError:
        return None


def newest_healthy_backup(folder: Path) -> tuple[Path, dt.date] | None:
    """The most recent daily backup that passes its integrity check, with its day."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob(_DAILY_GLOB), reverse=True):
        day = backup_date(path)
        if day is None:
            continue
        try:
            check_netkeeper_file(path)
        except ServiceError:
            continue
        return path, day
    return None


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


def check_restorable(backup_file: Path) -> int:
    """check_netkeeper_file, and refuse a backup this NetKeeper could not open afterwards."""
    from netkeeper.model.migrations import LATEST

    version = check_netkeeper_file(backup_file)
    if version > LATEST:
        raise ServiceError(
            f"{backup_file} was written by a newer NetKeeper (schema {version}, this app "
            f"knows up to {LATEST}); please update NetKeeper. The database was not changed."
        )
    return version


def _keep_replaced(db_file: Path) -> Path:
    """Set the database about to be replaced aside; a damaged one is copied byte for byte."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = db_file.with_name(f"{db_file.name}.replaced-{stamp}")
    try:
        sqlite_backup(db_file, kept)
    except sqlite3.DatabaseError:
        # SQLite cannot read a damaged file through; keep what is on disk as it is.
        kept.with_name(kept.name + ".partial").unlink(missing_ok=True)
        shutil.copyfile(db_file, kept)
        os.chmod(kept, 0o600)
        wal = Path(str(db_file) + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(str(kept) + "-wal"))
    return kept


RESTORE_WAIT = 10.0


@contextlib.contextmanager
def _write_lock(db_file: Path, wait: float) -> Iterator[None]:
    """Hold the database's write lock while it is replaced, waiting `wait` s for a writer.

    A write another process has under way finishes first, and none can start
    until the new file is in place; a writer that keeps the lock longer is a
    refusal, never a swap under its feet.
    """
    if not db_file.exists() or db_file.stat().st_size == 0:
        yield
        return
    con = sqlite3.connect(str(db_file), timeout=wait, isolation_level=None)
    try:
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ServiceError(
                    f"{db_file} is busy: another process has been writing to it for over "
                    f"{wait:g} s; try again when it has finished. The database was not changed."
                ) from exc
            raise
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        con.close()


def restore_from(backup_file: Path, db_file: Path, *, wait: float | None = None) -> Path | None:
    """Replace the database with a backup; the replaced file is kept and its path returned.

    The caller must have closed its connection to `db_file`. The backup is
    checked (a NetKeeper file, healthy, not newer than this app) before
    anything moves, then copied to a temp file beside the target and swapped
    in with os.replace, so a failure half-way leaves the current database in place.
    """
    check_restorable(backup_file)
    kept: Path | None = None
    db_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _write_lock(db_file, RESTORE_WAIT if wait is None else wait):
        if db_file.exists():
            kept = _keep_replaced(db_file)
        tmp = db_file.with_name(db_file.name + ".restoring")
        try:
            shutil.copyfile(backup_file, tmp)
            os.chmod(tmp, 0o600)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
        for suffix in ("-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_file)
    return kept
