"""The Events view: plan / met / follow up, and quick capture from the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from netkeeper.model.tables import Reminder
from netkeeper.services import events as svc
from netkeeper.services.documents import contact_documents
from netkeeper.services.timeline import log_interaction
from netkeeper.ui.events.dialogs import EventDialog, QuickCaptureDialog
from netkeeper.ui.events.events_view import EventsView


def _texts(model: Any, column: int = 0) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_event_page_plan_met_and_follow_up(qtbot: Any, make_contact: Callable[..., int]) -> None:
    ann, ben = make_contact("Ann Known"), make_contact("Ben Known")
    past = dt.date.today() - dt.timedelta(days=5)
    eid = svc.add_event("Summit", past, past + dt.timedelta(days=1), where="Lisbon")
    svc.plan(eid, ann, "ask about talks")
    svc.met(eid, ann)
    svc.met(eid, ben)
    log_interaction([ben], "coffee")
    view = EventsView()
    qtbot.addWidget(view)
    page = view.page
    assert page.title.text() == "Summit" and "Lisbon" in page.facts.text()
    assert _texts(page.planned, 1) == ["ask about talks"]
    assert _texts(page.met) == ["Ann Known", "Ben Known"]
    assert _texts(page.follow) == ["Ann Known"], "Ben has heard from us since"
    assert page.tabs.tabText(2) == "Follow up (1)"
    page.follow_days.setValue(4)
    page.follow_button.click()
    due = {r.note for r in Reminder.select()}
    assert due == {"Met at Summit"}
    assert svc.event_document(eid)["followed_up"] == [ann]
    assert _texts(page.follow, 1) == ["set"]


def test_quick_capture_enter_saves_and_starts_the_next(qtbot: Any, gui_db: Any) -> None:
    eid = svc.add_event("Meetup", dt.date.today())
    dialog = QuickCaptureDialog(None, eid)
    qtbot.addWidget(dialog)
    dialog.show()
    # QTest types ASCII only (its key table asserts on other characters): a non-Latin
    # name goes in as an input method would deliver it, the rest is typed.
    dialog.name.insert("Zoë Ünal")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.org, "Acme")
    qtbot.keyClick(dialog.org, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.line, "wants the slides")
    qtbot.keyClick(dialog.line, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter starts the next person, it does not close"
    assert dialog.name.text() == "" and dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Ravi Rao")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert len(dialog.saved) == 2
    docs = contact_documents(dialog.saved)
    assert docs[0]["full_name"] == "Zoë Ünal" and docs[0]["organization"] == "Acme"
    assert docs[0]["notes"] == "wants the slides"
    assert all(d["met_at"] == {"id": eid, "name": "Meetup"} for d in docs)
    assert all("Meetup" in d["tags"] for d in docs)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_event_dialog_keeps_last_day_after_first(qtbot: Any, gui_db: Any) -> None:
    from PySide6.QtCore import QDate

    dialog = EventDialog(None)
    qtbot.addWidget(dialog)
    dialog.name.setText("Conf")
    dialog.starts.setDate(QDate(2027, 5, 10))
    assert dialog.ends.date() == QDate(2027, 5, 10)
    dialog.ends.setDate(QDate(2027, 5, 12))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (row,) = svc.all_events()
    assert (row["date"], row["until"]) == ("2027-05-10", "2027-05-12")


def test_events_empty_state(qtbot: Any, gui_db: Any) -> None:
    view = EventsView()
    qtbot.addWidget(view)
    assert view.right.currentWidget() is view.empty
