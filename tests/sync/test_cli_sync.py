"""`netkeeper sync ...` against a real Radicale: the commands and JSON fields of the issue."""

from __future__ import annotations

import io
import json
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


def test_a_second_machine_gets_interactions_by_backup_and_restore(
    server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the README tells: contacts travel by sync, the rest by backup and restore."""
    _stdin(monkeypatch, server.password + "\n")
    book = f"two-machines-{id(cli)}"
    assert cli(
        "sync", "setup", server.url, "--user", server.user, "--password-stdin",
        "--create-book", book,
    ).code == 0  # fmt: skip
    monkeypatch.setenv("NETKEEPER_SYNC_PASSWORD", server.password)
    assert cli("add", "Ada Lovelace", "--email", "ada@example.org").code == 0
    assert cli("log", "Ada", "--kind", "coffee", "--note", "the engine").code == 0
    assert cli("sync", "--json").json()["pushed"]["created"] == 1
    backup = tmp_path / "first.db"
    assert cli("backup", "-o", str(backup)).code == 0

    second = tmp_path / "second" / "netkeeper.db"
    second.parent.mkdir()
    r = cli("--db", str(second), "restore-backup", str(backup))
    assert r.code == 0, r.err
    doc = cli("--db", str(second), "sync", "--json").json()
    zero = {"created": 0, "updated": 0, "deleted": 0}
    assert doc["pulled"] == zero and doc["pushed"] == zero and doc["errors"] == []
    timeline = cli("--db", str(second), "timeline", "Ada", "--json").json()
    assert "the engine" in json.dumps(timeline)  # the interaction came with the backup
    # From then on contacts travel by sync, without doubles, from either machine.
    assert cli("--db", str(second), "add", "Grace Hopper").code == 0
    assert cli("--db", str(second), "sync", "--json").json()["pushed"]["created"] == 1
    assert cli("sync", "--json").json()["pulled"]["created"] == 1
    assert sorted(c["full_name"] for c in cli("list", "--json").json()) == [
        "Ada Lovelace",
        "Grace Hopper",
    ]
