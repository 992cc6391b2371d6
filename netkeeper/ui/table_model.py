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
