"""DatabaseWatcher: commits by another connection become one `changed`, nothing else does."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from netkeeper.ui.db_watcher import MAX_GAP_MS, DatabaseWatcher


def _commit_elsewhere(path: Path) -> None:
    """A write through a connection of its own, as another process would make."""
    other = sqlite3.connect(str(path))
    with other:
        other.execute(
            "INSERT INTO announcement (key, day) VALUES (?, '2026-01-01')", (str(time.time()),)
        )
    other.close()


def test_a_commit_elsewhere_is_seen_and_our_own_writes_are_not(qtbot: Any, gui_db: Path) -> None:
    from netkeeper.services.followups import mark_announced

    watcher = DatabaseWatcher(gui_db, poll_ms=200, min_gap_ms=0)
    seen: list[int] = []
    watcher.changed.connect(lambda: seen.append(1))
    watcher.start()
    try:
        import datetime as dt

        mark_announced(["ours"], dt.date(2026, 1, 1))  # this connection's own write
        qtbot.wait(600)
        assert seen == []
        _commit_elsewhere(gui_db)
        qtbot.waitUntil(lambda: seen == [1], timeout=2000)
        qtbot.wait(600)
        assert seen == [1]  # once per change, not once per poll
    finally:
        watcher.stop()


def test_a_burst_of_commits_is_one_signal_and_a_slow_refresh_widens_the_gap(
    qtbot: Any, gui_db: Path
) -> None:
    watcher = DatabaseWatcher(gui_db, poll_ms=100, min_gap_ms=300)
    seen: list[float] = []

    def slow_refresh() -> None:
        seen.append(time.monotonic())
        time.sleep(0.4)  # a view that takes 400 ms to reload

    watcher.changed.connect(slow_refresh)
    watcher.start()
    try:
        for _ in range(5):
            _commit_elsewhere(gui_db)
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
        assert watcher.gap_ms >= 1200  # three times the refresh, not the 300 ms minimum
        assert watcher.gap_ms <= MAX_GAP_MS
        _commit_elsewhere(gui_db)
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=3000)
        assert seen[1] - seen[0] >= 0.4 + 1.2 - 0.05
    finally:
        watcher.stop()


def test_a_closed_database_is_not_asked(qtbot: Any, gui_db: Path) -> None:
    from netkeeper.model.db import close_database

    watcher = DatabaseWatcher(gui_db, poll_ms=50)
    watcher.start()
    close_database()
    checks = watcher.checks
    qtbot.wait(200)
    watcher.stop()
    assert watcher.checks > checks  # it kept asking, quietly, without reopening anything
