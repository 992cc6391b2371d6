"""Helpers shared by the sync tests: a database, an account, a server card, a run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netkeeper.io.card import Card, TypedValue
from netkeeper.model.db import close_database, open_database


@pytest.fixture
def nk(db_file: Path) -> Iterator[Path]:
    """An open NetKeeper database with a sync account set up; yields its path."""
    from netkeeper.services.sync import state

    open_database(db_file)
    state.create_account(
        server_url="https://dav.example",
        book_url="https://dav.example/book/",
        book_name="Contacts",
        username="ada",
        ca_file=None,
        allow_http=False,
    )
    yield db_file
    close_database()


def vcard(uid: str | None, fn: str, *lines: str) -> str:
    """A server card as another client (a phone) would write it."""
    head = ["BEGIN:VCARD", "VERSION:3.0"]
    if uid:
        head.append(f"UID:{uid}")
    return "\n".join([*head, f"FN:{fn}", *lines, "END:VCARD"]) + "\n"


def add(name: str, *, email: str | None = None, phone: str | None = None, **kw: Any) -> int:
    from netkeeper.services.contacts import create_contact

    card = Card(full_name=name, **kw)
    if email:
        card.emails.append(TypedValue(email, ["work"]))
    if phone:
        card.phones.append(TypedValue(phone, ["cell"]))
    return create_contact(card)


def run(remote: Any, db_file: Path | None = None, **kw: Any) -> Any:
    from netkeeper.services.sync import state
    from netkeeper.services.sync.engine import SyncEngine

    acc = state.require_account()
    return SyncEngine(acc, remote, db_path=db_file, **kw).run()


def live_names() -> list[str]:
    from netkeeper.model.db import db

    return sorted(
        r[0] for r in db.execute_sql("SELECT full_name FROM contact WHERE deleted_at IS NULL")
    )


@pytest.fixture(scope="session", params=["radicale", "xandikos"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A real CardDAV server for the whole session (one of each kind)."""
    from tests.sync.servers import Server

    s = Server(request.param, tmp_path_factory.mktemp(request.param))
    s.start()
    yield s
    s.stop()


@pytest.fixture
def dav(server: Any, db_file: Path) -> Iterator[Any]:
    """A fresh address book on the server and a database with an account for it."""
    from netkeeper.services.sync import state

    url = server.new_book()
    open_database(db_file)
    state.create_account(
        server_url=server.url,
        book_url=url,
        book_name=url.rstrip("/").rsplit("/", 1)[-1],
        username=server.user,
        ca_file=None,
        allow_http=False,
    )
    server.book_url = url
    yield server
    close_database()


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Radicale over https on 127.0.0.1, its certificate signed by a CA made for this run."""
    from tests.sync.servers import Server
    from tests.sync.tls import make_certificates

    root = tmp_path_factory.mktemp("radicale-tls")
    s = Server("radicale", root / "server", tls=make_certificates(root / "certs"))
    s.start()
    yield s
    s.stop()
