"""The Log dialog warns about a date ahead, logs a day without a time, and the views show
both as they are (a date alone, never 12:00; a planned one marked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from netkeeper.services import contacts, followups, timeline
from netkeeper.ui.log_dialog import LogInteractionDialog
from netkeeper.ui.timeline_model import Column, TimelineModel


def _qdt(moment: dt.datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def test_the_log_dialog_warns_about_a_date_ahead(qtbot: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    followups.set_cadence(ada, "1 month")
    past = dt.datetime.now() - dt.timedelta(days=20)
    timeline.log_interaction([ada], "call", past)
    due = followups.cadence_of(ada)["next_due"]
    dialog = LogInteractionDialog(None, [ada])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ahead.isVisible()  # now is not ahead
    ahead = dt.datetime.now() + dt.timedelta(days=4)
    dialog.when.setDateTime(_qdt(ahead))
    assert dialog.ahead.isVisible() and "dated ahead" in dialog.ahead.text()
    dialog.follow_up.setChecked(False)
    dialog.accept()
    assert dialog.interaction_id is not None
    # Saved, but it is not the last contact and the cadence has not moved.
    assert followups.local_day(contacts.get_contact(ada).last_interaction) == past.date()
    assert followups.cadence_of(ada)["next_due"] == due
    model = TimelineModel()
    model.reload()
    assert model.index(0, Column.KIND).data(Qt.ItemDataRole.FontRole).italic()
    assert "Planned" in model.index(0, Column.KIND).data(Qt.ItemDataRole.ToolTipRole)
    assert not model.index(1, Column.KIND).data(Qt.ItemDataRole.FontRole)


def test_a_day_without_a_time_is_stored_and_shown_as_a_date(qtbot: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    dialog = LogInteractionDialog(None, [ada])
    qtbot.addWidget(dialog)
    dialog.when.setDateTime(_qdt(dt.datetime(2026, 3, 3, 17, 45)))
    dialog.timed.setChecked(False)
    assert dialog.when.displayFormat() == "yyyy-MM-dd"
    dialog.follow_up.setChecked(False)
    dialog.accept()
    assert dialog.interaction_id is not None
    doc = timeline.interaction(dialog.interaction_id)
    assert doc["all_day"] is True and doc["date"] == "2026-03-03"
    model = TimelineModel()
    model.reload()
    assert model.index(0, Column.TIME).data() == ""
    assert "12:00" not in model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    # Editing keeps it a day; ticking "At a time" makes it a timed one again.
    edit = LogInteractionDialog(None, interaction_id=dialog.interaction_id)
    qtbot.addWidget(edit)
    assert not edit.timed.isChecked() and edit.when.displayFormat() == "yyyy-MM-dd"
    edit.timed.setChecked(True)
    edit.when.setDateTime(_qdt(dt.datetime(2026, 3, 3, 9, 15)))
    edit.accept()
    doc = timeline.interaction(dialog.interaction_id)
    assert doc["all_day"] is False


def test_the_window_lets_a_planned_interaction_count_when_its_time_comes(
    qtbot: Any, make_contact: Any, main_window: Any, monkeypatch: Any
) -> None:
    ada = make_contact("Ada Lovelace")
    ahead = dt.datetime.now().replace(second=0, microsecond=0) + dt.timedelta(hours=2)
    timeline.log_interaction([ada], "coffee", ahead)
    assert contacts.get_contact(ada).last_interaction is None
    main_window.settle_planned()
    assert contacts.get_contact(ada).last_interaction is None
    later = ahead + dt.timedelta(minutes=5)
    from netkeeper.services.dates import to_utc_naive

    utc = to_utc_naive(later).isoformat(sep=" ")
    monkeypatch.setattr(timeline, "_clock", lambda: (utc, later.date().isoformat()))
    seen: list[int] = []
    main_window.data_changed.connect(lambda: seen.append(1))
    main_window._settle_timer.timeout.emit()
    assert contacts.get_contact(ada).last_interaction is not None and seen
