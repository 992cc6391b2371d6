"""Every contact's strength is computed off the UI thread, once per database state, and
shared: the Contacts column and the Insights page do not compute it twice."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from netkeeper.services.insights import strength as st
from netkeeper.services.timeline import log_interaction

TODAY = dt.date.today()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The thread of every call of strengths() for everyone."""
    seen: list[int] = []
    real = st.strengths

    def counting(as_of: Any = None, ids: Any = None) -> Any:
        if ids is None:
            seen.append(threading.get_ident())
        return real(as_of, ids)

    monkeypatch.setattr(st, "strengths", counting)
    return seen


def test_computed_in_a_worker_once_until_the_database_changes(
    qtbot: Any, gui_db: Path, make_contact: Any, calls: list[int]
) -> None:
    from netkeeper.ui.strength_feed import StrengthFeed

    ada = make_contact("Ada Lovelace")
    feed = StrengthFeed()
    assert feed.current() is None
    with qtbot.waitSignal(feed.ready, timeout=5000):
        feed.request()
    assert calls and calls[0] != threading.get_ident(), "not on the UI thread"
    assert feed.current() is not None and ada in feed.current()  # type: ignore[operator]
    before = feed.current()[ada].score  # type: ignore[index]
    feed.request()  # nothing changed: the kept answer holds
    assert not feed.running() and len(calls) == 1
    for week in range(20):
        log_interaction([ada], "meeting", TODAY - dt.timedelta(days=7 * week), all_day=True)
    assert feed.current() is None, "a write makes the kept answer stale"
    assert feed.latest() is not None, "but it can still be shown meanwhile"
    with qtbot.waitSignal(feed.ready, timeout=5000):
        feed.request()
    assert len(calls) == 2
    assert feed.current()[ada].score > before  # type: ignore[index]


def test_insights_reuse_the_contacts_column_strengths(
    qtbot: Any, main_window: Any, make_contact: Any, calls: list[int]
) -> None:
    """Kept strengths go straight into the bands; the page's own daily health snapshot
    (its one write) does not make them stale, so nothing computes them a second time."""
    from netkeeper.model.db import db
    from netkeeper.ui import strength_feed

    for n in range(3):
        make_contact(f"Person {n}")
    db.execute_sql("DELETE FROM health_snapshot")  # the page writes today's counts afresh
    view = main_window.show_view("contacts")
    view.refresh()
    strength_feed.shared().wait()
    assert len(view.model.scores) == 3
    assert strength_feed.shared().current() is not None
    done = len(calls)
    insights = main_window.show_view("insights")
    assert sum(insights.strength_chart.series[0][1]) == 3, "shown at once, from the feed"
    insights.wait()
    assert insights.data is not None
    kept = db.execute_sql("SELECT count(*) FROM health_snapshot").fetchone()[0]
    assert kept == 1, "today's counts were kept"
    assert strength_feed.shared().current() is not None, "and the strengths still hold"
    assert len(calls) == done, "no second computation of the strengths"


def test_the_feed_looks_past_only_its_own_write(
    qtbot: Any, gui_db: Path, make_contact: Any
) -> None:
    """write_unseen keeps the answer valid across this connection's write, but not when
    another connection committed too (another program's change must still be seen)."""
    import sqlite3

    from netkeeper.model.db import db
    from netkeeper.ui.strength_feed import StrengthFeed

    make_contact("Ada Lovelace")
    feed = StrengthFeed()
    with qtbot.waitSignal(feed.ready, timeout=5000):
        feed.request()
    feed.write_unseen(lambda: db.execute_sql("DELETE FROM health_snapshot"))
    assert feed.current() is not None

    def with_another_commit() -> None:
        db.execute_sql("DELETE FROM health_snapshot")
        other = sqlite3.connect(str(gui_db))
        other.execute("UPDATE contact SET notes = 'changed elsewhere'")
        other.commit()
        other.close()

    feed.write_unseen(with_another_commit)
    assert feed.current() is None, "another program's commit makes it stale"


def test_insights_wait_for_a_computation_under_way(
    qtbot: Any, main_window: Any, make_contact: Any, calls: list[int]
) -> None:
    """Opened while the Contacts column's strengths compute (at start-up, after a change),
    the page takes that answer instead of computing the same a second time."""
    from netkeeper.ui import strength_feed

    for n in range(3):
        make_contact(f"Person {n}")
    feed = strength_feed.shared()
    main_window.show_view("contacts")
    feed.wait()
    make_contact("Person 3")
    done = len(calls)
    main_window.notify_changed()  # every view refreshes: the Contacts column asks again
    assert feed.running()
    insights = main_window.show_view("insights")
    insights.wait()
    assert insights.data is not None
    assert len(calls) == done + 1, "one computation for both"
    assert sum(insights.strength_chart.series[0][1]) == 4
