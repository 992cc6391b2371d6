"""Reminders view beyond follow-ups: keep in touch, birthdays and anniversaries.

Each kind lands in its section on a fixed "today", Overdue plus Today is the
tray's count, and each action calls its service and moves or clears the item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from netkeeper.services import followups, reminders, timeline
from netkeeper.ui.reminders_view import Column, KindRole, RemindersModel, RemindersView

TODAY = dt.date(2026, 11, 26)


def _log(cid: int, day: dt.date) -> None:
    timeline.log_interaction([cid], "call", dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def people(make_contact: Any) -> dict[str, int]:
    cy = make_contact("Cy Keeper")
    followups.set_cadence(cy, "2 weeks")
    _log(cy, TODAY - dt.timedelta(days=30))  # due 10 Nov: 16 days overdue
    dee = make_contact("Dee Monthly")
    followups.set_cadence(dee, "1 month")
    _log(dee, TODAY - dt.timedelta(days=20))  # due 6 Dec: upcoming
    eve = make_contact("Eve Forty", birthday="1986-11-26")  # turns 40 today
    fay = make_contact("Fay Yearless", birthday="--12-05")  # no year: age unknown
    gus = make_contact("Gus Wed", anniversary="2016-11-23")  # 10 years, 3 days ago
    hal = make_contact("Hal Notice", birthday="--12-01")
    followups.set_date_notice(hal, 7)  # shows from 24 Nov: on today's plate
    ivy = make_contact("Ivy Follow")
    reminders.add_reminder(ivy, TODAY - dt.timedelta(days=1), "send the deck")
    return {"cy": cy, "dee": dee, "eve": eve, "fay": fay, "gus": gus, "hal": hal, "ivy": ivy}


class FakeWindow:
    """What the view asks of the main window: notify_changed, a status bar, show_undo."""

    def __init__(self) -> None:
        self.view: RemindersView | None = None
        self.messages: list[str] = []
        self.undo: Any = None

    def notify_changed(self) -> None:
        assert self.view is not None
        self.view.refresh()

    def statusBar(self) -> Any:
        window = self

        class Bar:
            def showMessage(self, text: str, _ms: int) -> None:
                window.messages.append(text)

        return Bar()

    def show_undo(self, message: str, undo: Any) -> None:
        self.undo = undo


def _view(qtbot: Any, window: FakeWindow | None = None) -> RemindersView:
    view = RemindersView(window, today=lambda: TODAY)
    if window is not None:
        window.view = view
    qtbot.addWidget(view)
    view.show()
    return view


def _rows(view: RemindersView, key: str) -> list[tuple[str, str, str]]:
    """(kind, contact, note) of each row of a section, as shown."""
    model = view.models[key]
    cell = model.index
    return [
        (cell(r, Column.KIND).data(), cell(r, Column.CONTACT).data(), cell(r, Column.NOTE).data())
        for r in range(model.rowCount())
    ]


def _select(view: RemindersView, key: str, contact: str) -> None:
    model = view.models[key]
    rows = [r for r in range(model.rowCount()) if model.index(r, Column.CONTACT).data() == contact]
    assert rows, f"{contact} not in {key}: {_rows(view, key)}"
    view.select(key, rows[0])


def test_each_kind_in_its_section(qtbot: Any, people: dict[str, int]) -> None:
    view = _view(qtbot)
    assert _rows(view, "overdue") == [
        ("Keep in touch", "Cy Keeper", "keep in touch — last talked 4 weeks ago"),
        ("Anniversary", "Gus Wed", "10 years"),
        ("Follow-up", "Ivy Follow", "send the deck"),
    ]
    assert _rows(view, "today") == [
        ("Birthday", "Eve Forty", "turns 40"),
        ("Birthday", "Hal Notice", "age unknown"),  # 1 Dec, shown early by its notice
    ]
    assert _rows(view, "upcoming") == [
        ("Birthday", "Fay Yearless", "age unknown"),
        ("Keep in touch", "Dee Monthly", "keep in touch — last talked 3 weeks ago"),
    ]
    today = view.models["today"]
    assert today.index(1, Column.DUE).data().endswith("(in 5 d)")
    assert "advance notice" in today.index(1, Column.DUE).data(Qt.ItemDataRole.ToolTipRole)
    overdue = view.models["overdue"]
    assert overdue.index(0, Column.DUE).data().endswith("(16 d overdue)")
    assert overdue.index(0, Column.REPEATS).data() == "every 2 weeks"
    assert overdue.index(1, Column.REPEATS).data() == "every year"
    assert overdue.index(0, 0).data(KindRole) == "keep-in-touch"
    assert not overdue.index(0, Column.KIND).data(Qt.ItemDataRole.DecorationRole).isNull()
    spoken = overdue.index(1, Column.DUE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Anniversary: Gus Wed, 10 years,") and "3 d overdue" in spoken
    assert view.summary.text() == "3 overdue · 2 today · 2 upcoming"


def test_overdue_and_today_are_the_trays_count(qtbot: Any, people: dict[str, int]) -> None:
    view = _view(qtbot)
    shown = view.models["overdue"].rowCount() + view.models["today"].rowCount()
    assert shown == followups.count_due(TODAY) == 5


def test_model_with_every_kind_passes_modeltester(
    qtbot: Any, qtmodeltester: Any, people: dict[str, int]
) -> None:
    model = RemindersModel()
    model.set_rows(followups.due(TODAY, 30), TODAY)
    assert {model.index(r, 0).data(KindRole) for r in range(model.rowCount())} == {
        "follow-up",
        "keep-in-touch",
        "birthday",
        "anniversary",
    }
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("key", "contact", "enabled"),
    [
        ("overdue", "Cy Keeper", {"snooze", "log", "pause", "open"}),
        ("overdue", "Gus Wed", {"done", "snooze", "log", "open"}),
        ("today", "Eve Forty", {"done", "snooze", "log", "open"}),
        ("overdue", "Ivy Follow", {"done", "snooze", "reschedule", "edit", "log", "open"}),
    ],
)
def test_actions_follow_the_kind(
    qtbot: Any, people: dict[str, int], key: str, contact: str, enabled: set[str]
) -> None:
    view = _view(qtbot)
    _select(view, key, contact)
    assert {name for name, b in view.buttons.items() if b.isEnabled()} == enabled


def test_mixed_selection_enables_only_what_applies_to_all(
    qtbot: Any, people: dict[str, int]
) -> None:
    view = _view(qtbot)
    view.select("overdue", 0)
    view.tables["overdue"].selectAll()
    assert {n for n, b in view.buttons.items() if b.isEnabled()} == {"snooze", "log", "open"}


def test_logging_restarts_the_cadence_and_moves_the_item(
    qtbot: Any, people: dict[str, int]
) -> None:
    from PySide6.QtCore import QDate, QDateTime, QTime, QTimer
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.log_dialog import LogInteractionDialog

    view = _view(qtbot)
    _select(view, "overdue", "Cy Keeper")
    seen: list[list[int]] = []

    def save() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LogInteractionDialog):
            QTimer.singleShot(50, save)
            return
        seen.append(dialog.participant_ids())
        dialog.when.setDateTime(QDateTime(QDate(2026, 11, 26), QTime(12, 0)))
        dialog.accept()

    QTimer.singleShot(50, save)
    view.log_button.click()
    assert seen == [[people["cy"]]]
    assert "Cy Keeper" not in [r[1] for r in _rows(view, "overdue")]
    # Logged today with a 2-week cadence: next due 10 Dec, within the next 30 days.
    upcoming = view.models["upcoming"]
    (row,) = [r for r in range(upcoming.rowCount()) if upcoming.index(r, 2).data() == "Cy Keeper"]
    assert upcoming.index(row, Column.DUE).data().endswith("(in 14 d)")
    assert upcoming.index(row, Column.NOTE).data() == "keep in touch — last talked today"


def test_snooze_keep_in_touch_moves_it_to_upcoming(qtbot: Any, people: dict[str, int]) -> None:
    view = _view(qtbot)
    _select(view, "overdue", "Cy Keeper")
    view.snooze_days(7)
    assert "Cy Keeper" not in [r[1] for r in _rows(view, "overdue")]
    assert followups.cadence_of(people["cy"])["next_due"] == "2026-12-03"
    upcoming = view.models["upcoming"]
    names = [upcoming.index(r, Column.CONTACT).data() for r in range(upcoming.rowCount())]
    assert names == ["Cy Keeper", "Fay Yearless", "Dee Monthly"]  # 3, 5 and 6 December


def test_pause_clears_keep_in_touch_with_undo(qtbot: Any, people: dict[str, int]) -> None:
    window = FakeWindow()
    view = _view(qtbot, window)
    _select(view, "overdue", "Cy Keeper")
    view.pause_button.click()
    assert followups.cadence_of(people["cy"])["paused"] is True
    assert "Cy Keeper" not in [r[1] for r in _rows(view, "overdue")]
    assert window.messages == ["Keep in touch paused for 1 contact(s)"]
    window.undo()
    view.refresh()
    assert followups.cadence_of(people["cy"])["paused"] is False
    assert _rows(view, "overdue")[0][1] == "Cy Keeper"


def test_snoozed_birthday_shows_as_snoozed_and_a_belated_one_goes(
    qtbot: Any, people: dict[str, int]
) -> None:
    view = _view(qtbot)
    _select(view, "today", "Eve Forty")
    view.snooze_days(1)
    assert "Eve Forty" not in [r[1] for r in _rows(view, "today")]
    upcoming = view.models["upcoming"]
    assert upcoming.index(0, Column.CONTACT).data() == "Eve Forty"
    assert upcoming.index(0, Column.DUE).data().endswith("(snoozed)")
    tip = upcoming.index(0, Column.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Snoozed until 2026-11-27 (birthday on 2026-11-26)"
    # The anniversary was 3 days ago; a week's snooze is past its last belated day
    # (the service stops listing it 7 days after), so it is gone for this year.
    _select(view, "overdue", "Gus Wed")
    view.snooze_days(7)
    every = [r[1] for key in view.models for r in _rows(view, key)]
    assert "Gus Wed" not in every
    assert all(i.contact != "Gus Wed" for i in followups.due(dt.date(2026, 12, 3), 30))


def test_done_shortcut_on_keep_in_touch_changes_nothing(qtbot: Any, people: dict[str, int]) -> None:
    window = FakeWindow()
    view = _view(qtbot, window)
    _select(view, "overdue", "Cy Keeper")
    before = followups.due(TODAY, 30)
    (shortcut,) = [s for s in view.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+D")]
    shortcut.activated.emit()
    assert followups.due(TODAY, 30) == before
    assert "log an interaction" in window.messages[-1]


def test_done_keeps_the_place_for_the_next_item(qtbot: Any, people: dict[str, int]) -> None:
    cid = people["ivy"]
    reminders.add_reminder(cid, TODAY - dt.timedelta(days=1), "second")
    view = _view(qtbot)
    _select(view, "overdue", "Ivy Follow")
    row = view.tables["overdue"].currentIndex().row()
    view.mark_done()
    assert view.tables["overdue"].currentIndex().row() == row
    (item,) = view.selected_items()
    assert (item.contact, item.note) == ("Ivy Follow", "second")


def test_enter_on_a_birthday_opens_that_contact(qtbot: Any, people: dict[str, int]) -> None:
    view = _view(qtbot)
    _select(view, "today", "Eve Forty")
    with qtbot.waitSignal(view.contact_activated) as sig:
        qtbot.keyClick(view.tables["today"], Qt.Key.Key_Return)
    assert sig.args == [people["eve"]]


def test_birthday_done_for_this_year_with_undo(qtbot: Any, people: dict[str, int]) -> None:
    window = FakeWindow()
    view = _view(qtbot, window)
    _select(view, "today", "Eve Forty")
    assert view.done_button.text() == "&Done"
    assert view.done_button.isEnabled()
    assert view.done_button.toolTip() == "Done for this year"
    view.done_button.click()
    every = [r[1] for key in view.models for r in _rows(view, key)]
    assert "Eve Forty" not in every
    assert followups.count_due(TODAY) == 4  # the tray's number drops with it
    assert window.messages == ["Eve Forty's birthday done for this year"]
    next_year = followups.due(dt.date(2027, 11, 26))
    assert ("Eve Forty", "birthday") in [(i.contact, i.kind) for i in next_year]
    window.undo()
    view.refresh()
    assert "Eve Forty" in [r[1] for r in _rows(view, "today")]
    assert followups.count_due(TODAY) == 5


def test_ctrl_d_on_an_anniversary_and_a_follow_up_does_both(
    qtbot: Any, people: dict[str, int]
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    window = FakeWindow()
    view = _view(qtbot, window)
    _select(view, "overdue", "Gus Wed")
    table = view.tables["overdue"]
    model = view.models["overdue"]
    (ivy,) = [r for r in range(model.rowCount()) if model.index(r, 2).data() == "Ivy Follow"]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(model.index(ivy, 0), flags)
    assert {i.contact for i in view.selected_items()} == {"Gus Wed", "Ivy Follow"}
    assert "done for this year" in view.done_button.toolTip()
    (shortcut,) = [s for s in view.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+D")]
    shortcut.activated.emit()
    assert [r[1] for r in _rows(view, "overdue")] == ["Cy Keeper"]
    assert reminders.open_reminders(people["ivy"]) == []
    assert window.messages == ["1 follow-up(s) done; Gus Wed's anniversary done for this year"]
    assert window.undo is None  # no Undo that would bring back only half of the click


def test_done_message_counts_birthdays_and_anniversaries(people: dict[str, int]) -> None:
    from netkeeper.ui.reminders_view import dates_done_text

    dated = [i for i in followups.due(TODAY, 30) if i.kind in ("birthday", "anniversary")]
    assert dates_done_text(dated) == "3 birthdays and 1 anniversary done for this year"
    births = [i for i in dated if i.kind == "birthday"]
    assert dates_done_text(births[:2]) == "2 birthdays done for this year"


def test_tab_leaves_each_section_table(qtbot: Any) -> None:
    from netkeeper.ui.reminders_view import _Table

    table = _Table()
    qtbot.addWidget(table)
    assert table.tabKeyNavigation() is False
