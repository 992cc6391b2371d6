"""Start at login: write or remove the platform's own autostart entry.

No Qt and no background service: each desktop already knows how to start a
program when the user logs in, so NetKeeper only writes the entry that desktop
reads, pointing at itself with `--minimized` (start in the tray):
- Linux and other XDG desktops: $XDG_CONFIG_HOME/autostart/<app id>.desktop
  (XDG Autostart specification);
- Windows: a value under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run
  (a Startup-folder shortcut would need COM to write a .lnk; the Run key is
  what the Settings app's "Startup apps" page lists and toggles too);
- macOS: ~/Library/LaunchAgents/<app id>.plist with RunAtLoad.
Every location is injectable (home, environment, registry), so tests write
into a temp folder and a fake registry.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from netkeeper import APP_ID, APP_NAME

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Registry(Protocol):
    """The three operations on the current user's Run key that autostart needs."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


def _winreg() -> Any:
    """The winreg module, which exists only on Windows (and so is not type-checked elsewhere)."""
    return importlib.import_module("winreg")


class WindowsRunKey:
    """HKCU\\...\\Run through winreg (imported on use: it exists only on Windows)."""

    def get(self, name: str) -> str | None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                return str(winreg.QueryValueEx(key, name)[0])
        except FileNotFoundError:
            return None

    def set(self, name: str, value: str) -> None:
        winreg = _winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


def launch_command() -> list[str]:
    """How to start this NetKeeper minimised: the frozen executable, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--minimized"]
    return [sys.executable, "-m", "netkeeper", "--minimized"]


def desktop_exec(command: Sequence[str]) -> str:
    """Quote arguments for a .desktop Exec= line (Desktop Entry spec, "The Exec key")."""
    out = []
    for arg in command:
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%="):
            out.append(arg)
            continue
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
        out.append(f'"{escaped}"')
    # The desktop file format itself then escapes backslashes once more.
    return " ".join(out).replace("\\", "\\\\")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Autostart:
    """The autostart entry of one platform; defaults to this machine's."""

    def __init__(
        self,
        platform: str | None = None,
        *,
        home: Path | None = None,
        env: Mapping[str, str] | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.platform = platform or sys.platform
        self.home = Path(home) if home is not None else Path.home()
        self.env = env if env is not None else os.environ
        self._registry = registry

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = WindowsRunKey()
        return self._registry

    def entry_path(self) -> Path | None:
        """The file that holds the entry (None on Windows, where it is a registry value)."""
        if self.platform == "win32":
            return None
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        config = self.env.get("XDG_CONFIG_HOME") or str(self.home / ".config")
        return Path(config) / "autostart" / f"{APP_ID}.desktop"

    def is_enabled(self) -> bool:
        path = self.entry_path()
        if path is None:
            return self.registry.get(APP_NAME) is not None
        return path.is_file()

    def enable(self, command: Sequence[str] | None = None) -> str:
        """Write the entry; returns where (a path, or the registry value's place)."""
        command = list(command or launch_command())
        path = self.entry_path()
        if path is None:
            self.registry.set(APP_NAME, subprocess.list2cmdline(command))
            return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{APP_NAME}"
        if self.platform == "darwin":
            plist = {
                "Label": APP_ID,
                "ProgramArguments": command,
                "RunAtLoad": True,
                "ProcessType": "Interactive",
            }
            _write(path, plistlib.dumps(plist))
        else:
            _write(path, self._desktop_entry(command).encode("utf-8"))
        return str(path)

    def disable(self) -> bool:
        """Remove the entry; False when there was none."""
        path = self.entry_path()
        if path is None:
            had = self.registry.get(APP_NAME) is not None
            self.registry.delete(APP_NAME)
            return had
        if path.is_file():
            path.unlink()
            return True
        return False

    @staticmethod
    def _desktop_entry(command: Sequence[str]) -> str:
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={APP_NAME}\n"
            "Comment=Keep-in-touch reminders in the system tray\n"
            f"Exec={desktop_exec(command)}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        )


def enable(command: Sequence[str] | None = None) -> str:
    return Autostart().enable(command)


def disable() -> bool:
    return Autostart().disable()


def is_enabled() -> bool:
    return Autostart().is_enabled()


def set_enabled(enabled: bool) -> None:
    """What the settings dialog's "Start at login" box calls; raises OSError on failure."""
    if enabled:
        enable()
    else:
        disable()
