"""A crash log a user can send: faulthandler writes into the data folder while the app runs.

Why: a crash inside Qt or another C extension (issue 9 saw PySide6 abort the
interpreter with "none_dealloc") ends the process before any Python handler
runs, and a desktop user never sees stderr. `faulthandler` writes the Python
stack of every thread on a fatal signal or abort, straight to a file
descriptor, with no Python code involved.

Life of a log: `start()` opens `running-<time>-<pid>.log` in `<data>/crashes`
with a short header (versions, platform) and points faulthandler at it. A clean
exit (`stop()`) deletes it. A log still there at the next start belonged to a
run that did not end cleanly: if faulthandler wrote a report into it, it is
renamed `crash-<time>.log`, kept (the newest KEEP of them), and the GUI offers
to show it; if it holds only the header (killed, power lost) there is nothing
to report and it is removed. A log whose process is still alive (a second
NetKeeper on another database) is left alone.

No Qt here: app.py shows the message.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import sys
from pathlib import Path
from typing import IO

from netkeeper import APP_NAME, __version__

KEEP = 5  # crash reports kept; older ones are deleted
HEADER_END = "--- faulthandler report below ---\n"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill would terminate it there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return True


def _header() -> str:
    qt = sys.modules.get("PySide6")
    qt_version = getattr(qt, "__version__", "not loaded")
    system = " ".join(os.uname()) if hasattr(os, "uname") else sys.platform
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return (
        f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}, PySide6 {qt_version}\n"
        f"{system}, started {started}, pid {os.getpid()}\n"
        f"{HEADER_END}"
    )


class CrashLog:
    """The crash reports in one folder, and faulthandler pointed at this run's log."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = Path(folder)
        self.keep = keep
        self.path: Path | None = None
        self._file: IO[str] | None = None
        self._was_enabled = False

    def collect(self) -> Path | None:
        """Turn logs of runs that ended uncleanly into reports; the newest new report, if any.

        Call before `start()`. Reports beyond `keep` are deleted, oldest first.
        """
        if not self.folder.is_dir():
            return None
        newest: Path | None = None
        for log in sorted(self.folder.glob("running-*.log")):
            stem = log.stem.removeprefix("running-")
            stamp, _, pid = stem.rpartition("-")
            if pid.isdigit() and _pid_alive(int(pid)):
                continue
            try:
                text = log.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            report = text.partition(HEADER_END)[2].strip()
            if not report:
                log.unlink(missing_ok=True)
                continue
            target = self.folder / f"crash-{stamp}.log"
            os.replace(log, target)
            newest = target
        reports = sorted(self.folder.glob("crash-*.log"))
        for old in reports[: max(0, len(reports) - self.keep)]:
            old.unlink(missing_ok=True)
        return newest if newest is not None and newest.exists() else None

    def start(self) -> Path:
        """Open this run's log and send faulthandler's output there (all threads)."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.path = self.folder / f"running-{stamp}-{os.getpid()}.log"
        # Readable by the user alone, whatever the umask: a crash report holds the
        # stack of the moment, which can name the people on screen.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._file = open(fd, "w", encoding="utf-8")  # noqa: SIM115 (open while we run)
        self._file.write(_header())
        self._file.flush()
        self._was_enabled = faulthandler.is_enabled()
        faulthandler.enable(self._file, all_threads=True)
        return self.path

    def stop(self) -> None:
        """A clean exit: faulthandler as it was before (on stderr), and this run's log gone."""
        if self._file is None:
            return
        faulthandler.disable()
        if self._was_enabled and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__, all_threads=True)
        self._file.close()
        self._file = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
