"""The sync log: one row per run (kept 90 days), and what it changed on which side."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.sync import state
from netkeeper.wording import counted

SIDES = {"here": "here", "server": "on the server", "both": "both sides"}


def _counts(doc: dict[str, Any]) -> str:
    p, s = doc.get("pulled", {}), doc.get("pushed", {})

    def part(c: dict[str, int]) -> str:
        bits = [
            f"{c.get(k, 0)} {w}" for k, w in (("created", "new"), ("updated", "changed"),
                                             ("deleted", "deleted")) if c.get(k, 0)
        ]  # fmt: skip
        return ", ".join(bits) or "nothing"

    text = f"here: {part(p)} · server: {part(s)}"
    if doc.get("conflicts"):
        text += f" · {counted(len(doc['conflicts']), 'conflict')}"
    return text


RESULTS = {
    "ok": "done",
    "offline": "offline",
    "auth": "password refused",
    "busy": "server busy",
    "blocked": "stopped: many deletions",
    "failed": "failed",
    "cancelled": "cancelled",
}


def _when(stamp: str) -> str:
    """A log time (stored in UTC) in this computer's time zone."""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp[:16]
    return f"{when.replace(tzinfo=dt.UTC).astimezone():%Y-%m-%d %H:%M}"


class SyncLogDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync log")
        self.setObjectName("syncLogDialog")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("syncRuns")
        self.table.setHorizontalHeaderLabels(["When", "Result", "Changes"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        splitter.addWidget(self.table)
        self.details = QListWidget()
        self.details.setObjectName("syncRunDetails")
        splitter.addWidget(self.details)
        layout.addWidget(splitter)
        self.empty = QLabel("No sync has run yet.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.entries = state.log_entries(500)
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            result = RESULTS.get(e["status"], e["status"])
            for j, text in enumerate((_when(e["started_at"]), result, _counts(e))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self.entries)
        splitter.setVisible(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)

    def _show_details(self) -> None:
        self.details.clear()
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        e = self.entries[rows[0].row()]
        for err in e.get("errors", []):
            self.details.addItem(f"⚠ {err}")
        for note in e.get("notices", []):
            self.details.addItem(f"ℹ {note}")
        for c in e.get("changes", []):
            side = SIDES.get(c.get("side", ""), c.get("side", ""))
            detail = f" ({c['detail']})" if c.get("detail") else ""
            self.details.addItem(f"{c.get('name') or '?'}: {c.get('action')} {side}{detail}")
        if not self.details.count():
            self.details.addItem("Nothing changed on either side.")
