"""Writing files with personal data: private (0600), whole or not at all, causes named.

An export, a calendar or a backup holds the user's address book. Each is
written to a temp file in the target's folder (created 0600, whatever the
umask), flushed to disk and renamed over the target, so a crash or a full
disk never leaves half a file where a whole one was expected, and no
`.partial` stays behind. OSError becomes a ServiceError whose message names
the cause ("the disk is full", "is read-only") for the one-line CLI error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from netkeeper.services import ServiceError

_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is full",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a folder",
}


def os_cause(exc: OSError) -> str:
    """The cause of an OSError in words a user reads: 'the disk is full'."""
    return _CAUSES.get(exc.errno or 0) or exc.strerror or str(exc)


def write_private(target: str | os.PathLike[str], chunks: Iterable[str]) -> None:
    """Write `chunks` (UTF-8, line ends as given) to `target` atomically, mode 0600."""
    path = Path(target).expanduser()
    if path.is_dir():
        raise ServiceError(f"{path} is a folder; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ServiceError(f"cannot write to {path.parent}: {os_cause(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for text in chunks:
                fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ServiceError(
            f"cannot write {path}: {os_cause(exc)}; nothing was written there"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
