"""GUI start-up: QApplication, open and migrate the database, show the main window.

Everything Qt starts here, so the headless CLI never pays for it.

`--demo` opens a throw-away database in a temp folder, filled by
services.demo, with throw-away settings too, and removes both on exit: a
newcomer can look around without touching (or creating) their own data.

A crash log (netkeeper.crashlog) records every run; after one that crashed,
the window offers to show the report.

NETKEEPER_STARTUP_PROBE=1 (used by bench/gui_start.py) prints
"NETKEEPER_PAINTED <unix time> <peak RSS KiB> <rows>" once the contact list has
painted with rows (or the empty state has painted), then quits.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from netkeeper import APP_ID, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__

PROBE_ENV = "NETKEEPER_STARTUP_PROBE"
DEMO_CONTACTS = 200


def _demo_database() -> tuple[Path, Path]:
    """A fresh temp folder with a filled demo database: (folder, database file)."""
    import tempfile

    from netkeeper.model.db import open_database
    from netkeeper.services.demo import fill

    folder = Path(tempfile.mkdtemp(prefix="netkeeper-demo-"))
    db_file = folder / "demo.db"
    open_database(db_file)
    fill(DEMO_CONTACTS)
    return folder, db_file


def _install_probe(window: Any) -> None:
    """Report the first paint of the populated window on stdout, then quit (benchmarks)."""
    import resource
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    view = window.view("contacts")
    target = view.pages.currentWidget() if view is not None else window
    if view is not None and target is view.splitter:
        target = view.table.viewport()

    class Probe(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is target:
                target.removeEventFilter(self)
                # Runs after this paint event has been handled.
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        rows = view.model.rowCount() if view is not None else 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"NETKEEPER_PAINTED {time.time():.6f} {peak} {rows}", flush=True)
        QApplication.quit()

    probe = Probe(window)
    target.installEventFilter(probe)


def _backup_in_background(db_file: Path, folder: Path, window: Any = None) -> Any:
    """Take the day's rolling backup on a thread (SQLite's online backup, its own connection).

    It copies the whole file (0.2 s at 50,000 contacts and 500,000 interactions),
    so it must not sit between the user and the first paint. Not a daemon thread:
    quitting waits for a backup in progress instead of leaving half a file.
    A damaged live database (the copy fails its check) is said loudly, in the
    window: the thread only stores the outcome, a timer on the UI thread shows
    it (worker threads never touch Qt, see ui/workers.py). Returns the timer.
    """
    import threading

    from netkeeper.services.backup import DamagedDatabase, daily_backup

    outcome: list[BaseException | None] = []

    def work() -> None:
        try:
            daily_backup(db_file, folder)
            outcome.append(None)
        except Exception as exc:
            sys.stderr.write(f"netkeeper: daily backup failed: {exc}\n")
            outcome.append(exc)

    thread = threading.Thread(target=work, name="daily-backup", daemon=False)
    thread.start()
    if window is None:
        return None
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    timer = QTimer(window)
    timer.setInterval(200)

    def poll() -> None:
        if not outcome:
            return
        timer.stop()
        exc = outcome[0]
        if isinstance(exc, DamagedDatabase):
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                f"{APP_NAME}: the database is damaged",
                f"Today's backup was not taken: {exc}.\n\nYour earlier backups were kept "
                f"as they are, in {folder}. Quit NetKeeper and run `netkeeper check`.",
                QMessageBox.StandardButton.Ok,
                window,
            )
            box.setObjectName("damagedBackupMessage")
            box.open()
        elif exc is not None:
            window.statusBar().showMessage(f"Today's backup could not be written: {exc}", 15000)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def open_window(db_file: Path, settings: Any = None, *, demo: bool = False) -> Any | None:
    """Open the database and build the main window: (window, database file), or None to quit.

    A damaged file can fail anywhere here: in the upgrade, the trash purge or
    the first query of a view. Instead of a traceback and no window, the user
    is told and offered the newest healthy backup or another file
    (ui/recovery.py); a file NetKeeper refuses outright (newer, not ours) is
    one message.
    """
    from PySide6.QtWidgets import QMessageBox

    from netkeeper.model.db import DatabaseError, close_database, is_damage, open_database
    from netkeeper.services.contacts import purge_trash
    from netkeeper.ui.main_window import MainWindow
    from netkeeper.ui.recovery import RESTORED, recover

    while True:
        try:
            if not demo:
                open_database(db_file)
                purge_trash()
            window = MainWindow(db_file, settings=settings)
            if RESTORED:
                window.statusBar().showMessage(RESTORED.pop(), 30000)
            return window, db_file
        except Exception as exc:
            damaged = is_damage(exc) or (exc.__cause__ is not None and is_damage(exc.__cause__))
            if not damaged:
                if isinstance(exc, DatabaseError):
                    QMessageBox.critical(None, APP_NAME, str(exc))
                    return None
                raise
            close_database()
            chosen = recover(db_file, exc)
            if chosen is None:
                return None
            db_file = chosen


def settle_heap() -> None:
    """Collect once, then freeze what start-up built out of the cyclic collector's sight.

    The window, its views and 50,000 contact rows are ~200,000 objects that live as long
    as the window. Every full collection walked them all: ~55 ms at 50,000 contacts, a
    stall of the UI thread whenever one fell on it, or on a worker holding the GIL (the
    map's build, Insights, the strength feed). Frozen, a full collection takes well under
    a millisecond; what is built later is collected as usual. Called once, before the
    event loop starts (the one collection is part of start-up, before the first paint).
    """
    import gc

    gc.collect()
    gc.freeze()


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netkeeper import paths
    from netkeeper.crashlog import CrashLog
    from netkeeper.model.db import DatabaseError, close_database

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setOrganizationDomain(ORG_DOMAIN)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Title bar, task switcher and dialogs; the same SVG master the installed icons come from.
    icon_file = paths.resource_path("icons/netkeeper.svg")
    if icon_file.is_file():  # defensive: a packager may leave resources/ out
        QApplication.setWindowIcon(QIcon(str(icon_file)))

    from netkeeper.ui import tray
    from netkeeper.ui.recovery import install_session_guard
    from netkeeper.ui.single_instance import claim_or_activate

    demo_folder: Path | None = None
    settings = None
    try:
        if getattr(args, "demo", False):
            from PySide6.QtCore import QSettings

            from netkeeper.settings import Settings

            demo_folder, db_file = _demo_database()
            settings = Settings(
                QSettings(str(demo_folder / "settings.ini"), QSettings.Format.IniFormat)
            )
            instance = claim_or_activate(db_file)
        else:
            db_file = paths.db_path(getattr(args, "db", None))
            # Ask first: a second launch only brings the running one forward, so
            # it must not open, migrate or purge the database on the way.
            instance = claim_or_activate(db_file)
            if instance is None:
                return 0
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if instance is None:  # NetKeeper already runs on this database: it came to the front
        return 0
    # The demo keeps nothing, crash reports included (they would land in its temp folder).
    crash_log = CrashLog(demo_folder / "crashes" if demo_folder else paths.crashes_dir())
    previous_crash = crash_log.collect()
    crash_log.start()  # before the database opens: a crash in an upgrade is reported too
    opened = open_window(db_file, settings, demo=demo_folder is not None)
    if opened is None:
        crash_log.stop()
        return 2
    window, db_file = opened
    if paths.db_path(getattr(args, "db", None)) != db_file and demo_folder is None:
        instance.close()  # another file was chosen: listen under its name instead
        instance = claim_or_activate(db_file)
        if instance is None:  # and NetKeeper already runs on that one: it came forward
            crash_log.stop()
            return 0
    install_session_guard(window)
    if demo_folder is not None:
        window.setWindowTitle(f"{APP_NAME} — demo (nothing is kept)")
    probing = bool(os.environ.get(PROBE_ENV))
    if probing:
        _install_probe(window)
    # Shows the window (unless --minimized with a tray), close-to-tray, reminder checks.
    tray.install(window, instance, minimized=bool(getattr(args, "minimized", False)))
    if demo_folder is None:
        _backup_in_background(db_file, paths.backups_dir(db_file), window)
    if previous_crash is not None and not probing:
        from PySide6.QtCore import QTimer

        from netkeeper.ui.crash_report import offer_crash_report

        # Once the event loop runs, over the window (window-modal: nothing waits on it).
        QTimer.singleShot(0, lambda: offer_crash_report(window, previous_crash))
    settle_heap()
    try:
        return int(app.exec())
    finally:
        crash_log.stop()
        if demo_folder is not None:
            import shutil

            close_database()
            shutil.rmtree(demo_folder, ignore_errors=True)
