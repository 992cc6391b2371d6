"""Run a long service call off the UI thread, with a progress dialog that can cancel it.

Why a thread rather than chunks on the UI thread: the vCard parse is one call
into the exchange service that streams thousands of cards; splitting it into
timer slices would mean re-entering the service. The service takes a
`progress(done, bytes_done, bytes_total)` callback and a `cancel()` predicate;
the worker turns the first into a `progressed` signal (at most ten a second, so
a 50,000-card file does not queue 50,000 repaints) and the second into a flag
the Cancel button sets, and the service then raises its own "cancelled" error
inside its transaction, so nothing is written.

Peewee keeps one SQLite connection per thread; the worker closes its own when
the job ends, so no connection outlives its thread. WAL lets the UI thread keep
reading while the worker writes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from netkeeper.model.db import db

Job = Callable[[Callable[[int, int, int], None], Callable[[], bool]], Any]


class Worker(QThread):
    """Runs `job(progress, cancelled)` in a thread; read `result`/`error` after wait().

    `progressed(done, total)` is emitted from the worker thread and arrives
    queued on the UI thread. (PySide6 6.12.0 lost a reference to True on every
    emit, on any thread, and aborted the process; pyproject.toml pins it away and
    tests/unit/test_qt_refcount.py checks 5,000 emits from a QThread.)
    """

    progressed = Signal(int, int)
    INTERVAL = 0.1  # seconds between two progress signals

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._count = 0
        self._done = 0
        self._total = 0
        self._emitted_at = 0.0
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, count: int, done: int, total: int) -> None:
        self._count, self._done, self._total = count, done, total
        now = time.monotonic()
        if now - self._emitted_at >= self.INTERVAL:
            self._emitted_at = now
            self.progressed.emit(*self.progress())

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


# Workers started with `start_kept` are held here until they finish, not by the view
# that started them: a QThread destroyed while it runs aborts the process, and a view
# (or dialog) can close, and the application quit, mid-computation.
_RUNNING: set[Worker] = set()
_quit_hooked = False


def start_kept(worker: Worker) -> None:
    """Start `worker` and keep it alive until it finishes; when the application quits
    with workers still running, wait for them (each is a second or two at most)."""
    global _quit_hooked
    _RUNNING.add(worker)
    worker.finished.connect(lambda: _RUNNING.discard(worker))
    app = QCoreApplication.instance()
    if not _quit_hooked and app is not None:
        _quit_hooked = True
        app.aboutToQuit.connect(wait_for_kept)
    worker.start()


def wait_for_kept() -> None:
    for worker in list(_RUNNING):
        worker.wait()


class WorkerSlot(QObject):
    """The one worker a view (or the strength feed) runs at a time, handed to `done` on
    the UI thread exactly once when it ends.

    The notice is queued to this UI-thread object, and each worker names itself: a late
    notice from a worker `wait()` already delivered must not take, and block the UI
    thread on, the next one still computing. `done` may start the next worker (a change
    arrived meanwhile); `wait()` then waits for that one too.
    """

    def __init__(self, done: Callable[[Worker], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done = done
        self.worker: Worker | None = None

    def running(self) -> bool:
        return self.worker is not None

    def start(self, worker: Worker) -> None:
        worker.finished.connect(self._notice, Qt.ConnectionType.QueuedConnection)
        self.worker = worker
        start_kept(worker)

    def wait(self) -> None:
        """For tests and benches: let the running worker (and any it leads to) deliver."""
        while self.worker is not None:
            self._deliver(self.worker)

    def _notice(self) -> None:
        sender = self.sender()
        if isinstance(sender, Worker):
            self._deliver(sender)

    def _deliver(self, worker: Worker) -> None:
        if worker is not self.worker:
            return  # delivered already (wait() came first)
        self.worker = None
        worker.wait()
        try:
            self._done(worker)
        finally:
            worker.deleteLater()


class PartsWorker(Worker):
    """Computes named parts one after another, announcing each as it is done.

    `part_done(name)` arrives queued on the UI thread; `parts` holds every part done so
    far, so a caller that wait()s reads them all without waiting for the notices (and a
    late notice finds nothing new). A part that raises ends the lane: `error` says why and
    the parts before it are kept.
    """

    part_done = Signal(str)

    def __init__(
        self, names: Sequence[str], compute: Callable[[str], Any], parent: QObject | None = None
    ) -> None:
        self.parts: dict[str, Any] = {}

        def job(_progress: object, cancelled: Callable[[], bool]) -> dict[str, Any]:
            for name in names:
                if cancelled():
                    break
                self.parts[name] = compute(name)
                self.part_done.emit(name)
            return self.parts

        super().__init__(job, parent)


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
    running = True

    def on_progress(done: int, total: int) -> None:
        if not running:  # queued before the end, delivered after the dialog went
            return
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        else:
            dialog.setLabelText(f"{label}\n{done:,} cards read")

    def on_cancel() -> None:
        worker.cancel()
        dialog.setLabelText("Cancelling…")

    # Queued: the slot runs on this thread, whichever thread emits.
    worker.progressed.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(on_cancel)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    running = False
    outcome.value, outcome.error = worker.result, worker.error
    outcome.cancelled = worker.is_cancelled()
    dialog.close()
    dialog.deleteLater()
    worker.deleteLater()
    return outcome
