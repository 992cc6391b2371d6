"""Reminders view with follow-ups: sections by effective due date, done, snooze, reschedule,
open contact. The other kinds (keep in touch, birthdays) are in test_reminders_kinds.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from netkeeper.services import followups, reminders
from netkeeper.ui.reminders_view import Column, RemindersModel, RemindersView, sections

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def book(make_contact: Any) -> dict[str, int]:
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Babbage")
    return {
        "ada": ada,
        "bob": bob,
        "late": reminders.add_reminder(ada, TODAY - dt.timedelta(days=3), "send slides"),
        "now": reminders.add_reminder(bob, TODAY, "call back"),
        "soon": reminders.add_reminder(ada, TODAY + dt.timedelta(days=10), "coffee", "1 month"),
        "far": reminders.add_reminder(bob, TODAY + dt.timedelta(days=45), "far away"),
    }


def _view(qtbot: Any) -> RemindersView:
    view = RemindersView(None, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.show()
    return view


def _notes(view: RemindersView, key: str) -> list[str]:
    model = view.models[key]
    return [model.index(r, Column.NOTE).data() for r in range(model.rowCount())]


def test_model_passes_modeltester(qtbot: Any, qtmodeltester: Any, book: dict[str, int]) -> None:
    model = RemindersModel()
    model.set_rows(followups.due(TODAY, 30), TODAY)
    assert model.rowCount() == 3  # the reminder 45 days out is beyond the 30
    qtmodeltester.check(model)
    assert "3 d overdue" in model.index(0, Column.DUE).data()
    assert model.index(0, Column.KIND).data() == "Follow-up"
    assert model.index(2, Column.NOTE).data() == "coffee"
    assert model.index(2, Column.REPEATS).data() == "every month"  # not "every 1 month"
    assert model.index(0, Column.REPEATS).data() == ""


def test_repeat_label_keeps_counts_above_one(qtbot: Any, make_contact: Any) -> None:
    cid = make_contact("Ada Lovelace")
    reminders.add_reminder(cid, TODAY, "stand-up notes", "2 weeks")
    reminders.add_reminder(cid, TODAY, "board", "first Monday of each month")  # 7 December
    model = RemindersModel()
    model.set_rows(followups.due(TODAY, 14), TODAY)
    repeats = {
        model.index(r, Column.NOTE).data(): model.index(r, Column.REPEATS).data() for r in range(2)
    }
    assert repeats == {"stand-up notes": "every 2 weeks", "board": "first Monday of each month"}


def test_sections(book: dict[str, int]) -> None:
    overdue, today, upcoming = sections(followups.due(TODAY, 30), TODAY)
    assert [d.reminder_id for d in overdue] == [book["late"]]
    assert [d.reminder_id for d in today] == [book["now"]]
    assert [d.reminder_id for d in upcoming] == [book["soon"]]  # 45 days out is beyond the 30


def test_view_shows_three_sections(qtbot: Any, book: dict[str, int]) -> None:
    view = _view(qtbot)
    assert _notes(view, "overdue") == ["send slides"]
    assert _notes(view, "today") == ["call back"]
    assert _notes(view, "upcoming") == ["coffee"]
    assert "(1)" in view.titles["overdue"].text()
    assert view.summary.text() == "1 overdue · 1 today · 1 upcoming"
    assert view.tables["today"].accessibleName() == "Today reminders"


def test_done_closes_one_off_and_advances_recurring(qtbot: Any, book: dict[str, int]) -> None:
    view = _view(qtbot)
    view.select("upcoming", 0)
    # Ctrl+D is wired to "done" (offscreen windows never become active, so trigger it directly).
    (shortcut,) = [s for s in view.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+D")]
    shortcut.activated.emit()
    soon = next(r for r in reminders.open_reminders() if r["id"] == book["soon"])
    assert soon["due"] == "2027-01-06"  # a month after its date, still open
    assert _notes(view, "upcoming") == []
    view.select("overdue", 0)
    view.done_button.click()
    assert _notes(view, "overdue") == []
    assert all(r["id"] != book["late"] for r in reminders.open_reminders())


def test_snooze_one_day_one_week_and_picked(qtbot: Any, book: dict[str, int]) -> None:
    view = _view(qtbot)
    view.select("today", 0)
    view.snooze_days(1)
    assert _notes(view, "today") == []
    assert _notes(view, "upcoming") == ["call back", "coffee"]
    doc = next(r for r in reminders.open_reminders() if r["id"] == book["now"])
    assert doc["effective_due"] == "2026-11-27"
    view.select("overdue", 0)
    view.snooze_days(7)
    doc = next(r for r in reminders.open_reminders() if r["id"] == book["late"])
    assert doc["effective_due"] == "2026-12-03"
    view.pick_date = lambda _title, _start: dt.date(2026, 12, 20)
    view.select("upcoming", 0)
    view.snooze_to_picked()
    doc = next(r for r in reminders.open_reminders() if r["id"] == book["now"])
    assert doc["effective_due"] == "2026-12-20"


def test_reschedule_and_cancelled_pick(qtbot: Any, book: dict[str, int]) -> None:
    view = _view(qtbot)
    view.pick_date = lambda _title, _start: None
    view.select("overdue", 0)
    view.reschedule_picked()
    assert _notes(view, "overdue") == ["send slides"]
    view.pick_date = lambda _title, start: start + dt.timedelta(days=5)
    view.select("overdue", 0)
    view.reschedule_picked()
    doc = next(r for r in reminders.open_reminders() if r["id"] == book["late"])
    assert doc["due"] == "2026-11-28"
    assert _notes(view, "overdue") == []


def test_enter_opens_contact(qtbot: Any, book: dict[str, int]) -> None:
    view = _view(qtbot)
    view.select("today", 0)
    with qtbot.waitSignal(view.contact_activated) as sig:
        qtbot.keyClick(view.tables["today"], Qt.Key.Key_Return)
    assert sig.args == [book["bob"]]


def test_starts_on_the_most_pressing_reminder(qtbot: Any, book: dict[str, int]) -> None:
    view = _view(qtbot)
    assert view.selected_ids() == [book["late"]]
    assert view.done_button.isEnabled()


def test_buttons_disabled_without_reminders(qtbot: Any, gui_db: Any) -> None:
    view = _view(qtbot)
    assert view.selected_ids() == []
    assert not view.done_button.isEnabled() and not view.snooze_button.isEnabled()
    assert view.summary.text() == "0 overdue · 0 today · 0 upcoming"


def test_log_interaction_starts_with_the_reminders_contact(
    qtbot: Any, book: dict[str, int]
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netkeeper.services import timeline
    from netkeeper.ui.log_dialog import LogInteractionDialog

    view = _view(qtbot)
    view.select("today", 0)
    seen: list[list[int]] = []

    def save() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LogInteractionDialog):
            QTimer.singleShot(50, save)
            return
        seen.append(dialog.participant_ids())
        dialog.note.setPlainText("called back")
        dialog.accept()

    QTimer.singleShot(50, save)
    view.log_button.click()
    assert seen == [[book["bob"]]]
    assert [d["note"] for d in timeline.timeline(book["bob"])] == ["called back"]


def test_pick_date_dialog(qtbot: Any) -> None:
    from PySide6.QtCore import QDate

    from netkeeper.ui.reminders_view import PickDateDialog

    dialog = PickDateDialog("Snooze until", dt.date(2026, 12, 24))
    qtbot.addWidget(dialog)
    assert dialog.date() == dt.date(2026, 12, 24)
    dialog.calendar.setSelectedDate(QDate(2027, 1, 2))
    assert dialog.date() == dt.date(2027, 1, 2)
    assert dialog.calendar.accessibleName() == "Snooze until"
