"""After a run that crashed, the next start says where the report is (issue 9, item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QPushButton


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


# The real start-up (python -m netkeeper) in a child process, with offer_crash_report
# wrapped so the child says what it offered and quits; a second of event loop otherwise.
APP_DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import netkeeper.ui.crash_report as crash_report
app = QApplication(sys.argv[:1])
real = crash_report.offer_crash_report
def spy(parent, report):
    box = real(parent, report)
    print("OFFERED", box.informativeText().splitlines()[-1], flush=True)
    QTimer.singleShot(0, QApplication.quit)
    return box
crash_report.offer_crash_report = spy
QTimer.singleShot(1500, QApplication.quit)
from netkeeper.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def _start_app(db: Path) -> list[str]:
    """The reports the app offered at this start (their paths)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", APP_DRIVER, str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [
        line.split(" ", 1)[1] for line in proc.stdout.splitlines() if line.startswith("OFFERED")
    ]


def test_the_start_after_a_crash_offers_the_report_once(tmp_path: Path) -> None:
    from netkeeper import paths

    crashes = paths.crashes_dir()  # in the test's own HOME (conftest), seen by the child too
    db = tmp_path / "netkeeper.db"
    assert _start_app(db) == []  # a first start: nothing to say
    crash_once(crashes)
    assert len(list(crashes.glob("running-*.log"))) == 1  # what the crash left
    (offered,) = _start_app(db)
    assert offered.startswith(str(crashes / "crash-"))
    assert "Segmentation fault" in Path(offered).read_text(encoding="utf-8")
    assert list(crashes.glob("running-*.log")) == []  # the clean exit removed its own log
    assert _start_app(db) == []  # said once; the report stays on disk
    assert [str(p) for p in crashes.glob("crash-*.log")] == [offered]
