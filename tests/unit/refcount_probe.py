"""Child process for test_qt_refcount.py: call into PySide6 many times, print what the
reference counts of None, True and False did, one JSON line per scenario.

A separate process because an affected PySide6 does not fail politely: once a
count reaches zero the interpreter aborts ("none_dealloc" / "bool_dealloc"), and
it must take down this child, not the test run. Lines are flushed as they are
measured, so a scenario that passed is still reported when a later one aborts.

    python refcount_probe.py void|emit|thread
"""

from __future__ import annotations

import gc
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

CALLS = 300  # per method: below None's count in a fresh process (~2,000), above any noise


def counts() -> dict[str, int]:
    return {
        "None": sys.getrefcount(None),
        "True": sys.getrefcount(True),
        "False": sys.getrefcount(False),
    }


def report(scenario: str, before: dict[str, int], **extra: object) -> None:
    after = counts()
    fell = {key: before[key] - after[key] for key in before}
    print(json.dumps({"scenario": scenario, "fell": fell, **extra}), flush=True)


def void_calls() -> None:
    """Qt methods that return nothing, as the contact detail pane calls them."""
    app = QApplication.instance() or QApplication([])
    label, edit = QLabel(), QLineEdit()
    calls = {
        "QLabel.setText": lambda: label.setText("Ada Lovelace"),
        "QLabel.setToolTip": lambda: label.setToolTip("ada@example.org"),
        "QWidget.setVisible": lambda: label.setVisible(False),
        "QLineEdit.setPlaceholderText": lambda: edit.setPlaceholderText("Search"),
    }
    for name, call in calls.items():
        before = counts()
        for _ in range(CALLS):
            call()
        report(name, before, calls=CALLS)
    del app


class Emitter(QObject):
    progressed = Signal(int, int)


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.received = 0

    def on_progress(self, done: int, total: int) -> None:
        self.received += 1


def emits_on_this_thread() -> None:
    """Signal.emit() returns a bool: an affected PySide6 drops True's count per emit."""
    app = QCoreApplication.instance() or QCoreApplication([])
    emitter, receiver = Emitter(), Receiver()
    emitter.progressed.connect(receiver.on_progress)
    before = counts()
    for i in range(CALLS):
        emitter.progressed.emit(i, CALLS)
    report("emit", before, emits=CALLS, received=receiver.received)
    del app


class Worker(QThread):
    """What ui/workers.py does: a Python-declared signal emitted from the thread."""

    progressed = Signal(int, int)

    def __init__(self, emits: int) -> None:
        super().__init__()
        self.emits = emits

    def run(self) -> None:
        for i in range(self.emits):
            self.progressed.emit(i, self.emits)


def emits_from_a_worker_thread(emits: int = 5_000) -> None:
    app = QCoreApplication.instance() or QCoreApplication([])
    receiver = Receiver()
    worker = Worker(emits)
    worker.progressed.connect(receiver.on_progress)  # queued: receiver lives here
    worker.finished.connect(app.quit)
    before = counts()
    worker.start()
    app.exec()
    worker.wait()
    app.processEvents()  # deliver what is still queued
    report("thread", before, emits=emits, received=receiver.received)


if __name__ == "__main__":
    gc.disable()  # nothing else may move the counts while they are measured
    {"void": void_calls, "emit": emits_on_this_thread, "thread": emits_from_a_worker_thread}[
        sys.argv[1]
    ]()
