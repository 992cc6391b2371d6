"""Databases exactly as an older NetKeeper left them, for the upgrade tests.

Every schema step gets a test from the step before it and from version 1; this
builds those files the same way for all of them: the shipped steps run one by one,
each in its own transaction with its version number, then the test's rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database


def version_of(step: Callable[[Any], None]) -> int:
    """The version a database has once `step` ran (its place in STEPS, from 1)."""
    return migrations.STEPS.index(step) + 1


def database_at(path: Path, version: int, rows: str = "", *, after: int = 0) -> None:
    """Bring the file at `path` (at version `after`: 0 for none) to `version`, then run
    the SQL script `rows` on it with plain sqlite3, as data written by that release."""
    database = open_database(path, migrate=False)
    try:
        for number in range(after + 1, version + 1):
            with database.atomic():
                migrations.STEPS[number - 1](database)
                database.execute_sql(f"PRAGMA user_version = {number}")
    finally:
        close_database()
    if rows:
        con = sqlite3.connect(path)
        try:
            con.executescript(rows)
            con.commit()
        finally:
            con.close()
