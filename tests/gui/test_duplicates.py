"""Duplicates view and merge dialog: listing pairs, choosing field by field, merging."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netkeeper.services import contacts, timeline
from netkeeper.ui.duplicates_view import Column, DuplicatesModel, DuplicatesView
from netkeeper.ui.merge_dialog import MergeDialog


def _pair(make_contact: Any) -> tuple[int, int]:
    a = make_contact("Ada Lovelace", org="Analytical Society", email="ada@example.org")
    b = make_contact("Ada King", org="Difference Engines", email="ADA@example.org")
    make_contact("Grace Hopper")
    return a, b


def _view(qtbot: Any) -> DuplicatesView:
    view = DuplicatesView(None)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0  # nothing is searched before the view is shown
    view.show()
    qtbot.waitUntil(lambda: view.loaded, timeout=5000)
    return view


def test_model_passes_modeltester(qtmodeltester: Any, make_contact: Any) -> None:
    from netkeeper.services.dedupe import find_duplicates

    _a, _b = _pair(make_contact)
    model = DuplicatesModel()
    model.set_pairs(find_duplicates())
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, Column.FIRST).data() == "Ada Lovelace"
    assert model.index(0, Column.WHY).data() == "same email ada@example.org"
    assert model.index(0, Column.SCORE).data() == "100%"


def test_merge_dialog_choices_map_to_the_kept_side(qtbot: Any, make_contact: Any) -> None:
    a, b = _pair(make_contact)
    dialog = MergeDialog(a, b)
    qtbot.addWidget(dialog)
    assert set(dialog.radios) == {"full_name", "family_name", "organization"}
    assert "email" not in dialog.radios  # lists are united, not chosen
    assert dialog.field_picks()["organization"] == "keep"
    dialog.radios["organization"][1].setChecked(True)  # contact 2's organisation
    assert dialog.field_picks()["organization"] == "other"
    dialog.keep_second.setChecked(True)  # now contact 2 is kept: its organisation is "keep"
    assert dialog.keep_and_other() == (b, a)
    assert dialog.field_picks()["organization"] == "keep"
    assert dialog.field_picks()["full_name"] == "other"  # contact 1's name still ticked


def test_view_merges_through_the_dialog(qtbot: Any, make_contact: Any) -> None:
    a, b = _pair(make_contact)
    timeline.log_interaction([b], "call", dt.datetime(2026, 3, 1, 10), "with King")
    view = _view(qtbot)
    assert view.model.rowCount() == 1
    assert view.merge_button.isEnabled()

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            QTimer.singleShot(50, drive)
            return
        dialog.radios["organization"][1].setChecked(True)
        dialog.merge_button.click()

    QTimer.singleShot(50, drive)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    card = contacts.get_card(a)
    assert card.full_name == "Ada Lovelace"
    assert card.organization == "Difference Engines"
    assert [d["note"] for d in timeline.timeline(a)] == ["with King"]
    assert [row[0] for row in contacts.trash()] == [b]
    assert view.model.rowCount() == 0
    assert view.summary.text() == "No likely duplicates."
    assert not view.merge_button.isEnabled()


def test_cancelled_merge_changes_nothing(qtbot: Any, make_contact: Any) -> None:
    _a, _b = _pair(make_contact)
    view = _view(qtbot)

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            QTimer.singleShot(50, cancel)
            return
        dialog.reject()

    QTimer.singleShot(50, cancel)
    assert view.merge_selected() is None
    assert contacts.trash() == []
    assert view.model.rowCount() == 1


def test_open_buttons_emit_contacts(qtbot: Any, make_contact: Any) -> None:
    _a, b = _pair(make_contact)
    view = _view(qtbot)
    with qtbot.waitSignal(view.contact_activated) as sig:
        view.open_second.click()
    assert sig.args == [b]
    assert view.table.accessibleName() == "Likely duplicates"


def test_main_window_find_duplicates_shows_view(
    qtbot: Any, make_contact: Any, main_window: Any
) -> None:
    _pair(make_contact)
    main_window.named_actions["find_duplicates"].trigger()
    assert main_window.current_view_key() == "duplicates"
    view = main_window.view("duplicates")
    qtbot.waitUntil(lambda: view.loaded, timeout=5000)
    assert view.model.rowCount() == 1
    assert view.summary.text() == "1 likely duplicate pair."


def test_ampersands_show_as_text(qtbot: Any, make_contact: Any) -> None:
    a = make_contact("Ada Lovelace", org="Kestrel & Vine", email="ada@example.org")
    b = make_contact("Ada King", email="ada@example.org")
    dialog = MergeDialog(a, b)
    qtbot.addWidget(dialog)
    first, _second = dialog.radios["organization"]
    assert first.text() == "Kestrel && Vine"  # Qt shows "&&" as one literal "&"


def test_merge_in_the_window_can_be_undone(qtbot: Any, make_contact: Any, main_window: Any) -> None:
    a, b = _pair(make_contact)
    main_window.named_actions["find_duplicates"].trigger()
    view = main_window.view("duplicates")
    qtbot.waitUntil(lambda: view.loaded and view.model.rowCount() == 1, timeout=5000)

    def merge() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            QTimer.singleShot(50, merge)
            return
        dialog.merge_button.click()

    QTimer.singleShot(50, merge)
    assert view.merge_selected() == a
    assert [row[0] for row in contacts.trash()] == [b]
    assert "Merged" in main_window.statusBar().currentMessage()
    main_window._undo_button.click()  # the status bar's Undo
    assert contacts.trash() == []
    assert [e.value for e in contacts.get_card(a).emails] == ["ada@example.org"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)  # the pair is back


def test_not_the_same_person(qtbot: Any, make_contact: Any, main_window: Any) -> None:
    from netkeeper.services.dedupe import find_duplicates

    a, b = _pair(make_contact)
    c = make_contact("Ada Lovelace", org="Somewhere Else")
    main_window.named_actions["find_duplicates"].trigger()
    view = main_window.view("duplicates")
    qtbot.waitUntil(lambda: view.loaded and view.model.rowCount() == 2, timeout=5000)
    first = view.current_pair()
    view.dismiss_button.click()
    assert view.model.rowCount() == 1
    assert view.current_pair() is not None and view.current_pair() != first
    assert first not in {(p.a, p.b) for p in find_duplicates()}
    main_window._undo_button.click()
    assert first in {(p.a, p.b) for p in find_duplicates()}
    assert {a, b, c} >= set(first)
