"""Finding people the way they are typed: no accents, any case, words in any field,
phone numbers in any format; through the service, the row filter and `list --search`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from netkeeper.io.card import Card, TypedValue
from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from netkeeper.model.search import digits_of, fold, matching_ids
from netkeeper.services.contact_rows import contact_rows, filter_rows
from netkeeper.services.contacts import create_contact, update_contact
from netkeeper.services.documents import find_ids
from netkeeper.services.timeline import log_interaction
from tests.schema_at import database_at


def _add(name: str, **kw: Any) -> int:
    given, _, family = name.partition(" ")
    kw.setdefault("given_name", given)
    kw.setdefault("family_name", family)
    return create_contact(Card(full_name=name, **kw))


def test_fold_is_how_people_type() -> None:
    assert fold("Müller") == "muller"
    assert fold("JOSÉ") == "jose"
    assert fold("Straße") == "strasse"
    assert fold("Zoë Łukasz Øster Æsa") == "zoe lukasz oster aesa"
    assert fold("Ｔａｎａｋａ") == "tanaka", "full-width Latin as typed on a Japanese keyboard"
    assert fold("ガ") == "ガ", "a Japanese voicing mark is part of the letter"
    assert fold("민준") == "민준", "Hangul stays composed"
    assert fold("हिन्दी") == "हिन्दी", "Devanagari vowel signs are letters"
    assert digits_of("+44 (0)20 7946-0958") == "440207946" + "0958"
    assert digits_of("٠٢٠ ٧٩٤٦") == "0207946"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("muller", {"Anna Müller"}),
        ("MULLER", {"Anna Müller"}),
        ("Müller", {"Anna Müller"}),
        ("jose", {"José García", "Jose Ortega"}),
        ("josé", {"José García", "Jose Ortega"}),
        ("garcia jose", {"José García"}),
        ("strasse", {"Anna Müller"}),  # her street is in the notes: Hauptstraße
        ("STRAßE", {"Anna Müller"}),
        ("zoe smith", {"Zoë Smith"}),
        ("smith zoe", {"Zoë Smith"}),
        ("zoë", {"Zoë Smith", "Zoe Jones"}),
        ("lukasz", {"Łukasz Nowak"}),
    ],
)
def test_accents_and_case_do_not_matter(db: Any, query: str, names: set[str]) -> None:
    ids = {
        n: _add(n, **kw)
        for n, kw in [
            ("Anna Müller", {"notes": "lives on Hauptstraße"}),
            ("José García", {}),
            ("Jose Ortega", {}),
            ("Zoë Smith", {}),
            ("Łukasz Nowak", {}),
            ("Zoe Jones", {}),
        ]
    }
    assert matching_ids(db, query) == sorted(ids[n] for n in names)


def test_words_match_across_fields(db: Any) -> None:
    zoe = create_contact(Card(given_name="Zoë", family_name="", organization="Smith & Sons"))
    other = _add("Zoë Brown", organization="Jones Ltd")
    log_interaction([other], "coffee", note="asked about Smith")
    assert matching_ids(db, "zoe smith") == sorted([zoe, other]), "org, or interaction note"
    assert matching_ids(db, "zoe sons") == [zoe]
    assert matching_ids(db, "zo sons") == [zoe], "a short word joins the others"
    assert matching_ids(db, "zoe nobody") == []


def test_phone_numbers_are_found_by_their_digits_in_any_format(db: Any) -> None:
    ada = _add("Ada Lovelace", phones=[TypedValue("+44 20 7946 0958", ["cell"])])
    _add("Someone Else", phones=[TypedValue("+44 20 7946 1111")], notes="room 0958")
    local = _add("Local Number", phones=[TypedValue("(030) 901820")])
    for query in (
        "+44 20 7946 0958",
        "020 7946 0958",
        "79460958",
        "7946 0958",
        "0044 20 7946 0958",
        "+44 (0)20 7946-0958",
        "02079460958",
        "+442079460958",
    ):
        assert matching_ids(db, query) == [ada], query
    assert matching_ids(db, "030 901820") == [local]
    assert matching_ids(db, "901820") == [local]
    assert set(matching_ids(db, "0958")) == {ada, ada + 1}, "digits in notes count too"
    assert matching_ids(db, "ada 0958") == [ada]
    update_contact(ada, Card(full_name="Ada Lovelace", phones=[TypedValue("+1 415 555 2671")]))
    assert matching_ids(db, "79460958") == [], "the index follows an edited phone"
    assert matching_ids(db, "(415) 555-2671") == [ada]
    assert matching_ids(db, "1-415-555-2671") == [ada]


def test_the_contact_list_filter_and_short_words_fold_too(db: Any) -> None:
    anna = _add("Anna Müller")
    jose = _add("José García", phones=[TypedValue("+34 912 345 678")])
    rows = contact_rows()
    assert [r.id for r in filter_rows(rows, "mu")] == [anna], "under three letters: names"
    assert [r.id for r in filter_rows(rows, "JO")] == [jose]
    assert [r.id for r in filter_rows(rows, "muller")] == [anna]
    assert [r.id for r in filter_rows(rows, "912 345 678")] == [jose]
    assert find_ids("garcia") == [jose]


def test_list_search_on_the_command_line(cli: Any) -> None:
    assert cli("add", "José Müller", "--phone", "+44 20 7946 0958").code == 0
    assert cli("add", "Other Person", "--phone", "+44 20 7946 1111").code == 0
    for query in ("jose muller", "MULLER", "020 7946 0958", "79460958"):
        res = cli("list", "--json", "--search", query)
        assert res.code == 0, res.err
        assert [d["full_name"] for d in json.loads(res.out)] == ["José Müller"], query


def _database_at(path: Path, version: int) -> None:
    """A file as NetKeeper left it at `version`, with a contact that only the new index finds."""
    old_index = "INSERT INTO contact_fts (rowid, body) VALUES (1, 'Anna Müller');"
    database_at(
        path,
        version,
        """
        INSERT INTO contact (id, uid, full_name, given_name, family_name, organization,
            notes, how_met, created_at, updated_at) VALUES (1, 'urn:uuid:anna', 'Anna Müller',
            'Anna', 'Müller', 'Straßenbau AG', 'old friend', '', '2020-01-01 00:00:00',
            '2020-01-01 00:00:00');
        INSERT INTO phone (contact_id, value, normalized)
            VALUES (1, '+44 20 7946 0958', '+442079460958');
        INSERT INTO email (contact_id, value) VALUES (1, 'anna@bau.example');
        INSERT INTO interaction (id, kind, occurred_at, note, created_at)
            VALUES (1, 'call', '2024-05-01 10:00:00', 'Brücke', '2024-05-01 10:00:00');
        INSERT INTO interaction_participant VALUES (1, 1);
        """
        + (old_index if version >= 2 else ""),  # the old index, as its writers left it
    )


@pytest.mark.parametrize(
    "version",
    [1, migrations.STEPS.index(migrations._step_search_as_people_type)],
    ids=["from-v1", "from-the-step-before"],
)
def test_upgrade_reindexes_existing_contacts(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    _database_at(path, version)
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        for query in ("muller", "strassenbau", "bau.example", "brucke", "020 7946 0958"):
            assert matching_ids(database, query) == [1], query
        assert find_ids("anna") == [1]
    finally:
        close_database()
    con = sqlite3.connect(path)
    assert con.execute("SELECT full_name, organization FROM contact").fetchall() == [
        ("Anna Müller", "Straßenbau AG")
    ]
    assert con.execute("SELECT count(*) FROM phone").fetchone()[0] == 1
    con.close()
