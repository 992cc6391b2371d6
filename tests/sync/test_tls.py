"""Sync over https against Radicale serving a certificate from a CA of the test's own.

Verified TLS (the default) refuses it with a "certificate problem" sentence and
exit 2 at setup; the CA file makes it work, end to end, for a second machine
too; a run whose certificate no longer verifies fails (exit 1) and changes
nothing. Plain http:// is for loopback, or another machine with the warned opt-in.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from netkeeper.model.db import close_database, open_database
from netkeeper.services.sync import carddav
from tests.sync.conftest import live_names, vcard


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def _setup(cli: Any, monkeypatch: pytest.MonkeyPatch, server: Any, *extra: str) -> Any:
    _stdin(monkeypatch, server.password + "\n")
    return cli("sync", "setup", server.url, "--user", server.user, "--password-stdin", *extra)


def _one_line_error(r: Any) -> None:
    assert r.err.count("\n") == 1 and "Traceback" not in r.err, r.err


def test_verified_tls_refuses_a_certificate_from_an_unknown_authority(
    tls_server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tls_server.url.startswith("https://127.0.0.1:")
    r = _setup(cli, monkeypatch, tls_server)
    assert r.code == 2, r.err
    _one_line_error(r)
    assert "certificate problem with 127.0.0.1" in r.err
    assert "unable to get local issuer certificate" in r.err and "CA file" in r.err
    assert cli("sync", "status", "--json").json() == {"account": None, "configured": False}


def test_a_ca_file_that_does_not_vouch_for_the_server_is_refused_too(
    tls_server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.sync.tls import make_certificates

    other = make_certificates(tmp_path / "other-ca")
    r = _setup(cli, monkeypatch, tls_server, "--ca-file", str(other.ca))
    assert r.code == 2
    _one_line_error(r)
    assert "certificate problem" in r.err and str(other.ca) in r.err
    r = _setup(cli, monkeypatch, tls_server, "--ca-file", str(tmp_path / "none.pem"))
    assert r.code == 2 and "no such CA file" in r.err


def test_with_the_servers_ca_file_sync_works_end_to_end(
    tls_server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    book = f"TLS book {id(cli)}"
    # A relative path, as a user types it: it is kept absolute for later runs.
    monkeypatch.chdir(tls_server.tls.ca.parent)
    r = _setup(cli, monkeypatch, tls_server, "--ca-file", "ca.pem", "--create-book", book)
    assert r.code == 0, r.err
    assert "warning" not in r.err
    status = cli("sync", "status", "--json").json()
    assert status["ca_file"] == str(tls_server.tls.ca) and status["allow_http"] is False
    assert status["book_url"].startswith(tls_server.url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETKEEPER_SYNC_PASSWORD", tls_server.password)

    assert cli("add", "Ada Lovelace", "--email", "ada@example.org").code == 0
    doc = cli("sync", "--json").json()
    assert doc["pushed"]["created"] == 1 and doc["errors"] == []
    phone = tls_server.book(status["book_url"])  # another client, trusting the same CA
    card = vcard("tls-phone-1", "Grace Hopper", "EMAIL:grace@example.org")
    phone.put(phone.href_for("tls-phone-1"), card.replace("\n", "\r\n").encode(), None)
    doc = cli("sync", "--json").json()
    assert doc["pulled"]["created"] == 1 and doc["errors"] == []
    assert "Grace Hopper" in cli("list").out

    # A second machine through the same server over TLS gets both.
    other = tmp_path / "second.db"
    _stdin(monkeypatch, tls_server.password + "\n")
    r = cli(
        "--db", str(other), "sync", "setup", tls_server.url, "--user", tls_server.user,
        "--password-stdin", "--ca-file", str(tls_server.tls.ca), "--book", book,
    )  # fmt: skip
    assert r.code == 0, r.err
    doc = cli("--db", str(other), "sync", "--json").json()
    assert doc["pulled"]["created"] == 2 and doc["errors"] == []
    open_database(other)
    assert live_names() == ["Ada Lovelace", "Grace Hopper"]
    close_database()

    # The CA file is moved away, then replaced by another CA's (as when the server's
    # certificate changes): each run fails, exit 1, says why, and changes nothing.
    from tests.sync.tls import make_certificates

    ca = tls_server.tls.ca
    saved = ca.read_bytes()
    assert cli("add", "Charles Babbage").code == 0
    try:
        ca.unlink()
        r = cli("sync", "--json")
        assert r.code == 1 and r.json()["pushed"]["created"] == 0
        assert any("certificate problem" in e and str(ca) in e for e in r.json()["errors"])
        ca.write_bytes(make_certificates(tmp_path / "new-ca").ca.read_bytes())
        r = cli("sync", "--json")
        assert r.code == 1 and r.json()["pushed"]["created"] == 0
        assert any("certificate problem" in e for e in r.json()["errors"]), r.json()
        assert "certificate problem" in cli("sync", "status").out
    finally:
        ca.write_bytes(saved)
    doc = cli("sync", "--json").json()
    assert doc["pushed"]["created"] == 1 and doc["errors"] == []
    assert sorted(_names_on(phone)) == ["Ada Lovelace", "Charles Babbage", "Grace Hopper"]


def _names_on(book: Any) -> list[str]:
    from netkeeper.io.vcard import read_cards

    out = []
    for _, data in book.fetch(list(book.listing())).values():
        ((card, _),) = list(read_cards(data))
        out.append(card.full_name)
    return out


@pytest.mark.parametrize("server", ["radicale"], indirect=True)
def test_plain_http_to_another_machine_only_with_the_warned_opt_in(
    server: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test's server is on 127.0.0.1; here it is taken for another machine."""
    monkeypatch.setattr(carddav, "is_loopback", lambda url: False)
    r = _setup(cli, monkeypatch, server, "--create-book", f"http-{id(cli)}")
    assert r.code == 2
    _one_line_error(r)
    assert "unencrypted" in r.err and "--allow-http" in r.err
    assert cli("sync", "status", "--json").json()["configured"] is False
    r = _setup(cli, monkeypatch, server, "--create-book", f"http-{id(cli)}", "--allow-http")
    assert r.code == 0, r.err
    assert "warning: plain http:// sends the password and the contacts unencrypted" in r.err
    assert cli("sync", "status", "--json").json()["allow_http"] is True


