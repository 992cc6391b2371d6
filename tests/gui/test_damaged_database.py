"""A damaged database at start-up and during a session: told, offered a way out, never a crash."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from netkeeper.model.db import close_database, db, open_database
from netkeeper.services.backup import backup_to


def _names() -> list[str]:
    from netkeeper.services.documents import contact_documents, find_ids

    return sorted(d["full_name"] for d in contact_documents(find_ids(None, None)))


def _answer(qtbot: Any, button: str, seen: list[Any]) -> None:
    """Click `button` of the damaged-database dialog as soon as it is up."""

    def click() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "damagedDatabaseDialog" and widget.isVisible():
                seen.append((widget.text(), widget.informativeText()))
                getattr(widget, button).click()
                return
        QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def _damaged_with_backups(tmp_path: Path, make: Callable[..., int], damage: Any) -> Path:
    """A database with Ada and Grace, a healthy backup holding only Ada, then a bad page."""
    db_file = tmp_path / "gui.db"
    make("Ada Lovelace")
    backups = tmp_path / "backups"
    backups.mkdir()
    backup_to(db_file, backups / "netkeeper-2026-03-01.db")
    make("Grace Hopper")
    close_database()
    damage(db_file)
    return db_file


def test_start_up_on_a_damaged_database_restores_the_newest_healthy_backup(
    qtbot: Any, tmp_path: Path, make_contact: Callable[..., int], settings: Any, damage: Any
) -> None:
    from netkeeper.app import open_window

    db_file = _damaged_with_backups(tmp_path, make_contact, damage)
    seen: list[Any] = []
    _answer(qtbot, "restore_button", seen)
    opened = open_window(db_file, settings)
    assert opened is not None
    window, opened_file = opened
    qtbot.addWidget(window)
    assert opened_file == db_file
    text, detail = seen[0]
    assert str(db_file) in text and "malformed" in detail
    from netkeeper.ui.recovery import long_date

    assert long_date(dt.date(2026, 3, 1)) in detail
    assert _names() == ["Ada Lovelace"]
    (kept,) = tmp_path.glob("gui.db.replaced-*")  # the damaged file is kept beside it
    said = window.statusBar().currentMessage()
    assert "Restored the backup of" in said and kept.name in said


def test_start_up_on_a_damaged_database_can_open_another_file(
    qtbot: Any,
    tmp_path: Path,
    make_contact: Callable[..., int],
    settings: Any,
    damage: Any,
    monkeypatch: Any,
) -> None:
    from netkeeper.app import open_window

    db_file = _damaged_with_backups(tmp_path, make_contact, damage)
    other = tmp_path / "other.db"
    open_database(other)
    make_contact("Katherine Johnson")
    close_database()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    _answer(qtbot, "open_button", [])
    opened = open_window(db_file, settings)
    assert opened is not None
    qtbot.addWidget(opened[0])
    assert opened[1] == other
    assert _names() == ["Katherine Johnson"]


def test_run_gui_on_a_damaged_database_quits_cleanly_without_a_traceback(
    qtbot: Any, tmp_path: Path, make_contact: Callable[..., int], damage: Any
) -> None:
    from netkeeper.app import run_gui

    db_file = _damaged_with_backups(tmp_path, make_contact, damage)
    seen: list[Any] = []
    _answer(qtbot, "quit_button", seen)
    args = argparse.Namespace(db=str(db_file), demo=False, minimized=False)
    assert run_gui(args) == 2
    assert seen, "the user was told"


def test_damage_found_later_in_the_session_is_shown_not_raised(
    qtbot: Any, main_window: Any, make_contact: Callable[..., int], gui_db: Path, damage: Any
) -> None:
    from netkeeper.ui.recovery import install_session_guard

    make_contact("Ada Lovelace")
    previous = install_session_guard(main_window)
    try:
        db.close()
        damage(gui_db)
        db.connect()
        main_window.notify_changed()  # every view reads again: the contact table is damaged

        def shown() -> QMessageBox | None:
            for w in QApplication.topLevelWidgets() + main_window.findChildren(QMessageBox):
                if w.objectName() == "damagedDatabaseMessage" and w.isVisible():
                    return w
            return None

        qtbot.waitUntil(lambda: shown() is not None, timeout=3000)
        box = shown()
        assert box is not None and "malformed" in box.text()
        box.close()
    finally:
        sys.excepthook = previous


def test_a_damaged_database_found_by_the_daily_backup_is_said_in_the_window(
    qtbot: Any, main_window: Any, make_contact: Callable[..., int], gui_db: Path, damage: Any
) -> None:
    from netkeeper.app import _backup_in_background

    make_contact("Ada Lovelace")
    db.close()
    damage(gui_db)
    db.connect()
    folder = gui_db.parent / "backups"
    _backup_in_background(gui_db, folder, main_window)

    def shown() -> QMessageBox | None:
        for w in main_window.findChildren(QMessageBox):
            if w.objectName() == "damagedBackupMessage" and w.isVisible():
                return w
        return None

    qtbot.waitUntil(lambda: shown() is not None, timeout=5000)
    box = shown()
    assert box is not None and "damaged" in box.text() and "netkeeper check" in box.text()
    box.close()
    assert not list(folder.glob("*.db")), "the damaged copy never entered the rotation"
