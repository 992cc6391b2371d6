"""The Reminders view: Overdue, Today and Upcoming (next 30 days), each a small table.

Three tables rather than one tree because each section is a plain list the
user acts on (done, snooze, reschedule, open), and a flat QTableView gives
row selection, keyboard navigation and screen-reader names for free.
Sections follow the *effective* due date (a snoozed reminder moves), and all
the rules (recurring reminders advancing when done) live in the reminders
service; this view only gathers a click and calls it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.model.db import db
from netkeeper.services import reminders as svc
from netkeeper.ui.log_dialog import log_for

UPCOMING_DAYS = 30
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ReminderIdRole = Qt.ItemDataRole.UserRole + 1
ContactIdRole = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    DUE = 0
    CONTACT = 1
    NOTE = 2
    REPEATS = 3


HEADERS = ("Due", "Contact", "Note", "Repeats")


class RemindersModel(QAbstractTableModel):
    """A list of reminder documents (services.reminders.open_reminders)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._locale = QLocale()
        self.today = dt.date.today()

    def set_rows(self, rows: list[dict[str, Any]], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.today = today
        self.endResetModel()

    def row(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def _due_text(self, doc: dict[str, Any]) -> str:
        due = dt.date.fromisoformat(doc["effective_due"])
        # Day and abbreviated month in the user's language: unambiguous in every locale.
        text = self._locale.toString(QDate(due.year, due.month, due.day), "ddd d MMM yyyy")
        days = (due - self.today).days
        if days < 0:
            return f"{text} ({-days} d overdue)"
        if days == 0:
            return f"{text} (today)"
        return f"{text} (in {days} d)"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        doc = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.DUE:
                return self._due_text(doc)
            if col == Column.CONTACT:
                return doc["contact"]
            if col == Column.NOTE:
                return doc["note"]
            if col == Column.REPEATS:
                return f"every {doc['every']}" if doc["every"] else ""
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.DUE and doc["snoozed_until"]:
            return f"Snoozed until {doc['snoozed_until']} (due {doc['due']})"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{doc['contact']}: {doc['note'] or 'follow up'}, due {self._due_text(doc)}"
        if role == ReminderIdRole:
            return int(doc["id"])
        if role == ContactIdRole:
            return int(doc["contact_id"])
        return None


def sections(
    docs: list[dict[str, Any]], today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Split open reminders into (overdue, today, upcoming within UPCOMING_DAYS)."""
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    overdue, due_today, upcoming = [], [], []
    for doc in docs:
        due = dt.date.fromisoformat(doc["effective_due"])
        if due < today:
            overdue.append(doc)
        elif due == today:
            due_today.append(doc)
        elif due <= horizon:
            upcoming.append(doc)
    return overdue, due_today, upcoming


class PickDateDialog(QDialog):
    """A calendar to choose the day a reminder snoozes to or is rescheduled to."""

    def __init__(self, title: str, start: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName(title)
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def date(self) -> dt.date:
        return cast(dt.date, self.calendar.selectedDate().toPython())


class _Table(QTableView):
    open_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class RemindersView(QWidget):
    """Signals: contact_activated(int) — open this contact.

    `pick_date` is how the view asks for a date (a calendar dialog); tests
    replace it with a function returning a fixed date.
    """

    contact_activated = Signal(int)

    def __init__(self, window: Any = None, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("RemindersView")
        self._today = today
        self.pick_date: Callable[[str, dt.date], dt.date | None] = self._pick_date
        self.models = {key: RemindersModel(self) for key in ("overdue", "today", "upcoming")}
        self.tables: dict[str, _Table] = {}
        self.titles: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        for key, title in (
            ("overdue", "Overdue"),
            ("today", "Today"),
            ("upcoming", f"Upcoming (next {UPCOMING_DAYS} days)"),
        ):
            label = QLabel(f"<b>{title}</b>")
            label.setProperty("sectionTitle", title)
            table = _Table()
            table.setObjectName(f"reminders_{key}")
            table.setAccessibleName(f"{title} reminders")
            table.setModel(self.models[key])
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.setShowGrid(False)
            table.setAlternatingRowColors(True)
            header = table.horizontalHeader()
            header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
            table.setWordWrap(False)
            table.setColumnWidth(Column.DUE, 230)
            table.setColumnWidth(Column.CONTACT, 240)
            header.setSectionResizeMode(Column.REPEATS, QHeaderView.ResizeMode.ResizeToContents)
            table.doubleClicked.connect(self.open_contact)
            table.open_requested.connect(self.open_contact)
            table.selectionModel().selectionChanged.connect(lambda *_a, t=table: self._focus(t))
            label.setBuddy(table)
            self.tables[key] = table
            self.titles[key] = label
            layout.addWidget(label)
            layout.addWidget(table, 3 if key == "upcoming" else 2)

        self.done_button = QPushButton("&Done")
        self.done_button.setAccessibleName("Mark selected reminders done")
        self.done_button.setToolTip(
            "Mark done (Ctrl+D); a repeating reminder moves to its next date"
        )
        self.snooze_button = QToolButton()
        self.snooze_button.setText("&Snooze")
        self.snooze_button.setAccessibleName("Snooze selected reminders")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        menu.addAction("1 day", lambda: self.snooze_days(1))
        menu.addAction("1 week", lambda: self.snooze_days(7))
        menu.addAction("Pick a date…", self.snooze_to_picked)
        self.snooze_button.setMenu(menu)
        self.reschedule_button = QPushButton("&Reschedule…")
        self.reschedule_button.setAccessibleName("Reschedule selected reminders")
        self.log_button = QPushButton("&Log Interaction…")
        self.log_button.setAccessibleName("Log an interaction with the selected reminder's contact")
        self.open_button = QPushButton("&Open Contact")
        self.open_button.setAccessibleName("Open the contact of the selected reminder")
        self.summary = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for b in (
            self.done_button,
            self.snooze_button,
            self.reschedule_button,
            self.log_button,
            self.open_button,
        ):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.done_button.clicked.connect(self.mark_done)
        self.reschedule_button.clicked.connect(self.reschedule_picked)
        self.open_button.clicked.connect(self.open_contact)
        self.log_button.clicked.connect(self.log_interaction)
        done = QShortcut(QKeySequence("Ctrl+D"), self, self.mark_done)
        # Only while focus is in this view: other views may use Ctrl+D for their own work.
        done.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._current: _Table = self.tables["overdue"]
        self._loaded = False
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first show: the window builds every view at start-up, most stay unseen."""
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self._loaded = True
        today = self._today()
        parts = sections(svc.open_reminders(), today)
        for (key, model), rows in zip(self.models.items(), parts, strict=True):
            model.set_rows(rows, today)
            base = self.titles[key].property("sectionTitle")
            self.titles[key].setText(f"<b>{base}</b> ({len(rows)})")
            self.tables[key].setVisible(True)
        if not self.selected_ids():
            # Start on the most pressing reminder, so Done/Snooze work from the keyboard at once.
            for key, rows in zip(self.models, parts, strict=True):
                if rows:
                    self.select(key, 0, focus=False)
                    break
        n_over, n_today, n_up = (len(p) for p in parts)
        self.summary.setText(f"{n_over} overdue · {n_today} today · {n_up} upcoming")
        self._update_buttons()

    def _focus(self, table: _Table) -> None:
        self._current = table
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self.selected_ids())
        for b in (
            self.done_button,
            self.snooze_button,
            self.reschedule_button,
            self.log_button,
            self.open_button,
        ):
            b.setEnabled(has)

    def selected_rows(self) -> list[dict[str, Any]]:
        """The selected reminders of the table the user last worked in."""
        table = self._current
        model = table.model()
        assert isinstance(model, RemindersModel)
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
        if not rows and table.currentIndex().isValid() and table.hasFocus():
            rows = [table.currentIndex().row()]
        return [model.row(r) for r in rows if r < model.rowCount()]

    def selected_ids(self) -> list[int]:
        return [int(d["id"]) for d in self.selected_rows()]

    def select(self, key: str, row: int, *, focus: bool = True) -> None:
        """Select one row of a section (keyboard users and tests)."""
        table = self.tables[key]
        if focus:
            table.setFocus()
        index = table.model().index(row, 0)
        # Explicit flags: selectRow() would honour a modifier key still held (Ctrl toggles).
        flags = QItemSelectionModel.SelectionFlag
        table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self._focus(table)

    # --- acting -------------------------------------------------------------------------------

    def _changed(self, message: str) -> None:
        notify = getattr(self.window_, "notify_changed", None)
        if notify is not None:
            notify()  # refreshes this view too, when it is the one shown
        else:
            self.refresh()
        status = getattr(self.window_, "statusBar", None)
        if status is not None:
            status().showMessage(message, 5000)

    def mark_done(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        with db.atomic():
            moved = [svc.mark_done(rid, self._today()) for rid in ids]
        advanced = sum(1 for m in moved if m is not None)
        text = f"{len(ids)} reminder(s) done"
        self._changed(text + (f"; {advanced} repeating one(s) moved on" if advanced else ""))

    def snooze_days(self, days: int) -> None:
        self._snooze(self._today() + dt.timedelta(days=days))

    def snooze_to_picked(self) -> None:
        if not self.selected_ids():
            return
        day = self.pick_date("Snooze until", self._today() + dt.timedelta(days=1))
        if day is not None:
            self._snooze(day)

    def _snooze(self, until: dt.date) -> None:
        ids = self.selected_ids()
        with db.atomic():
            for rid in ids:
                svc.snooze(rid, until)
        self._changed(f"{len(ids)} reminder(s) snoozed until {until.isoformat()}")

    def reschedule_picked(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        day = self.pick_date("Reschedule to", dt.date.fromisoformat(rows[0]["effective_due"]))
        if day is None:
            return
        with db.atomic():
            for doc in rows:
                svc.reschedule(int(doc["id"]), day)
        self._changed(f"{len(rows)} reminder(s) moved to {day.isoformat()}")

    def open_contact(self, *_args: Any) -> None:
        rows = self.selected_rows()
        if rows:
            self.contact_activated.emit(int(rows[0]["contact_id"]))

    def log_interaction(self) -> None:
        """Log an interaction with the selected reminders' people already filled in."""
        ids = list(dict.fromkeys(int(d["contact_id"]) for d in self.selected_rows()))
        if ids and log_for(self.window_, ids) and self.window_ is None:
            self.refresh()

    def _pick_date(self, title: str, start: dt.date) -> dt.date | None:
        dialog = PickDateDialog(title, start, self)
        return dialog.date() if dialog.exec() == QDialog.DialogCode.Accepted else None
