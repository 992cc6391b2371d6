"""Run a long service call off the UI thread, with a progress dialog that can cancel it.

Why a thread rather than chunks on the UI thread: the vCard parse is one call
into the exchange service that streams thousands of cards; splitting it into
timer slices would mean re-entering the service. The service takes a
`progress(done, bytes_done, bytes_total)` callback and a `cancel()` predicate;
the worker stores the first for a UI-thread timer to read and turns the
second into a flag the Cancel button sets, and the service then raises its own
"cancelled" error inside its transaction, so nothing is written.

Peewee keeps one SQLite connection per thread; the worker closes its own when
the job ends, so no connection outlives its thread. WAL lets the UI thread keep
reading while the worker writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from netkeeper.model.db import db

Job = Callable[[Callable[[int, int, int], None], Callable[[], bool]], Any]


class Worker(QThread):
    """Runs `job(progress, cancelled)` in a thread; read `result`/`error` after wait().

    Progress is stored, not signalled: with PySide6 6.12, emitting a Python-
    declared signal from a worker thread corrupts the reference count of
    Python's bools (the interpreter aborts with "bool_dealloc" after a few
    thousand emits from a thread, measured here). The UI
    polls `progress()` on a timer instead, which also caps repaints at 10/s.
    QThread's own `finished` signal is emitted from C++ and is safe.
    """

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._count = 0
        self._done = 0
        self._total = 0
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, count: int, done: int, total: int) -> None:
        # Plain attribute writes: atomic under the GIL, read by the UI thread's timer.
        self._count, self._done, self._total = count, done, total

    def progress(self) -> tuple[int, int]:
        """(units done, units in all); total 0 means unknown, units are then cards read."""
        if self._total > 0:
            # Scaled to a range an int-based progress bar holds for multi-GB files.
            return int(1000 * self._done / self._total), 1000
        return self._count, 0

    def run(self) -> None:
        try:
            self.result = self._job(self._progress, self.is_cancelled)
        except Exception as exc:  # handed to the UI thread, which shows it
            self.error = exc
        finally:
            if not db.is_closed():
                db.close()  # this thread's connection only


class Outcome:
    """What `run_with_progress` gives back: a value, an error, or neither (cancelled)."""

    def __init__(self) -> None:
        self.value: Any = None
        self.error: BaseException | None = None
        self.cancelled = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled


def run_with_progress(
    parent: QWidget | None, label: str, job: Job, *, cancellable: bool = True
) -> Outcome:
    """Run `job` in a Worker behind a modal, cancellable QProgressDialog; wait for it.

    The dialog appears only when the job takes longer than half a second, so a
    small file does not flash a window. The UI stays responsive meanwhile
    because a local event loop runs until the worker finishes.
    """
    outcome = Outcome()
    worker = Worker(job)
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Working…")
    dialog.setAccessibleName(label)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:  # no button that would promise what the job cannot do
        dialog.setCancelButton(None)
    loop = QEventLoop()

    def on_progress() -> None:
        done, total = worker.progress()
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        else:
            dialog.setLabelText(f"{label}\n{done:,} cards read")

    def on_cancel() -> None:
        worker.cancel()
        dialog.setLabelText("Cancelling…")

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(on_progress)
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(on_cancel)
    worker.start()
    timer.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    timer.stop()
    outcome.value, outcome.error = worker.result, worker.error
    outcome.cancelled = worker.is_cancelled()
    dialog.close()
    dialog.deleteLater()
    worker.deleteLater()
    return outcome
