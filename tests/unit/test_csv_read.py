"""The CSV readers, file by file and field by field, on files written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeeper.io.card import CONNECTED_ON, HOW_MET, Card, SocialProfile, TypedValue
from netkeeper.io.csv import CsvOptions, CsvReadError, MappingError, read_csv_cards
from netkeeper.io.csv.mapping import suggest, suggest_all
from netkeeper.io.csv.sniff import detect_delimiter, sniff_bytes
from netkeeper.io.csv.values import parse_date

DATA = Path(__file__).parent.parent / "data" / "csv"


def read(name: str, **options: object) -> list[tuple[Card | None, list[str]]]:
    with open(DATA / name, "rb") as fh:
        return [
            (card, [p.reason for p in problems])
            for card, problems in read_csv_cards(fh, CsvOptions(**options))  # type: ignore[arg-type]
        ]


def cards(name: str, **options: object) -> list[Card]:
    return [c for c, _ in read(name, **options) if c is not None]


def extras(card: Card) -> list[tuple[str | None, str, str]]:
    return [(p.group, p.name, p.value) for p in card.extra]


def tv(values: list[TypedValue]) -> list[tuple[str, list[str], str | None, bool]]:
    return [(v.value, v.types, v.label, v.preferred) for v in values]


def sniffed(name: str) -> str:
    return sniff_bytes((DATA / name).read_bytes()).format


@pytest.mark.parametrize(
    ("name", "fmt", "encoding", "delimiter"),
    [
        ("linkedin_connections.csv", "linkedin", "utf-8", ","),
        ("linkedin_connections_2018.csv", "linkedin", "utf-8", ","),
        ("google_contacts.csv", "google", "utf-8-sig", ","),
        ("google_legacy.csv", "google", "utf-8", ","),
        ("outlook_desktop_cp1252.csv", "outlook", "cp1252", ","),
        ("outlook_com.csv", "outlook", "utf-8-sig", ","),
        ("semicolon_german.csv", "csv", "utf-8", ";"),
        ("excel_unicode.txt", "csv", "utf-16", "\t"),
        ("same_people.vcf", "vcard", "utf-8", ","),
    ],
)
def test_format_encoding_and_delimiter_come_from_the_content(
    name: str, fmt: str, encoding: str, delimiter: str
) -> None:
    s = sniff_bytes((DATA / name).read_bytes())
    assert (s.format, s.encoding) == (fmt, encoding)
    if fmt != "vcard":
        assert s.delimiter == delimiter


def test_linkedin_today_with_its_preamble() -> None:
    rows = read("linkedin_connections.csv")
    assert all(not problems for _, problems in rows)
    got = [c for c, _ in rows if c is not None]
    assert len(got) == 6, "the blank row is dropped"
    ada, grace, jurgen, sam, noa, linus = got
    assert (ada.given_name, ada.family_name, ada.full_name) == ("Ada", "Lovelace", "Ada Lovelace")
    assert (ada.organization, ada.title) == ("Analytical Engines Ltd", "Chief Mathematician")
    assert tv(ada.emails) == [("ada@analytical.example", [], None, False)]
    assert ada.urls == []
    assert ada.profiles == [
        SocialProfile("linkedin", "https://www.linkedin.com/in/ada-lovelace-1815")
    ]
    assert extras(ada) == [(None, CONNECTED_ON, "2024-10-09"), (None, HOW_MET, "LinkedIn")]
    assert grace.given_name == "Grace", "trailing space trimmed"
    assert grace.organization == "Navy, Research & Development", "quoted comma kept"
    assert grace.emails == []
    assert jurgen.given_name == "Jürgen Peter", "a tab inside the first name becomes a space"
    assert jurgen.profiles == [
        SocialProfile("linkedin", "https://www.linkedin.com/in/jürgen-müller-42")
    ], "percent-encoding decoded"
    assert (sam.full_name, sam.organization, sam.title) == ("Sam 🚀 Rivers", "", "Founder 🚀")
    assert (noa.full_name, noa.organization, noa.title) == ("נועה כהן", "חברת הייטק", "מהנדסת")
    assert (linus.organization, linus.title) == ("", "")
    assert extras(linus)[0] == (None, CONNECTED_ON, "2019-08-22")


def test_linkedin_2018_without_preamble_or_url() -> None:
    ada, alan, tim = cards("linkedin_connections_2018.csv")
    assert (ada.full_name, ada.organization, ada.profiles) == (
        "Ada Lovelace",
        "Analytical Engines Ltd",
        [],
    )
    assert extras(ada)[0] == (None, CONNECTED_ON, "2018-01-08"), "'1/8/18, 6:14 PM'"
    assert alan.emails == [], "urn:li:member placeholder is no email"
    assert extras(alan)[0] == (None, CONNECTED_ON, "2017-12-24")
    assert (tim.organization, tim.emails[0].value) == ("W3C, MIT", "tim@w3.example")


def test_google_current_every_group() -> None:
    rows = read("google_contacts.csv")
    skipped = [problems for c, problems in rows if c is None]
    assert skipped == [["the row has no name, organisation, email or phone"]], "the junk row"
    ada, phone_only, ivan, mohammed, team = [c for c, _ in rows if c is not None]
    assert (ada.honorific_prefix, ada.given_name, ada.additional_names, ada.family_name) == (
        "Countess",
        "Ada",
        "Augusta",
        "Lovelace",
    )
    assert (ada.nickname, ada.organization, ada.title, ada.department) == (
        "Ada",
        "Analytical Engines Ltd",
        "Chief Mathematician",
        "Research",
    )
    assert (ada.birthday, ada.anniversary) == ("1815-12-10", "1835-07-08")
    assert ada.notes == 'Met at the Royal Society.\nLikes poetry, "notes" and commas, too.'
    assert ada.categories == ["Mathematicians", "VIP"], "no '* myContacts' or '* starred'"
    assert tv(ada.emails) == [
        ("ada@analytical.example", ["work"], None, True),
        ("ada.home@example.org", ["home"], None, False),
        ("countess@example.org", ["home"], None, False),
    ], "' ::: ' splits one cell into two values; '* Work' is primary"
    assert tv(ada.phones) == [
        ("+44 20 7946 0001", ["cell"], None, False),
        ("+44 20 7946 0002", ["work", "fax"], None, False),
    ]
    (adr,) = ada.addresses
    assert (adr.street, adr.locality, adr.postal_code, adr.country, adr.types) == (
        "12 St James's Square",
        "London",
        "SW1Y 4JH",
        "United Kingdom",
        ["home"],
    )
    assert ada.profiles == [
        SocialProfile("linkedin", "https://www.linkedin.com/in/ada-lovelace-1815")
    ]
    assert extras(ada) == [
        ("item1", "X-ABDATE", "1843-09-01"),
        ("item1", "X-ABLabel", "First program"),
        ("item2", "X-ABRELATEDNAMES", "William King"),
        ("item2", "X-ABLabel", "Spouse"),
        ("item3", "X-NETKEEPER-FIELD", "Analytical"),
        ("item3", "X-ABLabel", "Favourite engine"),
    ]
    assert phone_only.display_name() == "" and tv(phone_only.phones) == [
        ("+1 415 555 0100", ["cell"], None, False)
    ]
    assert (ivan.full_name or ivan.display_name(), ivan.birthday) == ("Иван Петров", "--03-14")
    assert ("X-PHONETIC-FIRST-NAME", "Ivan") in [(n, v) for _, n, v in extras(ivan)]
    assert ivan.categories == ["Friends"]
    assert (mohammed.display_name(), mohammed.organization) == ("محمد العلي", "شركة المستقبل")
    assert mohammed.notes == "😀 emoji in notes"
    assert (team.full_name, team.organization, team.categories) == (
        "The Dev Team",
        "Acme",
        ["Vendors"],
    )


def test_google_legacy_columns() -> None:
    grace, alan = cards("google_legacy.csv")
    assert (grace.full_name, grace.given_name, grace.family_name) == (
        "Grace Hopper",
        "Grace",
        "Hopper",
    )
    assert (grace.organization, grace.title, grace.department) == (
        "US Navy",
        "Rear Admiral",
        "Computing",
    )
    assert grace.birthday == "1906-12-09" and grace.notes == "COBOL"
    assert grace.categories == ["Navy"], "'* My Contacts' is a system group"
    assert tv(grace.emails)[0] == ("grace@navy.example", ["work"], None, True)
    assert tv(grace.phones) == [("(202) 555-0147", ["cell"], None, False)]
    assert grace.addresses[0].region == "VA" and grace.addresses[0].types == ["work"]
    assert tv(grace.urls) == [("https://hopper.example", [], "Home Page", False)]
    assert ("item1", "X-NETKEEPER-FIELD", "Nanoseconds") in extras(grace), "Hobby is kept"
    assert alan.phones[0].types == ["home"]


def test_outlook_desktop_cp1252() -> None:
    rows = read("outlook_desktop_cp1252.csv")
    (helene, hp), (bob, bp) = rows
    assert hp == [] and bp == [], "'0/0/00' means no date, not a problem"
    assert helene is not None and bob is not None
    assert (helene.honorific_prefix, helene.given_name, helene.family_name) == (
        "Dr.",
        "Hélène",
        "Müller-Lüdenscheidt",
    )
    assert (helene.organization, helene.department, helene.title) == (
        "Société Générale d'Études",
        "Recherche",
        "Directrice",
    )
    assert (helene.birthday, helene.anniversary) == ("1970-04-23", None)
    assert helene.notes == "Préfère le café.\nRappeler en été."
    assert helene.categories == ["Clients", "Été 2026"]
    assert [e.value for e in helene.emails] == ["helene@societe.example", "helene.perso@example.fr"]
    assert sorted((p.value, tuple(p.types)) for p in helene.phones) == [
        ("+33 3 81 00 00 01", ("work",)),
        ("+33 3 81 00 00 02", ("work", "fax")),
        ("+33 6 12 34 56 78", ("cell",)),
        ("+49 221 000000", ("home",)),
    ]
    work, home = helene.addresses
    assert (work.street, work.locality, work.postal_code, work.country, work.types) == (
        "3 rue de l'Été\nBâtiment B",
        "Besançon",
        "25000",
        "France",
        ["work"],
    )
    assert (home.street, home.locality, home.types) == ("Königstraße 5", "Köln", ["home"])
    assert [u.value for u in helene.urls] == ["http://societe.example/"]
    assert ("item2", "X-ABRELATEDNAMES", "Jürgen") in extras(helene)
    assert ("item1", "X-NETKEEPER-FIELD", "Étage 4") in extras(helene)
    assert not any("Normal" in v or "False" in v for _, _, v in extras(helene)), "defaults dropped"
    assert (bob.full_name or bob.display_name(), bob.birthday, bob.notes) == (
        "Bob O'Neil",
        None,
        "",
    )


def test_outlook_com_year_1604_is_an_unknown_year() -> None:
    rows = read("outlook_com.csv")
    assert len(rows) == 2, "the all-empty row is dropped"
    kenji, phone_only = (c for c, _ in rows)
    assert kenji is not None and phone_only is not None
    assert (kenji.birthday, kenji.anniversary) == ("--03-14", "2010-06-01")
    assert (kenji.organization, kenji.title) == ("株式会社サンプル", "エンジニア")
    assert [e.value for e in kenji.emails] == ["kenji@example.jp", "k.tanaka@example.com"]
    assert kenji.notes == "Line one\nLine two, with comma"
    assert tv(kenji.urls) == [("https://kenji.example", ["home"], None, False)]
    assert (None, "X-PHONETIC-LAST-NAME", "タナカ") in extras(kenji)
    assert tv(phone_only.phones) == [("+1 206 555 0123", ["cell"], None, False)]


def test_semicolons_and_german_headers_are_suggested() -> None:
    anna, jorg = cards("semicolon_german.csv")
    assert (anna.given_name, anna.family_name, anna.organization) == (
        "Anna",
        "Schmidt",
        "Beispiel AG",
    )
    assert anna.birthday == "1985-03-14", "14.03.1985 is day first"
    assert [e.value for e in anna.emails] == ["anna@beispiel.example"]
    assert [p.value for p in anna.phones] == ["+49 30 1234567"]
    assert anna.notes == "Kennt Ada; Messe 2026"
    assert jorg.notes == '=HYPERLINK("http://evil.example")', "kept as the text it is"


def test_utf16_tab_delimited_from_excel() -> None:
    zoe, li, ola = cards("excel_unicode.txt")
    assert (zoe.full_name, zoe.organization) == ("Zoë Ångström", "Nordic Ventures")
    assert tv(zoe.phones) == [("+46 70 123 45 67", ["cell"], None, False)]
    assert (li.full_name, li.organization, li.emails[0].value) == (
        "李雷",
        "清华大学",
        "li.lei@example.cn",
    )
    assert ola.organization == ""


def test_a_mapping_names_what_suggestions_miss() -> None:
    with pytest.raises(MappingError, match="no column looks like a name"):
        cards("no_name_column.csv")
    got = cards("attendees_needs_mapping.csv", mapping={"Person": "full_name"})
    assert [(c.full_name, c.organization) for c in got] == [
        ("Carla Rossi", "Rossi Srl"),
        ("Dmitri Ivanov", ""),
    ]
    assert [c.emails[0].value for c in got] == ["carla@example.it", "dmitri@example.org"]
    with pytest.raises(MappingError, match="not a field"):
        cards("attendees_needs_mapping.csv", mapping={"Person": "fullname"})
    with pytest.raises(MappingError, match="no column 'Nobody'"):
        cards("attendees_needs_mapping.csv", mapping={"Nobody": "full_name"})


def test_user_overrides_of_encoding_and_delimiter() -> None:
    # Read as if it were one column: the name column is then the whole line.
    got = cards("semicolon_german.csv", delimiter="|", mapping={
        "Vorname;Nachname;Firma;E-Mail;Telefon;Geburtstag;Notizen": "full_name"
    })  # fmt: skip
    assert got[0].full_name.startswith("Anna;Schmidt")
    latin = cards("outlook_desktop_cp1252.csv", encoding="latin-1")
    assert latin[0].given_name == "Hélène", "cp1252 and latin-1 agree on these letters"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "empty"),
        ("binary_renamed.csv", "ZIP archive or an Excel"),
    ],
)
def test_unreadable_files_say_why(name: str, message: str) -> None:
    with pytest.raises(CsvReadError, match=message):
        cards(name)


def test_a_line_longer_than_4_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"Name,Email\n" + b"x" * (5 * 1024 * 1024) + b",a@b.example\n")
    with open(path, "rb") as fh, pytest.raises(CsvReadError, match="longer than 4 MB"):
        list(read_csv_cards(fh))


def test_invalid_utf8_later_in_a_file_falls_back_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"Name,Email\r\nAda,ada@example.org\r\nRen\xe9e,renee@example.org\r\n")
    assert [c.full_name for c in cards_in(path)] == ["Ada", "Renée"]


def cards_in(path: Path) -> list[Card]:
    with open(path, "rb") as fh:
        return [c for c, _ in read_csv_cards(fh) if c is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Oct 2024", "2024-10-09"),
        ("1/8/18, 6:14 PM", "2018-01-08"),
        ("12/24/17, 9:05 AM", "2017-12-24"),
        ("1985-03-14", "1985-03-14"),
        ("--03-14", "--03-14"),
        ("14.03.1985", "1985-03-14"),
        ("25/12/1990", "1990-12-25"),
        ("03141985", "1985-03-14"),
        ("Oct 9, 2024", "2024-10-09"),
        ("3/14/1604", "--03-14"),
        ("0/0/00", None),
        ("2/30/2020", None),
        ("soon", None),
    ],
)
def test_dates(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_suggestions_in_several_languages() -> None:
    assert suggest_all(["Prénom", "Nom", "Courriel", "Société", "Téléphone portable"]) == {
        "Prénom": "given_name",
        "Nom": "full_name",
        "Courriel": "email",
        "Société": "organization",
        "Téléphone portable": "phone_mobile",
    }
    assert suggest("Nombre completo") == "full_name"
    assert suggest("Attendee ID") == "ignore"
    assert suggest("Zip code") == "postal_code"
    assert suggest("LinkedIn URL") == "linkedin"


def test_delimiter_sniffing_ignores_commas_inside_quotes() -> None:
    text = 'Name;Notes\r\n"Ada";"one, two, three"\r\n"Bob";"x, y"\r\n'
    assert detect_delimiter(text) == ";"


def test_websites_on_a_social_host_become_profiles() -> None:
    (ada,) = [c for c in cards("google_contacts.csv") if c.family_name == "Lovelace"]
    assert ada.urls == []
    assert ada.profiles == [
        SocialProfile("linkedin", "https://www.linkedin.com/in/ada-lovelace-1815")
    ]
    (grace, _alan) = cards("google_legacy.csv")
    assert grace.profiles == [] and grace.urls[0].value == "https://hopper.example"
