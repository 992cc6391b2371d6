"""The one database handle, and how a file becomes an open, migrated NetKeeper database.

Peewee's idiom is a deferred `SqliteDatabase(None)` that the models bind to at
class-creation time and that is initialised once the path is known; nothing is
opened or written at import time. `open_database` is the only way in: it applies
the pragmas, refuses databases newer than this app, backs up and migrates older
ones, and fixes file permissions so the address book stays private.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

# Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so it
# waits up to busy_timeout for another writer. A deferred BEGIN read first and
# then failed *at once* when it tried to write while another process (a long
# CLI import) held the lock: SQLite cannot wait for a lock upgrade in WAL mode.
# Every atomic() block in NetKeeper writes, so none is slowed for nothing.
db = SqliteDatabase(None, lock_type="IMMEDIATE")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # WAL + NORMAL is durable across application crashes and ~2x faster to commit
    # than FULL; only a power cut can lose the very last transaction.
    "synchronous": "normal",
    "busy_timeout": 5000,
    "cache_size": -16000,
}


@contextlib.contextmanager
def without_waiting() -> Iterator[None]:
    """For a write that may be skipped (a cache, a daily snapshot) made on the UI thread:
    fail at once with "database is locked" instead of waiting up to `busy_timeout` for
    another writer (a sync, an import in another process), which would freeze the window."""
    db.execute_sql("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {PRAGMAS['busy_timeout']}")


class DatabaseError(Exception):
    """A database that cannot be used as it is; the message is meant for the user."""


def _secure_create(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) before SQLite touches them.

    An existing database readable by others (0644 from an older NetKeeper, a
    copy, umask 000) is tightened to 0600 on open, with its WAL and shared memory.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            mode = name.stat().st_mode
            if mode & 0o077 and stat.S_ISREG(mode):
                with contextlib.suppress(PermissionError):  # not ours: SQLite will say so
                    os.chmod(name, stat.S_IMODE(mode) & 0o700)


def check_regular(path: Path) -> None:
    """Refuse a --db that is not a regular file or a new path, before anything opens it.

    A FIFO blocks the first open for ever; /dev/null (as root) made SQLite
    create /dev/null-journal; a folder cannot be a database.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError(f"cannot open {path}: {exc.strerror}") from exc
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not stat.S_ISREG(mode):
        raise DatabaseError(f"{path} is not a regular file (a device, pipe or socket)")


def read_only(path: Path) -> bool:
    """True when the database (or, for WAL's side files, its folder) cannot be written."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return True
    return folder.exists() and not os.access(folder, os.W_OK)


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with SQLite's magic header (or is empty)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return head == b"" or head == b"SQLite format 3\x00"


def open_database(path: Path | str, *, migrate: bool = True) -> SqliteDatabase:
    """Open (creating if needed) the NetKeeper database at `path` and bring it up to date.

    Raises DatabaseError with a user-facing message when the file is not a
    database, is newer than this app, or cannot be opened.
    """
    from netkeeper.model import migrations

    path = Path(path).expanduser()
    check_regular(path)
    if path.exists() and not looks_like_sqlite(path):
        raise DatabaseError(f"{path} is not a NetKeeper database (not an SQLite file)")
    if path.exists() and path.stat().st_size:
        # Look before touching: even setting journal_mode=WAL rewrites the file
        # header, and a file we refuse must be left byte for byte as it was.
        try:
            migrations.check_openable(path)
        except DatabaseError:
            if read_only(path):
                raise DatabaseError(
                    f"the database {path} is read-only (or on a read-only disk); "
                    "NetKeeper needs to write beside it"
                ) from None
            raise
    try:
        _secure_create(path)
    except OSError as exc:
        raise DatabaseError(f"cannot create the database at {path}: {exc.strerror}") from exc
    if read_only(path):
        raise DatabaseError(
            f"the database {path} is read-only (or on a read-only disk); nothing was changed"
        )
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS)
    try:
        db.connect()
    except Exception as exc:  # peewee wraps sqlite3 errors in its own classes
        raise DatabaseError(f"cannot open {path}: {exc}") from exc
    try:
        if migrate:
            migrations.migrate(db, path)
    except Exception:
        db.close()
        raise
    return db


# What SQLite says when pages of the file are damaged (as opposed to a lock or a full disk).
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """True for an error that means the database file itself is damaged.

    Peewee re-raises sqlite3's errors under its own classes, so both are
    recognised by type name and message rather than by one class.
    """
    if not isinstance(exc, sqlite3.DatabaseError) and type(exc).__name__ != "DatabaseError":
        return False
    text = str(exc).lower()
    return any(word in text for word in _DAMAGE_WORDS)


# SQLite's words for faults of the machine rather than of the data, and what to tell the user.
_FAULTS = (
    ("database or disk is full", "the disk is full"),
    ("readonly database", "the database is read-only"),
    ("read-only file system", "the database is on a read-only file system"),
    ("database is locked", "the database is busy: another program kept it locked; try again"),
    ("disk i/o error", "the disk reported an input/output error"),
)


def describe_fault(exc: BaseException) -> str | None:
    """A sentence naming the cause of a database error, or None when it is not a known fault.

    Looks through the chain of exceptions too: when a full disk aborts a
    transaction, SQLite rolls it back itself and Peewee's own rollback then
    fails with "cannot rollback - no transaction is active", hiding the cause.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).lower()
        for words, cause in _FAULTS:
            if words in text:
                return cause
        if is_damage(current):
            return "the database file is damaged (run `netkeeper check`)"
        current = current.__cause__ or current.__context__
    return None


def integrity_problems(path: Path | str, *, quick: bool = False) -> list[str]:
    """What `PRAGMA integrity_check` (or `quick_check`) finds in the file; [] when healthy.

    Opened read-only, so checking never changes the file. A file so damaged
    that the check cannot even start reports SQLite's error as its problem.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        found = [str(row[0]) for row in con.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if found == ["ok"] else found


def scalars(query: Any) -> list[Any]:
    """The first column of every row of a Peewee query, without building model instances."""
    return [row[0] for row in query.tuples()]


def rows(query: Any) -> list[tuple[Any, ...]]:
    """Every row of a Peewee query as a plain tuple (3x faster than model instances)."""
    return list(query.tuples())


def data_version() -> int | None:
    """SQLite's `PRAGMA data_version` on this thread's connection: it changes exactly when
    another connection (another process, or another thread of this one) committed.

    None when there is nothing to ask now: the database is closed, or this connection is
    inside a transaction (the answer would describe a snapshot, not what is committed).
    """
    if db.is_closed() or db.in_transaction():
        return None
    return int(db.execute_sql("PRAGMA data_version").fetchone()[0])


def close_database() -> None:
    if not db.is_closed():
        db.close()


def sqlite_backup(source: Path | str, target: Path | str) -> None:
    """Copy a live database consistently with SQLite's online backup API.

    Works while another connection writes (WAL), unlike a file copy, which can
    catch the main file and the WAL at different moments.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    src = sqlite3.connect(str(source))
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            # A backup is a single file: fold the WAL in so it can be copied alone.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        os.replace(tmp, target)
    except BaseException:
        # A full disk or a damaged source: no half-written copy stays behind.
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    finally:
        src.close()
