"""The sync password: in the OS keyring, or where no keyring exists, a deliberate fallback.

Order of lookup: the NETKEEPER_SYNC_PASSWORD environment variable (scripts,
CI), the password given earlier in this session (the GUI asks once per session
when there is no keyring), the OS keyring, and last a file readable by the
user alone, which is only ever written when the user chose it explicitly.

keyring raises NoKeyringError on a Linux session without a secret service (a
bare X session, CI; measured in the research notes) and may raise other
KeyringErrors (a locked wallet, a refused D-Bus call): both mean "no keyring
here", never a crash.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ENV = "NETKEEPER_SYNC_PASSWORD"
SERVICE = "NetKeeper CardDAV"
FILE_NAME = "sync-password"

_session: dict[str, str] = {}


def account_key(username: str, book_url: str) -> str:
    return f"{username}@{book_url}"


def _keyring_get(key: str) -> str | None:
    try:
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(SERVICE, key)
        except keyring.errors.KeyringError:
            return None
    except Exception:  # a broken backend must not stop NetKeeper from starting
        return None


def keyring_available() -> bool:
    """True when an OS keyring that can store passwords is there."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:
        return False
    return not isinstance(backend, fail.Keyring | null.Keyring)


def _file(folder: Path) -> Path:
    return folder / FILE_NAME


def _read_file(folder: Path | None, key: str) -> str | None:
    if folder is None:
        return None
    try:
        text = _file(folder).read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        k, sep, v = line.partition("\t")
        if sep and k == key:
            return v
    return None


def get_password(key: str, folder: Path | None = None) -> str | None:
    """The password for `key`, from the first place that has it (see the module docstring)."""
    env = os.environ.get(ENV)
    if env:
        return env
    if key in _session:
        return _session[key]
    found = _keyring_get(key)
    if found:
        return found
    return _read_file(folder, key)


def remember_for_session(key: str, password: str) -> None:
    _session[key] = password


def store_password(
    key: str, password: str, *, folder: Path | None = None, to_file: bool = False
) -> str:
    """Keep the password; returns where: "keyring", "file" or "session" (not kept on disk).

    The file is written only when `to_file` is set (the user's explicit choice).
    """
    _session[key] = password
    if not to_file:
        try:
            import keyring
            import keyring.errors

            if keyring_available():
                try:
                    keyring.set_password(SERVICE, key, password)
                    return "keyring"
                except keyring.errors.KeyringError:
                    pass
        except Exception:
            pass
        return "session"
    if folder is None:
        return "session"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _file(folder)
    lines = []
    with contextlib.suppress(OSError):
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith(key + "\t")
        ]
    lines.append(f"{key}\t{password}")
    fd = os.open(path.with_suffix(".tmp"), os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(path.with_suffix(".tmp"), 0o600)
    os.replace(path.with_suffix(".tmp"), path)
    return "file"


def forget_password(key: str, folder: Path | None = None) -> None:
    _session.pop(key, None)
    try:
        import keyring
        import keyring.errors

        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, key)
    except Exception:
        pass
    if folder is not None:
        path = _file(folder)
        with contextlib.suppress(OSError):
            kept = [
                line
                for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith(key + "\t")
            ]
            if kept:
                path.write_text("\n".join(kept) + "\n", encoding="utf-8")
            else:
                path.unlink()
