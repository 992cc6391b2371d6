"""A second launch finds the first and asks it to come to the front."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir

from netkeeper.ui.single_instance import SingleInstance, claim_or_activate, server_name


def test_server_name_is_per_database(tmp_path: Path) -> None:
    a, b = server_name(tmp_path / "a.db"), server_name(tmp_path / "b.db")
    assert a != b and a.startswith("io.netkeeper.NetKeeper-")
    assert server_name(tmp_path / "x" / ".." / "a.db") == a


def test_second_launch_activates_the_first(qtbot: Any, tmp_path: Path) -> None:
    first = claim_or_activate(tmp_path / "nk.db")
    assert first is not None
    try:
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert claim_or_activate(tmp_path / "nk.db") is None
        # Another database is another instance.
        other = claim_or_activate(tmp_path / "other.db")
        assert other is not None
        other.close()
    finally:
        first.close()
    # Once the first has gone, a launch becomes the running instance again.
    again = claim_or_activate(tmp_path / "nk.db")
    assert again is not None
    again.close()


def test_second_launch_from_another_process(qtbot: Any, tmp_path: Path) -> None:
    first = claim_or_activate(tmp_path / "nk.db")
    assert first is not None
    code = (
        "import sys; from PySide6.QtCore import QCoreApplication;"
        "from netkeeper.ui.single_instance import claim_or_activate;"
        "app = QCoreApplication([]);"
        f"sys.exit(0 if claim_or_activate({str(tmp_path / 'nk.db')!r}) is None else 1)"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        with qtbot.waitSignal(first.activated, timeout=10_000):
            proc = subprocess.Popen([sys.executable, "-c", code], env=env)
            qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert proc.returncode == 0
    finally:
        first.close()


def test_stale_socket_from_a_crash_is_taken_over(qtbot: Any, tmp_path: Path) -> None:
    name = server_name(tmp_path / "nk.db")
    if sys.platform != "win32":
        # What a killed instance leaves: a socket file nobody listens on.
        import socket

        path = Path(QDir.tempPath()) / name  # where QLocalServer puts a plain name
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(str(path))
        stale.close()
        assert path.exists()
    instance = SingleInstance(name)
    assert not instance.notify_running(200)
    assert instance.listen()
    instance.close()
