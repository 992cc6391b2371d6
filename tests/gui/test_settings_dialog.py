"""The settings dialog reads and writes the typed settings, and shows the data folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTime
from PySide6.QtGui import QDesktopServices

from netkeeper import settings as keys
from netkeeper.ui.settings_dialog import SettingsDialog


def test_values_load_and_save(qtbot: Any, settings: Any, tmp_path: Path) -> None:
    settings.set(keys.FOLLOW_UP_DAYS, 10)
    settings.set(keys.DIGEST_TIME, "07:45")
    settings.set(keys.NOTIFICATIONS, False)
    dialog = SettingsDialog(settings, tmp_path / "data" / "netkeeper.db")
    qtbot.addWidget(dialog)
    assert dialog.follow_up_days.value() == 10
    assert dialog.digest_time.time() == QTime(7, 45)
    assert not dialog.digest_time.isEnabled()  # no notifications, no digest
    assert dialog.data_folder.text() == str(tmp_path / "data")
    assert dialog.data_folder.isReadOnly()
    dialog.follow_up_days.setValue(3)
    dialog.notifications.setChecked(True)
    assert dialog.digest_time.isEnabled()
    dialog.digest_time.setTime(QTime(18, 30))
    dialog.close_to_tray.setChecked(False)
    dialog.accept()
    assert settings.get(keys.FOLLOW_UP_DAYS) == 3
    assert settings.get(keys.NOTIFICATIONS) is True
    assert settings.get(keys.DIGEST_TIME) == "18:30"
    assert settings.get(keys.CLOSE_TO_TRAY) is False


def test_cancel_changes_nothing(qtbot: Any, settings: Any, tmp_path: Path) -> None:
    dialog = SettingsDialog(settings, tmp_path / "netkeeper.db")
    qtbot.addWidget(dialog)
    dialog.follow_up_days.setValue(99)
    dialog.reject()
    assert settings.get(keys.FOLLOW_UP_DAYS) == keys.FOLLOW_UP_DAYS.default


def test_open_folder_opens_the_data_folder(
    qtbot: Any, settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    dialog = SettingsDialog(settings, tmp_path / "netkeeper.db")
    qtbot.addWidget(dialog)
    dialog.open_folder.click()
    assert opened == [str(tmp_path)]


def test_main_window_opens_settings(main_window: Any, monkeypatch: Any) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: shown.append(self) or 0)
    main_window.named_actions["settings"].trigger()
    assert len(shown) == 1 and shown[0].db_file == main_window.db_file


def test_start_at_login_box_shows_the_real_entry_and_failures_are_reported(
    qtbot: Any, settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from netkeeper.services import autostart

    monkeypatch.setattr(autostart, "is_enabled", lambda: True)
    calls: list[bool] = []
    warnings: list[str] = []

    def refuse(enabled: bool) -> None:
        calls.append(enabled)
        raise PermissionError("read-only folder")

    monkeypatch.setattr(autostart, "set_enabled", refuse)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    dialog = SettingsDialog(settings, tmp_path / "netkeeper.db")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start_at_login.isChecked()  # the entry exists, whatever the INI says
    dialog.start_at_login.setChecked(False)
    dialog.accept()
    assert calls == [False]
    assert warnings and "read-only folder" in warnings[0]
    assert settings.get(keys.START_AT_LOGIN) is False  # unchanged: nothing was written
    assert dialog.isVisible()  # the dialog stays open to try again


def test_date_example_is_the_format_the_lists_use(
    qtbot: Any, settings: Any, tmp_path: Path
) -> None:
    """Under the C locale the lists show ISO dates; the hint once showed Qt's '26 11 2026'."""
    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QLabel

    from netkeeper.ui.contact_models import format_date

    old = QLocale()
    QLocale.setDefault(QLocale.c())
    try:
        dialog = SettingsDialog(settings, tmp_path / "netkeeper.db")
        qtbot.addWidget(dialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        example = format_date(QDate.currentDate())
        assert example == QDate.currentDate().toString("yyyy-MM-dd")
        assert any(f"e.g. {example}." in text for text in texts)
    finally:
        QLocale.setDefault(old)


def test_every_saved_setting_survives_a_restart(qtbot: Any, tmp_path: Path) -> None:
    """A new process (a restart) must read what the dialog saved; within one process
    QSettings answers from its cache, which hid this."""
    from PySide6.QtCore import QSettings

    from netkeeper.settings import Settings

    ini = tmp_path / "settings.ini"
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings, tmp_path / "netkeeper.db")
    qtbot.addWidget(dialog)
    dialog.close_to_tray.setChecked(False)
    dialog.notifications.setChecked(False)
    dialog.accept()
    read_back = (
        "from PySide6.QtCore import QSettings\n"
        "from netkeeper import settings as k\n"
        f"s = k.Settings(QSettings({str(ini)!r}, QSettings.Format.IniFormat))\n"
        "print(s.get(k.CLOSE_TO_TRAY), s.get(k.NOTIFICATIONS))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", read_back], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


def _scheme_requests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What NetKeeper asks of Qt; the offscreen platform (like a bare X11) ignores it."""
    from PySide6.QtGui import QStyleHints

    asked: list[str] = []
    monkeypatch.setattr(
        QStyleHints, "setColorScheme", lambda _self, scheme: asked.append(scheme.name)
    )
    monkeypatch.setattr(QStyleHints, "unsetColorScheme", lambda _self: asked.append("system"))
    return asked


def test_appearance_is_applied_live_and_at_start(
    qtbot: Any, settings: Any, gui_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeeper.ui.main_window import MainWindow

    asked = _scheme_requests(monkeypatch)
    dialog = SettingsDialog(settings, gui_db)
    qtbot.addWidget(dialog)
    assert dialog.appearance.currentData() == "system"
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    dialog.accept()
    assert asked == ["Dark"]  # live, on Save
    window = MainWindow(gui_db, settings=settings)  # the next start
    qtbot.addWidget(window)
    assert asked == ["Dark", "Dark"]
    again = SettingsDialog(settings, gui_db)
    qtbot.addWidget(again)
    assert again.appearance.currentData() == "dark"
    again.appearance.setCurrentIndex(again.appearance.findData("system"))
    again.accept()
    assert asked[-1] == "system"  # back to following the desktop


def test_appearance_cancel_changes_nothing(
    qtbot: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _scheme_requests(monkeypatch)
    dialog = SettingsDialog(settings, tmp_path / "netkeeper.db")
    qtbot.addWidget(dialog)
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("light"))
    dialog.reject()
    assert asked == [] and settings.qsettings.value("appearance/color_scheme") is None
