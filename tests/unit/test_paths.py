"""Where data lives: XDG rules, overrides, and no writes at import time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from netkeeper import paths


def test_xdg_data_home_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.default_db_path() == tmp_path / "xdg" / "NetKeeper" / "netkeeper.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.data_dir() == tmp_path / ".local" / "share" / "NetKeeper"


def test_cli_flag_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETKEEPER_DB", str(tmp_path / "env.db"))
    assert paths.db_path(str(tmp_path / "flag.db")) == tmp_path / "flag.db"
    assert paths.db_path(None) == tmp_path / "env.db"


def test_importing_the_package_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import netkeeper, netkeeper.cli, netkeeper.paths, netkeeper.model.tables, "
        "netkeeper.services.contacts, netkeeper.services.documents"
    )
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []
