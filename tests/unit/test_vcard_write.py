"""Writing: valid 3.0 and 4.0, folded at 75 octets, escaped, and read back unchanged."""

from __future__ import annotations

import base64

import pytest
import vobject

from netkeeper.io.card import Card, PostalAddress, RawProperty, SocialProfile, TypedValue
from netkeeper.io.vcard import dumps, read_cards, write_card

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def full_card() -> Card:
    return Card(
        uid="urn:uuid:6d1a4a2e-1f4e-4c0e-9a7b-2f1d3c4b5a69",
        full_name="Zoë Ångström-Nørgaard, PhD; \\ the second",
        given_name="Zoë",
        family_name="Ångström-Nørgaard",
        additional_names="Q., R.",
        honorific_prefix="Dr.",
        honorific_suffix="PhD",
        nickname="Zo",
        organization="Café Übersee, GmbH",
        department="Research; Development",
        title="Head of 研究開発",
        birthday="--02-29",
        anniversary="2001-09-08",
        notes="First line\nSecond line: with colon, comma; semicolon \\ backslash",
        emails=[
            TypedValue("zoe@example.org", ["work"], "Conference", True),
            TypedValue("z@example.net", ["home"]),
        ],
        phones=[TypedValue("+44 20 7946 0018", ["cell", "voice"], None, True)],
        urls=[TypedValue("https://example.org/a,b;c?x=1:2", ["work"], "Blog")],
        addresses=[
            PostalAddress(
                "", "Flat 2", "1 Long Road, East", "Cambridge", "", "CB1 1AA", "UK", ["home"]
            )
        ],
        categories=["mentors", "conference, 2026"],
        photo=PNG,
        photo_mime="image/png",
        profiles=[
            SocialProfile("x", "https://twitter.com/zoe"),
            SocialProfile("mastodon", "https://chaos.social/@zoe"),
            SocialProfile("goodreads", "zoe, reader; of books"),
        ],
        extra=[
            RawProperty("IMPP", "xmpp:zoe@example.org", [("X-SERVICE-TYPE", "Jabber")]),
            RawProperty("X-ABRELATEDNAMES", "Ann", [("TYPE", "pref")], "item9"),
            RawProperty("X-ABLABEL", "_$!<Sister>!$_", [], "item9"),
            RawProperty("X-MULTILINE", "one\\ntwo", [("X-NOTE", 'say "hi"; ok')]),
        ],
    )


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_lines_fold_at_75_octets_without_splitting_utf8(version: str) -> None:
    card = Card(full_name="長い名前" * 40, notes="é" * 300, emails=[TypedValue("a@b.c")])
    data = write_card(card, version).encode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) == 75
    for line in lines:
        line.decode("utf-8")  # raises if a fold split a multi-byte sequence
    ((back, _),) = list(read_cards(data))
    assert back is not None and back.full_name == card.full_name and back.notes == card.notes


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_round_trip_through_text(version: str) -> None:
    card = full_card()
    text = dumps([card], version)
    ((back, problems),) = list(read_cards(text.encode("utf-8")))
    assert problems == []
    assert back is not None
    expected = full_card()
    if version == "3.0":  # 3.0 cannot quote a double quote inside a parameter value
        expected.extra[-1].params = [("X-NOTE", "say 'hi'; ok")]
    assert back == expected


@pytest.mark.parametrize(
    ("version", "lines"),
    [
        (
            "3.0",
            [
                "X-SOCIALPROFILE;TYPE=x:https://twitter.com/zoe",
                "X-SOCIALPROFILE;TYPE=goodreads:zoe\\, reader\\; of books",
            ],
        ),
        (
            "4.0",
            [
                "SOCIALPROFILE;SERVICE-TYPE=X:https://twitter.com/zoe",
                "SOCIALPROFILE;SERVICE-TYPE=Mastodon:https://chaos.social/@zoe",
                "SOCIALPROFILE;SERVICE-TYPE=Goodreads;VALUE=text:zoe\\, reader\\; of books",
            ],
        ),
    ],
)
def test_social_profiles_in_each_versions_form(version: str, lines: list[str]) -> None:
    text = write_card(full_card(), version).replace("\r\n ", "")
    for line in lines:
        assert line + "\r\n" in text
    vobject.readOne(text)


def test_social_profiles_are_read_from_every_form() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n"
        "item1.X-SOCIALPROFILE;type=linkedin;x-user=ada:http://www.linkedin.com/in/ada\r\n"
        "item1.X-ABLabel:LinkedIn\r\n"
        "SOCIALPROFILE;SERVICE-TYPE=Bluesky:https://bsky.app/profile/ada.example\r\n"
        "IMPP:https://mastodon.social/@ada\r\n"
        "IMPP;X-SERVICE-TYPE=Jabber:xmpp:ada@j.example\r\n"
        "URL:https://github.com/ada\r\n"
        "URL:https://github.com/ada/engine\r\n"
        "URL;TYPE=home:https://linkedin.com/in/ADA/\r\n"
        "X-SOCIALPROFILE:https://x.com/ada\r\n"
        "END:VCARD\r\n"
    )
    ((card, problems),) = list(read_cards(text.encode()))
    assert problems == [] and card is not None
    assert [(p.service, p.url) for p in card.profiles] == [
        ("linkedin", "http://www.linkedin.com/in/ada"),
        ("bluesky", "https://bsky.app/profile/ada.example"),
        ("mastodon", "https://mastodon.social/@ada"),
        ("github", "https://github.com/ada"),
        ("x", "https://x.com/ada"),
    ], "one profile per link: the second LinkedIn spelling is the same profile"
    assert [u.value for u in card.urls] == ["https://github.com/ada/engine"], "a repo is a URL"
    assert [(p.name, p.value) for p in card.extra] == [("IMPP", "xmpp:ada@j.example")]


