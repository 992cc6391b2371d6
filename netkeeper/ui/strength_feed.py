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

import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Signal

from netkeeper.model.db import db
from netkeeper.services.insights.strength import Strength
from netkeeper.ui.workers import Worker, WorkerSlot

Token = tuple[str, int, str, int, int]


def state_token(day: dt.date) -> Token:
    """Which database (and connection: a reopened file starts counting again), which day,
    and how far its history has gone, seen from this thread (followups.change_stamp)."""
    from netkeeper.services.followups import change_stamp

    return (str(db.database), id(db.connection()), day.isoformat(), *change_stamp())


class StrengthFeed(QObject):
    """`request()` starts a computation unless the kept one still holds; `ready` says a new
    one arrived (read it with `current()`)."""

    ready = Signal()

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._today = today
        self._scores: dict[int, Strength] | None = None
        self.score_of: dict[int, int] = {}  # the scores alone, for the Contacts column
        self.bands: dict[str, int] | None = None  # how many in each band, for Insights
        self._token: Token | None = None
        self._slot = WorkerSlot(self._finished, self)
        self._pending: Token | None = None  # the state the running computation started from
        self._again = False

    def current(self, day: dt.date | None = None) -> dict[int, Strength] | None:
        """The kept strengths if nothing changed since they were computed (for `day`,
        today unless given), else None."""
        if self._scores is None or self._token != state_token(day or self._today()):
            return None
        return self._scores

    def latest(self) -> dict[int, Strength] | None:
        """The kept strengths of this database even if it moved on since (to show meanwhile)."""
        if self._token is None or self._token[0] != str(db.database):
            return None
        return self._scores

    def write_unseen(self, write: Callable[[], object]) -> None:
        """Run `write`, on this (the UI) thread's connection, that changes nothing strengths
        read (the daily health snapshot, the kept band counts): the kept answer, and the
        one under way, stay valid. Another connection's commit meanwhile still makes them
        stale: its `data_version` move is checked, so only this write is looked past.

        Such a write can be skipped, so it never waits for another writer's lock (the UI
        thread would freeze for the busy timeout): it raises at once instead."""
        from netkeeper.model.db import without_waiting

        day = self._today()
        before = state_token(day)
        with without_waiting():
            write()
        after = state_token(day)
        if after[3] != before[3]:
            return  # someone else committed too
        if self._token == before:
            self._token = after
        if self._pending == before:
            self._pending = after

    def request(self) -> None:
        if self._slot.running():
            self._again = True  # asked again while computing: once more when it ends
            return
        if self.current() is not None:
            return
        day = self._today()
        self._pending = state_token(day)

        def job(
            _progress: object, _cancelled: object
        ) -> tuple[dict[int, Strength], dict[int, int], dict[str, int]]:
            from netkeeper.services.insights.strength import band_counts, strengths

            with gc_paused():
                found = strengths(day)
            return found, {cid: s.score for cid, s in found.items()}, band_counts(found)

        self._slot.start(Worker(job))

    def _keep_bands(self) -> None:
        """Keep the band counts in the database for the next start (strength.kept_bands)."""
        from netkeeper.services.insights.strength import keep_bands

        bands = self.bands
        if self._token is None or bands is None or self._token != state_token(self._today()):
            return  # stale already: the next answer is kept instead
        with contextlib.suppress(Exception):  # read-only or locked: only the next start loses
            self.write_unseen(lambda: keep_bands(bands))

    def running(self) -> bool:
        return self._slot.running()

    def wait(self) -> None:
        """For tests and benches: let a running computation finish and deliver."""
        self._slot.wait()

    def _finished(self, worker: Worker) -> None:
        old: list[object] = [self._scores, self.score_of]
        if worker.error is None:
            self._scores, self.score_of, self.bands = worker.result
            self._token = self._pending
            self._keep_bands()
        self.ready.emit()  # the views let go of the old answer here
        let_go(old)
        if self._again:
            self._again = False
            self.request()


_paused = 0
_pause_lock = threading.Lock()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a worker builds 50,000 objects.

    The collector runs on whichever thread allocates and holds the GIL throughout: a
    full collection over the window's ~200,000 objects stalled the UI thread for
    200-500 ms while strengths were computed (measured with bench/ui_probe.py). The
    objects built here hold no cycles; counting nests, so two workers can pause it."""
    global _paused
    with _pause_lock:
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _pause_lock:
            _paused -= 1
            if not _paused:
                gc.enable()


def let_go(held: list[object]) -> None:
    """Drop the references in `held` on another thread: when they were the last, the
    50,000 objects of an old answer are freed there (~25 ms) and not on the UI thread.
    Only the private list is emptied; a dict someone still reads stays whole."""
    threading.Thread(target=held.clear, name="let-go", daemon=True).start()


_SHARED: StrengthFeed | None = None


def shared() -> StrengthFeed:
    """The feed every view of this process reads (its answers name their database)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = StrengthFeed()
    return _SHARED
