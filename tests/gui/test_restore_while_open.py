"""restore-backup never swaps the file under an open NetKeeper window or a writing process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from netkeeper import instance
from netkeeper.cli import main
from netkeeper.model.db import close_database


def _names(db_file: Path) -> list[str]:
    con = sqlite3.connect(db_file)
    try:
        return sorted(r[0] for r in con.execute("SELECT full_name FROM contact"))
    finally:
        con.close()


@pytest.fixture
def two_states(tmp_path: Path) -> tuple[Path, Path]:
    """A database with Ada and Grace, and a backup holding only Ada."""
    db_file = tmp_path / "nk.db"
    backup = tmp_path / "ada.db"
    assert main(["--db", str(db_file), "add", "Ada Lovelace"]) == 0
    assert main(["--db", str(db_file), "backup", "-o", str(backup)]) == 0
    assert main(["--db", str(db_file), "add", "Grace Hopper"]) == 0
    close_database()
    return db_file, backup


def _start_app(db_file: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "netkeeper", "--db", str(db_file)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not instance.is_running(db_file):
        assert proc.poll() is None, "the app exited"
        assert time.monotonic() < deadline, "the app never listened"
        time.sleep(0.1)
    return proc


def test_restore_refuses_while_the_app_has_the_database_open(
    two_states: tuple[Path, Path], capsys: Any
) -> None:
    db_file, backup = two_states
    app = _start_app(db_file)
    try:
        code = main(["--db", str(db_file), "restore-backup", str(backup)])
        err = capsys.readouterr().err
        assert code == 2
        assert "NetKeeper is open" in err and "--close-app" in err and err.count("\n") == 1
        assert _names(db_file) == ["Ada Lovelace", "Grace Hopper"], "nothing was swapped"
        assert not list(db_file.parent.glob("nk.db.replaced-*"))
        assert app.poll() is None, "the window was left alone"
    finally:
        app.terminate()
        app.wait(10)


def test_close_app_asks_the_window_to_close_then_restores(
    two_states: tuple[Path, Path], capsys: Any
) -> None:
    db_file, backup = two_states
    app = _start_app(db_file)
    try:
        code = main(["--db", str(db_file), "restore-backup", "--close-app", str(backup)])
        assert code == 0, capsys.readouterr().err
        assert app.wait(10) == 0, "the window closed on request"
        close_database()
        assert _names(db_file) == ["Ada Lovelace"]
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)


def test_restore_waits_for_a_writer_that_finishes(two_states: tuple[Path, Path]) -> None:
    from netkeeper.services.backup import restore_from

    db_file, backup = two_states
    writer = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE contact SET notes = 'written while restoring'")
    threading.Timer(0.5, lambda: writer.execute("COMMIT")).start()
    started = time.monotonic()
    kept = restore_from(backup, db_file, wait=10)
    assert time.monotonic() - started >= 0.4, "it waited for the write"
    writer.close()
    assert kept is not None
    con = sqlite3.connect(kept)
    notes = {r[0] for r in con.execute("SELECT notes FROM contact")}
    con.close()
    assert notes == {"written while restoring"}, "the write landed in the kept copy"
    assert _names(db_file) == ["Ada Lovelace"]


def test_restore_refuses_a_database_another_process_keeps_locked(
    two_states: tuple[Path, Path], monkeypatch: Any, capsys: Any
) -> None:
    from netkeeper.services import backup as backups

    db_file, backup = two_states
    monkeypatch.setattr(backups, "RESTORE_WAIT", 0.3)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(db_file)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        code = main(["--db", str(db_file), "restore-backup", str(backup)])
        err = capsys.readouterr().err
        assert code == 2 and "busy" in err and "not changed" in err
        assert not list(db_file.parent.glob("nk.db.replaced-*"))
    finally:
        holder.kill()
        holder.wait(10)
    assert _names(db_file) == ["Ada Lovelace", "Grace Hopper"]
