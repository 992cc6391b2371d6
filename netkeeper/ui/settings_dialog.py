"""Preferences: what the user may choose, each backed by a key declared in netkeeper.settings.

Dates follow the system locale, so there is no date-format setting. "Start at
login" writes or removes the platform's autostart entry through
netkeeper.ui.autostart when that module is present (the keep-in-touch work).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from netkeeper import settings as keys
from netkeeper.services import autostart
from netkeeper.settings import Settings
from netkeeper.ui import appearance
from netkeeper.ui.contact_models import format_date


class SettingsDialog(QDialog):
    """Edit the preferences; Save writes them, Cancel leaves them alone."""

    def __init__(self, settings: Settings, db_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.db_file = Path(db_file)

        self.follow_up_days = QSpinBox()
        self.follow_up_days.setRange(1, 365)
        self.follow_up_days.setSuffix(" days")
        self.follow_up_days.setAccessibleName("Default follow-up days")
        self.follow_up_days.setValue(settings.get(keys.FOLLOW_UP_DAYS))

        self.notifications = QCheckBox("Announce due follow-ups and birthdays")
        self.notifications.setChecked(settings.get(keys.NOTIFICATIONS))
        self.digest_time = QTimeEdit()
        self.digest_time.setDisplayFormat("HH:mm")
        self.digest_time.setAccessibleName("Daily digest time")
        digest = QTime.fromString(settings.get(keys.DIGEST_TIME), "HH:mm")
        self.digest_time.setTime(digest if digest.isValid() else QTime(9, 0))
        self.notifications.toggled.connect(self.digest_time.setEnabled)
        self.digest_time.setEnabled(self.notifications.isChecked())

        self.start_at_login = QCheckBox("Start NetKeeper in the tray when I log in")
        self._autostart_was = autostart.is_enabled()
        self.start_at_login.setChecked(self._autostart_was)
        self.close_to_tray = QCheckBox("Closing the window keeps NetKeeper running in the tray")
        self.close_to_tray.setChecked(settings.get(keys.CLOSE_TO_TRAY))

        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for value, text in appearance.CHOICES:
            self.appearance.addItem(text, value)
        self.appearance.setCurrentIndex(self.appearance.findData(appearance.chosen(settings)))
        self.appearance.setToolTip(
            "Light or dark windows. Where the desktop does not let applications choose,"
            " NetKeeper draws the colours itself."
        )
        # Says when the desktop did not apply the choice itself (or could not at all).
        self.appearance_note = QLabel(
            appearance.explain(appearance.last_outcome(), appearance.chosen(settings))
        )
        self.appearance_note.setObjectName("appearanceNote")
        self.appearance_note.setWordWrap(True)
        self.appearance_note.setVisible(bool(self.appearance_note.text()))

        self.data_folder = QLineEdit(str(self.db_file.parent))
        self.data_folder.setReadOnly(True)
        self.data_folder.setAccessibleName("Data folder")
        self.data_folder.setToolTip(f"Database: {self.db_file}")
        self.open_folder = QPushButton("&Open folder")
        self.open_folder.setAccessibleName("Open data folder")
        self.open_folder.clicked.connect(self.open_data_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.data_folder, 1)
        folder.addWidget(self.open_folder)

        form = QFormLayout()
        form.addRow("&Follow up after a meeting in:", self.follow_up_days)
        form.addRow("", self.notifications)
        form.addRow("Daily &digest at:", self.digest_time)
        form.addRow("", self.start_at_login)
        form.addRow("", self.close_to_tray)
        form.addRow("&Appearance:", self.appearance)
        form.addRow("", self.appearance_note)
        form.addRow("Data folder:", folder)
        from netkeeper.ui.sync import settings_button

        form.addRow("Sync:", settings_button(self))
        locale = QLocale()
        dates = QLabel(
            f"Dates follow your system's language and region ({locale.name()}), "
            f"e.g. {format_date(QDate.currentDate())}."  # the example the lists really show
        )
        dates.setWordWrap(True)
        form.addRow("", dates)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def open_data_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.db_file.parent)))

    def save(self) -> bool:
        """Write the preferences; False when the autostart entry could not be changed."""
        s = self.settings
        s.set(keys.FOLLOW_UP_DAYS, self.follow_up_days.value())
        s.set(keys.NOTIFICATIONS, self.notifications.isChecked())
        s.set(keys.DIGEST_TIME, self.digest_time.time().toString("HH:mm"))
        s.set(keys.CLOSE_TO_TRAY, self.close_to_tray.isChecked())
        appearance.choose(s, str(self.appearance.currentData()))
        wanted = self.start_at_login.isChecked()
        if wanted != self._autostart_was:
            try:
                autostart.set_enabled(wanted)
            except OSError as exc:
                QMessageBox.warning(self, "Start at login", f"Could not change it: {exc}")
                return False
            self._autostart_was = wanted
        s.set(keys.START_AT_LOGIN, wanted)
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
