"""Editing and deleting a logged interaction in the Timeline (F2, Delete, buttons), with Undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from netkeeper.services import contacts, followups, timeline
from netkeeper.ui.log_dialog import LogInteractionDialog
from netkeeper.ui.timeline_model import InteractionIdRole


def drive(cls: type[QDialog], act: Callable[[Any], None], seen: list[Any]) -> None:
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, cls):
            QTimer.singleShot(20, step)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(20, step)


@pytest.fixture
def book(make_contact: Any) -> dict[str, int]:
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Babbage")
    cy = make_contact("Cy Young")
    followups.set_cadence(ada, "1 month")
    old = timeline.log_interaction([ada], "call", dt.datetime(2026, 1, 5, 9), "first call")
    iid = timeline.log_interaction([ada, bob], "coffee", dt.datetime(2026, 3, 1, 10), "engines")
    return {"ada": ada, "bob": bob, "cy": cy, "iid": iid, "old": old}


def _timeline_with_cy_selected_elsewhere(window: Any, book: dict[str, int]) -> Any:
    window.notify_changed()
    window.view("contacts").select_contact(book["cy"])  # the trap: a contact selected elsewhere
    assert window.selected_contact_ids() == [book["cy"]]
    view = window.show_view("timeline")
    view.refresh()
    view.table.setFocus()
    view.table.selectRow(0)
    assert view.table.currentIndex().data(InteractionIdRole) == book["iid"]
    return view


def test_f2_edits_the_selected_interaction_with_undo(
    qtbot: Any, book: dict[str, int], main_window: Any
) -> None:
    view = _timeline_with_cy_selected_elsewhere(main_window, book)
    seen: list[Any] = []
    when = QDateTime(2026, 3, 4, 16, 30, 0)

    def edit(d: LogInteractionDialog) -> None:
        assert d.windowTitle() == "Edit Interaction"
        assert d.kind.currentData() == "coffee" and d.note.toPlainText() == "engines"
        assert sorted(d.participant_ids()) == sorted([book["ada"], book["bob"]])
        assert d.follow_up.isHidden()  # a follow-up is offered when logging, not editing
        d.kind.setCurrentIndex(d.kind.findData("meeting"))
        d.when.setDateTime(when)
        d.note.setPlainText("engines and looms")
        d.people.item(1).setSelected(True)  # Bob (names sort: Ada, Bob)
        d._remove_selected()
        d.add_participant(book["cy"])
        d.buttons.button(d.buttons.StandardButton.Save).click()

    drive(LogInteractionDialog, edit, seen)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert seen, "F2 in the Timeline opens the interaction"
    doc = timeline.interaction(book["iid"])
    assert doc["kind"] == "meeting" and doc["note"] == "engines and looms"
    assert {p["id"] for p in doc["participants"]} == {book["ada"], book["cy"]}
    # The services keep last_interaction and next_due right for everyone touched.
    assert contacts.get_contact(book["bob"]).last_interaction is None
    assert contacts.get_contact(book["cy"]).last_interaction is not None
    assert followups.cadence_of(book["ada"])["next_due"] == dt.date(2026, 4, 4).isoformat()
    assert view.model.index(0, 0).data(InteractionIdRole) == book["iid"]
    assert "engines and looms" in [view.model.row(r)["note"] for r in range(view.model.rowCount())]

    main_window._undo_button.click()
    doc = timeline.interaction(book["iid"])
    assert doc["kind"] == "coffee" and doc["note"] == "engines"
    assert {p["id"] for p in doc["participants"]} == {book["ada"], book["bob"]}
    assert contacts.get_contact(book["cy"]).last_interaction is None
    assert followups.cadence_of(book["ada"])["next_due"] == dt.date(2026, 4, 1).isoformat()


def test_delete_key_deletes_the_interaction_never_the_contact(
    qtbot: Any, book: dict[str, int], main_window: Any
) -> None:
    view = _timeline_with_cy_selected_elsewhere(main_window, book)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert contacts.get_contact(book["cy"]).deleted_at is None
    assert [d["id"] for d in timeline.timeline()] == [book["old"]]
    assert followups.cadence_of(book["ada"])["next_due"] == dt.date(2026, 2, 5).isoformat()
    assert "Deleted" in main_window.statusBar().currentMessage()
    assert view.model.rowCount() == 1
    main_window._undo_button.click()
    assert [d["id"] for d in timeline.timeline()] == [book["iid"], book["old"]]
    assert followups.cadence_of(book["ada"])["next_due"] == dt.date(2026, 4, 1).isoformat()


def test_buttons_and_context_follow_the_selection(
    qtbot: Any, book: dict[str, int], main_window: Any
) -> None:
    view = _timeline_with_cy_selected_elsewhere(main_window, book)
    assert view.edit_button.isEnabled() and view.delete_button.isEnabled()
    view.table.clearSelection()
    view.table.setCurrentIndex(view.model.index(-1, 0))
    assert not view.edit_button.isEnabled() and not view.delete_button.isEnabled()
    # Back in Contacts, F2 and Delete are the contact's again.
    main_window.show_view("contacts")
    assert main_window.named_actions["edit_contact"].shortcut().toString() == "F2"
    assert not main_window.named_actions["delete_contacts"].shortcut().isEmpty()


def test_escape_on_an_unchanged_edit_closes_without_asking(
    qtbot: Any, book: dict[str, int], monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[Any] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or 0)
    dialog = LogInteractionDialog(None, interaction_id=book["iid"])
    qtbot.addWidget(dialog)
    dialog.reject()
    assert asked == [] and dialog.result() == QDialog.DialogCode.Rejected
    again = LogInteractionDialog(None, interaction_id=book["iid"])
    qtbot.addWidget(again)
    again.note.setPlainText("engines, and a typo fixed")
    again.reject()
    assert "changes" in asked[-1][2]
