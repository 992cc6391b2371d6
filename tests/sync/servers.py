"""Real CardDAV servers from PyPI, started on 127.0.0.1 with a temporary storage folder.

Radicale with htpasswd auth (`plain` encryption: no extra dependency) and
Xandikos (`xandikos serve --defaults`, which has no auth of its own): two
independent implementations. Each runs as a subprocess of the test session on
a free port, so a test can also kill one mid-sync and start it again on the
same port and storage.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from netkeeper.services.sync.carddav import CardDavBook, Session, create_book, discover
from tests.sync.tls import Certificates

PASSWORD = "s3cret-pässword"


def _die_with_parent() -> None:
    """Linux: the server is killed when the test process dies, even by SIGKILL or a
    timeout, instead of living on as an orphan on a shared machine."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, kind: str, root: Path, *, tls: Certificates | None = None) -> None:
        self.kind = kind
        self.root = root
        self.port = free_port()
        self.tls = tls
        if tls is not None and kind != "radicale":
            raise ValueError("only the Radicale runner serves https")
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/"
        self.user = "alice" if kind == "radicale" else "user"
        self.password = PASSWORD
        self.proc: subprocess.Popen[bytes] | None = None
        self.home: str | None = None
        root.mkdir(parents=True, exist_ok=True)
        if kind == "radicale":
            (root / "users").write_text(f"{self.user}:{PASSWORD}\n", encoding="utf-8")

    @property
    def storage(self) -> Path:
        return self.root / "storage"

    def command(self) -> list[str]:
        if self.kind == "radicale":
            tls = [str(self.tls.cert), str(self.tls.key)] if self.tls else []
            return [
                sys.executable, "-m", "tests.sync.run_radicale", str(self.root), str(self.port),
                *tls,
            ]  # fmt: skip
        xandikos = Path(sys.executable).with_name("xandikos")
        exe = [str(xandikos)] if xandikos.exists() else [sys.executable, "-m", "xandikos"]
        return [
            *exe,
            "serve",
            "--defaults",
            "-d",
            str(self.storage),
            "-l",
            "127.0.0.1",
            "-p",
            str(self.port),
            "--no-detect-systemd",
        ]

    def start(self) -> None:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - lives as long as the server
        env = {**os.environ, "XDG_DATA_HOME": str(self.root / "xdg")}
        self.proc = subprocess.Popen(
            self.command(), stdout=log, stderr=log, env=env, cwd=Path(__file__).parents[2],
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.kind} exited: {(self.root / 'server.log').read_text()[-2000:]}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def session(self, password: str | None = None) -> Session:
        ca = str(self.tls.ca) if self.tls else None
        return Session(self.user, password or self.password, ca_file=ca)

    def new_book(self, name: str | None = None) -> str:
        """A fresh, empty address book; returns its URL."""
        s = self.session()
        try:
            if self.home is None:
                self.home, _ = discover(s, self.url)
            assert self.home is not None
            return create_book(s, self.home, name or f"book-{uuid.uuid4().hex[:10]}").url
        finally:
            s.close()

    def seed(self, book_url: str, cards: dict[str, str]) -> None:
        """Put many cards straight into the server's storage (name -> vCard text).

        A PUT costs Radicale and Xandikos 30-50 ms each on this machine, so the
        1,000-card scenarios write the files the servers themselves would.
        """
        book = unquote(urlsplit(book_url).path).strip("/")
        if self.kind == "radicale":
            folder = self.storage / "collection-root" / book
        else:
            folder = self.storage / book
        assert folder.is_dir(), folder
        for name, text in cards.items():
            (folder / name).write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
        if self.kind == "xandikos":  # its storage is a git repository: commit the files
            from dulwich import porcelain

            porcelain.add(str(folder), [str(folder / name) for name in cards])
            porcelain.commit(str(folder), b"seed", author=b"t <t@t>", committer=b"t <t@t>")

    def book(self, url: str) -> CardDavBook:
        return CardDavBook(self.session(), url)