def test_version_30_conventions() -> None:
    text = write_card(full_card(), "3.0")
    unfolded = text.replace("\r\n ", "")
    assert "VERSION:3.0\r\n" in unfolded
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\r\n" in unfolded
    assert "X-ANNIVERSARY;VALUE=date:2001-09-08\r\n" in unfolded
    assert "item1.EMAIL;TYPE=work,pref:zoe@example.org\r\nitem1.X-ABLabel:Conference" in unfolded
    assert "PHOTO;ENCODING=b;TYPE=PNG:iVBOR" in unfolded
    assert "FN:Zoë Ångström-Nørgaard\\, PhD\\; \\\\ the second\r\n" in unfolded
    assert "ORG:Café Übersee\\, GmbH;Research\\; Development\r\n" in unfolded
    assert "CATEGORIES:mentors,conference\\, 2026\r\n" in unfolded
    assert "X-MULTILINE;X-NOTE=\"say 'hi'; ok\":one\\ntwo\r\n" in unfolded


def test_version_40_conventions() -> None:
    card = full_card()
    card.kind = "org"
    card.extra.append(RawProperty("KEY", "AAEC", [("ENCODING", "b"), ("TYPE", "PGP")]))
    unfolded = write_card(card, "4.0").replace("\r\n ", "")
    assert "VERSION:4.0\r\nPRODID:" in unfolded
    assert "KIND:org\r\n" in unfolded
    assert "BDAY:--0229\r\n" in unfolded
    assert "ANNIVERSARY:2001-09-08\r\n" in unfolded
    assert "item1.EMAIL;TYPE=work;PREF=1:zoe@example.org\r\n" in unfolded
    assert "PHOTO:data:image/png;base64,iVBOR" in unfolded
    assert "KEY:data:application/pgp;base64,AAEC\r\n" in unfolded
    assert "X-MULTILINE;X-NOTE=\"say ^'hi^'; ok\":one\\ntwo\r\n" in unfolded
    assert "ENCODING=" not in unfolded  # not a vCard 4.0 parameter


def test_photo_url_each_version() -> None:
    card = Card(full_name="P", photo_url="https://example.org/p.jpg")
    assert "PHOTO;VALUE=uri:https://example.org/p.jpg\r\n" in write_card(card, "3.0")
    assert "PHOTO:https://example.org/p.jpg\r\n" in write_card(card, "4.0")


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_other_readers_accept_the_output(version: str) -> None:
    """vobject, a strict reader of its own, parses every card and sees the same values."""
    text = dumps([full_card(), Card(full_name="Only A Name")], version)
    parsed = list(vobject.readComponents(text, validate=True))
    assert len(parsed) == 2
    first = parsed[0]
    assert first.fn.value == "Zoë Ångström-Nørgaard, PhD; \\ the second"
    assert first.note.value == full_card().notes
    assert [e.value for e in first.contents["email"]] == ["zoe@example.org", "z@example.net"]
    assert first.version.value == version


def test_unsupported_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"2\.1"):
        write_card(Card(full_name="x"), "2.1")


def test_kept_properties_stay_valid_and_come_back_the_same() -> None:
    """What the writer cannot give back under its own name travels as X-NETKEEPER-<name>."""
    source = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Holmes;Sherlock;;;\r\nFN:Sherlock Holmes\r\n"
        b"N;ALTID=1;LANGUAGE=ja:\xe3\x83\x9b\xe3\x83\xbc\xe3\x83\xa0\xe3\x82\xba;;;;\r\n"
        b"X-messaging/aim-All:sherlock221b\r\nLABEL;TYPE=home:221B Baker Street\\nLondon\r\n"
        b"LOGO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=\r\nSOUND;ENCODING=b:UklGRg==\r\n"
        b"PHOTO;TYPE=HOME;ENCODING=b:iVBORw0KGgo=\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n"
        b"RELATED;TYPE=friend:urn:uuid:0b0e\r\nPROFILE:VCARD\r\nEND:VCARD\r\n"
    )
    ((card, _),) = list(read_cards(source))
    assert card is not None
    # PROFILE:VCARD says nothing and makes vobject drop the card: not kept.
    assert [p.name for p in card.extra] == [
        "N",
        "X-MESSAGING-AIM-ALL",
        "LABEL",
        "LOGO",
        "SOUND",
        "PHOTO",
        "RELATED",
    ]
    v3, v4 = write_card(card, "3.0"), write_card(card, "4.0")
    assert "\r\nX-NETKEEPER-N;ALTID=1;LANGUAGE=ja:" in v3  # one N per card
    assert "\r\nX-NETKEEPER-RELATED;TYPE=friend:" in v3  # RELATED is vCard 4.0
    assert "\r\nRELATED;TYPE=friend:" in v4
    assert "\r\nX-NETKEEPER-LABEL;TYPE=home:" in v4  # LABEL is vCard 3.0
    assert "\r\nLOGO:data:image/png;base64,iVBORw0KGgo=\r\n" in v4
    assert "\r\nSOUND:data:application/octet-stream;base64,UklGRg==\r\n" in v4
    for text in (v3, v4):
        assert len(list(vobject.readComponents(text, validate=True))) == 1
        ((back, _),) = list(read_cards(text.encode("utf-8")))
        assert back is not None and back.extra == card.extra
