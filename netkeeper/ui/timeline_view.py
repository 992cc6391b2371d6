"""The Timeline view: every interaction, newest first, grouped by day, with filters.

Filters (kind, contact, tag, date range) are applied in SQL by the timeline
service, and the model fetches a page at a time, so the view stays quick over
half a million interactions. Enter or a double-click opens the first person
of the interaction; "Log Interaction…" reuses the window's action (Ctrl+L).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.model.db import db
from netkeeper.model.tables import INTERACTION_KINDS
from netkeeper.services import NotFound
from netkeeper.services.contact_rows import name_index
from netkeeper.services.tags import tag_counts
from netkeeper.ui.keep_place import kept_place
from netkeeper.ui.log_dialog import delete_with_undo, edit_interaction, log_for
from netkeeper.ui.timeline_model import (
    Column,
    ContactIdsRole,
    FirstOfDayRole,
    InteractionIdRole,
    TimelineFilter,
    TimelineModel,
)
from netkeeper.ui.widgets import ContactPicker


class _DayDelegate(QStyledItemDelegate):
    """Draws a rule above the first interaction of each day, so days read as groups."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        if index.row() > 0 and index.data(FirstOfDayRole):
            painter.save()
            painter.setPen(option.palette.mid().color())
            rect = option.rect
            painter.drawLine(rect.topLeft(), rect.topRight())
            painter.restore()


class _Table(QTableView):
    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class TimelineView(QWidget):
    """Signals: contact_activated(int) — open this contact."""

    contact_activated = Signal(int)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("TimelineView")
        self._loading = True  # no filtering while the widgets are being built
        self.model = TimelineModel(self)
        self.model.rowsInserted.connect(self._update_count)

        self.kind = QComboBox()
        self.kind.setAccessibleName("Filter by kind")
        self.kind.addItem("All kinds", None)
        for kind in INTERACTION_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Filter by tag")
        self.picker_box = QHBoxLayout()
        self.picker = self._new_picker([])  # names arrive on first show (start-up stays fast)
        self._names_key: tuple[Any, ...] | None = None
        self._loaded = False
        self.from_check = QCheckBox("Fro&m")
        self.from_check.setAccessibleName("Filter from a date")
        self.from_date = QDateEdit(QDate.currentDate().addMonths(-1))
        self.from_date.setAccessibleName("First day")
        self.to_check = QCheckBox("&To")
        self.to_check.setAccessibleName("Filter up to a date")
        self.to_date = QDateEdit(QDate.currentDate())
        self.to_date.setAccessibleName("Last day")
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.clear_button = QPushButton("Clea&r")
        self.clear_button.setAccessibleName("Clear filters")
        self.log_button = QPushButton("&Log Interaction…")
        self.log_button.setAccessibleName("Log interaction")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setAccessibleName("Edit the selected interaction")
        self.edit_button.setToolTip("Change its date, kind, people or note (F2)")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName("Delete the selected interaction")
        self.delete_button.setToolTip("Delete it (Delete); Undo brings it back")
        # F2 and Delete while this view is shown; the window hands them over from the
        # Contact menu (MainWindow._route_shortcuts), so they never reach a contact.
        self.edit_action = QAction("&Edit Interaction…", self)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.delete_action = QAction("&Delete Interaction", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.open_action = QAction("&Open Contact", self)
        for action in (self.edit_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.open_action.triggered.connect(lambda: self.open_row(self.table.currentIndex().row()))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.count = QLabel()

        self.table: _Table = _Table()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list instead of walking its cells
        self.table.setObjectName("timelineTable")
        self.table.setAccessibleName("Timeline")
        self.table.setModel(self.model)
        self.table.setItemDelegate(_DayDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.DAY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(Column.DAY, 220)
        self.table.setColumnWidth(Column.TIME, 70)
        self.table.setColumnWidth(Column.KIND, 90)
        self.table.setColumnWidth(Column.WITH, 260)

        bar = QHBoxLayout()
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind)
        self.contact_label = QLabel("Co&ntact:")
        self.contact_label.setBuddy(self.picker)
        tag_label = QLabel("T&ag:")
        tag_label.setBuddy(self.tag)
        bar.addWidget(kind_label)
        bar.addWidget(self.kind)
        bar.addWidget(self.contact_label)
        bar.addLayout(self.picker_box, 2)
        bar.addWidget(tag_label)
        bar.addWidget(self.tag, 1)
        bar.addWidget(self.from_check)
        bar.addWidget(self.from_date)
        bar.addWidget(self.to_check)
        bar.addWidget(self.to_date)
        bar.addWidget(self.clear_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.tag.currentIndexChanged.connect(self.apply_filter)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self.apply_filter)
            edit.dateChanged.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        self.log_button.clicked.connect(self._log)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.activated_row.connect(self.open_row)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self._set_tab_order()
        self._update_actions()
        self._loading = False

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first show: the window builds every view at start-up, most stay unseen."""
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def _set_tab_order(self) -> None:
        """Filters left to right, then the list, then the Log button."""
        order = [
            self.kind,
            self.picker,
            self.tag,
            self.from_check,
            self.from_date,
            self.to_check,
            self.to_date,
            self.clear_button,
            self.table,
            self.edit_button,
            self.delete_button,
            self.log_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _new_picker(self, rows: list[tuple[int, str, str]]) -> ContactPicker:
        picker = ContactPicker(rows, "Filter by contact")
        edit = picker.lineEdit()
        assert edit is not None  # an editable combo box always has one
        edit.setPlaceholderText("Anyone — type a name")
        picker.currentIndexChanged.connect(self.apply_filter)
        edit.editingFinished.connect(self.apply_filter)
        self.picker_box.addWidget(picker)
        return picker

    def _fill_tags(self) -> None:
        current = self.tag.currentData()
        self._loading = True
        self.tag.clear()
        self.tag.addItem("All tags", None)
        for name, count in tag_counts():
            self.tag.addItem(f"{name} ({count})", name)
        index = self.tag.findData(current)
        self.tag.setCurrentIndex(max(0, index))
        self._loading = False

    def current_filter(self) -> TimelineFilter:
        kind = self.kind.currentData()
        return TimelineFilter(
            kinds=[kind] if kind else [],
            contact_id=self.picker.contact_id(),
            tag=self.tag.currentData(),
            first_day=self.from_date.date().toPython() if self.from_check.isChecked() else None,  # type: ignore[arg-type]
            last_day=self.to_date.date().toPython() if self.to_check.isChecked() else None,  # type: ignore[arg-type]
        )

    def apply_filter(self, *_args: Any) -> None:
        if self._loading or not self._loaded:
            return
        flt = self.current_filter()
        if flt != self.model.filter or not self.model.rowCount():
            self.model.set_filter(flt)
        self._update_count()

    def clear_filters(self) -> None:
        self._loading = True
        self.kind.setCurrentIndex(0)
        self.tag.setCurrentIndex(0)
        self.picker.setCurrentIndex(0)
        self.picker.clearEditText()
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self._loading = False
        self.apply_filter()

    def show_contact(self, contact_id: int) -> None:
        """Filter the timeline to one person (used from the contact's detail pane)."""
        if not self._loaded:
            self.refresh()
        self.picker.set_contact(contact_id)
        self.apply_filter()

    def set_day_range(self, first: dt.date | None, last: dt.date | None) -> None:
        if not self._loaded:
            self.refresh()
        self._loading = True
        self.from_check.setChecked(first is not None)
        self.to_check.setChecked(last is not None)
        if first is not None:
            self.from_date.setDate(QDate(first.year, first.month, first.day))
        if last is not None:
            self.to_date.setDate(QDate(last.year, last.month, last.day))
        self._loading = False
        self.apply_filter()

    def _update_count(self, *_args: Any) -> None:
        n = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        noun = "interaction" if n == 1 else "interactions"
        if n:
            self.count.setText(f"{n:,}{more} {noun} shown")
        elif self.model.filter == TimelineFilter():  # nothing filtered out: nothing logged yet
            self.count.setText("No interactions yet. Log one with Ctrl+L.")
        else:
            self.count.setText("No interactions match")

    def refresh(self) -> None:
        """Data changed: reload names (when they changed), tags and the rows.

        The user's place survives it: the selected interaction, the row on top, as many
        rows as were loaded by scrolling, and a contact name half typed into the filter.
        """
        self._loaded = True
        key = tuple(
            db.execute_sql(
                "SELECT count(*), max(id), max(updated_at) FROM contact WHERE deleted_at IS NULL"
            ).fetchone()
        )
        if key != self._names_key:  # 50,000 names take ~140 ms to load: only when needed
            self._names_key = key
            self._replace_picker()
        self._fill_tags()
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_filter(flt)
        else:
            with kept_place(self.table, self._id_at_row, self.model.row_of):
                self.model.reload(at_least=self.model.rowCount())
        self._update_count()

    def _id_at_row(self, row: int) -> int:
        return int(self.model.row(row)["id"])

    def _replace_picker(self) -> None:
        """A new picker over the current names, keeping what was chosen or being typed."""
        contact = self.picker.contact_id()
        old = self.picker
        old_edit = old.lineEdit()
        typed = old_edit.text() if old_edit is not None else ""
        cursor = old_edit.cursorPosition() if old_edit is not None else 0
        focused = old_edit is not None and old_edit.hasFocus()
        self.picker = self._new_picker(name_index())
        self.picker_box.replaceWidget(old, self.picker)
        old.hide()
        old.deleteLater()
        self.contact_label.setBuddy(self.picker)
        self._set_tab_order()
        self._loading = True
        self.picker.set_contact(contact)
        edit = self.picker.lineEdit()
        if edit is not None and edit.text() != typed:
            edit.setText(typed)  # unfinished typing is the user's, not ours to drop
            edit.setCursorPosition(cursor)
        if focused:
            self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        self._loading = False

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            ids = self.model.index(row, 0).data(ContactIdsRole) or []
            if ids:
                self.contact_activated.emit(int(ids[0]))

    # --- editing and deleting the selected interaction --------------------------------------

    def selected_interaction(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(InteractionIdRole)
        return int(value) if value is not None else None

    def _update_actions(self, *_args: Any) -> None:
        has = self.selected_interaction() is not None
        for widget in (self.edit_button, self.delete_button, self.edit_action, self.delete_action):
            widget.setEnabled(has)

    def edit_selected(self) -> None:
        """F2 / Edit…: correct the selected interaction (date, kind, people, note)."""
        iid = self.selected_interaction()
        if iid is None:
            return
        row = self.table.currentIndex().row()
        if edit_interaction(self.window_, iid):
            if self.window_ is None:
                self.refresh()
            self._select_interaction(iid, row)

    def delete_selected(self) -> None:
        """Delete: remove the selected interaction at once; the status bar offers Undo."""
        iid = self.selected_interaction()
        if iid is None:
            return
        row = self.table.currentIndex().row()
        with contextlib.suppress(NotFound):
            delete_with_undo(self.window_, iid)
        if self.window_ is None:
            self.refresh()
        if self.model.rowCount():  # the next one takes its place: Delete, Delete, …
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))

    def _select_interaction(self, iid: int, fallback: int) -> None:
        for r in range(self.model.rowCount()):
            if self.model.index(r, 0).data(InteractionIdRole) == iid:
                self.table.selectRow(r)
                return
        if self.model.rowCount():
            self.table.selectRow(min(max(fallback, 0), self.model.rowCount() - 1))

    def _context_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addAction(self.open_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _log(self) -> None:
        """Log an interaction, with the person the timeline is filtered to already in it."""
        contact = self.picker.contact_id()
        if log_for(self.window_, [contact] if contact else []) and self.window_ is None:
            self.refresh()
