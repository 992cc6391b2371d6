"""Typed user preferences, each declared once with its default.

Backed by QSettings in INI format (readable, and the same on every OS) in the
per-user config location. Only the GUI reads these; the data itself
(contacts, cadences, reminders) lives in the database.
Tests pass their own QSettings file, so no test touches the real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T
    doc: str


FOLLOW_UP_DAYS = Key("followups/default_days", 7, "follow up this many days after a meeting")
DIGEST_TIME = Key("notifications/digest_time", "09:00", "local time of the daily digest (HH:MM)")
NOTIFICATIONS = Key("notifications/enabled", True, "announce due items from the tray")
# Not "general/...": QSettings's INI format keeps top-level keys in a [General]
# section and writes a group of that name as [%General], which it reads back as
# "General" - so such keys were lost at every restart.
START_AT_LOGIN = Key("startup/start_at_login", False, "start minimised in the tray at login")
CLOSE_TO_TRAY = Key("window/close_to_tray", True, "closing the window keeps NetKeeper in the tray")

ALL_KEYS: tuple[Key[Any], ...] = (
    FOLLOW_UP_DAYS,
    DIGEST_TIME,
    NOTIFICATIONS,
    START_AT_LOGIN,
    CLOSE_TO_TRAY,
)


class Settings:
    """Read and write preferences with the type of their default."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "NetKeeper", "NetKeeper"
        )

    @property
    def qsettings(self) -> QSettings:
        return self._q

    def get(self, key: Key[T]) -> T:
        """The stored value coerced to the default's type (INI files store text)."""
        value: Any = self._q.value(key.name, key.default)
        default = key.default
        result: Any
        if isinstance(default, bool):
            if isinstance(value, str):
                result = value.lower() in ("1", "true", "yes", "on")
            else:
                result = bool(value)
        elif isinstance(default, int):
            try:
                result = int(value)
            except (TypeError, ValueError):
                result = default
        else:
            result = value if isinstance(value, type(default)) else default
        return cast(T, result)

    def set(self, key: Key[T], value: T) -> None:
        self._q.setValue(key.name, value)
        self._q.sync()
