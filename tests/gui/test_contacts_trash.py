"""The Trash view lists deleted contacts and restores them with everything they had."""

from __future__ import annotations

from typing import Any

from netkeeper.services.contacts import delete_contacts, get_contact
from netkeeper.services.timeline import log_interaction, timeline
from netkeeper.ui.main_window import MainWindow


def test_trash_lists_and_restores(main_window: MainWindow, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace", tags=["mentors"])
    make_contact("Bob Stone")
    log_interaction([ada], "call", note="about the engine")
    delete_contacts([ada])
    main_window.notify_changed()
    trash = main_window.show_view("trash")
    assert trash is not None
    assert trash.model.rowCount() == 1
    assert trash.model.index(0, 0).data() == "Ada Lovelace"
    assert not trash.restore_button.isEnabled()
    trash.table.selectRow(0)
    assert trash.restore_button.isEnabled()
    trash.restore_button.click()
    assert get_contact(ada).deleted_at is None
    assert trash.model.rowCount() == 0 and trash.empty.isVisibleTo(trash)
    assert len(timeline(ada)) == 1
    contacts = main_window.show_view("contacts")
    assert contacts.model.row_of(ada) is not None


def test_return_restores_the_selection(
    qtbot: Any, main_window: MainWindow, make_contact: Any
) -> None:
    from PySide6.QtCore import Qt

    ada = make_contact("Ada Lovelace")
    delete_contacts([ada])
    trash = main_window.show_view("trash")
    trash.table.selectRow(0)
    qtbot.keyClick(trash.table, Qt.Key.Key_Return)
    assert get_contact(ada).deleted_at is None
