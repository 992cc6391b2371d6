"""The conflicts sync found: a field changed here and on the server, side by side.

Each row offers "keep mine", "keep the server's" and "keep both"; the choice is
written at once (services.sync.engine.resolve_conflict) and the next sync sends
it. Nothing was lost while the conflict waited: the contact kept its value here,
the server kept its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.sync import state
from netkeeper.services.sync.cards import FIELD_WORDS, describe
from netkeeper.services.sync.engine import resolve_conflict


class ConflictsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync conflicts")
        self.setObjectName("syncConflictsDialog")
        self.resize(760, 360)
        self.resolved = 0
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            "These fields were changed here and on the server since the last sync."
            " Until you choose, each side keeps its own value."
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("syncConflicts")
        self.table.setHorizontalHeaderLabels(["Contact", "Field", "Here (mine)", "On the server"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.mine = QPushButton("Keep &mine")
        self.server = QPushButton("Keep the &server's")
        self.both = QPushButton("Keep &both")
        for button, keep in ((self.mine, "mine"), (self.server, "server"), (self.both, "both")):
            button.clicked.connect(lambda _=False, k=keep: self.resolve(k))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.empty = QLabel("No conflicts: everything is in step.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        self.load()

    def load(self) -> None:
        acc = state.account()
        self.rows = state.open_conflicts(acc.id) if acc is not None else []
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (
                r.name,
                FIELD_WORDS.get(r.field, r.field),
                describe(r.field, r.mine),
                describe(r.field, r.server),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        has = bool(self.rows)
        self.table.setVisible(has)
        self.intro.setVisible(has)
        self.empty.setVisible(not has)
        if has:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        ok = bool(self.table.selectionModel().selectedRows())
        for b in (self.mine, self.server, self.both):
            b.setEnabled(ok)

    def resolve(self, keep: str) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return
        row = self.rows[selected[0].row()]
        resolve_conflict(row.id, keep)
        self.resolved += 1
        self.load()
