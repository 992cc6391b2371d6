"""Every Qt item model of the contacts side passes qtmodeltester, and sorts on the row list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from netkeeper.services.contact_rows import ContactRow
from netkeeper.ui.contact_models import (
    COUNT_ROLE,
    ID_ROLE,
    TAG_ROLE,
    ContactColumn,
    ContactListModel,
    TagListModel,
    TrashModel,
)
from netkeeper.ui.widgets import NameListModel

ROWS = [
    ContactRow(1, "Zoë Adams", "Acme", "CTO", "2026-01-05 10:00:00", None, 0),
    ContactRow(2, "ahmed Bakr", "", "", None, "2026-03-01", 0),
    ContactRow(3, "Björn Ek", "Zeta", "", "2026-02-01 09:00:00", "2026-02-01", 0),
    ContactRow(4, "王小明", "北京大学", "", "2025-12-01 00:00:00", None, 0),
]


def _names(model: ContactListModel) -> list[str]:
    return [model.index(r, ContactColumn.NAME).data() for r in range(model.rowCount())]


def test_contact_list_model_passes_modeltester(qapp: Any, qtmodeltester: Any) -> None:
    model = ContactListModel(photo_loader=lambda _id: None, today=lambda: dt.date(2026, 2, 1))
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    for column in ContactColumn:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_contact_list_sorts_case_insensitively_with_empty_values_last(qapp: Any) -> None:
    model = ContactListModel(photo_loader=lambda _id: None)
    model.set_rows(ROWS)
    assert _names(model) == ["ahmed Bakr", "Björn Ek", "Zoë Adams", "王小明"]
    model.sort(ContactColumn.LAST_INTERACTION, Qt.SortOrder.DescendingOrder)
    assert _names(model) == ["Björn Ek", "Zoë Adams", "王小明", "ahmed Bakr"]
    model.sort(ContactColumn.NEXT_FOLLOW_UP, Qt.SortOrder.AscendingOrder)
    assert _names(model)[:2] == ["Björn Ek", "ahmed Bakr"]
    model.sort(ContactColumn.ORGANIZATION, Qt.SortOrder.DescendingOrder)
    assert _names(model)[-1] == "ahmed Bakr"  # no organisation: last either way
    # set_rows keeps the chosen sort
    model.set_rows(list(reversed(ROWS)))
    assert _names(model)[-1] == "ahmed Bakr"


def test_contact_list_cells_and_roles(qapp: Any) -> None:
    model = ContactListModel(photo_loader=lambda _id: None, today=lambda: dt.date(2026, 2, 1))
    model.set_rows(ROWS)
    row = model.row_of(3)
    assert row is not None
    assert model.index(row, ContactColumn.NAME).data(ID_ROLE) == 3
    assert model.index(row, ContactColumn.ORGANIZATION).data() == "Zeta"
    assert model.index(row, ContactColumn.NEXT_FOLLOW_UP).data()  # a formatted date
    due = model.index(row, ContactColumn.NEXT_FOLLOW_UP)
    assert due.data(Qt.ItemDataRole.FontRole).bold()  # due today: bold
    assert due.data(Qt.ItemDataRole.ToolTipRole) == "Due today"
    later = model.index(model.row_of(2) or 0, ContactColumn.NEXT_FOLLOW_UP)
    assert later.data(Qt.ItemDataRole.FontRole) is None
    icon = model.index(row, ContactColumn.NAME).data(Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()


def test_sort_keeps_selection_on_the_same_contacts(qtbot: Any) -> None:
    from PySide6.QtWidgets import QTableView

    model = ContactListModel(photo_loader=lambda _id: None)
    model.set_rows(ROWS)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(model.row_of(4) or 0)
    model.sort(ContactColumn.NAME, Qt.SortOrder.DescendingOrder)
    selected = [i.data(ID_ROLE) for i in view.selectionModel().selectedRows()]
    assert selected == [4]


def test_tag_model_passes_modeltester(qtmodeltester: Any) -> None:
    model = TagListModel()
    qtmodeltester.check(model)
    model.set_tags(10, [("mentors", 3), ("Conference 2026", 7)])
    qtmodeltester.check(model)
    assert model.index(0).data() == "All contacts"
    assert model.index(0).data(TAG_ROLE) is None
    assert model.index(0).data(COUNT_ROLE) == 10
    assert model.index(2).data(COUNT_ROLE) == 7
    assert model.row_of("conference 2026") == 2
    assert model.tag_names() == ["mentors", "Conference 2026"]


def test_trash_and_name_models_pass_modeltester(qtmodeltester: Any) -> None:
    trash = TrashModel()
    trash.set_rows([(5, "Ada", dt.datetime(2026, 11, 1, 12)), (6, "Bo", "2026-11-02 08:00:00")])
    qtmodeltester.check(trash)
    assert trash.index(1, 0).data(ID_ROLE) == 6
    names = NameListModel([(1, "Ada Lovelace", "Engines"), (2, "Bo", "")])
    qtmodeltester.check(names)
    assert names.index(0).data() == "Ada Lovelace (Engines)"
    assert names.index(1).data(Qt.ItemDataRole.UserRole) == 2


def test_the_contact_picker_finds_names_typed_without_accents(qtbot: Any) -> None:
    from netkeeper.ui.widgets import ContactPicker

    picker = ContactPicker(
        [(1, "José Müller", "Straßenbau AG"), (2, "Jose Smith", ""), (3, "Bo", "")]
    )
    qtbot.addWidget(picker)
    completer = picker.completer()
    shown = []
    for typed in ("muller", "strassenbau", "Müller", "jose"):
        completer.setCompletionPrefix(typed)
        shown.append(
            sorted(
                str(completer.completionModel().index(i, 0).data())
                for i in range(completer.completionCount())
            )
        )
    assert shown == [
        ["José Müller (Straßenbau AG)"],
        ["José Müller (Straßenbau AG)"],
        ["José Müller (Straßenbau AG)"],
        ["Jose Smith", "José Müller (Straßenbau AG)"],
    ]
    completer.setCompletionPrefix("muller")
    assert completer.pathFromIndex(completer.completionModel().index(0, 0)) == (
        "José Müller (Straßenbau AG)"
    ), "the line edit gets the name as shown, not the text matched"
    picker.setEditText("José Müller (Straßenbau AG)")
    assert picker.contact_id() == 1
