"""Another process changes the database; every view of the open window follows within 2 s.

The other process is the real command line (`python -m netkeeper --db FILE ...`) in a
subprocess, as a user in a terminal (or a sync in a worker) would write. Each test checks
that the change shows within two seconds of the command's exit, and that the user's place
survives it: the selection, the scroll position, and text typed but not saved.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractItemView, QApplication

WITHIN_MS = 2000


def cli(db: Path, *args: str) -> str:
    """Run the real CLI in another process against `db`; its stdout (fails on a non-zero exit)."""
    done = subprocess.run(
        [sys.executable, "-m", "netkeeper", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def listed(view: Any, name: str) -> bool:
    """The contact list shows a row with this name."""
    return any(r.full_name == name for r in view.model.rows())


def top_row(view: QAbstractItemView) -> int:
    return view.indexAt(QPoint(1, 1)).row()


@pytest.fixture
def people(make_contact: Any) -> list[int]:
    """Sixty contacts, more than the list shows at once, so it can scroll."""
    return [
        make_contact(f"Person {i:02d}", email=f"p{i}@example.org", tags=["club"] if i % 3 else [])
        for i in range(60)
    ]


def _contacts(main_window: Any) -> Any:
    view = main_window.show_view("contacts")
    main_window.resize(1000, 500)
    QApplication.processEvents()
    view.table.doItemsLayout()
    return view


def test_contact_list_and_tags_follow_an_add_keeping_selection_and_scroll(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    view = _contacts(main_window)
    view.select_contact(people[40])
    bar = view.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the list really scrolls
    top_before = view.model.row_data(top_row(view.table)).id
    assert top_before != people[0]
    clubs = dict(view.tag_model._rows)["club"]

    # Sorts first, above everything on screen; and a tag of its own.
    cli(gui_db, "add", "Aaron Newcomer", "--tag", "club", "--tag", "mentors")

    qtbot.waitUntil(lambda: listed(view, "Aaron Newcomer"), timeout=WITHIN_MS)
    assert view.selected_ids() == [people[40]]
    assert view.detail.contact_id == people[40]
    assert view.model.row_data(top_row(view.table)).id == top_before  # did not jump a row
    tags = dict(view.tag_model._rows)
    assert tags["club"] == clubs + 1 and tags["mentors"] == 1
    assert "61 contacts" in view.count_label.text()


def test_detail_pane_follows_a_logged_interaction(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    view = _contacts(main_window)
    view.select_contact(people[5])
    import datetime as dt

    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    cli(
        gui_db,
        "log",
        "Person 05",
        "--kind",
        "call",
        "--date",
        yesterday,
        "--note",
        "Talked about engines",
    )
    qtbot.waitUntil(
        lambda: "Talked about engines" in view.detail.body.toPlainText(), timeout=WITHIN_MS
    )
    assert view.selected_ids() == [people[5]]
    row = view.model.row_of(people[5])
    assert view.model.row_data(row).last_interaction  # the list's column followed too


def test_search_text_and_an_open_editor_survive_a_change_elsewhere(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    from netkeeper.ui.contact_editor import ContactEditor

    view = _contacts(main_window)
    view.search.setText("Person 1")
    view.apply_filter()
    view.select_contact(people[12])
    editor = ContactEditor(main_window, people[12])
    qtbot.addWidget(editor)
    editor.open()  # window-modal, like exec(), without blocking the test
    try:
        editor.job_title.setText("Chief engineer (not saved yet)")
        editor.notes.setPlainText("typed, not saved")

        cli(gui_db, "add", "Person 1 Newcomer")

        qtbot.waitUntil(lambda: listed(view, "Person 1 Newcomer"), timeout=WITHIN_MS)
        assert view.search.text() == "Person 1"
        assert view.selected_ids() == [people[12]]
        assert editor.isVisible()
        assert editor.job_title.text() == "Chief engineer (not saved yet)"
        assert editor.notes.toPlainText() == "typed, not saved"
    finally:
        editor.done(0)  # closing it with unsaved text would ask "Discard?" and wait


def test_timeline_follows_a_log_keeping_the_selected_interaction(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    import datetime as dt

    from netkeeper.services.timeline import log_interaction
    from netkeeper.ui.timeline_model import InteractionIdRole

    start = dt.datetime(2026, 1, 1, 9)
    for i in range(80):
        log_interaction([people[i % 60]], "email", start + dt.timedelta(hours=i), f"note {i}")
    view = main_window.show_view("timeline")
    main_window.resize(1000, 500)
    QApplication.processEvents()
    table = view.table
    table.selectRow(30)
    chosen = table.currentIndex().data(InteractionIdRole)
    table.scrollTo(table.currentIndex(), QAbstractItemView.ScrollHint.PositionAtTop)
    top_before = table.model().index(top_row(table), 0).data(InteractionIdRole)

    cli(gui_db, "log", "Person 07", "--kind", "coffee", "--note", "Coffee from the terminal")

    qtbot.waitUntil(lambda: view.model.rowCount() == 81, timeout=WITHIN_MS)
    assert view.model.row(0)["note"] == "Coffee from the terminal"
    assert table.currentIndex().data(InteractionIdRole) == chosen
    assert [i.data(InteractionIdRole) for i in table.selectionModel().selectedRows()] == [chosen]
    assert table.model().index(top_row(table), 0).data(InteractionIdRole) == top_before


def test_timeline_contact_filter_being_typed_is_kept(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    view = main_window.show_view("timeline")
    QApplication.processEvents()
    edit = view.picker.lineEdit()
    edit.setFocus()
    edit.setText("Perso")
    cli(gui_db, "add", "Zed Zeta")  # a new name: the picker's list is rebuilt
    qtbot.waitUntil(
        lambda: view.picker.names.row_of(_id(gui_db, "Zed Zeta")) > 0, timeout=WITHIN_MS
    )
    assert view.picker.lineEdit().text() == "Perso"


def _id(db: Path, name: str) -> int:
    from netkeeper.services.contact_rows import contact_rows

    return next(r.id for r in contact_rows() if r.full_name == name)


def test_reminders_follow_a_reminder_and_a_cadence_set_elsewhere(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    import datetime as dt

    today = dt.date.today().isoformat()
    cli(gui_db, "remind", "Person 01", "--on", today, "--note", "first")
    view = main_window.show_view("reminders")
    QApplication.processEvents()
    view.select("today", 0)
    chosen = view.selected_items()[0].key

    cli(gui_db, "remind", "Person 00", "--on", today, "--note", "Sent from the terminal")
    cli(gui_db, "cadence", "Person 02", "--every", "2 weeks")

    def shown() -> list[str]:
        model = view.models["today"]
        notes = [model.row(r).note for r in range(model.rowCount())]
        coming = view.models["upcoming"]  # a new cadence is first due in two weeks
        return notes + [coming.row(r).contact for r in range(coming.rowCount())]

    qtbot.waitUntil(
        lambda: "Sent from the terminal" in " ".join(shown()) and "Person 02" in shown(),
        timeout=WITHIN_MS,
    )
    assert [i.key for i in view.selected_items()] == [chosen]  # not the row that slid in


def test_trash_and_duplicates_follow_changes_elsewhere(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path
) -> None:
    cli(gui_db, "delete", "Person 03")
    trash = main_window.show_view("trash")
    QApplication.processEvents()
    assert trash.model.rowCount() == 1
    trash.table.selectRow(0)
    kept = trash.selected_ids()

    cli(gui_db, "delete", "Person 04")
    qtbot.waitUntil(lambda: trash.model.rowCount() == 2, timeout=WITHIN_MS)
    assert trash.selected_ids() == kept

    cli(gui_db, "add", "P. Ten", "--email", "p10@example.org")  # Person 10's address
    cli(gui_db, "add", "P. Eleven", "--email", "p11@example.org")
    dupes = main_window.show_view("duplicates")
    qtbot.waitUntil(lambda: dupes.loaded and dupes.model.rowCount() == 2, timeout=WITHIN_MS)
    dupes.table.selectRow(1)
    chosen = dupes.current_pair()
    cli(gui_db, "add", "P. Twelve", "--email", "p12@example.org")
    qtbot.waitUntil(lambda: dupes.model.rowCount() == 3, timeout=WITHIN_MS)
    assert dupes.current_pair() == chosen


def test_hidden_views_wait_until_shown_and_nothing_changed_costs_one_pragma(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path, monkeypatch: Any
) -> None:
    view = _contacts(main_window)
    timeline = main_window.show_view("timeline")
    main_window.show_view("contacts")
    loads: list[str] = []
    monkeypatch.setattr(timeline, "refresh", lambda: loads.append("timeline"))
    original = view.refresh
    monkeypatch.setattr(view, "refresh", lambda: (loads.append("contacts"), original()))
    watcher = main_window.db_watcher
    checks = watcher.checks
    qtbot.wait(2500)  # nothing changes: the watcher asks, nobody reloads
    assert watcher.checks > checks and loads == []

    cli(gui_db, "add", "Aaron Newcomer")
    qtbot.waitUntil(lambda: loads == ["contacts"], timeout=WITHIN_MS)
    main_window.show_view("timeline")
    assert loads == ["contacts", "timeline"]


def test_our_own_writes_do_not_refresh_twice(
    qtbot: Any, people: list[int], main_window: Any, gui_db: Path, monkeypatch: Any
) -> None:
    """A write from a worker thread of ours moves data_version like another process;
    once the window has announced it (notify_changed), the watcher must not repeat it."""
    import threading

    from netkeeper.model.db import db
    from netkeeper.services.tags import add_tag

    view = _contacts(main_window)
    loads: list[int] = []
    original = view.refresh
    monkeypatch.setattr(view, "refresh", lambda: (loads.append(1), original()))

    def write() -> None:
        add_tag([people[0]], "from-a-thread")
        db.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    main_window.notify_changed()
    assert loads == [1]
    qtbot.wait(1500)
    assert loads == [1]


def test_detail_pane_keeps_its_scroll_when_its_contact_changes_elsewhere(
    qtbot: Any, people: list[int], gui_db: Path, settings: Any
) -> None:
    import datetime as dt

    from netkeeper.services.timeline import log_interaction
    from netkeeper.ui.main_window import MainWindow

    start = dt.datetime(2026, 1, 1, 9)
    for i in range(40):
        log_interaction([people[5]], "email", start + dt.timedelta(days=i), f"email {i}")
    window = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    view = _contacts(window)
    view.select_contact(people[5])
    bar = view.detail.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(250)
    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    cli(gui_db, "log", "Person 05", "--kind", "call", "--date", yesterday, "--note", "Rang")
    qtbot.waitUntil(lambda: "Rang" in view.detail.body.toPlainText(), timeout=WITHIN_MS)
    assert bar.value() == 250
