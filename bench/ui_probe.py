"""Timing GUI work the way a user feels it: until it shows, and the longest UI-thread stall.

A heartbeat QTimer ticks every HEARTBEAT_MS on the UI thread while the work runs;
the longest gap between two ticks, less the interval, is the longest the UI thread
was busy (a stall: no repaint, no keystroke). Used by bench/insights.py and
bench/people.py.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Callable

HEARTBEAT_MS = 5


def quiet_offscreen_notices() -> None:
    """The offscreen platform says "does not support propagateSizeHints()" for every
    window; drop that line so the figures stay readable."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode: object, context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def load() -> str:
    """The 1-minute load average, printed beside each figure (the machine may be shared)."""
    return f"load {os.getloadavg()[0]:.2f}"


def until_shown(
    start: Callable[[], None], done: Callable[[], bool], timeout_s: float = 60.0
) -> tuple[float, float]:
    """Run `start()` on the UI thread, then the event loop until `done()`; returns
    (seconds from start to done, longest UI-thread stall in seconds)."""
    reached, stall = until_marks(start, {"done": done}, timeout_s)
    return reached["done"], stall


def until_marks(
    start: Callable[[], None], marks: dict[str, Callable[[], bool]], timeout_s: float = 60.0
) -> tuple[dict[str, float], float]:
    """Like until_shown, for a page that fills in steps: the seconds until each mark first
    holds (the loop runs until all do), and the longest UI-thread stall meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    ticks: list[float] = []
    reached: dict[str, float] = {}

    def check(now: float) -> bool:
        for name, holds in marks.items():
            if name not in reached and holds():
                reached[name] = now - t0
        return len(reached) == len(marks)

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        if check(now) or now > deadline:
            loop.quit()

    beat = QTimer()
    beat.setInterval(HEARTBEAT_MS)
    beat.timeout.connect(tick)
    t0 = time.perf_counter()
    deadline = t0 + timeout_s
    ticks.append(t0)
    beat.start()
    start()
    ticks.append(time.perf_counter())  # start() itself runs on the UI thread: a stall too
    if not check(ticks[-1]):
        loop.exec()
    beat.stop()
    if len(reached) < len(marks):
        raise TimeoutError("the work did not finish")
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return reached, max(0.0, max(gaps) - HEARTBEAT_MS / 1000)
