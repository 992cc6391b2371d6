"""Introductions: every introduction in the network, made and received, with its status.

One table over services.people.introductions.introductions(); a filter for
"open" (proposed, asked, agreed) ones; "Next step" takes a proposed
introduction one click further (ask A, ask B, introduce), and "Introduce…"
records a new one. The per-contact list is in the detail pane.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import name_index
from netkeeper.services.people import introductions as svc
from netkeeper.services.people.me import me_id
from netkeeper.ui.table_model import RowTableModel
from netkeeper.ui.widgets import ContactPicker

STATUS_TEXT = {
    "proposed": "Proposed — ask {a}",
    "asked": "{a} agreed — ask {b}",
    "agreed": "Both agreed — introduce them",
    "made": "Made",
}


def _name(person: dict[str, Any] | None, me: int | None) -> str:
    if person is None:
        return "—"
    return "You" if person["id"] == me else str(person["full_name"])


class IntroductionsView(QWidget):
    """Signals:
    contact_activated(int): open a person of the selected introduction."""

    contact_activated = Signal(int)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("IntroductionsView")
        self._me: int | None = None
        self.model = RowTableModel(
            [
                ("Date", lambda r: r["date"]),
                (
                    "Introduced",
                    lambda r: f"{_name(r['a'], self._me)} and {_name(r['b'], self._me)}",
                ),
                ("By", lambda r: "You" if r["by_me"] else _name(r["by"], self._me)),
                ("Status", self._status),
                ("Note", lambda r: r["note"]),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("introductionsTable")
        self.table.setAccessibleName("Introductions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        for column, width in ((0, 100), (1, 300), (2, 160), (3, 260)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.open_only = QCheckBox("Only &open ones (waiting for a step)")
        self.open_only.toggled.connect(self.refresh)
        self.summary = QLabel()
        self.empty = QLabel(
            "No introductions yet. Introduce two people who should know each other,"
            " or note who introduced you to someone (Introduce…)."
        )
        self.empty.setWordWrap(True)
        self.empty.setProperty("placeholder", True)
        self.new_button = QPushButton("&Introduce…")
        self.new_button.setAccessibleName("Record a new introduction")
        self.new_button.clicked.connect(self.introduce)
        self.step_button = QPushButton("&Next step")
        self.step_button.setAccessibleName("Take the selected introduction's next step")
        self.step_button.clicked.connect(self.next_step)
        top = QHBoxLayout()
        top.addWidget(self.open_only)
        top.addStretch(1)
        top.addWidget(self.summary)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.step_button)
        bottom.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.refresh()

    def _status(self, row: dict[str, Any]) -> str:
        return STATUS_TEXT[row["status"]].format(
            a=_name(row["a"], self._me), b=_name(row["b"], self._me)
        )

    def refresh(self) -> None:
        self._me = me_id()
        rows = svc.introductions()
        made = sum(r["status"] == "made" for r in rows)
        if self.open_only.isChecked():
            rows = [r for r in rows if r["status"] != "made"]
        self.model.set_rows(rows)
        self.summary.setText(f"{made} made · {len(svc.introductions()) - made} open")
        self.empty.setVisible(not rows and not self.open_only.isChecked())
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: Any) -> None:
        row = self.selected()
        status = row["status"] if row else "made"
        self.step_button.setEnabled(status != "made")
        if row and status != "made":
            text = svc.next_step(status, _name(row["a"], self._me), _name(row["b"], self._me))
            self.step_button.setToolTip(text or "")

    def next_step(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            status = svc.advance(int(row["id"]))
        except ServiceError as exc:
            QMessageBox.warning(self, "Introductions", str(exc))
            return
        self._changed(f"Introduction {row['id']}: {status}")

    def introduce(self) -> None:
        dialog = IntroduceDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed("Introduction recorded")

    def _changed(self, message: str) -> None:
        if self.window_ is not None and hasattr(self.window_, "notify_changed"):
            self.window_.statusBar().showMessage(message, 4000)
            self.window_.notify_changed()
        else:
            self.refresh()

    def _open(self, index: Any) -> None:
        row = self.model.row(index.row())
        other = row["b"] if row["a"]["id"] == self._me else row["a"]
        self.contact_activated.emit(int(other["id"]))


class IntroduceDialog(QDialog):
    """Record an introduction: I introduce A and B (now or proposed), or X introduced me to B."""

    def __init__(self, parent: QWidget | None, a: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Introduce")
        self.intro_id: int | None = None
        rows = name_index()
        self.mode = QComboBox()
        self.mode.setAccessibleName("Who made the introduction")
        self.mode.addItem("I introduce them to each other", "me")
        self.mode.addItem("I propose it (ask both first)", "proposed")
        self.mode.addItem("Someone introduced them, or me, to them", "other")
        self.a = ContactPicker(rows, "First person")
        self.a.set_contact(a)
        self.b = ContactPicker(rows, "Second person")
        self.by = ContactPicker(rows, "Introduced by")
        self.by_label = QLabel("&By:")
        self.by_label.setBuddy(self.by)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName("Date")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Why they should meet")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("&How:", self.mode)
        form.addRow("&Introduce:", self.a)
        form.addRow("&To:", self.b)
        form.addRow(self.by_label, self.by)
        form.addRow("&Date:", self.day)
        form.addRow("N&ote:", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        other = self.mode.currentData() == "other"
        self.by.setVisible(other)
        self.by_label.setVisible(other)

    def accept(self) -> None:
        a, b = self.a.contact_id(), self.b.contact_id()
        mode = self.mode.currentData()
        by = self.by.contact_id() if mode == "other" else None
        if a is None or b is None or (mode == "other" and by is None):
            self.error.setText("Pick the people from the lists (type part of a name).")
            self.error.show()
            return
        day = self.day.date().toPython()
        try:
            self.intro_id = svc.introduce(
                a,
                b,
                by=by,
                on=day if isinstance(day, dt.date) else None,
                note=self.note.text(),
                proposed=mode == "proposed",
            )
        except ServiceError as exc:
            self.error.setText(str(exc)[:1].upper() + str(exc)[1:])
            self.error.show()
            return
        super().accept()
