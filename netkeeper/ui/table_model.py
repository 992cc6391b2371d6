"""The part every NetKeeper table model shares: a fixed row of column titles.

Each model (contacts, trash, timeline, reminders, duplicates, import review)
is a thin adapter over a Python list; only how rows and cells are read differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_ROOT = QModelIndex()


class HeaderedTableModel(QAbstractTableModel):
    """A flat table whose columns are `headers`; subclasses provide rowCount and data."""

    headers: Sequence[str] = ()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 40


class RowTableModel(HeaderedTableModel):
    """A table over a list of dicts: each column is a title and a function of the row.

    For the small lists of the group and event pages (members, meetings,
    commitments, people met). `id_key` names the field returned for ROW_ID_ROLE.
    """

    def __init__(
        self,
        columns: Sequence[tuple[str, Any]],
        parent: Any = None,
        *,
        id_key: str = "id",
        tooltip: Any = None,
    ) -> None:
        super().__init__(parent)
        self.headers = [title for title, _ in columns]
        self._getters = [getter for _, getter in columns]
        self._rows: list[dict[str, Any]] = []
        self._id_key = id_key
        self._tooltip = tooltip

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        return self._rows[index]

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = self._getters[index.column()](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(row)
        if role == ROW_ID_ROLE:
            return row.get(self._id_key)
        return None
