"""`netkeeper sync ...` against a real Radicale: the commands and JSON fields of the issue."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from netkeeper.model.db import close_database, open_database
from netkeeper.services.contacts import get_card, update_contact
from tests.sync.conftest import vcard

pytestmark = pytest.mark.parametrize("server", ["radicale"], indirect=True)

RUN_FIELDS = {"account", "book", "pulled", "pushed", "conflicts", "token_reset", "errors"}


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_setup_with_a_wrong_password_is_refused_and_records_nothing(
    server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, "wrong\n")
    r = cli("sync", "setup", server.url, "--user", server.user, "--password-stdin")
    assert r.code == 2 and "refused the user name or password" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert cli("sync", "status", "--json").json() == {"account": None, "configured": False}


def test_plain_http_to_another_machine_needs_the_opt_in(
    server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, "pw\n")
    r = cli("sync", "setup", "http://dav.example.org/", "--user", "u", "--password-stdin")
    assert r.code == 2 and "--allow-http" in r.err


def test_the_whole_command_line(
    server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch, db_file: Path
) -> None:
    book = f"CLI book {id(cli)}"
    _stdin(monkeypatch, server.password + "\n")
    r = cli(
        "sync", "setup", server.url, "--user", server.user, "--password-stdin",
        "--create-book", book,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert cli("add", "Ada Lovelace", "--email", "ada@example.org").code == 0
    # No keyring here (as in CI): a run without a password says how to give one.
    monkeypatch.delenv("NETKEEPER_SYNC_PASSWORD", raising=False)
    from netkeeper.services.sync import secrets

    secrets._session.clear()
    r = cli("sync", "--json")
    assert r.code == 2 and "NETKEEPER_SYNC_PASSWORD" in r.err
    monkeypatch.setenv("NETKEEPER_SYNC_PASSWORD", server.password)

    r = cli("sync", "--dry-run", "--json")
    assert r.code == 0, r.err
    assert r.json()["pushed"]["created"] == 1
    r = cli("sync", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert set(doc) >= RUN_FIELDS
    assert doc["pushed"] == {"created": 1, "updated": 0, "deleted": 0}
    assert doc["pulled"] == {"created": 0, "updated": 0, "deleted": 0}
    assert doc["token_reset"] is False and doc["errors"] == [] and doc["book"] == book

    # A conflict: the phone and NetKeeper change the same field.
    status = cli("sync", "status", "--json").json()
    remote = server.book(status["book_url"])
    ((href, (etag, data)),) = remote.fetch(list(remote.listing())).items()
    remote.put(href, data.replace(b"FN:Ada Lovelace", b"FN:Ada Lovelace\r\nTITLE:Countess"), etag)
    open_database(db_file)
    card = get_card(1)
    card.title = "Enchantress"
    update_contact(1, card)
    close_database()
    doc = cli("sync", "--json").json()
    (conflict,) = doc["conflicts"]
    assert {"id", "contact_id", "field", "mine", "server"} <= set(conflict)
    assert (conflict["field"], conflict["mine"], conflict["server"]) == (
        "title",
        "Enchantress",
        "Countess",
    )
    listed = cli("sync", "conflicts", "--json").json()
    assert [c["id"] for c in listed] == [conflict["id"]]
    r = cli("sync", "resolve", str(conflict["id"]), "--keep", "server")
    assert r.code == 0, r.err
    assert cli("sync", "conflicts", "--json").json() == []
    assert cli("sync", "resolve", str(conflict["id"]), "--keep", "mine").code == 2
    assert cli("sync", "resolve", "9999", "--keep", "mine").code == 2

    remote.put(
        remote.href_for("phone-1"), vcard("phone-1", "Bob Phone").replace("\n", "\r\n").encode(),
        None,
    )  # fmt: skip
    doc = cli("sync", "--json").json()
    assert doc["pulled"]["created"] == 1
    status = cli("sync", "status", "--json").json()
    assert status["configured"] and status["synced_contacts"] == 2
    assert status["last_status"] == "ok" and status["open_conflicts"] == 0
    log = cli("sync", "log", "--json").json()
    assert len(log) == 3 and log[0]["pulled"]["created"] == 1  # dry runs are not logged
    assert "here" in cli("sync", "log").out

    r = cli("sync", "forget")
    assert r.code == 0
    assert cli("sync", "status", "--json").json()["configured"] is False
    assert "Bob Phone" in cli("list").out  # the contacts stay
    assert cli("sync", "--json").code == 2


def test_a_refused_login_on_a_run_exits_2(
    server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, server.password + "\n")
    book = f"auth-{id(cli)}"
    assert cli(
        "sync", "setup", server.url, "--user", server.user, "--password-stdin",
        "--create-book", book,
    ).code == 0  # fmt: skip
    monkeypatch.setenv("NETKEEPER_SYNC_PASSWORD", "not the password")
    r = cli("sync", "--json")
    assert r.code == 2
    assert r.json()["errors"] and r.json()["pushed"]["created"] == 0
