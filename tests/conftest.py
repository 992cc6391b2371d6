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
