"""Start at login on each platform, written into a temp home and a fake registry."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netkeeper.services import autostart
from netkeeper.services.autostart import Autostart, desktop_exec

COMMAND = ["/opt/Net Keeper/bin/python3", "-m", "netkeeper", "--minimized"]


def test_xdg_desktop_entry(tmp_path: Path) -> None:
    entry = Autostart("linux", home=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert not entry.is_enabled()
    where = entry.enable(COMMAND)
    path = tmp_path / "cfg" / "autostart" / "io.netkeeper.NetKeeper.desktop"
    assert where == str(path) and entry.is_enabled()
    text = path.read_text(encoding="utf-8")
    assert 'Exec="/opt/Net Keeper/bin/python3" -m netkeeper --minimized\n' in text
    assert "Type=Application\n" in text and "X-GNOME-Autostart-enabled=true\n" in text
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert r.returncode == 0 and not r.stdout.strip(), r.stdout
    assert entry.disable() is True
    assert not path.exists() and not entry.is_enabled()
    assert entry.disable() is False


def test_xdg_config_home_defaults_to_dot_config(tmp_path: Path) -> None:
    entry = Autostart("linux", home=tmp_path, env={})
    assert entry.entry_path() == tmp_path / ".config/autostart/io.netkeeper.NetKeeper.desktop"


@pytest.mark.parametrize(
    ("arg", "written"),
    [
        ("plain", "plain"),
        ("with space", '"with space"'),
        ('say "hi"', '"say \\\\"hi\\\\""'),
        ("cost$5", '"cost\\\\$5"'),
        ("C:\\dir", '"C:\\\\\\\\dir"'),
        ("100%", '"100%%"'),
    ],
)
def test_desktop_exec_quoting(arg: str, written: str) -> None:
    assert desktop_exec([arg]) == written


def test_macos_launch_agent(tmp_path: Path) -> None:
    entry = Autostart("darwin", home=tmp_path)
    entry.enable(COMMAND)
    path = tmp_path / "Library/LaunchAgents/io.netkeeper.NetKeeper.plist"
    plist = plistlib.loads(path.read_bytes())
    assert plist == {
        "Label": "io.netkeeper.NetKeeper",
        "ProgramArguments": COMMAND,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    assert entry.disable() and not path.exists()


class FakeRunKey:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def test_windows_run_key(tmp_path: Path) -> None:
    registry = FakeRunKey()
    entry = Autostart("win32", home=tmp_path, registry=registry)
    command = ["C:\\Program Files\\NetKeeper\\NetKeeper.exe", "--minimized"]
    where = entry.enable(command)
    assert where.endswith("CurrentVersion\\Run\\NetKeeper")
    assert registry.values == {
        "NetKeeper": '"C:\\Program Files\\NetKeeper\\NetKeeper.exe" --minimized'
    }
    assert entry.is_enabled()
    assert entry.disable() is True and registry.values == {}
    assert not list(tmp_path.iterdir())  # nothing written to disk on Windows


def test_set_enabled_on_this_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    autostart.set_enabled(True)
    path = tmp_path / "autostart" / "io.netkeeper.NetKeeper.desktop"
    assert autostart.is_enabled() and path.is_file()
    assert f"{sys.executable} -m netkeeper --minimized" in path.read_text()
    autostart.set_enabled(False)
    assert not path.exists()
