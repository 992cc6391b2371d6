"""After a run that crashed, the next start says where the report is (issue 9, item 7)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton


def crash_once(folder: Path) -> None:
    """A real crash (SIGSEGV) in a process that had the crash log running."""
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from netkeeper.crashlog import CrashLog
        CrashLog(Path({str(folder)!r})).start()
        import faulthandler
        faulthandler._sigsegv()
        """
    )
    assert subprocess.run([sys.executable, "-c", script], capture_output=True).returncode != 0


def test_the_message_names_the_report_and_shows_its_folder(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from netkeeper.ui import crash_report

    report = tmp_path / "crash-20261201-120000.log"
    report.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    opened: list[QUrl] = []
    monkeypatch.setattr(crash_report.QDesktopServices, "openUrl", opened.append)
    box = crash_report.offer_crash_report(None, report)
    qtbot.waitExposed(box)
    assert "quit unexpectedly" in box.text()
    assert str(report) in box.informativeText()
    box.findChild(QPushButton, "showCrashReport").click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    qtbot.waitUntil(lambda: not box.isVisible())


def _run_app_and_look(db: Path) -> list[str]:
    """Run the real start-up (app.run_gui) until its event loop has turned a few times."""
    from netkeeper.app import run_gui
    from netkeeper.model.db import close_database

    seen: list[str] = []  # the informative text of each crash message shown

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.objectName() == "crashReportMessage":
                seen.append(widget.informativeText())
                widget.close()
        QApplication.quit()

    QTimer.singleShot(300, look)
    try:
        assert run_gui(argparse.Namespace(db=str(db), demo=False, minimized=False)) == 0
    finally:
        close_database()
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
    return seen


def test_the_start_after_a_crash_offers_the_report_once(qtbot: Any, tmp_path: Path) -> None:
    from netkeeper import paths

    crashes = paths.crashes_dir()  # in the test's own HOME (conftest)
    crash_once(crashes)
    db = tmp_path / "netkeeper.db"
    (first,) = _run_app_and_look(db)
    assert str(crashes / "crash-") in first
    assert len(list(crashes.glob("crash-*.log"))) == 1
    assert list(crashes.glob("running-*.log")) == []  # the clean exit removed its own log
    assert _run_app_and_look(db) == []  # said once; the report stays on disk
    assert len(list(crashes.glob("crash-*.log"))) == 1
