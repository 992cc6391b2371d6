"""The Events view: conferences and meetups (coming first), and the chosen event's page
with its three moments: before (whom to meet), during (whom I met, quick capture) and
after (everyone met with no contact since, and one action to follow them all up).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
)

from netkeeper.services import events as svc
from netkeeper.ui.events.dialogs import EventDialog, MetDialog, PlanDialog, QuickCaptureDialog
from netkeeper.ui.record_list import (
    RecordListView,
    RecordPage,
    record_table,
    selected_ids,
    table_page,
)
from netkeeper.ui.table_model import RowTableModel

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow


def _days(row: dict[str, Any]) -> str:
    return row["date"] if row["until"] == row["date"] else f"{row['date']} – {row['until']}"


class EventPage(RecordPage):
    """One event: planned, met (with quick capture) and the follow-up list."""

    def __init__(self) -> None:
        super().__init__("event")

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
        self.planned_table = record_table("To meet", self.planned, stretch=1)
        self.opens_contact(self.planned_table, self.planned)
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
        self.met_table = record_table("Met there", self.met)
        self.opens_contact(self.met_table, self.met)
        self.met_button = QPushButton("Met someone I &know…")
        self.met_button.clicked.connect(self.add_met)

        self.follow = RowTableModel(
            [
                ("Name", lambda r: r["full_name"]),
                ("Follow-up", lambda r: "set" if r["followed"] else "none yet"),
            ],
            self,
        )
        self.follow_table = record_table("Follow up", self.follow)
        self.opens_contact(self.follow_table, self.follow)
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
            table_page(
                self.planned_table, self.plan_button, self.met_from_plan, self.unplan_button
            ),
            "To meet",
        )
        self.tabs.addTab(table_page(self.met_table, self.met_button), "Met")
        follow_page = table_page(self.follow_table, self.follow_button, self.follow_days)
        follow_page.layout().insertWidget(0, self.follow_hint)  # type: ignore[union-attr]
        self.tabs.addTab(follow_page, "Follow up")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    def show_record(self, event_id: int | None) -> None:
        self.record_id = event_id
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

    def quick_capture(self) -> None:
        if self.record_id is not None:
            self.run(QuickCaptureDialog(self, self.record_id))

    def plan(self) -> None:
        if self.record_id is not None:
            self.run(PlanDialog(self, self.record_id))

    def add_met(self) -> None:
        if self.record_id is not None:
            self.run(MetDialog(self, self.record_id))

    def unplan(self) -> None:
        if self.record_id is None:
            return
        for cid in selected_ids(self.planned_table):
            svc.unplan(self.record_id, cid)
        self.changed.emit()

    def mark_planned_met(self) -> None:
        if self.record_id is None:
            return
        ids = selected_ids(self.planned_table)
        for cid in ids:
            svc.met(self.record_id, cid)
        if ids:
            self.changed.emit()

    def follow_up(self) -> None:
        if self.record_id is None:
            return
        ids = selected_ids(self.follow_table)
        if not ids:
            return
        days = self.follow_days.value()
        done = svc.follow_up(self.record_id, f"{days} days", contact_ids=ids)
        self.changed.emit()
        window = self.window()
        n = len(done["created"]) + len(done["moved"])
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(f"Follow-ups set for {n} people in {days} days", 5000)

    def edit(self) -> None:
        if self.record_id is not None:
            self.run(EventDialog(self, self.record_id))

    def delete(self) -> None:
        if self.record_id is None:
            return
        name = svc.get_event(self.record_id).name
        answer = QMessageBox.question(
            self,
            "Delete Event",
            f"Delete the event “{name}”? The people you met stay in your contacts.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            svc.delete_event(self.record_id)
            self.record_id = None
            self.changed.emit()


class EventsView(RecordListView):
    """Events: the list (coming first, then the past) and the chosen event's page."""

    created = "event_id"

    def __init__(self, window: MainWindow | None = None) -> None:
        super().__init__(
            window,
            name="event",
            columns=[
                ("Event", lambda r: r["name"]),
                ("When", _days),
                ("Met", lambda r: r["met"]),
            ],
            tooltip=lambda r: r["where"] or None,
            page=EventPage(),
            new_text="&New event…",
            empty_html="<h3>No events yet</h3><p>Add the conference or meetup you are going "
            "to: plan whom to meet, capture the new people you meet there in seconds, and "
            "afterwards follow everyone up in one step.</p>",
            list_width=340,
        )

    def rows(self) -> list[dict[str, Any]]:
        return svc.all_events()

    def new_dialog(self) -> EventDialog:
        return EventDialog(self)
