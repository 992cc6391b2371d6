"""Timeline: paged model, day grouping, filters, opening a contact, and the log dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from netkeeper.model.db import db
from netkeeper.services import tags, timeline
from netkeeper.services.reminders import open_reminders
from netkeeper.ui.timeline_model import (
    Column,
    ContactIdsRole,
    FirstOfDayRole,
    InteractionIdRole,
    TimelineFilter,
    TimelineModel,
)
from netkeeper.ui.timeline_view import TimelineView


def _bulk_interactions(contact_id: int, n: int, start: dt.datetime) -> None:
    """n interactions, one an hour going back from `start` (UTC), inserted in one go."""
    with db.atomic():
        first = db.execute_sql("SELECT coalesce(max(id), 0) FROM interaction").fetchone()[0] + 1
        rows = [
            (first + k, "call", (start - dt.timedelta(hours=k)).isoformat(sep=" "), f"n{k}", "x")
            for k in range(n)
        ]
        db.cursor().executemany(
            "INSERT INTO interaction (id, kind, occurred_at, note, created_at) VALUES (?,?,?,?,?)",
            rows,
        )
        db.cursor().executemany(
            "INSERT INTO interaction_participant (interaction_id, contact_id) VALUES (?, ?)",
            [(r[0], contact_id) for r in rows],
        )


def test_model_pages_and_passes_modeltester(qtmodeltester: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    _bulk_interactions(ada, 450, dt.datetime(2026, 6, 1, 12))
    model = TimelineModel(page=200)
    model.reload()
    assert model.rowCount() == 200
    assert model.canFetchMore()
    qtmodeltester.check(model)
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    # Newest first, and the notes match the service's order exactly.
    notes = [model.index(r, Column.NOTE).data() for r in range(450)]
    assert notes == [f"n{k}" for k in range(450)]
    qtmodeltester.check(model)


def test_day_grouping_shows_each_day_once(make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    for day, hour in ((3, 9), (3, 15), (2, 10)):
        timeline.log_interaction([ada], "coffee", dt.datetime(2026, 3, day, hour), f"d{day}h{hour}")
    model = TimelineModel()
    model.reload()
    days = [model.index(r, Column.DAY).data() for r in range(3)]
    assert days[0] and not days[1] and days[2]
    assert days[0] != days[2]
    assert [model.index(r, 0).data(FirstOfDayRole) for r in range(3)] == [True, False, True]
    assert model.index(1, Column.DAY).data(Qt.ItemDataRole.ToolTipRole) == days[0]


def test_filters_by_kind_contact_tag_and_days(make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace", tags=["mentors"])
    bob = make_contact("Bob Babbage")
    timeline.log_interaction([ada], "call", dt.datetime(2026, 1, 10, 12), "ada call")
    timeline.log_interaction([bob], "meeting", dt.datetime(2026, 2, 10, 12), "bob meeting")
    timeline.log_interaction([ada, bob], "meeting", dt.datetime(2026, 3, 10, 12), "both")
    model = TimelineModel()

    def notes(**kw: Any) -> list[str]:
        model.set_filter(TimelineFilter(**kw))
        return [model.index(r, Column.NOTE).data() for r in range(model.rowCount())]

    assert notes() == ["both", "bob meeting", "ada call"]
    assert notes(kinds=["meeting"]) == ["both", "bob meeting"]
    assert notes(contact_id=ada) == ["both", "ada call"]
    assert notes(tag="mentors") == ["both", "ada call"]
    assert notes(first_day=dt.date(2026, 2, 10), last_day=dt.date(2026, 2, 10)) == ["bob meeting"]
    assert notes(first_day=dt.date(2026, 2, 11)) == ["both"]
    tags.add_tag([bob], "mentors")
    assert notes(tag="mentors", kinds=["meeting"]) == ["both", "bob meeting"]


def test_tag_filter_gives_the_same_rows_either_way(
    make_contact: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = make_contact("Ada Lovelace", tags=["mentors"])
    bob = make_contact("Bob Babbage")
    for day in range(1, 8):
        who = [ada] if day % 2 else [bob]
        timeline.log_interaction(who, "call", dt.datetime(2026, 1, day, 12), f"d{day}")
    timeline.log_interaction([ada, bob], "meeting", dt.datetime(2026, 1, 9, 12), "both")
    collected = [d["note"] for d in timeline.timeline(tag="mentors", limit=3, offset=1)]
    monkeypatch.setattr(timeline, "TAG_WALK_MIN", 0)  # force the walking (EXISTS) form
    walked = [d["note"] for d in timeline.timeline(tag="mentors", limit=3, offset=1)]
    assert collected == walked == ["d7", "d5", "d3"]


def test_view_filters_and_opens_contact(qtbot: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace", tags=["mentors"])
    bob = make_contact("Bob Babbage")
    timeline.log_interaction([bob], "email", dt.datetime(2026, 2, 1, 9), "to bob")
    timeline.log_interaction([ada], "call", dt.datetime(2026, 2, 2, 9), "to ada")
    view = TimelineView(None)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == 2
    view.kind.setCurrentIndex(view.kind.findData("email"))
    assert view.model.rowCount() == 1
    assert view.model.index(0, Column.NOTE).data() == "to bob"
    view.clear_filters()
    view.tag.setCurrentIndex(view.tag.findData("mentors"))
    assert [view.model.index(0, Column.NOTE).data()] == ["to ada"]
    view.clear_filters()
    view.show_contact(bob)
    assert view.model.rowCount() == 1
    view.clear_filters()
    view.set_day_range(dt.date(2026, 2, 2), dt.date(2026, 2, 2))
    assert view.model.rowCount() == 1
    # Enter on a row opens its first participant.
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    with qtbot.waitSignal(view.contact_activated) as sig:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert sig.args == [ada]
    assert view.model.index(0, 0).data(ContactIdsRole) == [ada]
    assert view.table.accessibleName() == "Timeline"


def test_view_refresh_sees_new_interactions(qtbot: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    view = TimelineView(None)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0
    view.refresh()
    assert view.count.text() == "No interactions yet. Log one with Ctrl+L."  # not "match"
    iid = timeline.log_interaction([ada], "note", None, "fresh")
    view.refresh()
    assert view.model.index(0, 0).data(InteractionIdRole) == iid
    assert view.count.text() == "1 interaction shown"
    view.kind.setCurrentIndex(view.kind.findData("call"))
    assert view.count.text() == "No interactions match"


def test_log_dialog_saves_interaction_with_several_people_and_follow_up(
    qtbot: Any, make_contact: Any, settings: Any
) -> None:
    from PySide6.QtWidgets import QWidget

    from netkeeper import settings as prefs
    from netkeeper.ui.log_dialog import LogInteractionDialog

    settings.set(prefs.FOLLOW_UP_DAYS, 5)
    ada = make_contact("Ada Lovelace", org="Analytical Society")
    bob = make_contact("Bob Babbage")

    host = QWidget()
    host.settings = settings  # type: ignore[attr-defined]
    qtbot.addWidget(host)
    dialog = LogInteractionDialog(host, [ada])
    qtbot.addWidget(dialog)
    assert dialog.participant_ids() == [ada]
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    assert dialog.follow_up.isChecked()
    # Type a name into the picker and press Enter: the person joins the list.
    qtbot.keyClicks(dialog.picker.lineEdit(), "Bob Babbage")
    qtbot.keyClick(dialog.picker.lineEdit(), Qt.Key.Key_Return)
    assert dialog.participant_ids() == [ada, bob]
    dialog.note.setPlainText("Talked about engines\nmore")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    doc = timeline.timeline(limit=1)[0]
    assert doc["kind"] == "meeting"
    assert {p["id"] for p in doc["participants"]} == {ada, bob}
    assert doc["note"] == "Talked about engines\nmore"
    due = (dialog.when_local().date() + dt.timedelta(days=5)).isoformat()
    reminders = open_reminders()
    assert sorted(r["contact_id"] for r in reminders) == [ada, bob]
    assert all(
        r["due"] == due and r["note"] == "Follow up: Talked about engines" for r in reminders
    )


def test_log_dialog_default_days_come_from_settings(qtbot: Any, settings: Any, gui_db: Any) -> None:
    from PySide6.QtWidgets import QWidget

    from netkeeper import settings as prefs
    from netkeeper.ui.log_dialog import LogInteractionDialog

    settings.set(prefs.FOLLOW_UP_DAYS, 12)
    host = QWidget()
    host.settings = settings  # type: ignore[attr-defined]
    qtbot.addWidget(host)
    dialog = LogInteractionDialog(host, [])
    assert dialog.follow_days.value() == 12


def test_log_dialog_refuses_nobody_and_writes_nothing(qtbot: Any, make_contact: Any) -> None:
    from netkeeper.ui.log_dialog import LogInteractionDialog

    make_contact("Ada Lovelace")
    dialog = LogInteractionDialog(None, [])
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert not dialog.error.isHidden()
    assert timeline.timeline() == []
    assert dialog.kind.accessibleName() == "Kind"
    assert dialog.people.accessibleName() == "Participants"


def test_escape_with_a_note_written_asks_first(
    qtbot: Any, make_contact: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from netkeeper.ui.log_dialog import LogInteractionDialog

    ada = make_contact("Ada Lovelace")
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or answer)
    dialog = LogInteractionDialog(None, [ada])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.note, "Promised to send the slides")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and dialog.isVisible()
    answer = QMessageBox.StandardButton.Discard
    dialog.reject()
    assert not dialog.isVisible() and timeline.timeline() == []
    blank = LogInteractionDialog(None, [ada])
    qtbot.addWidget(blank)
    blank.show()
    qtbot.keyClick(blank, Qt.Key.Key_Escape)  # nothing written: closes without asking
    assert len(asked) == 2 and not blank.isVisible()


def test_ctrl_l_opens_log_dialog_from_main_window(qtbot: Any, main_window: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.log_dialog import LogInteractionDialog

    seen: list[Any] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(200, close_it)
    main_window.show_view("timeline")
    qtbot.keyClick(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen and isinstance(seen[0], LogInteractionDialog)


def test_log_button_starts_with_the_filtered_contact(qtbot: Any, make_contact: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.log_dialog import LogInteractionDialog

    ada = make_contact("Ada Lovelace")
    view = TimelineView(None)
    qtbot.addWidget(view)
    view.show()
    view.show_contact(ada)
    seen: list[list[int]] = []

    def save() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LogInteractionDialog):
            QTimer.singleShot(50, save)
            return
        seen.append(dialog.participant_ids())
        dialog.accept()

    QTimer.singleShot(50, save)
    view.log_button.click()
    assert seen == [[ada]]
    assert view.model.rowCount() == 1  # the view refreshed itself
