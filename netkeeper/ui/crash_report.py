"""The message after a run that crashed: where its report is, and a button that shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from netkeeper import APP_NAME


def offer_crash_report(parent: QWidget | None, report: Path) -> QMessageBox:
    """Open (window-modal, not blocking) the message about `report`; returns the box.

    The report is faulthandler's: file names, line numbers and function names of
    every thread at the moment of the crash, no contact data, so it can be sent as is.
    """
    box = QMessageBox(parent)
    box.setObjectName("crashReportMessage")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"{APP_NAME} quit unexpectedly the last time it ran.")
    box.setInformativeText(
        "A crash report was saved. Sending it with a few words about what you were "
        "doing helps to fix the cause. It lists where the program was (files and "
        f"functions), not your contacts.\n\n{report}"
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    show = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
    show.setObjectName("showCrashReport")
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: object) -> None:
        if button is show:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
    return box
