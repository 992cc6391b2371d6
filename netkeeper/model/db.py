"""The one database handle, and how a file becomes an open, migrated NetKeeper database.

Peewee's idiom is a deferred `SqliteDatabase(None)` that the models bind to at
class-creation time and that is initialised once the path is known; nothing is
opened or written at import time. `open_database` is the only way in: it applies
the pragmas, refuses databases newer than this app, backs up and migrates older
ones, and fixes file permissions so the address book stays private.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

db = SqliteDatabase(None)

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # WAL + NORMAL is durable across application crashes and ~2x faster to commit
    # than FULL; only a power cut can lose the very last transaction.
    "synchronous": "normal",
    "busy_timeout": 5000,
    "cache_size": -16000,
}


class DatabaseError(Exception):
    """A database that cannot be used as it is; the message is meant for the user."""


def _secure_create(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) before SQLite touches them."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


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
    if path.exists() and not looks_like_sqlite(path):
        raise DatabaseError(f"{path} is not a NetKeeper database (not an SQLite file)")
    if path.exists() and path.stat().st_size:
        # Look before touching: even setting journal_mode=WAL rewrites the file
        # header, and a file we refuse must be left byte for byte as it was.
        migrations.check_openable(path)
    try:
        _secure_create(path)
    except OSError as exc:
        raise DatabaseError(f"cannot create the database at {path}: {exc.strerror}") from exc
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
    finally:
        src.close()
    os.replace(tmp, target)
