"""Faults between NetKeeper and Radicale: after any of them and a clean re-run,
both sides hold the same contacts, and nothing is lost or doubled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netkeeper.io.vcard import read_cards
from netkeeper.model.db import db
from netkeeper.services.contacts import delete_contacts, get_card, update_contact
from netkeeper.services.sync import state
from netkeeper.services.sync.carddav import CardDavBook, Session
from netkeeper.services.sync.engine import SyncEngine
from tests.sync.conftest import add, live_names, vcard
from tests.sync.proxy import FaultProxy

FAULTS = [
    ("REPORT", 1, "drop"),
    ("PROPFIND", 1, "drop"),  # PROPFIND: the complete listing after a refused token
    ("PROPFIND", 2, "503"),
    ("REPORT", 1, "500"),
    ("REPORT", 2, "truncate"),
    ("REPORT", 2, "truncate-lying"),
    ("REPORT", 3, "delay"),
    ("PUT", 1, "drop-after"),
    ("PUT", 2, "drop"),
    ("PUT", 3, "503"),
    ("PUT", 2, "delay"),
    ("DELETE", 1, "drop-after"),
    ("DELETE", 1, "500"),
]


@pytest.fixture
def proxied(dav: Any) -> Iterator[tuple[Any, FaultProxy]]:
    proxy = FaultProxy(dav.url, delay=1.5)
    yield dav, proxy
    proxy.close()


def _book(dav: Any, proxy: FaultProxy | None) -> CardDavBook:
    url = dav.book_url if proxy is None else dav.book_url.replace(dav.url.rstrip("/"), proxy.url)
    return CardDavBook(Session(dav.user, dav.password, timeout=(2.0, 1.0)), url, batch=4)


def _sync(dav: Any, proxy: FaultProxy | None = None) -> Any:
    return SyncEngine(
        state.require_account(), _book(dav, proxy), batch_size=4, db_path=Path(db.database)
    ).run()


def _server(dav: Any) -> dict[str, Any]:
    book = _book(dav, None)
    out = {}
    for href, (_, data) in book.fetch(list(book.listing())).items():
        ((card, _),) = list(read_cards(data))
        out[href] = card
    return out


@pytest.mark.parametrize("server", ["radicale"], indirect=True)
@pytest.mark.parametrize(("method", "nth", "fault"), FAULTS, ids=lambda v: str(v))
def test_any_fault_then_a_clean_run_leaves_both_sides_equal(
    proxied: tuple[Any, FaultProxy], method: str, nth: int, fault: str
) -> None:
    dav, proxy = proxied
    raw = _book(dav, None)
    for i in range(10):
        add(f"Local {i:02d}", email=f"l{i}@example.org")
        raw.put(raw.href_for(f"s{i}"), vcard(f"s{i}", f"Server {i:02d}").encode(), None)
    assert _sync(dav).status == "ok"
    # Changes on both sides
    for i in range(10, 15):
        add(f"Local {i:02d}")
        raw.put(raw.href_for(f"s{i}"), vcard(f"s{i}", f"Server {i:02d}").encode(), None)
    (l0,) = db.execute_sql("SELECT id FROM contact WHERE full_name = 'Local 00'").fetchone()
    card = get_card(l0)
    card.title = "Edited here"
    update_contact(l0, card)
    (l1,) = db.execute_sql("SELECT id FROM contact WHERE full_name = 'Local 01'").fetchone()
    delete_contacts([l1])
    etag, data = raw.fetch([raw.href_for("s0")])[raw.href_for("s0")]
    raw.put(
        raw.href_for("s0"),
        data.replace(b"FN:Server 00", b"FN:Server 00\r\nTITLE:Edited there"),
        etag,
    )
    raw.delete(raw.href_for("s1"), None)

    if method == "PROPFIND":
        with db.atomic():
            state.set_account(state.require_account().id, sync_token="bogus-token")
    proxy.rules = [(method, nth, fault)]
    faulted = _sync(dav, proxy)
    assert proxy.fired, "the fault never happened: the test would prove nothing"
    proxy.rules = []
    clean = _sync(dav, proxy)
    assert clean.status == "ok", (faulted.errors, clean.errors)

    expected = sorted(
        [f"Local {i:02d}" for i in range(15) if i != 1]
        + [f"Server {i:02d}" for i in range(15) if i != 1]
    )
    assert live_names() == expected
    server = _server(dav)
    assert sorted(c.full_name for c in server.values()) == expected
    titles = {c.full_name: c.title for c in server.values()}
    assert titles["Local 00"] == "Edited here" and titles["Server 00"] == "Edited there"
    (t,) = db.execute_sql("SELECT title FROM contact WHERE full_name = 'Server 00'").fetchone()
    assert t == "Edited there"
    after = _sync(dav)
    assert after.to_json()["pushed"] == {"created": 0, "updated": 0, "deleted": 0}
    assert after.to_json()["pulled"] == {"created": 0, "updated": 0, "deleted": 0}
