"""A server's XML is parsed by the standard library's expat: no entity bombs, no files read."""

from __future__ import annotations

import time

import pytest

from netkeeper.services.sync.carddav import parse_xml, responses
from netkeeper.services.sync.remote import ServerBusy

MULTISTATUS = b"""<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:"><d:response><d:href>/book/a%40b.vcf</d:href>
<d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop>
<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"""


def test_a_billion_laughs_is_refused_quickly() -> None:
    lol = [b'<!ENTITY l0 "lol">'] + [
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    ]
    body = b'<?xml version="1.0"?><!DOCTYPE d [' + b"".join(lol) + b"]><d>&l9;</d>"
    start = time.perf_counter()
    with pytest.raises(ServerBusy, match="not XML"):
        parse_xml(body)
    assert time.perf_counter() - start < 2


def test_an_external_entity_is_not_fetched() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<d:multistatus xmlns:d="DAV:"><d:response><d:href>&x;</d:href></d:response>'
        b"</d:multistatus>"
    )
    with pytest.raises(ServerBusy, match="undefined entity"):
        parse_xml(body)


def test_a_multistatus_cut_short_is_a_retry_not_a_crash() -> None:
    with pytest.raises(ServerBusy, match="cut short"):
        parse_xml(MULTISTATUS[: len(MULTISTATUS) // 2])


def test_control_characters_some_servers_emit_are_dropped() -> None:
    body = MULTISTATUS.replace(b'"1"', b'"1\x0b"')
    (r,) = responses(parse_xml(body), "https://dav.example/book/")
    assert r.href == "/book/a@b.vcf" and r.text("DAV:", "getetag") == '"1"'
