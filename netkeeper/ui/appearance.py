"""Appearance: follow the system's light/dark choice, or force light or dark.

Qt (6.8+) lets an application ask the platform for a colour scheme; where the
desktop theme supports it (Windows, macOS, GNOME and KDE through their Qt
platform themes) the palette follows at once. A bare X11 session without a
desktop theme (openbox, i3, a kiosk) ignores the request: the palette stays
light. There NetKeeper applies a palette of its own (`dark_palette`), which
every palette-driven style draws with (Fusion, the default there). Styles that
paint with the platform's own colours (Windows 11, macOS) would ignore it, so
`apply` reports what happened and Settings says when a choice cannot be shown.
The key lives here, not in netkeeper.settings, because it is a raw QSettings
value only the GUI reads (named outside the "general" group, which QSettings'
INI format turns into "General" when read back).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

COLOR_SCHEME_KEY = "appearance/color_scheme"
CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
# Styles that take their colours from the palette, so a palette of ours is honoured.
PALETTE_STYLES = frozenset({"fusion", "windows"})

# How the choice took effect: by the platform, by our palette, or not at all.
BY_PLATFORM, BY_OWN_PALETTE, NOT_POSSIBLE = "platform", "own palette", "not possible"

_state: dict[str, Any] = {"original": None, "own": False, "outcome": BY_PLATFORM}


def chosen(settings: Any) -> str:
    """The stored choice: "system", "light" or "dark" (anything else reads as "system")."""
    value = str(settings.qsettings.value(COLOR_SCHEME_KEY, "system") or "system")
    return value if value in _SCHEMES else "system"


def choose(settings: Any, choice: str) -> str:
    """Store a choice and apply it now (the settings dialog's Save); how it took effect."""
    q = settings.qsettings
    q.setValue(COLOR_SCHEME_KEY, choice if choice in _SCHEMES else "system")
    q.sync()
    return apply(settings)


def last_outcome() -> str:
    """How the last `apply` took effect (BY_PLATFORM before any)."""
    return str(_state["outcome"])


def explain(outcome: str, choice: str) -> str:
    """A sentence for Settings when the desktop did not apply the choice itself ("" when it did)."""
    if outcome == BY_OWN_PALETTE:
        return f"This desktop ignores the choice; NetKeeper draws its own {choice} colours."
    if outcome == NOT_POSSIBLE:
        return (
            f"This desktop's style paints its own colours, so {choice} cannot be shown here "
            "(start NetKeeper with QT_STYLE_OVERRIDE=Fusion, see the README)."
        )
    return ""


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette with readable contrast for every role the widgets use."""
    p = QPalette()
    g, r = QPalette.ColorGroup, QPalette.ColorRole
    colours = {
        r.Window: "#2b2d30",
        r.WindowText: "#e6e6e6",
        r.Base: "#1e1f22",
        r.AlternateBase: "#26282b",
        r.ToolTipBase: "#3c3f41",
        r.ToolTipText: "#f0f0f0",
        r.PlaceholderText: "#8c8f94",
        r.Text: "#e6e6e6",
        r.Button: "#3a3d41",
        r.ButtonText: "#e6e6e6",
        r.BrightText: "#ff6b6b",
        r.Light: "#4a4d52",
        r.Midlight: "#404347",
        r.Mid: "#33363a",
        r.Dark: "#18191b",
        r.Shadow: "#000000",
        r.Highlight: "#3d7cc9",
        r.HighlightedText: "#ffffff",
        r.Link: "#78aef0",
        r.LinkVisited: "#b695f0",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role, colour in {
        r.WindowText: "#7a7d82",
        r.Text: "#7a7d82",
        r.ButtonText: "#7a7d82",
        r.HighlightedText: "#b0b0b0",
        r.Highlight: "#34383d",
    }.items():
        p.setColor(g.Disabled, role, QColor(colour))
    return p


def apply(settings: Any) -> str:
    """Apply the stored choice (see `_apply`) and remember how it took effect."""
    outcome = _apply(settings)
    _state["outcome"] = outcome
    return outcome


def _apply(settings: Any) -> str:
    """Ask Qt for the chosen scheme; where the platform ignores it, use our own palette.

    "system" hands the choice back to the desktop (and drops a palette of ours).
    Returns BY_PLATFORM, BY_OWN_PALETTE or NOT_POSSIBLE.
    """
    hints = QGuiApplication.styleHints()
    choice = chosen(settings)
    scheme = _SCHEMES.get(choice)
    app = QApplication.instance()
    if _state["own"] and isinstance(app, QApplication):
        app.setPalette(_state["original"])  # back to what the platform gave
        _state["own"] = False
    if scheme is None:
        hints.unsetColorScheme()
        return BY_PLATFORM
    hints.setColorScheme(scheme)
    if not isinstance(app, QApplication):
        return NOT_POSSIBLE
    want_dark = scheme == Qt.ColorScheme.Dark
    if is_dark(app.palette()) == want_dark:
        return BY_PLATFORM
    style = app.style().name().casefold() if app.style() is not None else ""
    if style not in PALETTE_STYLES:
        return NOT_POSSIBLE
    _state["original"] = QPalette(app.palette())
    _state["own"] = True
    app.setPalette(dark_palette() if want_dark else app.style().standardPalette())
    return BY_OWN_PALETTE
