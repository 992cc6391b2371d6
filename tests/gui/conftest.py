"""Fixtures for the pytest-qt tests: a real SQLite file and a private QSettings file per test.

Shared by every GUI test module (contacts, timeline, reminders, dialogs). Nothing
here touches the user's real database or preferences.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def gui_db(tmp_path: Path) -> Iterator[Path]:
    """An open, migrated NetKeeper database in a temp file; yields its path."""
    from netkeeper.model.db import close_database, open_database

    path = tmp_path / "gui.db"
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    """Typed settings over an INI file in the test's temp folder."""
    from PySide6.QtCore import QSettings

    from netkeeper.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_contact(gui_db: Path) -> Callable[..., int]:
    """Create a contact through the service: make_contact("Ada Lovelace", email=..., tags=[...])."""
    from netkeeper.io.card import Card, TypedValue
    from netkeeper.services.contacts import create_contact

    def make(
        name: str,
        *,
        org: str = "",
        email: str | None = None,
        phone: str | None = None,
        tags: tuple[str, ...] | list[str] = (),
        **fields: Any,
    ) -> int:
        given, _, family = name.partition(" ")
        card = Card(full_name=name, given_name=given, family_name=family, organization=org)
        if email:
            card.emails.append(TypedValue(email, ["work"]))
        if phone:
            card.phones.append(TypedValue(phone, ["cell"]))
        for key, value in fields.items():
            if key in ("how_met", "introduced_by"):
                continue
            setattr(card, key, value)
        return create_contact(
            card,
            tags=list(tags),
            how_met=fields.get("how_met", ""),
            introduced_by=fields.get("introduced_by"),
        )

    return make


@pytest.fixture
def main_window(qtbot: Any, gui_db: Path, settings: Any) -> Any:
    """The real main window over the temp database, shown; closed by pytest-qt."""
    from netkeeper.ui.main_window import MainWindow

    window = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
