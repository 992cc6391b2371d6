"""When sync runs in the app, and what the window and the tray say about it.

Runs: shortly after start, every `interval` minutes (15 by default), a minute
after a local edit settles, and on demand (File ▸ Sync Now, Ctrl+Shift+S).
Each run is a `ui.workers.Worker` thread calling `services.sync.accounts.run_once`,
so the window never waits on the network. The worker's connection is its own
(Peewee keeps one per thread, WAL lets the UI read meanwhile); when the run has
committed changes, the window's `notify_changed()` makes every view refresh (and
tells the window's database watcher those commits are seen, so they do not come
back as a "local edit" that would start another run).

States (shown in the status bar and the tray tooltip): not set up, running,
the time of the last sync, offline (said once; retried with backoff: 1, 2, 4 …
up to the interval), and "needs attention" (a refused password, conflicts,
the mass-delete guard, or cards that could not be synced).

Signals:
    state_changed(str): the state's text changed (for the status bar, the tray, tests).
    finished(): a run ended (whatever its outcome); `last_report` has it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget

from netkeeper.services.sync import accounts, secrets, state
from netkeeper.services.sync.engine import SyncReport
from netkeeper.ui.workers import Worker
from netkeeper.wording import counted

START_DELAY_MS = 5_000
SETTLE_MS = 60_000
DEFAULT_INTERVAL_MIN = 15


class SyncController(QObject):
    state_changed = Signal(str)
    finished = Signal()

    def __init__(
        self,
        window: Any,
        *,
        interval_min: int = DEFAULT_INTERVAL_MIN,
        ask_password: Any = None,
        confirm_deletes: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self.interval_ms = max(1, interval_min) * 60_000
        self.worker: Worker | None = None
        self.last_report: SyncReport | None = None
        self.state = "off"
        self.text = ""
        self._offline_said = False
        self._backoff_min = 1
        self._own_change = False
        self._again = False
        self._allow_deletes_once = False
        self.ask_password = ask_password or self._ask_password
        self.confirm_deletes = confirm_deletes or self._confirm_deletes

        self.label = QLabel()
        self.label.setObjectName("syncStatus")
        self.label.setAccessibleName("Sync status")
        # Room for the common states, so the bar does not jump between them.
        self.label.setMinimumWidth(
            self.label.fontMetrics().horizontalAdvance("Sync: not run yet") + 12
        )

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.sync_now)
        self.steps = QTimer(self)
        self.steps.setInterval(250)
        self.steps.timeout.connect(self._show_step)
        self.refresh_state()

    # ------------------------------------------------------------------ scheduling

    def start(self) -> None:
        """Begin: a first run shortly after start, then the timer."""
        if state.account() is not None:
            self.timer.start(START_DELAY_MS)

    def stop(self) -> None:
        self.timer.stop()
        self.settle.stop()
        self.steps.stop()
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(10_000)

    def on_local_change(self) -> None:
        """A local edit: sync once it has settled (not for the changes a sync made)."""
        if self._own_change:
            self._own_change = False
            return
        if self.worker is not None:
            # Most likely the run's own commits, seen by the window's database watcher;
            # an edit made meanwhile is taken by the next timed run.
            return
        if state.account() is not None:
            self.settle.start()

    @property
    def running(self) -> bool:
        return self.worker is not None

    # ------------------------------------------------------------------ a run

    def sync_now(self) -> None:
        """Run now, off the UI thread; a run already going gets a follow-up run instead."""
        if self.worker is not None:
            self._again = True
            return
        acc = state.account()
        if acc is None:
            self._set("off", "Sync: not set up")
            return
        key = accounts.key_of(acc)
        password = secrets.get_password(key, accounts.db_folder())
        if not password:
            password = self.ask_password(acc)
            if not password:
                self._set("attention", "Sync: needs the password")
                return
            secrets.remember_for_session(key, password)
        allow = self._allow_deletes_once
        self._allow_deletes_once = False
        self.timer.stop()
        self.settle.stop()
        self._progress_text = "Syncing…"

        def job(progress: Any, cancelled: Any) -> SyncReport:
            def step(what: str, done: int, total: int) -> None:
                self._progress_text = f"Syncing: {what.lower()}…"
                progress(done, done, total)

            return accounts.run_once(
                password=password, allow_mass_delete=allow, progress=step, cancel=cancelled
            )

        self.worker = Worker(job, self)
        self.worker.finished.connect(self._done)
        self._set("running", "Syncing…")
        self.worker.start()
        self.steps.start()

    def _show_step(self) -> None:
        """The run's current step (set by the worker) in the status bar and the tray."""
        if self.worker is not None:
            self._set("running", self._progress_text)

    def _done(self) -> None:
        self.steps.stop()
        worker, self.worker = self.worker, None
        assert worker is not None
        worker.wait()
        report: SyncReport | None = worker.result
        if worker.error is not None or report is None:
            self._set("attention", f"Sync failed: {worker.error}")
            self._schedule(self.interval_ms)
            self.finished.emit()
            return
        self.last_report = report
        changed = any(
            (report.pulled.created, report.pulled.updated, report.pulled.deleted, report.conflicts)
        )
        if changed:
            self._own_change = True
            self.window.notify_changed()
        else:
            # The run's log entry and account state are commits too: not a local edit.
            watcher = getattr(self.window, "db_watcher", None)
            if watcher is not None:
                watcher.absorb()
        status = report.status
        if status == "offline":
            self._offline(report)
        elif status == "busy":
            self._set("attention", "Sync: the server is busy; will retry")
            self._schedule(min(self.interval_ms, 5 * 60_000))
        elif status == "auth":
            acc = state.account()
            if acc is not None:
                secrets._session.pop(accounts.key_of(acc), None)
            self._set("attention", "Sync needs attention: the server refused the password")
            self._schedule(self.interval_ms)
        elif status == "blocked":
            self._set("attention", "Sync needs attention: it would delete many contacts")
            if self.confirm_deletes(report):
                self._allow_deletes_once = True
                QTimer.singleShot(0, self.sync_now)
            else:
                self._schedule(self.interval_ms)
        else:
            self._offline_said = False
            self._backoff_min = 1
            self.refresh_state()
            self._schedule(self.interval_ms)
        self.finished.emit()
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.sync_now)

    def _offline(self, report: SyncReport) -> None:
        if not self._offline_said:
            self._offline_said = True
            self.window.statusBar().showMessage("Offline: sync will try again", 8000)
        self._set("offline", "Sync: offline")
        self._schedule(min(self._backoff_min * 60_000, self.interval_ms))
        self._backoff_min = min(self._backoff_min * 2, self.interval_ms // 60_000)

    def _schedule(self, ms: int) -> None:
        self.timer.start(ms)

    # ------------------------------------------------------------------ state

    def refresh_state(self) -> None:
        """Read the account's stored state (after setup, forget, resolve, a run)."""
        acc = state.account()
        if acc is None:
            self._set("off", "Sync: not set up")
            return
        conflicts = len(state.open_conflicts(acc.id))
        report = self.last_report
        if conflicts:
            self._set("attention", f"Sync needs attention: {counted(conflicts, 'conflict')}")
        elif report is not None and report.errors:
            self._set("attention", f"Sync needs attention: {report.errors[0]}")
        elif acc.last_sync_at:
            when = acc.last_sync_at.replace(tzinfo=dt.UTC).astimezone()
            self._set("idle", f"Synced {when:%H:%M}")
        else:
            self._set("idle", "Sync: not run yet")

    def _set(self, name: str, text: str) -> None:
        self.state = name
        if text != self.text:
            self.text = text
            self.label.setText(text)
            self.label.setToolTip(text)
            self.state_changed.emit(text)

    # ------------------------------------------------------------------ asking

    def _ask_password(self, acc: Any) -> str | None:
        parent = self.window if isinstance(self.window, QWidget) else None
        text, ok = QInputDialog.getText(
            parent,
            "Sync password",
            f"Password for {acc.username} at {acc.server_url}\n"
            "(no keyring on this system: asked once per session)",
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def _confirm_deletes(self, report: SyncReport) -> bool:
        parent = self.window if isinstance(self.window, QWidget) else None
        answer = QMessageBox.warning(
            parent,
            "Sync would delete many contacts",
            report.errors[0].split("; nothing was changed")[0].capitalize()
            + ". Nothing was changed yet.\n\nDelete them? (They go to the trash here.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
