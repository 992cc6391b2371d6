"""Settings ▸ Appearance ▸ Dark where the platform ignores Qt's colour-scheme request.

The offscreen platform used by the tests is such a platform (as a bare X11 session
under openbox is): asking it for Dark changes nothing, so NetKeeper must paint with a
dark palette of its own, undo it for Light or "Follow the system", and say so in
Settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from netkeeper.ui import appearance
from netkeeper.ui.settings_dialog import SettingsDialog


def window_lightness() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness()


@pytest.fixture
def back_to_system(qapp: Any, settings: Any) -> Iterator[None]:
    """The application palette is process-wide: leave it as the platform gave it."""
    yield
    appearance.choose(settings, "system")


def test_dark_is_painted_where_the_platform_ignores_the_request(
    qapp: Any, settings: Any, back_to_system: None
) -> None:
    light = window_lightness()
    assert light >= 128  # the platform's own palette is light here
    outcome = appearance.choose(settings, "dark")
    assert outcome == appearance.BY_OWN_PALETTE
    assert window_lightness() < 60
    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.Text).lightness()
    base = palette.color(QPalette.ColorRole.Base).lightness()
    assert text - base > 150  # readable: light text on a dark field
    assert appearance.choose(settings, "light") in (
        appearance.BY_PLATFORM,
        appearance.BY_OWN_PALETTE,
    )
    assert window_lightness() >= 128
    appearance.choose(settings, "dark")
    assert appearance.choose(settings, "system") == appearance.BY_PLATFORM
    assert window_lightness() == light  # the platform's palette back, not ours


def test_settings_say_when_netkeeper_draws_the_colours_itself(
    qtbot: Any, settings: Any, gui_db: Path, back_to_system: None
) -> None:
    dialog = SettingsDialog(settings, gui_db)
    qtbot.addWidget(dialog)
    assert dialog.appearance_note.isHidden()  # following the system: nothing to say
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    dialog.accept()
    again = SettingsDialog(settings, gui_db)
    qtbot.addWidget(again)
    assert not again.appearance_note.isHidden()
    assert "draws its own dark colours" in again.appearance_note.text()


def test_a_style_that_ignores_palettes_is_reported_not_pretended(
    qapp: Any, settings: Any, back_to_system: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(appearance, "PALETTE_STYLES", frozenset())
    assert appearance.choose(settings, "dark") == appearance.NOT_POSSIBLE
    assert window_lightness() >= 128
    assert "cannot be shown here" in appearance.explain(appearance.NOT_POSSIBLE, "dark")


def test_the_main_window_starts_dark_when_dark_was_chosen(
    qtbot: Any, settings: Any, gui_db: Path, back_to_system: None
) -> None:
    from netkeeper.ui.main_window import MainWindow

    settings.qsettings.setValue(appearance.COLOR_SCHEME_KEY, "dark")
    window = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(window)
    assert window_lightness() < 60
    window.show()
    qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Window).lightness() < 60)
