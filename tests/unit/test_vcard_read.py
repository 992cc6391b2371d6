"""Reading the real-world mess: one small file in tests/data per case the issue lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeeper.io.card import Card, Problem, SocialProfile
from netkeeper.io.vcard import CardReadError, read_cards

DATA = Path(__file__).resolve().parents[1] / "data"


def read(name: str) -> list[tuple[Card | None, list[Problem]]]:
    return list(read_cards(DATA / name))


def cards(name: str) -> list[Card]:
    return [c for c, _ in read(name) if c is not None]


def test_quoted_printable_soft_breaks_and_charsets() -> None:
    first, second = cards("v21_quoted_printable.vcf")
    assert (first.family_name, first.given_name) == ("Müller", "Jürgen")
    assert first.full_name == "Jürgen Müller"  # soft line break inside the value
    assert first.notes == "Erste Zeile\nZweite Zeile mit ß und mehr"  # break inside a UTF-8 pair
    assert first.addresses[0].street == "Hauptstraße 1"  # QP in Windows-1252
    assert first.addresses[0].locality == "Köln"
    assert first.phones[0].types == ["cell", "work"]
    assert (second.family_name, second.given_name) == ("García", "María")  # ISO-8859-1
    assert second.organization == "東京"  # QP Shift_JIS
    assert second.title == "営業部長"  # raw Shift_JIS bytes with CHARSET


def test_8bit_text_without_charset_is_guessed() -> None:
    (western,) = cards("cp1252_no_charset.vcf")
    assert western.full_name == "Sören Nüßlein"
    assert western.addresses[0].country == "Österreich"
    (cyrillic,) = cards("cp1251_no_charset.vcf")
    assert cyrillic.full_name == "Віталій Кличко"
    assert cyrillic.organization == "Київська міська рада"


def test_bom_and_utf16() -> None:
    (c,) = cards("utf8_bom.vcf")
    assert c.full_name == "孔夫子"
    assert c.emails[0].value == "kong@example.cn"
    (c,) = cards("utf16le_bom.vcf")
    assert c.full_name == "Ὅμηρος"
    assert c.emails[0].value == "kong@example.cn"


def test_mixed_line_endings() -> None:
    (c,) = cards("mixed_line_endings.vcf")
    assert c.full_name == "Ada Lovelace"
    assert (c.family_name, c.given_name) == ("Lovelace", "Ada")
    assert c.emails[0].value == "ada@example.org"
    assert c.phones[0].value == "+44 20 7946 0018"


def test_folding_that_splits_a_utf8_sequence() -> None:
    (c,) = cards("fold_splits_utf8.vcf")
    assert c.full_name == "Ευάγγελος Παπαθανασίου"
    assert (c.family_name, c.given_name) == ("Παπαθανασίου", "Ευάγγελος")


def test_lower_case_keywords_and_version_last() -> None:
    (c,) = cards("lowercase_version_last.vcf")
    assert c.full_name == "Grace Hopper"
    assert c.honorific_prefix == "Rear Admiral"
    assert (c.organization, c.department) == ("US Navy", "Computing")
    assert c.emails[0].value == "grace@example.mil"
    assert c.emails[0].types == []  # "internet" is noise
    assert c.phones[0].types == ["work"]


def test_bare_21_type_parameters() -> None:
    (c,) = cards("v21_bare_types.vcf")
    cell, home, fax = c.phones
    assert cell.types == ["cell", "work"] and cell.preferred
    assert home.types == ["home", "voice"] and not home.preferred
    assert fax.types == ["fax"]
    assert c.emails[0].types == ["home"]
    assert c.addresses[0].types == ["work", "parcel"]
    assert c.urls[0].types == ["work"]


def test_apple_item_groups_labels_and_kept_properties() -> None:
    (c,) = cards("apple_items.vcf")
    assert c.emails[0].label == "Other" and c.emails[0].preferred
    assert c.phones[0].label == "Lab bench"
    assert c.urls[0].label == "HomePage"
    names = [(p.group, p.name) for p in c.extra]
    # Unmodelled properties are kept, each X-ABLabel right behind its own property.
    assert names == [
        ("item4", "X-ABRELATEDNAMES"),
        ("item4", "X-ABLABEL"),
        ("item5", "X-ABDATE"),
        ("item5", "X-ABLABEL"),
        (None, "IMPP"),
        (None, "X-ANDROID-CUSTOM"),
        (None, "RELATED"),
        (None, "X-ABUID"),
    ]
    # X-SOCIALPROFILE is modelled: Twitter is X now.
    assert c.profiles == [SocialProfile("x", "https://twitter.com/mcurie")]
    assert c.extra[1].value == "_$!<Spouse>!$_"


def test_android_nickname_gives_a_name() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Nick;1;;;;;;;;;;;;;\r\nEND:VCARD\r\n"
    )
    ((card, _),) = list(read_cards(data))
    assert card is not None and card.nickname == "Nick" and card.has_identity()
    assert [p.name for p in card.extra] == ["X-ANDROID-CUSTOM"]  # and kept for export


def test_escaped_colons_and_unescaped_commas() -> None:
    (c,) = cards("escapes_and_commas.vcf")
    assert c.full_name == "Mr. John Richter, James Doe Sr."  # vobject alone cuts at the comma
    assert c.additional_names == "Richter, James"
    assert c.title == "Head of Research, Development, and Testing"
    assert (c.organization, c.department) == ("Acme, Inc.", "R&D")
    assert c.urls[0].value == "http://www.example.com/doe"
    assert c.notes == "Line one\nLine two, with a comma; and a semicolon"
    assert c.categories == ["friends", "work, old", "conference 2026"]


def test_birthdays_in_every_spelling() -> None:
    items = read("birthdays.vcf")
    got = {c.full_name: c.birthday for c, _ in items if c is not None}
    assert got == {
        "Basic NoYear": "--04-12",
        "Extended NoYear": "--04-12",
        "Apple NoYear": "--04-12",
        "Timestamp": "1985-01-28",  # never shifted through a time zone
        "Basic Full": "1980-01-18",
        "Not A Date": None,
        "Zero Year": "--04-12",
    }
    assert items[0][0] is not None and items[0][0].anniversary == "2010-06-19"
    bad, problems = items[-2]
    assert bad is not None and bad.notes == "Birthday: 31-02-1990"
    assert [p.reason for p in problems] == [
        "birthday '31-02-1990' is not a date; kept in the notes"
    ]
    assert problems[0].card == 6 and problems[0].line == 30


def test_photos_in_every_spelling() -> None:
    by_name = {c.full_name: c for c in cards("photos.vcf")}
    png = by_name["Photo EncodingB"].photo
    assert png is not None and png.startswith(b"\x89PNG")
    assert by_name["Photo EncodingB"].photo_mime == "image/png"
    for name in ("Photo Base64", "Photo Bare B"):
        assert by_name[name].photo_mime == "image/jpeg"
        assert by_name[name].photo is not None and by_name[name].photo.startswith(b"\xff\xd8")
    assert by_name["Photo Apple"].photo == png  # continuation lines without indentation
    assert by_name["Photo DataUri"].photo == png
    assert by_name["Photo DataUri"].photo_mime == "image/png"
    url = by_name["Photo Url"]
    assert url.photo is None and url.photo_url == "https://example.org/p/face.jpg"
    damaged = by_name["Photo Damaged"]
    assert damaged.photo is None and damaged.extra == []  # never written back to break readers
    cut = by_name["Photo Truncated"]
    assert cut.photo is not None and cut.photo.startswith(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    assert cut.photo_mime == "image/jpeg"
    reasons = {p.reason for _, ps in read("photos.vcf") for p in ps}
    assert reasons == {
        "the photo data is damaged and could not be read; left out",
        "the photo data was cut short; kept what could be read",
    }


def test_damaged_binary_property_is_kept_as_text() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:K\r\nKEY;ENCODING=b;TYPE=PGP:AAEC\r\n"
        b"LOGO;ENCODING=b;TYPE=PNG:%%%broken%%%\r\nEND:VCARD\r\n"
    )
    ((card, problems),) = list(read_cards(data))
    assert card is not None
    assert [(p.name, p.value, p.params) for p in card.extra] == [
        ("KEY", "AAEC", [("TYPE", "PGP"), ("ENCODING", "b")]),  # stored in one order
        ("X-DAMAGED-LOGO", "%%%broken%%%", [("TYPE", "PNG")]),
    ]
    assert [p.reason for p in problems] == [
        "the LOGO data is damaged; kept as text under X-DAMAGED-LOGO"
    ]


def test_group_cards_and_members() -> None:
    items = cards("groups.vcf")
    groups = [c for c in items if c.kind == "group"]
    assert [(g.display_name(), g.members) for g in groups] == [
        ("Analysts", ["ADA-1", "CHARLES-2"]),
        ("Engine Team", ["CHARLES-2", "LATER-3"]),
    ]


def test_company_cards() -> None:
    apple, v4 = cards("company.vcf")
    assert apple.kind == "org" and apple.display_name() == "Analytical Engines Ltd"
    assert apple.has_identity()
    assert v4.kind == "org"


def test_one_bad_card_costs_only_that_card() -> None:
    items = read("damaged.vcf")
    landed = [c.display_name() for c, _ in items if c is not None]
    assert landed == ["First Good", "Card Inner", "Card Outer", "Last Cut Short"]
    problems = [p for _, ps in items for p in ps]
    reasons = {(p.card, p.reason) for p in problems}
    assert (
        2,
        "the card is empty (no name, organisation, email, phone or other details); skipped",
    ) in reasons
    assert (4, "line 'FN' has no value; dropped") in reasons
    assert (5, "the card has no END:VCARD (file cut short?); read what was there") in reasons
    assert (None, "text outside any card was ignored") in reasons
    outer = next(c for c, _ in items if c is not None and c.family_name == "Outer")
    assert outer.emails[0].value == "outer@example.org"  # read on after the nested card


@pytest.mark.parametrize("name", ["empty.vcf", "not_a_vcard.vcf"])
def test_not_a_vcard(name: str) -> None:
    with pytest.raises(CardReadError):
        list(read_cards(DATA / name))


def test_missing_file() -> None:
    with pytest.raises(CardReadError, match="cannot open"):
        list(read_cards(DATA / "no-such-file.vcf"))


def test_reads_bytes_and_streams() -> None:
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:N%d\r\nEND:VCARD\r\n"
    data = b"".join(card % i for i in range(3))
    stream = read_cards(data)
    first, _ = next(stream)  # a generator: the first card comes before the rest is read
    assert first is not None and first.full_name == "N0"
    assert [c.full_name for c, _ in stream if c] == ["N1", "N2"]
