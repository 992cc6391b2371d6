"""Work that can wait until the window has painted once.

Why not `QTimer.singleShot(0, ...)`: on X11 the first paint waits for the
window manager's expose event, so zero-timers queued while the window is
built run *before* it. Measured on 50,000 contacts under Xvfb: the search's
name index (~100 ms) and the tray's first check (~25 ms) sat between the user
and the first painted list. Queued here, they run on the event-loop turn after
the window's first paint instead. A window that stays hidden (started
minimized to the tray) never paints, so they also run after `FALLBACK_MS`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000


class _Gate(QObject):
    """One per window: holds the callbacks until its first paint (or the fallback)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("firstPaintGate")
        self.pending: list[Callable[[], None]] = []
        self.opened = False
        self.fallback = QTimer(self)
        self.fallback.setSingleShot(True)
        self.fallback.setInterval(FALLBACK_MS)
        self.fallback.timeout.connect(self.open)
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            # Two turns later: the window's first paint also paints its children (the
            # list last), and what they queued on painting (the start-up probe) goes first.
            QTimer.singleShot(0, lambda: QTimer.singleShot(0, self.open))
        return False

    def add(self, callback: Callable[[], None]) -> None:
        if self.opened:
            QTimer.singleShot(0, callback)
            return
        self.pending.append(callback)
        if not self.fallback.isActive():
            self.fallback.start()

    def open(self) -> None:
        if self.opened:
            return
        self.opened = True
        self.fallback.stop()
        pending, self.pending = self.pending, []
        for callback in pending:
            callback()


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` once `window` has painted (on the next turn if it already has)."""
    gate = window.findChild(_Gate, "firstPaintGate")
    if gate is None:
        gate = _Gate(window)
    gate.add(callback)
