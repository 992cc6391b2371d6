"""ui/workers.py: progress travels from the worker thread to the dialog as a signal."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from netkeeper.ui.workers import Worker, run_with_progress


def test_progress_signals_are_few_and_arrive_on_the_ui_thread(qtbot: Any) -> None:
    def job(progress: Any, cancelled: Any) -> str:
        for i in range(1, 20_001):  # as fast as a parser reporting every card
            progress(i, 0, 0)
        time.sleep(0.25)
        progress(20_000, 0, 0)  # after the interval: this one is signalled
        return "done"

    received: list[tuple[int, int, bool]] = []
    worker = Worker(job)
    worker.progressed.connect(
        lambda done, total: received.append(
            (done, total, threading.current_thread() is threading.main_thread())
        ),
        Qt.ConnectionType.QueuedConnection,
    )
    worker.start()
    assert worker.wait(10_000) and worker.error is None and worker.result == "done"
    qtbot.waitUntil(lambda: len(received) >= 2, timeout=2000)
    QApplication.processEvents()
    assert received[0] == (1, 0, True)  # the first report at once
    assert received[-1] == (20_000, 0, True)
    assert len(received) <= 4  # not 20,000 queued repaints
    assert worker.progress() == (20_000, 0)


def test_the_dialog_follows_the_bytes_read(qtbot: Any) -> None:
    def job(progress: Any, cancelled: Any) -> None:
        for i in range(1, 17):
            progress(i, i * 64, 1024)
            time.sleep(0.05)

    values: list[int] = []

    def sample() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.maximum():
                values.append(widget.value())

    timer = QTimer()
    timer.timeout.connect(sample)
    timer.start(20)
    outcome = run_with_progress(None, "Reading…", job)
    timer.stop()
    assert outcome.ok
    assert values and values == sorted(values)  # it moved forward while the job ran
    assert 0 < values[-1] <= 1000


def test_a_kept_worker_outlives_its_starter_and_is_waited_for_at_quit(qtbot: Any) -> None:
    """start_kept holds the worker until it finishes (the view that started it may be
    gone: a QThread destroyed while it runs aborts the process), and aboutToQuit waits for
    every one still running."""
    import gc
    import threading
    import weakref

    from PySide6.QtWidgets import QApplication

    from netkeeper.ui import workers

    release = threading.Event()
    worker = workers.Worker(lambda _p, _c: release.wait(10) and "done")
    workers.start_kept(worker)
    ref = weakref.ref(worker)
    del worker
    gc.collect()
    assert ref() is not None and ref() in workers._RUNNING, "kept while it runs"
    threading.Timer(0.2, release.set).start()
    QApplication.instance().aboutToQuit.emit()  # what quitting does: waits for it
    kept = ref()
    assert kept is not None and kept.isFinished() and kept.result == "done"
    qtbot.waitUntil(lambda: kept not in workers._RUNNING, timeout=2000)
