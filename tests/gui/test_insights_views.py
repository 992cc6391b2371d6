"""Today and Insights pages (issue 15): Today opens first once there are contacts, each
item's action works and a dismissal sticks; Insights shows health, strength, diversity
gaps, activity and give and take, computed off the UI thread, and exports PNG and PDF."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netkeeper.services import reminders as svc
from netkeeper.services.insights import diversity as dv
from netkeeper.services.people import ledger
from netkeeper.services.timeline import log_interaction

TODAY = dt.date.today()


@pytest.fixture
def strengths_held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """strengths() waits until the test sets the event it gets (set at the end anyway)."""
    from netkeeper.services.insights import strength as st

    release = threading.Event()
    real = st.strengths

    def slow(as_of: Any = None, ids: Any = None) -> Any:
        release.wait(10)
        return real(as_of, ids)

    monkeypatch.setattr(st, "strengths", slow)
    yield release
    release.set()


def _window(qtbot: Any, gui_db: Path, settings: Any) -> Any:
    from netkeeper.ui.main_window import MainWindow

    window = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_contacts_first_while_empty_then_today(
    qtbot: Any, gui_db: Path, settings: Any, make_contact: Any
) -> None:
    empty = _window(qtbot, gui_db, settings)
    assert empty.current_view_key() == "contacts"
    empty.close()
    make_contact("Ada Lovelace")
    window = _window(qtbot, gui_db, settings)
    assert window.current_view_key() == "today"
    assert window.named_actions["view_contacts"].shortcut().toString() == "Ctrl+1"
    assert window.named_actions["view_today"].shortcut().toString() == "Ctrl+0"


def test_today_actions_and_dismissal(qtbot: Any, gui_db: Path, make_contact: Any) -> None:
    from netkeeper.ui.insights.today_view import TodayView

    cy = make_contact("Cy Clerk")
    bob = make_contact("Bob Babbage")
    rid = svc.add_reminder(cy, TODAY, "send the deck")
    for n in range(3):
        ledger.receive(bob, f"advice {n}", "advice", TODAY)
    view = TodayView(None, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.show()
    assert view.summary.text() == "Working out what is due…", "worked out off the UI thread"
    qtbot.waitUntil(lambda: bool(view.model.items), timeout=5000)
    kinds = [(i.kind, i.contact_id) for i in view.model.items]
    assert ("follow-up", cy) in kinds and ("give-back", bob) in kinds
    assert view.model.data(view.model.index(0, 2)).startswith("send the deck")
    # The follow-up's one action is Done.
    view.select_row(kinds.index(("follow-up", cy)))
    assert view.action_button.text() == "Done"
    assert not view.dismiss_button.isEnabled(), "what is due is done or snoozed, not dismissed"
    view.action_button.click()
    view.wait()
    assert ("follow-up", cy) not in [(i.kind, i.contact_id) for i in view.model.items]
    from netkeeper.model.db import db

    done = db.execute_sql("SELECT done_at FROM reminder WHERE id = ?", (rid,)).fetchone()[0]
    assert done is not None
    # A suggestion dismissed for a month stays away, also in a new view.
    row = [i.kind for i in view.model.items].index("give-back")
    view.select_row(row)
    assert view.dismiss_button.isEnabled()
    view.dismiss_button.click()
    view.wait()
    assert "give-back" not in [i.kind for i in view.model.items]
    again = TodayView(None, today=lambda: TODAY)
    qtbot.addWidget(again)
    again.wait()
    assert "give-back" not in [i.kind for i in again.model.items]


def test_today_empty_state(qtbot: Any, gui_db: Path) -> None:
    from netkeeper.ui.insights.today_view import TodayView

    view = TodayView(None, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.show()
    view.wait()
    assert view.empty.isVisible() and not view.table.isVisible()


def test_insights_page_shows_every_part(
    qtbot: Any, gui_db: Path, make_contact: Any, tmp_path: Path
) -> None:
    from netkeeper.ui.insights.insights_view import InsightsView

    ids = [make_contact(f"Eng {n}") for n in range(4)]
    for cid in ids:
        log_interaction([cid], "coffee", TODAY - dt.timedelta(days=2), all_day=True)
    dv.set_attributes(ids, {"function": "engineering", "seniority": "peer"})
    ledger.give(ids[0], "a referral")
    view = InsightsView(None)
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    with qtbot.waitSignal(view.computed, timeout=10_000):
        pass
    assert view.data is not None
    assert view.health_chart.series[0][1] == [4, 0, 0, 0]
    assert sum(view.strength_chart.series[0][1]) == 4
    gaps = [view.gaps.item(i).text() for i in range(view.gaps.count())]
    assert "4 of 4 active contacts work in engineering" in gaps
    assert "Nobody junior to you" in gaps
    assert "gave 1 time and" in view.give_take.text()
    month = TODAY.strftime("%b %y")  # "Dec 26": the month named, with its year
    assert month in view.activity_chart.categories
    assert "coffee" in [name for name, _v in view.activity_chart.series]
    assert (
        "Eng" not in view.function_chart.table_text()
        and "engineering" in view.function_chart.table_text()
    )
    view.show_numbers.setChecked(True)
    assert view.tables[view.health_chart].isVisible()
    assert "On track" in view.tables[view.health_chart].text()
    png, pdf = tmp_path / "i.png", tmp_path / "i.pdf"
    view.export(str(png))
    view.export(str(pdf))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_contacts_strength_column_fills_and_sorts(
    qtbot: Any, main_window: Any, make_contact: Any
) -> None:
    from PySide6.QtCore import Qt

    from netkeeper.ui.contact_models import ContactColumn

    strong = make_contact("Strong Sam")
    weak = make_contact("Weak Will")
    for week in range(30):
        log_interaction([strong], "meeting", TODAY - dt.timedelta(days=7 * week), all_day=True)
    view = main_window.show_view("contacts")
    view.refresh()
    model = view.model
    qtbot.waitUntil(lambda: strong in model.scores and weak in model.scores, timeout=5000)
    assert model.headerData(ContactColumn.STRENGTH, Qt.Orientation.Horizontal) == "Strength"
    assert model.scores[strong] > model.scores[weak]
    view.table.sortByColumn(ContactColumn.STRENGTH, Qt.SortOrder.DescendingOrder)
    assert model.row_data(0).id == strong
    cell = model.index(0, ContactColumn.STRENGTH)
    assert cell.data() == str(model.scores[strong])
    assert "last real contact today" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_contact_page_shows_strength_parts_and_diversity(
    main_window: Any, make_contact: Any
) -> None:
    ada = make_contact("Ada Lovelace")
    log_interaction([ada], "call", TODAY - dt.timedelta(days=140), all_day=True)
    dv.set_attributes([ada], {"function": "research", "country": "UK", "seniority": "senior"})
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    view.select_contact(ada)
    text = view.detail.body.toPlainText()
    assert "Strength" in text
    assert "last real contact 140 days ago, cadence 90 days" in text
    for part in ("Recency", "Frequency", "Reciprocity", "Duration"):
        assert part in text
    assert "research" in text and "United Kingdom" in text and "senior" in text


def test_today_rows_are_as_tall_as_their_text_at_the_width_shown(
    qtbot: Any, gui_db: Path, make_contact: Any
) -> None:
    """Rows measured while the page was narrow kept two lines' height once it widened."""
    from netkeeper.ui.insights.today_view import TodayView

    for n in range(4):
        cid = make_contact(f"Person {n}")
        svc.add_reminder(cid, TODAY, "send the deck about the pilot we discussed " * 2)
    view = TodayView(None, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(420, 500)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    view.wait()  # worked out in a worker thread
    narrow = view.table.rowHeight(0)
    view.resize(1600, 500)
    qtbot.waitUntil(lambda: view.table.rowHeight(0) < narrow, timeout=2000)
    heights = {view.table.rowHeight(r) for r in range(view.model.rowCount())}
    assert len(heights) == 1, heights


def test_today_keeps_the_list_short_with_many_birthdays(
    qtbot: Any, gui_db: Path, make_contact: Any
) -> None:
    """A big book has hundreds of birthdays a week: the page shows the nearest few and
    says how many there are (the CLI's list stays whole)."""
    from netkeeper.services.insights import today as today_svc
    from netkeeper.ui.insights.today_view import TodayView

    soon = TODAY + dt.timedelta(days=2)
    for n in range(14):
        make_contact(f"Birthday {n:02d}", birthday=f"1990-{soon.month:02d}-{soon.day:02d}")
    assert sum(i.kind == "birthday" for i in today_svc.today(TODAY)) == 14
    view = TodayView(None, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.show()
    view.wait()
    shown = [i for i in view.model.items if i.kind == "birthday"]
    assert len(shown) == TodayView.MAX_BIRTHDAYS_SHOWN == 10
    assert "the 10 nearest of 14 birthdays this week" in view.summary.text()
    assert "14 suggestions" in view.summary.text()
    assert view.model.data(view.model.index(0, 0)) == "Birthday"


def test_a_late_notice_from_a_finished_computation_does_not_wait_for_the_next(
    qtbot: Any, gui_db: Path, make_contact: Any, monkeypatch: Any
) -> None:
    """wait() shows the first answer and starts the second (the data changed meanwhile);
    the first worker's queued notice must not block the UI thread on the second."""
    import time

    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.insights import insights_view
    from netkeeper.ui.insights.insights_view import InsightsView

    make_contact("Ada Lovelace")
    real = insights_view.compute_part
    release = threading.Event()
    calls: list[str] = []

    def compute_part(name: str, day: Any) -> dict[str, Any]:
        calls.append(name)
        if calls.count(name) > 1:
            release.wait(10)  # the second round runs until the test lets it go
        return real(name, day)

    monkeypatch.setattr(insights_view, "compute_part", compute_part)
    view = InsightsView(None)
    qtbot.addWidget(view)
    view.refresh()  # while computing: once more when it ends
    view.wait()
    assert view.data is not None
    second = list(view._workers)
    assert len(second) == len(insights_view.LANES)
    deadline = time.perf_counter() + 5
    while len(calls) < len(insights_view.PARTS) + 2 and time.perf_counter() < deadline:
        time.sleep(0.01)  # both lanes of the second round have begun (no events meanwhile)
    started = time.perf_counter()
    QApplication.processEvents()  # the first round's queued notices arrive now
    assert time.perf_counter() - started < 1.0, "the UI thread waited for the second round"
    assert view._workers == second
    release.set()
    qtbot.waitUntil(lambda: not view._workers, timeout=5000)


def test_the_page_shows_its_figures_while_the_strengths_compute(
    qtbot: Any, gui_db: Path, make_contact: Any, strengths_held: threading.Event
) -> None:
    """The strength bands are the slowest part (a second at 50,000 contacts): every other
    part shows without them, the strength chart says it is computing, and fills after."""
    from netkeeper.ui.insights.insights_view import InsightsView

    cid = make_contact("Ada Lovelace")
    log_interaction([cid], "coffee", TODAY - dt.timedelta(days=2), all_day=True)
    release = strengths_held
    view = InsightsView(None)
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    try:
        qtbot.waitUntil(lambda: not view._workers, timeout=10_000)
        assert view.health_chart.series[0][1] == [1, 0, 0, 0]
        assert "coffee" in [name for name, _v in view.activity_chart.series]
        assert view.missing.count() > 0 and view.gaps.count() > 0
        assert view.strength_chart.pending and not view.strength_chart.series
        assert view.data is None and view.status.text() == "Computing…"
        view.strength_chart.grab()  # paints "Computing…" instead of a chart
    finally:
        release.set()
    with qtbot.waitSignal(view.computed, timeout=10_000):
        pass
    assert sum(view.strength_chart.series[0][1]) == 1
    assert not view.strength_chart.pending
    assert (
        view.data is not None
        and view.data["strength"]["strong"] + view.data["strength"]["active"] == 1
    )


def test_the_last_bands_show_while_new_ones_compute(
    qtbot: Any, gui_db: Path, make_contact: Any, strengths_held: threading.Event
) -> None:
    """Opened at start-up, before the strengths are computed, the page shows the bands the
    last run kept (marked as updating); the fresh ones replace them and are kept in turn,
    without making the strengths stale."""
    from netkeeper.services.insights import strength as st
    from netkeeper.ui import strength_feed
    from netkeeper.ui.insights.insights_view import InsightsView

    cid = make_contact("Ada Lovelace")
    log_interaction([cid], "coffee", TODAY - dt.timedelta(days=2), all_day=True)
    st.keep_bands({"strong": 7, "active": 5, "cooling": 3, "dormant": 1})
    release = strengths_held
    view = InsightsView(None)
    qtbot.addWidget(view)
    view.show()
    try:
        assert view.strength_chart.series[0][1] == [7, 5, 3, 1]
        assert view.strength_chart.pending, "marked as updating"
        view.strength_chart.grab()
    finally:
        release.set()
    with qtbot.waitSignal(view.computed, timeout=10_000):
        pass
    assert sum(view.strength_chart.series[0][1]) == 1 and not view.strength_chart.pending
    fresh = st.kept_bands()
    assert fresh is not None and sum(fresh.values()) == 1, "the new counts are kept"
    assert strength_feed.shared().current() is not None, "and the strengths still hold"


def test_the_lanes_start_once_the_page_is_painted(
    qtbot: Any, gui_db: Path, make_contact: Any, monkeypatch: Any
) -> None:
    """The lanes' Python shares the GIL with the page's first paint and doubled it; they
    start after that paint (a page never shown starts after a short grace)."""
    from netkeeper.ui.insights import insights_view
    from netkeeper.ui.insights.insights_view import InsightsView

    make_contact("Ada Lovelace")
    hidden = InsightsView(None)
    qtbot.addWidget(hidden)
    assert hidden._unstarted and not any(w.isRunning() for w in hidden._workers)
    with qtbot.waitSignal(hidden.computed, timeout=10_000):
        pass  # started by the grace timer, never painted
    assert not hidden._painted and insights_view.FIRST_PAINT_GRACE_MS > 0

    monkeypatch.setattr(insights_view, "FIRST_PAINT_GRACE_MS", 60_000)  # the paint alone
    shown = InsightsView(None)
    qtbot.addWidget(shown)
    assert shown._unstarted
    shown.show()
    qtbot.waitUntil(lambda: shown._painted and not shown._unstarted, timeout=5000)
    shown.wait()
    assert shown.data is not None


def test_the_page_keeps_its_size_when_the_last_part_arrives(qtbot: Any, gui_db: Path) -> None:
    """The give-and-take text wraps, but must not make the page a height-for-width layout:
    the scroll area then sized the page at its preferred height, not the window's, and
    the page grew (a scroll bar came in) as that last part arrived."""
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.insights.insights_view import InsightsView

    view = InsightsView(None)
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    view.wait()
    QApplication.processEvents()
    assert view.give_take.text().count("\n") == 2 and view.give_take.wordWrap()
    layout = view.content.layout()
    assert layout is not None and not layout.hasHeightForWidth()
