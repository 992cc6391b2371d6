"""Notice commits made to the database by anyone else, and say so with one signal.

Another process (`netkeeper import`, `cadence`, `log` in a terminal) or another
thread of this one (CardDAV sync, imports in a worker) writes through its own
SQLite connection. The window's connection learns of it through
``PRAGMA data_version``, which SQLite changes exactly when another connection
committed since the last read; this connection's own writes do not move it
(they already end with ``window.notify_changed()``). Reading it costs a few
microseconds and no lock, so the question is only when to ask:

* a QFileSystemWatcher on the database file and its ``-wal`` file wakes us
  as soon as a writer touches them (inotify on Linux), and the check runs
  ``SETTLE_MS`` later, so a burst of writes costs one check;
* a slow timer (``POLL_MS``) asks anyway, for file systems without change
  notification and for a ``-wal`` file created or replaced after we started.

``changed`` is emitted at most once per ``MIN_GAP_MS``: a sync that commits
every few hundred milliseconds makes the views refresh once a second, not on
every commit, and a change is still on screen within two seconds. When the
refresh itself is slow (the Contacts view reloads 50,000 rows in about half a
second), the gap grows to three times what the last one took, up to
``MAX_GAP_MS``, so a stream of commits never keeps the window busy more than
a third of the time.
Nothing is read while this connection is inside a transaction (a nested event
loop under a dialog can run while one is open); the check simply comes again.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from netkeeper.model.db import data_version

POLL_MS = 1000
SETTLE_MS = 50
MIN_GAP_MS = 1000
MAX_GAP_MS = 1800


class DatabaseWatcher(QObject):
    """Emits `changed()` after another connection committed to the open database.

    Signals:
        changed(): the database changed underneath this process's connection.
    """

    changed = Signal()

    def __init__(
        self,
        db_file: Path | str,
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
        settle_ms: int = SETTLE_MS,
        min_gap_ms: int = MIN_GAP_MS,
    ) -> None:
        super().__init__(parent)
        self.db_file = Path(db_file)
        self.min_gap_ms = min_gap_ms
        self.gap_ms = min_gap_ms  # grows with the cost of the last refresh (see _emit)
        self.checks = 0  # how often the version was read (tests and benches)
        self._seen = data_version()
        self._last_emit = 0.0
        self._pending = False

        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.check)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self.check)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._emit)

        self._files = QFileSystemWatcher(self)
        self._files.fileChanged.connect(self._on_file)
        self._watch_files()

    def start(self) -> None:
        self._seen = data_version()
        self._poll.start()

    def stop(self) -> None:
        for timer in (self._poll, self._settle, self._gap):
            timer.stop()

    @property
    def active(self) -> bool:
        return self._poll.isActive()

    def absorb(self) -> None:
        """This process just refreshed every view: what is committed now counts as seen.

        Called by the window's notify_changed(), so a write from one of our own worker
        threads that was already announced does not refresh everything a second time.
        """
        version = data_version()
        if version is not None:
            self._seen = version

    def _watch_files(self) -> None:
        wanted = [
            str(p)
            for p in (self.db_file, self.db_file.with_name(self.db_file.name + "-wal"))
            if p.exists()
        ]
        missing = [p for p in wanted if p not in self._files.files()]
        if missing:
            self._files.addPaths(missing)

    @Slot(str)
    def _on_file(self, _path: str) -> None:
        if not self._settle.isActive():
            self._settle.start()

    @Slot()
    def check(self) -> None:
        """Read the version; when it moved, emit `changed` (now, or once the gap has passed)."""
        if not self.active:
            return
        self._watch_files()  # the -wal file may have appeared (or been replaced) since
        version = data_version()
        self.checks += 1
        if version is None or version == self._seen:
            return  # nothing new, or the database is closed / in a transaction: ask later
        self._seen = version
        wait_ms = self.gap_ms - (time.monotonic() - self._last_emit) * 1000
        if wait_ms > 0:
            if not self._gap.isActive():
                self._gap.start(int(wait_ms) + 1)
            return
        self._emit()

    @Slot()
    def _emit(self) -> None:
        started = time.monotonic()
        self.changed.emit()  # the views refresh synchronously, in here
        self._last_emit = time.monotonic()
        spent_ms = (self._last_emit - started) * 1000
        self.gap_ms = int(min(max(self.min_gap_ms, 3 * spent_ms), max(MAX_GAP_MS, self.min_gap_ms)))
