"""Fixtures shared by every test: a real SQLite file per test, and the CLI in-process."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may read or write the real user's data folder or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("NETKEEPER_DB", raising=False)
    monkeypatch.delenv("NETKEEPER_DATA_DIR", raising=False)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "netkeeper.db"


@pytest.fixture
def db(db_file: Path) -> Iterator[object]:
    """An open, fully migrated database in a temp file."""
    from netkeeper.model.db import close_database, open_database

    database = open_database(db_file)
    yield database
    close_database()


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def cli(db_file: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `netkeeper --db <temp file> ARGS...` in-process and capture its output."""
    from netkeeper.cli import main
    from netkeeper.model.db import close_database

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(["--db", str(db_file), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    yield run
    close_database()


def damage_table(path: Path, table: str = "contact") -> None:
    """Overwrite the root page of `table` with garbage, as a bad sector would.

    The database must be closed (its WAL folded in). What SQLite then reports on
    the first query that reads the table is "database disk image is malformed".
    """
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:
        fh.seek(page_size * (root - 1))
        fh.write(b"\x0d" + b"\xff" * (page_size - 1))


@pytest.fixture
def damage() -> object:
    return damage_table
