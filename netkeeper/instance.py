"""Is a NetKeeper window running on this database? Asked without Qt, for the CLI.

The desktop app listens on a QLocalServer named by `server_name` (see
ui/single_instance.py). On Unix that is a socket file in Qt's temp folder
($TMPDIR, else /tmp), on Windows the named pipe \\\\.\\pipe\\<name>; both can
be reached with the standard library, so `netkeeper restore-backup` can see
the window that would otherwise keep writing to the file it replaces, and
ask it to quit, without importing Qt.

Messages are one line: "activate" (come to the front), "quit" (close, the
data is saved as it goes), "probe" (ignored; only the connection matters).
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import socket
import sys
import time
from pathlib import Path

from netkeeper import APP_ID

ACTIVATE = b"activate\n"
QUIT = b"quit\n"
PROBE = b"probe\n"


def server_name(db_file: Path | str) -> str:
    """Per user and per database, so `--demo` or another --db can run beside the main one."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        user = "user"
    digest = hashlib.sha256(str(Path(db_file).resolve()).encode()).hexdigest()[:12]
    return f"{APP_ID}-{user}-{digest}"


def _socket_path(name: str) -> str:
    """Where QLocalServer puts a plain name on Unix: QDir::tempPath() is $TMPDIR or /tmp."""
    base = os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(os.path.normpath(base), name)


def send(db_file: Path | str, message: bytes, timeout: float = 1.0) -> bool:
    """Send one message to the running instance; False when none answers."""
    name = server_name(db_file)
    try:
        if sys.platform == "win32":
            with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
                pipe.write(message)
            return True
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(_socket_path(name))
            sock.sendall(message)
        return True
    except OSError:
        return False


def is_running(db_file: Path | str) -> bool:
    """True when a NetKeeper window has this database open."""
    return send(db_file, PROBE)


def ask_to_quit(db_file: Path | str, wait: float = 10.0) -> bool:
    """Ask the running instance to close; True once it has gone (or none was running)."""
    if not send(db_file, QUIT):
        return True
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.1)
        with contextlib.suppress(OSError):
            if not is_running(db_file):
                return True
    return False
