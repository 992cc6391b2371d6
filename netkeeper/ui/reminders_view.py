"""The Reminders view: everything due, in Overdue, Today and Upcoming (next 30 days).

It lists what the tray counts, from the same service (followups.due): follow-up
reminders, keep-in-touch cadences, birthdays and anniversaries. A window that
listed only explicit reminders while the tray said "50 due today" would
contradict itself, so "Overdue" plus "Today" is exactly the tray's number.

Sections follow the day an item *surfaces* (its date, or earlier with advance
notice, or later when snoozed): what surfaced by today is Overdue (its date has
passed) or Today; the rest is Upcoming. Three tables rather than one tree
because each section is a plain list the user acts on, and a flat QTableView
gives row selection, keyboard navigation and screen-reader names for free.

Actions depend on the kind: a follow-up is done, snoozed or rescheduled; a
keep-in-touch item clears when an interaction is logged (the cadence restarts),
and can be snoozed or paused; a birthday or anniversary is done for this year
(with Undo: wishes sent, it need not linger through its belated days) or snoozed.
All the rules live in the services; this view gathers a click and calls them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, cast

from PySide6.QtCore import (
    QDate,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
    QShowEvent,
)
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
from netkeeper.services import ServiceError, followups
from netkeeper.services import reminders as svc
from netkeeper.services.followups import BIRTHDAY_GRACE_DAYS, DueItem
from netkeeper.services.groups.commitments import set_status as commitment_status
from netkeeper.ui.keep_place import remember, restore
from netkeeper.ui.log_dialog import log_for
from netkeeper.ui.table_model import HeaderedTableModel
from netkeeper.ui.widgets import counted

UPCOMING_DAYS = 30
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ReminderIdRole = Qt.ItemDataRole.UserRole + 1
ContactIdRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3

FOLLOW_UP, KEEP_IN_TOUCH = "follow-up", "keep-in-touch"
YEARLY = ("birthday", "anniversary")
KIND_LABELS = {
    FOLLOW_UP: "Follow-up",
    KEEP_IN_TOUCH: "Keep in touch",
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "group-meeting": "Group meeting",
    "commitment": "Commitment",
}
# Distinct hues that stay readable on light and dark palettes.
_KIND_COLOURS = {
    FOLLOW_UP: "#1e88e5",
    KEEP_IN_TOUCH: "#43a047",
    "birthday": "#e53970",
    "anniversary": "#8e5bd6",
    "group-meeting": "#f4511e",
    "commitment": "#00897b",
}
_icons: dict[str, QIcon] = {}


class Column(IntEnum):
    KIND = 0
    DUE = 1
    CONTACT = 2
    NOTE = 3
    REPEATS = 4


HEADERS = ("Kind", "Due", "Contact", "Note", "Repeats")


def kind_icon(kind: str) -> QIcon:
    """A coloured disc per kind, so the kinds tell apart at a glance (and beside a label,
    never by colour alone). Painted once: data() asks for it on every repaint."""
    icon = _icons.get(kind)
    if icon is None:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_KIND_COLOURS.get(kind, "#777777")))
        painter.drawEllipse(4, 4, 24, 24)
        painter.end()
        icon = _icons[kind] = QIcon(pixmap)
    return icon


def dates_done_text(items: Sequence[DueItem]) -> str:
    """ "Eve Forty's birthday done for this year", or "2 birthdays and 1 anniversary …"."""
    if len(items) == 1:
        return f"{items[0].contact}'s {items[0].kind} done for this year"
    births = sum(1 for i in items if i.kind == "birthday")
    counts = [
        counted(births, "birthday"),
        counted(len(items) - births, "anniversary", "anniversaries"),
    ]
    return " and ".join(c for c in counts if not c.startswith("0 ")) + " done for this year"


def done_tip(kinds: set[str]) -> str:
    """The Done button's tooltip for the selected kinds: what Done will do to them."""
    if kinds and kinds <= set(YEARLY):
        return "Done for this year"
    if kinds & set(YEARLY):
        return "Mark done (Ctrl+D); birthdays and anniversaries are done for this year"
    return "Mark done (Ctrl+D); a repeating follow-up moves to its next date"


