"""Where NetKeeper keeps things, computed without Qt and without side effects.

The command line must start fast and never import Qt, yet it must find the same
database as the GUI. So the per-user data folder is worked out here by the same
rules QStandardPaths.AppDataLocation follows (XDG on Linux, %APPDATA% on
Windows, ~/Library/Application Support on macOS). Nothing is created until a
caller asks for it (`ensure_private_dir`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from netkeeper import APP_NAME

DB_ENV = "NETKEEPER_DB"
DATA_ENV = "NETKEEPER_DATA_DIR"
DB_FILENAME = "netkeeper.db"


def data_dir() -> Path:
    """The per-user data folder (not created here)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def db_path(cli_value: str | None = None) -> Path:
    """`--db` wins over NETKEEPER_DB, which wins over the data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backups_dir(database: Path) -> Path:
    """Rolling daily backups live beside the database they protect."""
    return database.parent / "backups"


def crashes_dir() -> Path:
    """Crash reports (netkeeper.crashlog) live in the data folder, whatever `--db` says."""
    return data_dir() / "crashes"


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resource_root() -> Path:
    """The `resources/` folder, in a source checkout and in a PyInstaller bundle alike."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    here = Path(__file__).resolve().parent
    installed = here / "resources"  # a wheel install (see pyproject.toml)
    if installed.is_dir():
        return installed
    return here.parent / "resources"  # a source checkout or editable install


def resource_path(name: str) -> Path:
    return resource_root() / name
