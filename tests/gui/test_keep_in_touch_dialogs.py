"""Keep in Touch… (a contact, a selection, a tag) and Remind Me… / Edit Follow-up… in the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from netkeeper.services import followups, reminders
from netkeeper.ui.cadence_dialog import CadenceDialog
from netkeeper.ui.log_dialog import LogInteractionDialog, first_line
from netkeeper.ui.remind_dialog import RemindDialog
from netkeeper.ui.reminders_view import Column


def drive(cls: type[QDialog], act: Callable[[Any], None], seen: list[Any]) -> None:
    """Run `act(dialog)` on the next modal dialog of type `cls` once it is open."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, cls):
            QTimer.singleShot(20, step)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(20, step)


@pytest.fixture
def people(make_contact: Any) -> dict[str, int]:
    return {
        "ada": make_contact("Ada Lovelace", tags=["mentors"]),
        "bob": make_contact("Bob Babbage", tags=["mentors"]),
        "cy": make_contact("Cy Young"),
    }


def _select(window: Any, *ids: int) -> None:
    window.notify_changed()  # the contacts were made after the window
    view = window.view("contacts")
    view.select_contact(ids[0])
    for cid in ids[1:]:
        from PySide6.QtCore import QItemSelectionModel

        row = view.model.row_of(cid)
        view.table.selectionModel().select(
            view.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_cadence_for_one_contact_set_change_remove_with_undo(
    qtbot: Any, main_window: Any, people: dict[str, int]
) -> None:
    _select(main_window, people["cy"])
    seen: list[Any] = []

    def six_weeks(d: CadenceDialog) -> None:
        assert d.inherit.isChecked()  # nothing set yet: follows the (absent) tags
        d.every_radio.setChecked(True)
        d.number.setValue(6)
        d.unit.setCurrentIndex(d.unit.findData("weeks"))
        assert "every 6 weeks" in d.preview.text()
        d.save_button.click()

    drive(CadenceDialog, six_weeks, seen)
    main_window.named_actions["keep_in_touch"].trigger()
    assert seen and followups.cadence_of(people["cy"])["own"] == "6 weeks"
    assert followups.cadence_of(people["cy"])["next_due"] is not None
    body = main_window.view("contacts").detail.body.toPlainText()
    assert "every 6 weeks" in body

    def off(d: CadenceDialog) -> None:
        assert d.every_radio.isChecked() and d.number.value() == 6  # shows what is set
        assert d.off is not None
        d.off.setChecked(True)
        d.save_button.click()

    drive(CadenceDialog, off, seen)
    main_window.named_actions["keep_in_touch"].trigger()
    assert followups.cadence_of(people["cy"])["own"] == "off"
    main_window._undo_button.click()
    assert followups.cadence_of(people["cy"])["own"] == "6 weeks"

    def inherit(d: CadenceDialog) -> None:
        d.inherit.setChecked(True)
        d.save_button.click()

    drive(CadenceDialog, inherit, seen)
    main_window.named_actions["keep_in_touch"].trigger()
    info = followups.cadence_of(people["cy"])
    assert info["own"] is None and info["next_due"] is None


def test_cadence_for_a_selection_in_one_go(
    qtbot: Any, main_window: Any, people: dict[str, int]
) -> None:
    followups.set_cadence(people["ada"], "2 weeks")
    _select(main_window, people["ada"], people["cy"])
    assert main_window.selected_contact_ids() == sorted([people["ada"], people["cy"]])
    seen: list[Any] = []

    def three_months(d: CadenceDialog) -> None:
        d.every_radio.setChecked(True)
        d.number.setValue(3)
        d.unit.setCurrentIndex(d.unit.findData("months"))
        d.save_button.click()

    drive(CadenceDialog, three_months, seen)
    main_window.named_actions["keep_in_touch"].trigger()
    assert followups.cadence_of(people["ada"])["own"] == "3 months"
    assert followups.cadence_of(people["cy"])["own"] == "3 months"
    assert followups.cadence_of(people["bob"])["own"] is None
    main_window._undo_button.click()
    assert followups.cadence_of(people["ada"])["own"] == "2 weeks"
    assert followups.cadence_of(people["cy"])["own"] is None


def test_cadence_for_a_tag_from_the_tag_list(
    qtbot: Any, main_window: Any, people: dict[str, int]
) -> None:
    main_window.notify_changed()
    view = main_window.view("contacts")
    seen: list[Any] = []

    def monthly(d: CadenceDialog) -> None:
        assert d.off is None and d.inherit.isChecked()
        d.every_radio.setChecked(True)
        d.save_button.click()

    drive(CadenceDialog, monthly, seen)
    view.tag_cadence("mentors")
    assert followups.tag_cadences() == {"mentors": "1 month"}
    assert followups.cadence_of(people["bob"])["source"] == "tag"
    assert followups.cadence_of(people["bob"])["next_due"] is not None

    def remove(d: CadenceDialog) -> None:
        assert d.every_radio.isChecked() and d.unit.currentData() == "months"
        d.inherit.setChecked(True)
        d.save_button.click()

    drive(CadenceDialog, remove, seen)
    view.tag_cadence("mentors")
    assert followups.tag_cadences() == {}
    assert followups.cadence_of(people["bob"])["next_due"] is None
    main_window._undo_button.click()
    assert followups.tag_cadences() == {"mentors": "1 month"}


def test_remind_me_from_a_contact(qtbot: Any, main_window: Any, people: dict[str, int]) -> None:
    _select(main_window, people["ada"])
    seen: list[Any] = []
    due = dt.date.today() + dt.timedelta(days=20)

    def fill(d: RemindDialog) -> None:
        d.date.setDate(QDate(due.year, due.month, due.day))
        d.repeat.setCurrentText("fortnightly please")  # unreadable: the dialog stays open
        d.note.setText("Send the engine drawings")
        d.notice.setValue(3)
        d.save_button.click()
        assert d.isVisible() and not d.error.isHidden()
        assert "fortnightly" in d.error.text()
        d.repeat.setCurrentText("every 2 weeks")
        d.save_button.click()

    drive(RemindDialog, fill, seen)
    main_window.named_actions["remind_me"].trigger()
    assert seen
    (doc,) = reminders.open_reminders(people["ada"])
    assert doc["due"] == due.isoformat() and doc["every"] == "2 weeks"
    assert doc["note"] == "Send the engine drawings" and doc["notice_days"] == 3
    assert "Send the engine drawings" in main_window.view("contacts").detail.body.toPlainText()
    main_window._undo_button.click()
    assert reminders.open_reminders(people["ada"]) == []


def test_edit_follow_up_from_the_reminders_list_with_f2(
    qtbot: Any, main_window: Any, people: dict[str, int]
) -> None:
    today = dt.date.today()
    rid = reminders.add_reminder(people["bob"], today, "call bak", notice_days=0)
    _select(main_window, people["ada"])  # a contact selected elsewhere must not be edited
    view = main_window.show_view("reminders")
    view.refresh()
    view.select("today", 0)
    seen: list[Any] = []
    later = today + dt.timedelta(days=5)

    def fix(d: RemindDialog) -> None:
        assert d.windowTitle() == "Edit Follow-up" and d.note.text() == "call bak"
        d.note.setText("call back about the lathe")
        d.date.setDate(QDate(later.year, later.month, later.day))
        d.save_button.click()

    drive(RemindDialog, fix, seen)
    qtbot.keyClick(view.tables["today"], Qt.Key.Key_F2)
    assert seen, "F2 in the Reminders view opens the follow-up, not the contact editor"
    doc = reminders.reminder_document(rid)
    assert doc["note"] == "call back about the lathe" and doc["due"] == later.isoformat()
    notes = [
        view.models["upcoming"].index(r, Column.NOTE).data()
        for r in range(view.models["upcoming"].rowCount())
    ]
    assert "call back about the lathe" in notes
    main_window._undo_button.click()
    doc = reminders.reminder_document(rid)
    assert doc["note"] == "call bak" and doc["due"] == today.isoformat()


def test_follow_up_text_is_never_cut_inside_a_word(
    qtbot: Any, main_window: Any, people: dict[str, int]
) -> None:
    note = (
        "Talked about the analytical engine and the difference engine, promised to send "
        "the punched card designs and an introduction to Mary Somerville next week\nsecond"
    )
    dialog = LogInteractionDialog(main_window, [people["ada"]])
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    dialog.note.setPlainText(note)
    dialog.follow_up.setChecked(True)
    dialog.accept()
    (doc,) = reminders.open_reminders(people["ada"])
    text = doc["note"].removeprefix("Follow up: ")
    assert text.endswith("…")
    words = note.splitlines()[0].split()
    assert all(w in words for w in text.removesuffix("…").split()), text
    assert len(text) <= 101
    # The list elides what does not fit; the whole text is in the tooltip.
    view = main_window.show_view("reminders")
    view.refresh()
    model = next(m for m in view.models.values() if m.rowCount())
    assert model.index(0, Column.NOTE).data(Qt.ItemDataRole.ToolTipRole) == doc["note"]


def test_first_line() -> None:
    assert first_line("short note\nmore") == "short note"
    assert first_line("") == ""
    assert first_line("aaa bbb ccc", width=7) == "aaa bbb…"
    assert first_line("aaa bbb, ccc", width=8) == "aaa bbb…"
    assert first_line("x" * 30, width=10) == "x" * 10 + "…"


def test_following_the_tags_starts_every_from_the_tags_cadence(
    qtbot: Any, people: dict[str, int]
) -> None:
    followups.set_tag_cadence("mentors", "6 weeks")
    dialog = CadenceDialog(None, [people["ada"]], names=["Ada Lovelace"])
    qtbot.addWidget(dialog)
    assert dialog.inherit.isChecked() and "now every 6 weeks" in dialog.inherit.text()
    assert (dialog.number.value(), dialog.unit.currentData()) == (6, "weeks")
    assert dialog.preview.text() == "As their tags say (every 6 weeks)."
    assert dialog.every() is None
