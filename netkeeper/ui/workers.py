"""Run a long service call off the UI thread, with a progress dialog that can cancel it.

Why a thread rather than chunks on the UI thread: the vCard parse is one call
into the exchange service that streams thousands of cards; splitting it into
timer slices would mean re-entering the service. The service takes a
`progress(done, bytes_done, bytes_total)` callback and a `cancel()` predicate;
the worker turns the first into a Qt signal (queued to the UI thread) and the
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

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from netkeeper.model.db import db

Job = Callable[[Callable[[int, int, int], None], Callable[[], bool]], Any]


class Worker(QThread):
    """Runs `job(progress, cancelled)` in a thread.

    Signals:
        progressed(int, int): units done, units in all (0 when unknown).
        succeeded(object): the job's return value.
        failed(object): the exception the job raised.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        # Read these after wait(): queued signals may not have been delivered yet.
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, count: int, done: int, total: int) -> None:
        if total > 0:
            # Scale bytes to a range an int-based progress bar holds for multi-GB files.
            self.progressed.emit(int(1000 * done / total), 1000)
        else:
            self.progressed.emit(count, 0)

    def run(self) -> None:
        try:
            self.result = self._job(self._progress, self.is_cancelled)
        except Exception as exc:  # handed to the UI thread, which shows it
            self.error = exc
            self.failed.emit(exc)
        else:
            self.succeeded.emit(self.result)
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


def run_with_progress(parent: QWidget | None, label: str, job: Job) -> Outcome:
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
    loop = QEventLoop()

    def on_progress(done: int, total: int) -> None:
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        else:
            dialog.setLabelText(f"{label}\n{done:,} cards read")

    def on_cancel() -> None:
        worker.cancel()
        dialog.setLabelText("Cancelling…")

    worker.progressed.connect(on_progress)
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(on_cancel)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    outcome.value, outcome.error = worker.result, worker.error
    outcome.cancelled = worker.is_cancelled()
    dialog.close()
    dialog.deleteLater()
    worker.deleteLater()
    return outcome
