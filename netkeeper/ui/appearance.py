"""Appearance: follow the system's light/dark choice, or force light or dark.

Qt (6.8+) lets an application ask the platform for a colour scheme; where the
desktop theme supports it (Windows, macOS, GNOME and KDE through their Qt
platform themes) the palette follows at once. A bare X11 session without a
desktop theme ignores the request, which is why the README also documents
QT_STYLE_OVERRIDE. The key lives here, not in netkeeper.settings, because it is
a raw QSettings value only the GUI reads (named outside the "general" group,
which QSettings' INI format turns into "General" when read back).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

COLOR_SCHEME_KEY = "appearance/color_scheme"
CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


def chosen(settings: Any) -> str:
    """The stored choice: "system", "light" or "dark" (anything else reads as "system")."""
    value = str(settings.qsettings.value(COLOR_SCHEME_KEY, "system") or "system")
    return value if value in _SCHEMES else "system"


def choose(settings: Any, choice: str) -> None:
    """Store a choice and apply it now (the settings dialog's Save)."""
    q = settings.qsettings
    q.setValue(COLOR_SCHEME_KEY, choice if choice in _SCHEMES else "system")
    q.sync()
    apply(settings)


def apply(settings: Any) -> None:
    """Ask Qt for the chosen scheme; "system" hands the choice back to the desktop."""
    hints = QGuiApplication.styleHints()
    scheme = _SCHEMES.get(chosen(settings))
    if scheme is None:
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(scheme)
