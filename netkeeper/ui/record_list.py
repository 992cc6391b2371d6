"""A list of records beside the chosen record's page: the shape of the Groups and Events views.

Both views are the same machine (a one-row-at-a-time list on the left, an empty state
or the record's page on the right, a New button, the choice kept across refreshes);
only the rows, the page and the dialogs differ, so those are what a view supplies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.ui.table_model import ROW_ID_ROLE, RowTableModel

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow


def record_table(name: str, model: RowTableModel, stretch: int = 0) -> QTableView:
    """A read-only table of whole rows; column `stretch` takes the spare width."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.setShowGrid(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        mode = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(
            column, QHeaderView.ResizeMode.Stretch if column == stretch else mode
        )
    return table


def selected_ids(table: QTableView) -> list[int]:
    return [int(i.data(ROW_ID_ROLE)) for i in table.selectionModel().selectedRows()]


def table_page(table: QTableView, *widgets: QWidget) -> QWidget:
    """A tab's page: the table, and its buttons in a row underneath."""
    page = QWidget()
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(table, 1)
    layout.addLayout(row)
    return page


class RecordPage(QWidget):
    """The chosen record: a heading and a line of facts, then what the subclass adds.

    Signals:
        changed(): the page wrote something through a service.
        contact_activated(int): open this contact.
    """

    changed = Signal()
    contact_activated = Signal(int)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.record_id: int | None = None
        self.title = QLabel()
        self.title.setObjectName(f"{name}Title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName(f"{name}Facts")
        self.facts.setWordWrap(True)

    def show_record(self, record_id: int | None) -> None:
        raise NotImplementedError

    def opens_contact(self, table: QTableView, model: RowTableModel) -> None:
        """Double-click (or Enter) on a row of people opens that contact."""
        table.doubleClicked.connect(
            lambda i: self.contact_activated.emit(int(model.row(i.row())["id"]))
        )

    def run(self, dialog: QDialog) -> bool:
        """Show a dialog that writes; say so when it did."""
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            return True
        return False


class RecordListView(QWidget):
    """The list of records and the chosen one's page (or the empty state).

    Subclasses give `rows()` (the list, in order), `new_dialog()` and `created`, the
    name of the dialog's attribute that holds the id of what it created.

    Signals:
        contact_activated(int): open this contact (the window listens).
    """

    contact_activated = Signal(int)
    created = "record_id"

    def __init__(
        self,
        window: MainWindow | None,
        *,
        name: str,
        columns: Sequence[tuple[str, Callable[[dict[str, Any]], Any]]],
        tooltip: Callable[[dict[str, Any]], str | None],
        page: RecordPage,
        new_text: str,
        empty_html: str,
        list_width: int,
    ) -> None:
        super().__init__()
        self.window_ = window
        self.list_model = RowTableModel(columns, self, tooltip=tooltip)
        self.list = record_table(name.capitalize() + "s", self.list_model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentRowChanged.connect(self._on_current)
        self.new_button = QPushButton(new_text)
        self.new_button.setObjectName("new" + name.capitalize())
        self.new_button.clicked.connect(self.new_record)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.new_button)

        self.page = page
        self.page.changed.connect(self._changed)
        self.page.contact_activated.connect(self.contact_activated)
        self.empty = QLabel(empty_html)
        self.empty.setObjectName(f"{name}sEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([list_width, 1120 - list_width])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    def rows(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def new_dialog(self) -> QDialog:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload the list, keeping the chosen record, and its page."""
        keep = self.current_id()
        rows = self.rows()
        self.list_model.set_rows(rows)
        if not rows:
            self.right.setCurrentWidget(self.empty)
            self.page.record_id = None
            return
        ids = [r["id"] for r in rows]
        row = ids.index(keep) if keep in ids else 0
        selection = self.list.selectionModel()
        selection.blockSignals(True)  # one page load below, not one per signal
        self.list.selectRow(row)
        self.list.setCurrentIndex(self.list_model.index(row, 0))
        selection.blockSignals(False)
        self.right.setCurrentWidget(self.page)
        self.page.show_record(ids[row])

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return self.page.record_id
        return int(self.list_model.row(index.row())["id"])

    def select_id(self, record_id: int) -> None:
        for i, r in enumerate(self.list_model.rows()):
            if r["id"] == record_id:
                self.list.selectRow(i)
                self.list.setCurrentIndex(self.list_model.index(i, 0))
                return

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.page.show_record(int(self.list_model.row(current.row())["id"]))

    def new_record(self) -> None:
        dialog = self.new_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            created = getattr(dialog, self.created, None)
            if created is not None:
                self._changed()
                self.select_id(int(created))

    def _changed(self) -> None:
        if self.window_ is not None:
            self.window_.notify_changed()
        else:
            self.refresh()