def shown_date(item: DueItem) -> dt.date:
    """The day a row is filed and shown under: its date, or the later day a birthday or
    anniversary was snoozed to (their own date never moves; a follow-up's or a cadence's
    due date already is the snooze date)."""
    if item.surfaced is not None and item.surfaced > item.due:
        return item.surfaced
    return item.due


def ago(days: int) -> str:
    """ "3 months ago": how long since we last talked, in the unit people use."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    for size, unit, limit in ((1, "day", 14), (7, "week", 60), (30.44, "month", 730)):
        if days < limit:
            n = max(1, round(days / size))
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    n = round(days / 365.25)
    return f"{n} years ago"


def describe_note(item: DueItem, today: dt.date) -> str:
    """The Note column: what this item is about, in words."""
    if item.kind == FOLLOW_UP:
        if item.repeat:  # the service appends the rule, which has its own column here
            return item.note.removesuffix(f" ({item.repeat})")
        return item.note
    if item.kind == KEEP_IN_TOUCH:
        prefix = "last in touch "
        if item.note.startswith(prefix):
            last = dt.date.fromisoformat(item.note[len(prefix) :])
            return f"keep in touch — last talked {ago((today - last).days)}"
        return "keep in touch — not in touch yet"
    if item.note:
        return item.note  # "turns 40", "12 years"
    return "age unknown" if item.kind == "birthday" else "year unknown"


def sections(
    items: Sequence[DueItem], today: dt.date
) -> tuple[list[DueItem], list[DueItem], list[DueItem]]:
    """Split due items into (overdue, today, upcoming).

    What surfaced by today goes to Overdue (its date has passed) or Today (its date is
    today, or ahead with advance notice): together the tray's count. The rest is
    Upcoming, by the day it is shown under. A birthday snoozed beyond its belated days
    will not come back this year, so it is left out rather than shown as coming.
    """
    overdue: list[DueItem] = []
    due_today: list[DueItem] = []
    upcoming: list[DueItem] = []
    for item in items:
        surfaced = item.surfaced or item.due
        if item.kind in YEARLY and surfaced > item.due + dt.timedelta(days=BIRTHDAY_GRACE_DAYS):
            continue
        if surfaced <= today:
            (overdue if item.due < today else due_today).append(item)
        else:
            upcoming.append(item)
    upcoming.sort(key=shown_date)  # stable: same-day items keep the service's order
    return overdue, due_today, upcoming


class RemindersModel(HeaderedTableModel):
    """Due items (services.followups.DueItem) of one section; a thin adapter that resets.

    Only the rows on screen are ever formatted (data() is lazy), so a section of
    30,000 neglected contacts costs the model nothing more than holding the list.
    """

    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DueItem] = []
        self._row_of: dict[str, int] | None = None
        self._cadences: dict[int, str] = {}
        self._questions: dict[int, str | None] = {}
        self._locale = QLocale()
        self.today = dt.date.today()

    def set_rows(self, rows: Sequence[DueItem], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = None
        self._cadences.clear()
        self._questions.clear()
        self.today = today
        self.endResetModel()

    def row(self, row: int) -> DueItem:
        return self._rows[row]

    def key_at(self, row: int) -> str:
        return self._rows[row].key

    def row_of_key(self, key: object) -> int | None:
        """The row of the item with this key (an occurrence: a restarted cadence is new)."""
        if self._row_of is None:
            self._row_of = {item.key: i for i, item in enumerate(self._rows)}
        return self._row_of.get(key)  # type: ignore[call-overload]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def _date_text(self, day: dt.date) -> str:
        # Day and abbreviated month in the user's language: unambiguous in every locale.
        return self._locale.toString(QDate(day.year, day.month, day.day), "ddd d MMM yyyy")

    def _due_text(self, item: DueItem) -> str:
        day = shown_date(item)
        text = self._date_text(day)
        if day != item.due:
            return f"{text} (snoozed)"
        days = (day - self.today).days
        if days < 0:
            return f"{text} ({-days} d overdue)"
        if days == 0:
            return f"{text} (today)"
        return f"{text} (in {days} d)"

    def _repeats(self, item: DueItem) -> str:
        if item.kind == FOLLOW_UP:
            return item.repeat or ""
        if item.kind in followups.GROUP_KINDS:
            return ""
        if item.kind != KEEP_IN_TOUCH:
            return "every year"
        # Looked up for the rows on screen only (one indexed query each), then kept:
        # fetching every cadence at refresh would cost seconds at 50,000 contacts.
        cid = item.contact_id
        if cid is None:  # a keep-in-touch item always has its contact; be safe anyway
            return ""
        if cid not in self._cadences:
            try:
                self._cadences[cid] = followups.cadence_of(cid)["description"] or ""
            except ServiceError:
                self._cadences[cid] = ""
        return self._cadences[cid]

    def _question_tip(self, item: DueItem) -> str | None:
        """ "Ask: How was Lisbon?": the person's oldest open question, looked up when hovered."""
        cid = item.contact_id
        if cid is None:
            return None
        if cid not in self._questions:
            from netkeeper.services.people.rapport import first_open_question

            self._questions[cid] = first_open_question([cid]).get(cid)
        question = self._questions[cid]
        return f"Ask: {question}" if question else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.KIND:
                return KIND_LABELS.get(item.kind, item.kind)
            if col == Column.DUE:
                return self._due_text(item)
            if col == Column.CONTACT:
                return item.contact
            if col == Column.NOTE:
                return describe_note(item, self.today)
            if col == Column.REPEATS:
                return self._repeats(item)
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == Column.KIND:
            return kind_icon(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.NOTE:
            # The column elides long text; the whole note is one hover away,
            # with the person's oldest open question under it.
            parts = [describe_note(item, self.today), self._question_tip(item)]
            return "\n".join(p for p in parts if p) or None
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.CONTACT:
            return self._question_tip(item)
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.DUE:
            if shown_date(item) != item.due:
                return f"Snoozed until {item.surfaced} ({item.kind} on {item.due})"
            if item.surfaced is not None and item.surfaced < item.due:
                return f"Shown from {item.surfaced}: advance notice"
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            kind = KIND_LABELS.get(item.kind, item.kind)
            note = describe_note(item, self.today)
            return f"{kind}: {item.contact}, {note}, {self._due_text(item)}"
        if role == ReminderIdRole:
            return item.reminder_id
        if role == ContactIdRole:
            return item.contact_id
        if role == KindRole:
            return item.kind
        return None


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Tab leaves the section for the next one or the buttons instead of
        # walking its cells, as in every other list of the window.
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


# Which kinds each action applies to; a button is enabled when it applies to every
# selected item, so a click never silently skips part of the selection.
ALL_KINDS = frozenset(KIND_LABELS)
PERSON_KINDS = ALL_KINDS - frozenset(followups.GROUP_KINDS)
COMMITMENT = "commitment"
APPLIES = {
    "done": frozenset({FOLLOW_UP, *YEARLY, COMMITMENT}),
    # A group's meeting happens whatever the user snoozes; commitments move on the group page.
    "snooze": PERSON_KINDS,
    "reschedule": frozenset({FOLLOW_UP}),
    "edit": frozenset({FOLLOW_UP}),
    "log": PERSON_KINDS,
    "pause": frozenset({KEEP_IN_TOUCH}),
    "open": PERSON_KINDS,
}


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
            layout.addWidget(label)
            layout.addWidget(self._make_table(key, title, label), 2 if key == "today" else 3)

        self.buttons: dict[str, QPushButton | QToolButton] = {}
        self.done_button = self._button("done", "&Done", "Mark the selected items done")
        self.snooze_button = QToolButton()
        self.snooze_button.setText("&Snooze")
        self.snooze_button.setAccessibleName("Snooze the selected items")
        self.snooze_button.setToolTip(
            "Hide until a later day; for keep in touch, birthdays and anniversaries"
            " this snoozes the person"
        )
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        menu.addAction("1 day", lambda: self.snooze_days(1))
        menu.addAction("1 week", lambda: self.snooze_days(7))
        menu.addAction("Pick a date…", self.snooze_to_picked)
        self.snooze_button.setMenu(menu)
        self.buttons["snooze"] = self.snooze_button
        self.reschedule_button = self._button(
            "reschedule", "&Reschedule…", "Reschedule the selected follow-ups"
        )
        self.edit_button = self._button("edit", "&Edit…", "Edit the selected follow-up")
        self.edit_button.setToolTip("Change the follow-up's date, text or repeat (F2)")
        self.log_button = self._button(
            "log", "&Log Interaction…", "Log an interaction with the selected people"
        )
        self.log_button.setToolTip("Logging an interaction restarts a keep-in-touch cadence")
        self.pause_button = self._button(
            "pause", "&Pause", "Pause keeping in touch with the selected people"
        )
        self.pause_button.setToolTip(
            "Stop keep-in-touch reminders for these people (birthdays still show)"
        )
        self.open_button = self._button(
            "open", "&Open Contact", "Open the contact of the selected item"
        )
        from netkeeper.ui.people.give_back import GiveBackList

        self.give_back = GiveBackList()
        self.give_back.contact_activated.connect(self._open_person)
        layout.addWidget(self.give_back, 1)
        self.summary = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        for b in self.buttons.values():
            row.addWidget(b)
        layout.addLayout(row)
        self.done_button.clicked.connect(self.mark_done)
        self.reschedule_button.clicked.connect(self.reschedule_picked)
        self.edit_button.clicked.connect(self.edit_selected)
        # F2 while this view is shown (the window hands it the key: _route_shortcuts).
        self.edit_action = QAction("Edit Follow-up…", self)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.edit_action.triggered.connect(self.edit_selected)
        self.addAction(self.edit_action)
        self.log_button.clicked.connect(self.log_interaction)
        self.pause_button.clicked.connect(self.pause)
        self.open_button.clicked.connect(self.open_contact)
        done = QShortcut(QKeySequence("Ctrl+D"), self, self.mark_done)
        # Only while focus is in this view: other views may use Ctrl+D for their own work.
        done.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._current: _Table = self.tables["overdue"]
        self._loaded = False
        self._update_buttons()

    def _make_table(self, key: str, title: str, label: QLabel) -> _Table:
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
        table.setWordWrap(False)
        # Fixed widths, never ResizeToContents: that measures rows, and a section
        # may hold tens of thousands of them.
        for column, width in ((Column.KIND, 140), (Column.DUE, 230), (Column.CONTACT, 220)):
            table.setColumnWidth(column, width)
        table.setColumnWidth(Column.REPEATS, 190)
        table.horizontalHeader().setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(self.open_contact)
        table.open_requested.connect(self.open_contact)
        table.selectionModel().selectionChanged.connect(lambda *_a, t=table: self._focus(t))
        label.setBuddy(table)
        self.tables[key] = table
        self.titles[key] = label
        return table

    def _button(self, action: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        self.buttons[action] = button
        return button

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first show: the window builds every view at start-up, most stay unseen."""
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read everything due (one followups.due call) and keep the user's place."""
        self._loaded = True
        today = self._today()
        place = self._place()
        chosen = [i.key for i in self.selected_items()]
        scrolls = {
            key: remember(table, self.models[key].key_at, selection=False)
            for key, table in self.tables.items()
        }
        parts = sections(followups.due(today, UPCOMING_DAYS), today)
        for (key, model), rows in zip(self.models.items(), parts, strict=True):
            model.set_rows(rows, today)
            base = self.titles[key].property("sectionTitle")
            self.titles[key].setText(f"<b>{base}</b> ({len(rows):,})")
        if place is not None and self._reselect(place[0], chosen):
            # A change elsewhere: the same items stay selected, wherever they moved.
            ...
        elif place is not None and self.models[place[0]].rowCount():
            # After Done or Snooze the next item slides into the same row: pressing
            # Ctrl+D again works through the list without touching the mouse.
            key, row = place
            self.select(key, min(row, self.models[key].rowCount() - 1), focus=False)
        else:
            # Start on the most pressing item, so Done/Snooze work from the keyboard at once.
            for key, rows in zip(self.models, parts, strict=True):
                if rows:
                    self.select(key, 0, focus=False)
                    break
        for key, table in self.tables.items():
            restore(table, scrolls[key], self.models[key].row_of_key, selection=False)
        self.give_back.refresh()
        n_over, n_today, n_up = (len(p) for p in parts)
        self.summary.setText(f"{n_over:,} overdue · {n_today:,} today · {n_up:,} upcoming")
        self._update_buttons()

    def _reselect(self, section: str, keys: list[str]) -> bool:
        """Select these items again in `section` when all of them are still there."""
        model = self.models[section]
        rows = [model.row_of_key(k) for k in keys]
        if not rows or None in rows:
            return False  # done, snoozed or moved: the row-based place takes over
        table = self.tables[section]
        flags = QItemSelectionModel.SelectionFlag
        selection = table.selectionModel()
        selection.clearSelection()
        for row in sorted(r for r in rows if r is not None):
            selection.select(model.index(row, 0), flags.Select | flags.Rows)
        selection.setCurrentIndex(model.index(rows[0] or 0, 0), flags.NoUpdate)
        self._focus(table)
        return True

    def _place(self) -> tuple[str, int] | None:
        """The section and first selected row, before a refresh resets the models."""
        rows = self._current.selectionModel().selectedRows()
        if not rows:
            return None
        key = next(k for k, t in self.tables.items() if t is self._current)
        return key, min(i.row() for i in rows)

    def _focus(self, table: _Table) -> None:
        self._current = table
        self._update_buttons()

    def _update_buttons(self) -> None:
        kinds = {i.kind for i in self.selected_items()}
        for action, button in self.buttons.items():
            button.setEnabled(bool(kinds) and kinds <= APPLIES[action])
        self.edit_button.setEnabled(
            self.edit_button.isEnabled() and len(self.selected_items()) == 1
        )
        self.done_button.setToolTip(done_tip(kinds))

    def selected_items(self) -> list[DueItem]:
        """The selected items of the table the user last worked in."""
        table = self._current
        model = table.model()
        assert isinstance(model, RemindersModel)
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
        if not rows and table.currentIndex().isValid() and table.hasFocus():
            rows = [table.currentIndex().row()]
        return [model.row(r) for r in rows if r < model.rowCount()]

    def selected_ids(self) -> list[int]:
        """The follow-up reminders among the selected items."""
        return [i.reminder_id for i in self.selected_items() if i.reminder_id is not None]

    def _selected_contacts(self) -> list[int]:
        return list(
            dict.fromkeys(i.contact_id for i in self.selected_items() if i.contact_id is not None)
        )

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
        self._say(message)

    def _say(self, message: str) -> None:
        status = getattr(self.window_, "statusBar", None)
        if status is not None:
            status().showMessage(message, 5000)

    def _applies(self, action: str) -> list[DueItem]:
        """The selection, if `action` applies to all of it (else none: the button is off)."""
        items = self.selected_items()
        return items if items and {i.kind for i in items} <= APPLIES[action] else []

    def mark_done(self) -> None:
        """Follow-ups are closed (a repeating one moves on); birthdays and anniversaries
        are done for this year, with Undo in the status bar when the window offers it."""
        items = self._applies("done")
        if not items:
            if KEEP_IN_TOUCH in {i.kind for i in self.selected_items()}:  # Ctrl+D on it
                self._say("Keep in touch clears when you log an interaction (Log Interaction…)")
            return
        today = self._today()
        follow = [i for i in items if i.kind == FOLLOW_UP]
        dates = [followups.date_key(i) for i in items if i.kind in YEARLY]
        promises = [cast(int, i.commitment_id) for i in items if i.kind == COMMITMENT]
        with db.atomic():
            moved = [svc.mark_done(cast(int, i.reminder_id), today) for i in follow]
            marked = followups.mark_dates_done(dates)
            for kid in promises:
                commitment_status(kid, "done")
        parts = []
        if promises:
            parts.append(counted(len(promises), "commitment") + " kept")
        if follow:
            advanced = sum(1 for m in moved if m is not None)
            parts.append(f"{len(follow)} follow-up(s) done")
            if advanced:
                parts.append(f"{advanced} repeating one(s) moved on")
        if dates:
            parts.append(dates_done_text([i for i in items if i.kind in YEARLY]))
        message = "; ".join(parts)
        self._changed(message)
        show_undo = getattr(self.window_, "show_undo", None)
        if marked and not follow and show_undo is not None:
            # Follow-ups have no undo here (a repeating one has moved on); only the
            # dates' own Done is offered back, so Undo never half-undoes a mixed click.
            show_undo(message, lambda: followups.unmark_dates_done(marked))

    def snooze_days(self, days: int) -> None:
        self._snooze(self._today() + dt.timedelta(days=days))

    def snooze_to_picked(self) -> None:
        if not self._applies("snooze"):
            return
        day = self.pick_date("Snooze until", self._today() + dt.timedelta(days=1))
        if day is not None:
            self._snooze(day)

    def _snooze(self, until: dt.date) -> None:
        items = self._applies("snooze")
        if not items:
            return
        # One service for every kind: a reminder snoozes itself, the other kinds snooze
        # the person (the same rule as the tray's "Snooze all until tomorrow").
        followups.snooze_all(self._today(), until, items)
        self._changed(f"{len(items)} item(s) snoozed until {until.isoformat()}")

    def reschedule_picked(self) -> None:
        items = self._applies("reschedule")
        if not items:
            return
        day = self.pick_date("Reschedule to", items[0].due)
        if day is None:
            return
        with db.atomic():
            for item in items:
                svc.reschedule(cast(int, item.reminder_id), day)
        self._changed(f"{len(items)} follow-up(s) moved to {day.isoformat()}")

    def edit_selected(self) -> None:
        """Edit Follow-up… (F2): the selected follow-up's date, text, repeat and notice."""
        items = self._applies("edit")
        if len(items) != 1:
            if items or self.selected_items():
                self._say("Select one follow-up to edit")
            return
        from netkeeper.ui.remind_dialog import edit_follow_up

        item = items[0]
        saved = edit_follow_up(self.window_, cast(int, item.reminder_id), item.contact)
        if saved and getattr(self.window_, "notify_changed", None) is None:
            self.refresh()

    def pause(self) -> None:
        """Pause keep-in-touch for the selected people, with Undo when the window offers it."""
        if not self._applies("pause"):
            return
        ids = self._selected_contacts()
        followups.set_paused(ids, True)
        message = f"Keep in touch paused for {len(ids)} contact(s)"
        self._changed(message)
        show_undo = getattr(self.window_, "show_undo", None)
        if show_undo is not None:
            show_undo(message, lambda: followups.set_paused(ids, False))

    def _open_person(self, contact_id: int) -> None:
        if self.window_ is not None:
            self.window_.open_contact(contact_id)

    def open_contact(self, *_args: Any) -> None:
        items = [i for i in self.selected_items() if i.contact_id is not None]
        if items:
            self.contact_activated.emit(items[0].contact_id)

    def log_interaction(self) -> None:
        """Log an interaction with the selected items' people already filled in."""
        ids = self._selected_contacts()
        if ids and log_for(self.window_, ids) and self.window_ is None:
            self.refresh()

    def _pick_date(self, title: str, start: dt.date) -> dt.date | None:
        dialog = PickDateDialog(title, start, self)
        return dialog.date() if dialog.exec() == QDialog.DialogCode.Accepted else None