def test_loopback_http_needs_no_opt_in() -> None:
    assert carddav.normalize_server_url("http://127.0.0.1:5232/") == "http://127.0.0.1:5232/"
    assert carddav.normalize_server_url("http://localhost:5232") == "http://localhost:5232/"
    assert carddav.normalize_server_url("http://[::1]:5232/x/") == "http://[::1]:5232/x/"
    with pytest.raises(carddav.RemoteError, match="--allow-http"):
        carddav.normalize_server_url("http://192.168.1.20:5232/")
    with pytest.raises(carddav.RemoteError, match="--allow-http"):
        carddav.normalize_server_url("http://localhost.example.org/")
    assert carddav.normalize_server_url("dav.example.org") == "https://dav.example.org/"
    assert (
        carddav.normalize_server_url("http://192.168.1.20:5232/", allow_http=True)
        == "http://192.168.1.20:5232/"
    )


def test_verification_uses_the_system_store_unless_a_ca_file_is_given(tmp_path: Path) -> None:
    import ssl

    system = ssl.get_default_verify_paths().cafile
    session = carddav.Session("u", "p")
    if system and Path(system).is_file():
        assert session.http.verify == system
    else:
        assert session.http.verify is True  # certifi's bundle
    session.close()
    session = carddav.Session("u", "p", ca_file=str(tmp_path / "ca.pem"))
    assert session.http.verify == str(tmp_path / "ca.pem")
    session.close()
