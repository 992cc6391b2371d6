"""A damaged database: say what happened, offer the newest healthy backup or another file.

At start-up (app.run_gui) SQLite's "database disk image is malformed" can come
from the first query anywhere; it used to escape as a traceback with no window.
`recover` explains it and lets the user restore the newest backup that passes
its check (its date shown) or open another file. Later in a session,
`install_session_guard` turns the same error, raised in any slot, into one
message instead of a crash or a silent failure, and does the same for a
database another program keeps locked, a full disk or a read-only file.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from netkeeper import APP_NAME, paths
from netkeeper.model.db import close_database, describe_fault, is_damage
from netkeeper.services import ServiceError
from netkeeper.services.backup import newest_healthy_backup, restore_from


def long_date(day: dt.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


# What the last `recover` restored, for the window's status bar once it is up.
RESTORED: list[str] = []


class DamagedDatabaseDialog(QMessageBox):
    """The start-up question: restore the newest healthy backup, open another file, or quit."""

    def __init__(
        self,
        db_file: Path,
        error: BaseException,
        backup: tuple[Path, dt.date] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDatabaseDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(f"{APP_NAME}: the database is damaged")
        self.setText(f"NetKeeper cannot read its database:\n{db_file}")
        if backup is not None:
            offer = (
                f"The newest healthy backup is from {long_date(backup[1])}. Restoring it "
                "brings your contacts back as they were that day; the damaged file is kept "
                "beside it."
            )
        else:
            offer = "No healthy backup was found beside it. You can open another database file."
        self.setInformativeText(f"SQLite says: {error}.\n\n{offer}")
        self.restore_button = None
        if backup is not None:
            self.restore_button = self.addButton(
                f"Restore the backup of {long_date(backup[1])}", QMessageBox.ButtonRole.AcceptRole
            )
            self.setDefaultButton(self.restore_button)
        self.open_button = self.addButton("Open another file…", QMessageBox.ButtonRole.ActionRole)
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setEscapeButton(self.quit_button)

    def choice(self) -> str:
        clicked = self.clickedButton()
        if clicked is not None and clicked is self.restore_button:
            return "restore"
        if clicked is self.open_button:
            return "open"
        return "quit"


def recover(db_file: Path, error: BaseException, parent: QWidget | None = None) -> Path | None:
    """Ask what to do about a damaged `db_file`; the database file to try next, or None to quit."""
    while True:
        backup = newest_healthy_backup(paths.backups_dir(db_file))
        dialog = DamagedDatabaseDialog(db_file, error, backup, parent)
        dialog.exec()
        choice = dialog.choice()
        dialog.deleteLater()
        if choice == "quit":
            return None
        if choice == "restore" and backup is not None:
            close_database()
            try:
                kept = restore_from(backup[0], db_file)
            except (ServiceError, OSError) as exc:
                QMessageBox.critical(parent, APP_NAME, f"The backup could not be restored: {exc}")
                continue
            kept_note = f"; the damaged file is kept as {kept.name}" if kept else ""
            RESTORED[:] = [f"Restored the backup of {long_date(backup[1])}{kept_note}."]
            return db_file
        name, _ = QFileDialog.getOpenFileName(
            parent,
            "Open a NetKeeper database",
            str(db_file.parent),
            "NetKeeper databases (*.db);;All files (*)",
        )
        if name:
            return Path(name)


def write_failure(exc: BaseException) -> str | None:
    """The sentence to show when a save failed on the database itself (busy, disk full,
    read-only, damaged), or None for any other error. The dialog that called stays
    open with what the user typed, so nothing is lost but the moment."""
    cause = describe_fault(exc)
    if cause is None:
        return None
    return f"Not saved: {cause}. What you entered is still here; try again in a moment."


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def install_session_guard(window: QWidget) -> ExceptHook:
    """Show a damaged-database error raised in any slot once, instead of a traceback.

    Returns the hook it replaced (tests put it back). Other exceptions go on to it.
    """
    previous = sys.excepthook
    shown: list[QMessageBox] = []
    told: list[bool] = []  # the damaged-database message was shown

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not is_damage(exc):
            cause = describe_fault(exc)
            if cause is None:
                previous(kind, exc, tb)
                return
            if shown and shown[0].isVisible():
                return
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                APP_NAME,
                f"NetKeeper could not use its database: {cause}.\n\n"
                "What you just did may not have been saved; please try it again.",
                QMessageBox.StandardButton.Ok,
                window,
            )
            box.setObjectName("databaseFaultMessage")
            shown[:] = [box]
            box.open()
            return
        if told:
            # Once per session: the tray's minute checks would otherwise repeat it for ever.
            sys.stderr.write(f"netkeeper: the database is damaged: {exc}\n")
            return
        told.append(True)
        backup = newest_healthy_backup(paths.backups_dir(Path(window.db_file)))  # type: ignore[attr-defined]
        advice = (
            f"The newest healthy backup is from {long_date(backup[1])}: quit NetKeeper and "
            f"restore it with\n  netkeeper restore-backup {backup[0]}"
            if backup
            else "Quit NetKeeper and run `netkeeper check` to see what is damaged."
        )
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            f"{APP_NAME}: the database is damaged",
            f"NetKeeper could not read its database: {exc}.\n\nWhat you just did may not "
            f"have been saved. {advice}",
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("damagedDatabaseMessage")
        shown[:] = [box]
        box.open()

    sys.excepthook = hook
    return previous
