"""The Events view: conferences and meetups (coming first), and the chosen event's page
with its three moments: before (whom to meet), during (whom I met, quick capture) and
after (everyone met with no contact since, and one action to follow them all up).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import events as svc
from netkeeper.ui.events.dialogs import EventDialog, MetDialog, PlanDialog, QuickCaptureDialog
from netkeeper.ui.groups.groups_view import _selected_ids, _table
from netkeeper.ui.table_model import RowTableModel

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow


def _days(row: dict[str, Any]) -> str:
    return row["date"] if row["until"] == row["date"] else f"{row['date']} – {row['until']}"


class EventPage(QWidget):
    """One event: planned, met (with quick capture) and the follow-up list.

    Signals:
        changed(): the page wrote something through a service.
        contact_activated(int): open this contact.
    """

    changed = Signal()
    contact_activated = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.event_id: int | None = None
        self.title = QLabel()
        self.title.setObjectName("eventTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName("eventFacts")
        self.facts.setWordWrap(True)

        self.capture_button = QPushButton("&Quick capture…")
        self.capture_button.setObjectName("quickCapture")
        self.capture_button.clicked.connect(self.quick_capture)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        bar = QHBoxLayout()
        bar.addWidget(self.capture_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        bar.addWidget(self.delete_button)

        self.planned = RowTableModel(
            [("Name", lambda r: r["full_name"]), ("Note", lambda r: r["note"])], self
        )
        self.planned_table = _table("To meet", self.planned, stretch=1)
        self.planned_table.doubleClicked.connect(
            lambda i: self.contact_activated.emit(int(self.planned.row(i.row())["id"]))
        )
        self.plan_button = QPushButton("&Plan to meet…")
        self.plan_button.clicked.connect(self.plan)
        self.unplan_button = QPushButton("Remove")
        self.unplan_button.clicked.connect(self.unplan)
        self.met_from_plan = QPushButton("&Met them")
        self.met_from_plan.clicked.connect(self.mark_planned_met)

        self.met = RowTableModel(
            [
                ("Name", lambda r: r["full_name"]),
                ("Last interaction", lambda r: (r["last_interaction"] or "")[:10]),
            ],
            self,
        )
        self.met_table = _table("Met there", self.met)
        self.met_table.doubleClicked.connect(
            lambda i: self.contact_activated.emit(int(self.met.row(i.row())["id"]))
        )
        self.met_button = QPushButton("Met someone I &know…")
        self.met_button.clicked.connect(self.add_met)

        self.follow = RowTableModel(
            [
                ("Name", lambda r: r["full_name"]),
                ("Follow-up", lambda r: "set" if r["followed"] else "none yet"),
            ],
            self,
        )
        self.follow_table = _table("Follow up", self.follow)
        self.follow_table.doubleClicked.connect(
            lambda i: self.contact_activated.emit(int(self.follow.row(i.row())["id"]))
        )
        self.follow_days = QSpinBox()
        self.follow_days.setRange(0, 90)
        self.follow_days.setValue(3)
        self.follow_days.setSuffix(" days")
        self.follow_days.setAccessibleName("Follow up in this many days")
        self.follow_button = QPushButton("&Follow up in")
        self.follow_button.setObjectName("followUpButton")
        self.follow_button.clicked.connect(self.follow_up)
        self.follow_hint = QLabel()
        self.follow_hint.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("eventTabs")
        self.tabs.addTab(
            self._page(
                self.planned_table, self.plan_button, self.met_from_plan, self.unplan_button
            ),
            "To meet",
        )
        self.tabs.addTab(self._page(self.met_table, self.met_button), "Met")
        follow_page = self._page(self.follow_table, self.follow_button, self.follow_days)
        follow_page.layout().insertWidget(0, self.follow_hint)  # type: ignore[union-attr]
        self.tabs.addTab(follow_page, "Follow up")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    @staticmethod
    def _page(table: QTableView, *widgets: QWidget) -> QWidget:
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

    def show_event(self, event_id: int | None) -> None:
        self.event_id = event_id
        if event_id is None:
            return
        doc = svc.event_document(event_id)
        self.title.setText(doc["name"])
        facts = [_days(doc)]
        if doc["where"]:
            facts.append(doc["where"])
        today = dt.date.today().isoformat()
        when = "coming" if doc["date"] > today else "now" if doc["until"] >= today else "past"
        facts.append({"coming": "coming up", "now": "happening now", "past": "over"}[when])
        text = " · ".join(html.escape(f) for f in facts)
        if doc["notes"]:
            text += "<br>" + html.escape(doc["notes"])
        self.facts.setText(text)
        self.planned.set_rows(doc["planned"])
        self.met.set_rows(doc["met"])
        waiting = set(doc["needs_follow_up"])
        followed = set(doc["followed_up"])
        self.follow.set_rows(
            [m | {"followed": m["id"] in followed} for m in doc["met"] if m["id"] in waiting]
        )
        self.follow_table.selectAll()
        n = len(waiting)
        self.follow_hint.setText(
            f"{n} of the {len(doc['met'])} people you met there have not heard from you since. "
            "Select them (all are selected) and set a follow-up with the note "
            f"“Met at {doc['name']}”."
            if n
            else "Everyone you met there has been in touch since the event."
        )
        self.follow_button.setEnabled(bool(n))
        self.tabs.setTabText(2, f"Follow up ({n})" if n else "Follow up")

    def _run(self, dialog: QDialog) -> bool:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            return True
        return False

    def quick_capture(self) -> None:
        if self.event_id is not None:
            self._run(QuickCaptureDialog(self, self.event_id))

    def plan(self) -> None:
        if self.event_id is not None:
            self._run(PlanDialog(self, self.event_id))

    def add_met(self) -> None:
        if self.event_id is not None:
            self._run(MetDialog(self, self.event_id))

    def unplan(self) -> None:
        if self.event_id is None:
            return
        for cid in _selected_ids(self.planned_table):
            svc.unplan(self.event_id, cid)
        self.changed.emit()

    def mark_planned_met(self) -> None:
        if self.event_id is None:
            return
        ids = _selected_ids(self.planned_table)
        for cid in ids:
            svc.met(self.event_id, cid)
        if ids:
            self.changed.emit()

    def follow_up(self) -> None:
        if self.event_id is None:
            return
        ids = _selected_ids(self.follow_table)
        if not ids:
            return
        days = self.follow_days.value()
        done = svc.follow_up(self.event_id, f"{days} days", contact_ids=ids)
        self.changed.emit()
        window = self.window()
        n = len(done["created"]) + len(done["moved"])
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(f"Follow-ups set for {n} people in {days} days", 5000)

    def edit(self) -> None:
        if self.event_id is not None:
            self._run(EventDialog(self, self.event_id))

    def delete(self) -> None:
        if self.event_id is None:
            return
        name = svc.get_event(self.event_id).name
        answer = QMessageBox.question(
            self,
            "Delete Event",
            f"Delete the event “{name}”? The people you met stay in your contacts.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            svc.delete_event(self.event_id)
            self.event_id = None
            self.changed.emit()


class EventsView(QWidget):
    """Events: the list (coming first, then the past) and the chosen event's page.

    Signals:
        contact_activated(int): open this contact (the window listens).
    """

    contact_activated = Signal(int)

    def __init__(self, window: MainWindow | None = None) -> None:
        super().__init__()
        self.window_ = window
        self.list_model = RowTableModel(
            [
                ("Event", lambda r: r["name"]),
                ("When", _days),
                ("Met", lambda r: r["met"]),
            ],
            self,
            tooltip=lambda r: r["where"] or None,
        )
        self.list = _table("Events", self.list_model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentRowChanged.connect(self._on_current)
        self.new_button = QPushButton("&New event…")
        self.new_button.setObjectName("newEvent")
        self.new_button.clicked.connect(self.new_event)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.new_button)

        self.page = EventPage()
        self.page.changed.connect(self._changed)
        self.page.contact_activated.connect(self.contact_activated)
        self.empty = QLabel(
            "<h3>No events yet</h3><p>Add the conference or meetup you are going to: plan "
            "whom to meet, capture the new people you meet there in seconds, and afterwards "
            "follow everyone up in one step.</p>"
        )
        self.empty.setObjectName("eventsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    def refresh(self) -> None:
        keep = self.current_event_id()
        rows = svc.all_events()
        self.list_model.set_rows(rows)
        if not rows:
            self.right.setCurrentWidget(self.empty)
            self.page.event_id = None
            return
        ids = [r["id"] for r in rows]
        row = ids.index(keep) if keep in ids else 0
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        self.list.selectRow(row)
        self.list.setCurrentIndex(self.list_model.index(row, 0))
        selection.blockSignals(False)
        self.right.setCurrentWidget(self.page)
        self.page.show_event(ids[row])

    def current_event_id(self) -> int | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return self.page.event_id
        return int(self.list_model.row(index.row())["id"])

    def select_event(self, event_id: int) -> None:
        for i, r in enumerate(self.list_model.rows()):
            if r["id"] == event_id:
                self.list.selectRow(i)
                self.list.setCurrentIndex(self.list_model.index(i, 0))
                return

    def _on_current(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.page.show_event(int(self.list_model.row(current.row())["id"]))

    def new_event(self) -> None:
        dialog = EventDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.event_id is not None:
            self._changed()
            self.select_event(dialog.event_id)

    def _changed(self) -> None:
        if self.window_ is not None:
            self.window_.notify_changed()
        else:
            self.refresh()
