"""Another program holds the write lock: writers wait, then say so and keep the input
(issue 10, item 9)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from netkeeper.cli import main
from netkeeper.model.db import close_database, db
from netkeeper.services import timeline


@pytest.fixture
def hold(gui_db: Path) -> Iterator[Any]:
    """hold() -> another connection (as another process would) holding the write lock."""
    held: list[sqlite3.Connection] = []

    def take() -> sqlite3.Connection:
        db.execute_sql("PRAGMA busy_timeout = 300")  # the app waits 5 s; the test need not
        other = sqlite3.connect(gui_db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        held.append(other)
        return other

    yield take
    for other in held:
        other.close()


def test_the_log_dialog_says_the_database_is_busy_and_keeps_the_note(
    qtbot: Any, settings: Any, make_contact: Any, hold: Any
) -> None:
    from netkeeper.ui.log_dialog import LogInteractionDialog

    ada = make_contact("Ada Lovelace")
    host = QWidget()
    host.settings = settings  # type: ignore[attr-defined]
    qtbot.addWidget(host)
    dialog = LogInteractionDialog(host, [ada])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setPlainText("talked about the engine")
    held = hold()
    dialog.accept()  # used to raise "database is locked" out of the slot
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible()
    assert "busy" in dialog.error.text() and "still here" in dialog.error.text()
    assert dialog.note.toPlainText() == "talked about the engine"
    held.execute("ROLLBACK")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [i["note"] for i in timeline.timeline(ada)] == ["talked about the engine"]


def test_the_contact_editor_says_so_too_and_stays_open(qtbot: Any, gui_db: Path, hold: Any) -> None:
    from netkeeper.ui.contact_editor import ContactEditor

    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.show()
    editor.full_name.setText("Grace Hopper")
    seen: list[str] = []

    def close_warning() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                seen.append(w.text())
                w.accept()
                return
        QTimer.singleShot(20, close_warning)

    QTimer.singleShot(0, close_warning)
    hold()
    editor.accept()
    assert seen and "busy" in seen[0]
    assert editor.isVisible() and editor.full_name.text() == "Grace Hopper"


def test_a_slot_that_hits_a_locked_database_shows_a_message(qtbot: Any, main_window: Any) -> None:
    from peewee import OperationalError

    from netkeeper.ui.recovery import install_session_guard

    previous = install_session_guard(main_window)
    try:
        sys.excepthook(OperationalError, OperationalError("database is locked"), None)
        boxes = [
            w for w in main_window.findChildren(QMessageBox)
            if w.objectName() == "databaseFaultMessage"
        ]  # fmt: skip
        assert boxes and boxes[0].isVisible() and "busy" in boxes[0].text()
        boxes[0].close()
    finally:
        sys.excepthook = previous


@pytest.mark.parametrize("command", [["add", "Grace Hopper"], ["import", "CARD"]])
def test_cli_writers_wait_for_a_writer_that_finishes(
    tmp_path: Path, command: list[str], capsys: Any
) -> None:
    db_file = tmp_path / "nk.db"
    assert main(["--db", str(db_file), "add", "Ada Lovelace"]) == 0
    close_database()
    card = tmp_path / "g.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, time\n"
            f"c = sqlite3.connect({str(db_file)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"UPDATE contact SET notes = 'busy'\")\n"
            "print('locked', flush=True); time.sleep(1.5); c.execute('COMMIT')\n",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        started = time.monotonic()
        args = [str(card) if a == "CARD" else a for a in command]
        code = main(["--db", str(db_file), *args])
        assert code == 0, capsys.readouterr().err
        assert time.monotonic() - started > 0.5, "it waited"
    finally:
        holder.wait(10)
        close_database()
    con = sqlite3.connect(db_file)
    rows = dict(con.execute("SELECT full_name, notes FROM contact"))
    con.close()
    assert rows == {"Ada Lovelace": "busy", "Grace Hopper": ""}
