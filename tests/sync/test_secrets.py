"""Where the sync password is kept: the OS keyring, else this session, else (on explicit
choice) a file only the user can read; the environment variable wins for scripts."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.compat import properties

from netkeeper.services.sync import secrets

KEY = secrets.account_key("ada", "https://dav.example/ada/book/")


class MemoryKeyring(KeyringBackend):
    """A working keyring (as a desktop session has), kept in memory.

    keyring registers every backend class it sees and picks the viable one of
    highest priority: a priority that raises RuntimeError (keyring's own way of
    saying "not here") keeps this one from ever being chosen for other tests.
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("only where a test sets it")

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(secrets.ENV, raising=False)
    secrets._session.clear()
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)
    secrets._session.clear()


def test_a_keyring_keeps_it_and_nothing_is_written_beside_the_database(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    assert secrets.keyring_available()
    assert secrets.store_password(KEY, "pässword", folder=tmp_path) == "keyring"
    assert ring.stored == {(secrets.SERVICE, KEY): "pässword"}
    secrets._session.clear()  # a new session
    assert secrets.get_password(KEY, tmp_path) == "pässword"
    assert list(tmp_path.iterdir()) == []
    secrets.forget_password(KEY, tmp_path)
    assert ring.stored == {} and secrets.get_password(KEY, tmp_path) is None


def test_without_a_keyring_it_lives_for_the_session_only(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    assert not secrets.keyring_available()
    assert secrets.store_password(KEY, "pw", folder=tmp_path) == "session"
    assert secrets.get_password(KEY, tmp_path) == "pw"
    assert list(tmp_path.iterdir()) == []  # never on disk without the user's choice
    secrets._session.clear()
    assert secrets.get_password(KEY, tmp_path) is None


def test_the_file_only_on_explicit_choice_and_readable_by_the_user_alone(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    other = secrets.account_key("bob", "https://dav.example/bob/")
    assert secrets.store_password(other, "bobs", folder=tmp_path, to_file=True) == "file"
    assert secrets.store_password(KEY, "tab\tand more", folder=tmp_path, to_file=True) == "file"
    path = tmp_path / secrets.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secrets._session.clear()
    assert secrets.get_password(KEY, tmp_path) == "tab\tand more"
    assert secrets.get_password(other, tmp_path) == "bobs"
    secrets.forget_password(KEY, tmp_path)
    assert secrets.get_password(KEY, tmp_path) is None
    assert secrets.get_password(other, tmp_path) == "bobs"
    secrets.forget_password(other, tmp_path)
    assert not path.exists()


def test_the_environment_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(MemoryKeyring())
    secrets.store_password(KEY, "from the keyring", folder=tmp_path)
    monkeypatch.setenv(secrets.ENV, "from the environment")
    assert secrets.get_password(KEY, tmp_path) == "from the environment"


def test_a_broken_keyring_is_no_keyring(tmp_path: Path) -> None:
    class Locked(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("the wallet is locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.PasswordSetError("refused")

    keyring.set_keyring(Locked())
    assert secrets.store_password(KEY, "pw", folder=tmp_path) == "session"
    secrets._session.clear()
    assert secrets.get_password(KEY, tmp_path) is None
