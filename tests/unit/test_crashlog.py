"""netkeeper.crashlog: a run that dies in C leaves a report; a clean one leaves nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netkeeper import APP_NAME, __version__
from netkeeper.crashlog import HEADER_END, CrashLog


def run_child(folder: Path, ending: str) -> subprocess.CompletedProcess[str]:
    """A process that starts the crash log, then ends as `ending` says."""
    endings = {
        "clean": "log.stop()",
        "segfault": "import faulthandler; faulthandler._sigsegv()",
        "abort": "import os; os.abort()",
        "killed": "import os; os._exit(9)",  # like SIGKILL: no handler runs
    }
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from netkeeper.crashlog import CrashLog
        log = CrashLog(Path({str(folder)!r}))
        log.start()
        def deep_in_the_app():
            {endings[ending]}
        deep_in_the_app()
        """
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("ending", "message"),
    [
        ("segfault", "Fatal Python error: Segmentation fault"),
        ("abort", "Fatal Python error: Abort"),
    ],
)
def test_a_crash_leaves_a_report_that_the_next_start_finds(
    tmp_path: Path, ending: str, message: str
) -> None:
    proc = run_child(tmp_path, ending)
    assert proc.returncode != 0
    report = CrashLog(tmp_path).collect()
    assert report is not None and report.name.startswith("crash-")
    text = report.read_text(encoding="utf-8")
    header, _, body = text.partition(HEADER_END)
    assert f"{APP_NAME} {__version__}, Python" in header and "PySide6" in header
    assert message in body
    assert "deep_in_the_app" in body  # the Python stack, the part worth sending
    assert list(tmp_path.glob("running-*")) == []
    assert CrashLog(tmp_path).collect() is None  # offered once, kept on disk
    assert report.exists()


def test_a_clean_exit_leaves_nothing(tmp_path: Path) -> None:
    proc = run_child(tmp_path, "clean")
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.iterdir()) == []
    assert CrashLog(tmp_path).collect() is None


def test_a_kill_without_a_report_is_not_offered(tmp_path: Path) -> None:
    run_child(tmp_path, "killed")
    assert len(list(tmp_path.glob("running-*.log"))) == 1  # header only
    assert CrashLog(tmp_path).collect() is None
    assert list(tmp_path.iterdir()) == []


def test_only_the_newest_reports_are_kept(tmp_path: Path) -> None:
    for day in range(1, 8):
        (tmp_path / f"crash-202611{day:02d}-120000.log").write_text("old", encoding="utf-8")
    assert CrashLog(tmp_path, keep=5).collect() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"crash-202611{day:02d}-120000.log" for day in range(3, 8)
    ]


def test_the_log_of_a_running_netkeeper_is_left_alone(tmp_path: Path) -> None:
    """A second NetKeeper on another database must not take the first one's log."""
    live = tmp_path / f"running-20261201-120000-{os.getpid()}.log"
    live.write_text(f"header\n{HEADER_END}Fatal Python error: not really\n", encoding="utf-8")
    assert CrashLog(tmp_path).collect() is None
    assert live.exists()


def test_nothing_to_collect_without_a_folder(tmp_path: Path) -> None:
    assert CrashLog(tmp_path / "none yet").collect() is None
    assert not (tmp_path / "none yet").exists()


def test_the_log_is_readable_by_the_user_alone(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual desktop umask would make it world-readable
    try:
        log = CrashLog(tmp_path / "crashes")
        path = log.start()
        try:
            assert path.stat().st_mode & 0o777 == 0o600
        finally:
            log.stop()
    finally:
        os.umask(old)
