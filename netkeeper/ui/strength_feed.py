"""Every contact's strength, computed once off the UI thread and shared by the views.

`strengths()` over 50,000 contacts and 500,000 interactions is about a second of
SQLite and Python: too long for the UI thread, and too long to pay twice when the
Contacts column and the Insights page both want it. The feed computes it in a
`Worker` and keeps the answer for the database state it was computed from.

That state is told by the UI thread's own connection: `PRAGMA data_version` moves
when any other connection commits (another process, or a worker thread's
connection) and `total_changes` when this one writes. The token is read on the UI
thread when a computation starts, so a commit that lands while the worker reads
makes the answer stale at once, and the next request computes again. A request
while nothing changed (and the day did not turn) costs one PRAGMA.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from netkeeper.model.db import db
from netkeeper.services.insights.strength import Strength
from netkeeper.ui.workers import Worker

Token = tuple[str, str, int, int]

# Workers still running are kept here, not as children of the feed: a QThread deleted
# while it runs aborts the process, and a window can close mid-computation.
_RUNNING: set[Worker] = set()


def state_token(day: dt.date) -> Token:
    """Which database, which day, and how far its history has gone, seen from this thread."""
    version = int(db.execute_sql("PRAGMA data_version").fetchone()[0])
    return (str(db.database), day.isoformat(), version, int(db.connection().total_changes))


class StrengthFeed(QObject):
    """`request()` starts a computation unless the kept one still holds; `ready` says a new
    one arrived (read it with `current()`)."""

    ready = Signal()

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._today = today
        self._scores: dict[int, Strength] | None = None
        self._token: Token | None = None
        self._worker: Worker | None = None
        self._pending: Token | None = None  # the state the running computation started from
        self._again = False

    def current(self) -> dict[int, Strength] | None:
        """The kept strengths if nothing changed since they were computed, else None."""
        if self._scores is None or self._token != state_token(self._today()):
            return None
        return self._scores

    def latest(self) -> dict[int, Strength] | None:
        """The kept strengths of this database even if it moved on since (to show meanwhile)."""
        if self._token is None or self._token[0] != str(db.database):
            return None
        return self._scores

    def keep(self, scores: dict[int, Strength], token: Token) -> None:
        """Strengths someone else computed for the state `token` (the Insights worker)."""
        if self._worker is None:
            self._scores, self._token = scores, token
            self.ready.emit()

    def request(self) -> None:
        if self._worker is not None:
            self._again = True  # asked again while computing: once more when it ends
            return
        if self.current() is not None:
            return
        day = self._today()
        self._pending = state_token(day)

        def job(_progress: object, _cancelled: object) -> dict[int, Strength]:
            from netkeeper.services.insights.strength import strengths

            return strengths(day)

        worker = Worker(job)
        _RUNNING.add(worker)
        worker.finished.connect(lambda: _RUNNING.discard(worker))
        # A bound slot of this (UI-thread) object, so the queued call runs on the UI thread.
        worker.finished.connect(self._worker_finished, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        worker.start()

    def running(self) -> bool:
        return self._worker is not None

    def wait(self) -> None:
        """For tests and benches: let a running computation finish and deliver."""
        while self._worker is not None:
            self._worker.wait()
            self._finished(self._worker)

    def _worker_finished(self) -> None:
        sender = self.sender()
        if isinstance(sender, Worker):
            self._finished(sender)

    def _finished(self, worker: Worker) -> None:
        if worker is not self._worker:
            return  # delivered already (wait() came first)
        self._worker = None
        worker.wait()
        if worker.error is None:
            self._scores, self._token = worker.result, self._pending
        worker.deleteLater()
        self.ready.emit()
        if self._again:
            self._again = False
            self.request()


_SHARED: StrengthFeed | None = None


def shared() -> StrengthFeed:
    """The feed every view of this process reads (its answers name their database)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = StrengthFeed()
    return _SHARED
