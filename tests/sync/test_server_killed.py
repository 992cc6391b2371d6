"""The server goes away mid-sync (killed between batches); the next run completes the work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netkeeper.model.db import close_database, db, open_database
from netkeeper.services.sync import state
from netkeeper.services.sync.engine import SyncEngine
from tests.sync.conftest import add, live_names, vcard
from tests.sync.servers import Server


@pytest.fixture(scope="module", params=["radicale", "xandikos"])
def own_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A server of this module's own: these tests kill it."""
    s = Server(request.param, tmp_path_factory.mktemp(f"killed-{request.param}"))
    s.start()
    yield s
    s.stop()


@pytest.fixture
def setup(own_server: Server, db_file: Path) -> Iterator[tuple[Server, str]]:
    if own_server.proc is None:
        own_server.start()
    url = own_server.new_book()
    open_database(db_file)
    state.create_account(
        server_url=own_server.url,
        book_url=url,
        book_name="b",
        username=own_server.user,
        ca_file=None,
        allow_http=False,
    )
    yield own_server, url
    close_database()


def _run(server: Server, url: str, kill_at: str | None = None) -> Any:
    def progress(what: str, done: int, total: int) -> None:
        if kill_at and what == kill_at and done > 0:
            server.stop()

    return SyncEngine(
        state.require_account(),
        server.book(url),
        batch_size=10,
        progress=progress,
        db_path=Path(db.database),
    ).run()


def _server_uids(server: Server, url: str) -> list[str]:
    book = server.book(url)
    got = book.fetch(list(book.listing()))
    return sorted(
        data.split(b"UID:")[1].split(b"\r")[0].split(b"\n")[0].decode() for _, data in got.values()
    )


def test_killed_while_receiving(setup: tuple[Server, str]) -> None:
    server, url = setup
    server.seed(url, {f"k{i}.vcf": vcard(f"k{i}", f"Person {i:02d}") for i in range(35)})
    add("Local Only")
    report = _run(server, url, kill_at="Receiving cards")
    assert report.status in ("offline", "busy"), report.errors
    landed = len(live_names())
    assert 1 < landed < 36  # some batches landed whole, the rest did not start
    server.start()
    report = _run(server, url)
    assert report.status == "ok", report.errors
    assert len(live_names()) == 36 and len(set(live_names())) == 36
    assert len(_server_uids(server, url)) == 36
    again = _run(server, url)
    assert (again.pulled.created, again.pushed.created) == (0, 0)


def test_killed_while_sending(setup: tuple[Server, str]) -> None:
    server, url = setup
    for i in range(35):
        add(f"Person {i:02d}")
    report = _run(server, url, kill_at="Sending new contacts")
    assert report.status in ("offline", "busy"), report.errors
    server.start()
    report = _run(server, url)
    assert report.status == "ok", report.errors
    uids = _server_uids(server, url)
    assert len(uids) == len(set(uids)) == 35
    assert sorted(uids) == sorted(r[0] for r in db.execute_sql("SELECT uid FROM contact"))
    assert len(live_names()) == 35
