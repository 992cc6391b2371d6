"""The Duplicates view: contacts that look like the same person, most certain first.

The search runs when the view is first shown and after a change while it is
shown (the main window defers refreshes of hidden views), in a worker thread
behind a cancellable progress dialog: at 50,000 contacts it takes about a
second (bench/dedupe.py), fine on demand and wasteful at start-up.
Merge opens the field-by-field merge dialog.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.dedupe import (
    Cancelled,
    Pair,
    dismiss,
    find_duplicates,
    undismiss,
    unmerge,
)
from netkeeper.ui.merge_dialog import MergeDialog
from netkeeper.ui.table_model import HeaderedTableModel
from netkeeper.ui.widgets import counted
from netkeeper.ui.workers import run_with_progress

LIMIT = 2000  # more pairs than anyone reviews in one sitting
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
PairRole = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    FIRST = 0
    SECOND = 1
    WHY = 2
    SCORE = 3


HEADERS = ("Contact", "Looks like", "Why", "Certainty")


class DuplicatesModel(HeaderedTableModel):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pairs: list[Pair] = []

    def set_pairs(self, pairs: list[Pair]) -> None:
        self.beginResetModel()
        self._pairs = list(pairs)
        self.endResetModel()

    def pair(self, row: int) -> Pair:
        return self._pairs[row]

    def row_of(self, ids: tuple[int, int]) -> int | None:
        return next((r for r, p in enumerate(self._pairs) if (p.a, p.b) == ids), None)

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(_ROOT, row, row)
        del self._pairs[row]
        self.endRemoveRows()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._pairs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._pairs)):
            return None
        p = self._pairs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.FIRST:
                return p.a_name
            if col == Column.SECOND:
                return p.b_name
            if col == Column.WHY:
                return "; ".join(p.reasons)
            if col == Column.SCORE:
                return f"{p.score}%"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{p.a_name} looks like {p.b_name}: {'; '.join(p.reasons)}"
        if role == PairRole:
            return (p.a, p.b)
        return None


class _Table(QTableView):
    merge_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.merge_requested.emit()
            return
        super().keyPressEvent(event)


class DuplicatesView(QWidget):
    """Signals: contact_activated(int) — open this contact."""

    contact_activated = Signal(int)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("DuplicatesView")
        self.model = DuplicatesModel(self)
        self.table = _Table()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list instead of walking its cells
        self.table.setObjectName("duplicatesTable")
        self.table.setAccessibleName("Likely duplicates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.WHY, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(Column.FIRST, 240)
        self.table.setColumnWidth(Column.SECOND, 240)
        self.table.doubleClicked.connect(lambda _i: self.merge_selected())
        self.table.merge_requested.connect(self.merge_selected)

        self.summary = QLabel()
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.setAccessibleName("Merge the selected pair")
        self.open_first = QPushButton("Open C&ontact")
        self.open_first.setAccessibleName("Open the first contact of the pair")
        self.open_second = QPushButton("Open &Look-alike")
        self.open_second.setAccessibleName("Open the second contact of the pair")
        self.dismiss_button = QPushButton("&Not the Same Person")
        self.dismiss_button.setAccessibleName("The selected pair are two different people")
        self.dismiss_button.setToolTip("Stop offering this pair (undo in the status bar)")
        self.find_button = QPushButton("Find A&gain")
        self.find_button.setAccessibleName("Search for duplicates again")
        self.merge_button.clicked.connect(self.merge_selected)
        self.open_first.clicked.connect(lambda: self._open(0))
        self.open_second.clicked.connect(lambda: self._open(1))
        self.find_button.clicked.connect(self.refresh)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for b in (
            self.find_button,
            self.open_first,
            self.open_second,
            self.dismiss_button,
            self.merge_button,
        ):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Contacts that share an email or phone number, or have very similar names. "
            "Merging keeps both sides' details and history."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.loaded = False
        self._busy = False
        self._again = False
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        """Search on first show, not at start-up: most sessions never open this view."""
        super().showEvent(event)
        if not self.loaded:
            QTimer.singleShot(0, self.refresh)  # after the view has painted

    def refresh(self) -> None:
        """Search again, off the UI thread (about a second at 50,000 contacts), cancellable."""
        if self._busy:
            self._again = True  # changed during the search: search once more after it
            return
        self._again = False
        self._busy = True
        chosen = self.current_pair()
        try:
            done = run_with_progress(
                self.window_ if isinstance(self.window_, QWidget) else self,
                "Looking for likely duplicates…",
                lambda _progress, cancel: find_duplicates(cancel=cancel),
            )
        finally:
            self._busy = False
        self.loaded = True
        if self._again:
            QTimer.singleShot(0, self.refresh)
        if not done.ok:
            if done.error is not None and not isinstance(done.error, Cancelled):
                self.summary.setText(f"The search failed: {done.error}")
            else:
                self.summary.setText("Search cancelled; press Find Again to search.")
            return
        pairs: list[Pair] = done.value
        self.model.set_pairs(pairs[:LIMIT])
        if not pairs:
            self.summary.setText("No likely duplicates.")
        elif len(pairs) > LIMIT:
            self.summary.setText(
                f"Showing the {LIMIT:,} most certain of {len(pairs):,} likely duplicate pairs."
            )
        else:
            self.summary.setText(f"{counted(len(pairs), 'likely duplicate pair')}.")
        if self.model.rowCount():
            # The pair the user was on stays selected (the list is re-searched after
            # every change, including changes made elsewhere); else the most certain.
            row = self.model.row_of((chosen[0], chosen[1])) if chosen else None
            self.table.setCurrentIndex(self.model.index(row or 0, 0))
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        has = self.current_pair() is not None
        for b in (self.merge_button, self.open_first, self.open_second, self.dismiss_button):
            b.setEnabled(has)

    def current_pair(self) -> tuple[int, int] | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        pair = self.model.pair(index.row())
        return pair.a, pair.b

    def _open(self, which: int) -> None:
        pair = self.current_pair()
        if pair is not None:
            self.contact_activated.emit(pair[which])

    def dismiss_selected(self) -> None:
        """The pair are different people: drop it from the list and remember that."""
        pair = self.current_pair()
        if pair is None:
            return
        row = self.table.currentIndex().row()
        dismiss(*pair)
        self.model.remove_row(row)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self._update_buttons()
        show_undo = getattr(self.window_, "show_undo", None)
        if show_undo is not None:
            show_undo("They will not be offered as duplicates again", lambda: undismiss(*pair))

    def merge_selected(self) -> int | None:
        """Open the merge dialog for the selected pair; returns the kept id when merged."""
        pair = self.current_pair()
        if pair is None:
            return None
        row = self.table.currentIndex().row()
        dialog = self.make_merge_dialog(*pair)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        kept, undo = dialog.kept_id, dialog.undo
        notify = getattr(self.window_, "notify_changed", None)
        if notify is not None:
            notify()
        else:
            self.refresh()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        show_undo = getattr(self.window_, "show_undo", None)
        if show_undo is not None and undo is not None:
            # The window runs the undo, then emits data_changed itself.
            show_undo("Merged; the other contact is in the Trash", lambda: unmerge(undo))
        return kept

    def make_merge_dialog(self, first: int, second: int) -> MergeDialog:
        return MergeDialog(first, second, self)
