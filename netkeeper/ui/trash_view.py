"""The Trash: contacts deleted in the last 30 days, with Restore.

Deleting only marks a contact (services.contacts.delete_contacts), so restoring
gives back everything: fields, tags, interactions and reminders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.contacts import TRASH_DAYS, restore_contacts, trash
from netkeeper.ui.contact_models import ID_ROLE, TrashModel
from netkeeper.ui.keep_place import kept_place

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow


class _TrashTable(QTableView):
    """Return restores the selection, as double-click does (the other lists act on Return too)."""

    def __init__(self, on_return: Callable[[], None]) -> None:
        super().__init__()
        self._on_return = on_return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_return()
            return
        super().keyPressEvent(event)


class TrashView(QWidget):
    """Lists trashed contacts, newest first; Restore brings the selected ones back."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.model = TrashModel(self)
        self.table = _TrashTable(self.restore_selected)
        self.table.setObjectName("trashTable")
        self.table.setAccessibleName("Contacts in the trash")
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        info = QLabel(
            f"Deleted contacts stay here for {TRASH_DAYS} days, with their interactions and "
            "reminders, then are removed for good."
        )
        info.setWordWrap(True)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setAccessibleName("Restore selected contacts")
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty = QLabel("The trash is empty.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        bar.addWidget(info, 1)
        bar.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        self.refresh()

    def refresh(self) -> None:
        """Reload the trash, keeping the selected contacts and the scroll position."""
        with kept_place(self.table, self.model.id_at, self.model.row_of):
            self.model.set_rows(trash())
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        self.restore_button.setEnabled(bool(self.selected_ids()))

    def selected_ids(self) -> list[int]:
        return [int(i.data(ID_ROLE)) for i in self.table.selectionModel().selectedRows()]

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        restored = restore_contacts(ids)
        self.window_.notify_changed()
        noun = "contact" if restored == 1 else "contacts"
        self.window_.statusBar().showMessage(f"Restored {restored} {noun}", 5000)
