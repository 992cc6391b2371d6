"""CSV files through `netkeeper import`: the vCard import's rules, LinkedIn's extras, bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data" / "csv"
FILES = [
    "linkedin_connections.csv",
    "linkedin_connections_2018.csv",
    "google_contacts.csv",
    "google_legacy.csv",
    "outlook_desktop_cp1252.csv",
    "outlook_com.csv",
    "semicolon_german.csv",
    "excel_unicode.txt",
]
TODAY = dt.date.today().isoformat()


def people(cli) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {d["full_name"]: d for d in cli("list", "--json").json()}


def timeline(cli, who: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return cli("timeline", who, "--json").json()


@pytest.mark.parametrize("name", FILES)
def test_reimporting_a_file_changes_nothing(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    first = cli("import", str(DATA / name), "--json")
    assert first.code == 0, first.err
    (report,) = first.json()["files"]
    assert report["created"] > 0 and report["error"] is None
    before = cli("list", "--json").json()
    again = cli("import", str(DATA / name), "--json").json()["files"][0]
    assert (again["created"], again["updated"]) == (0, 0), again
    assert again["unchanged"] == report["created"] + report["updated"]
    after = cli("list", "--json").json()
    for doc in before + after:
        doc.pop("updated_at")
    assert after == before


def test_linkedin_import_fields_timeline_tag_and_how_met(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("import", str(DATA / "linkedin_connections.csv"), "--json")
    (report,) = r.json()["files"]
    assert (report["format"], report["cards"], report["created"]) == ("linkedin", 6, 6)
    ada = cli("show", "Ada Lovelace", "--json").json()
    assert (ada["organization"], ada["title"]) == ("Analytical Engines Ltd", "Chief Mathematician")
    assert [e["value"] for e in ada["emails"]] == ["ada@analytical.example"]
    assert ada["profiles"] == [
        {"service": "linkedin", "url": "https://www.linkedin.com/in/ada-lovelace-1815"}
    ]
    assert ada["how_met"] == "LinkedIn"
    assert ada["tags"] == [f"LinkedIn {TODAY}"]
    (first,) = timeline(cli, "Ada Lovelace")
    assert first["kind"] == "connected" and first["when"].startswith("2024-10-09")
    assert ada["last_interaction"] == "2024-10-09", "keep-in-touch starts at the connection"
    assert cli("timeline", "--json").json()[0]["kind"] == "connected"


def test_linkedin_after_a_vcard_merges(cli) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(DATA / "same_people.vcf"))
    assert len(people(cli)) == 3
    report = cli("import", str(DATA / "linkedin_connections.csv"), "--json").json()["files"][0]
    assert (report["created"], report["updated"]) == (3, 3), report
    everyone = people(cli)
    assert len(everyone) == 6
    ada = everyone["Ada Lovelace"]  # matched by email
    assert {p["value"] for p in ada["phones"]} == {"+44 20 7946 0001"}, "the vCard's phone kept"
    assert ada["profiles"][0]["service"] == "linkedin" and ada["title"] == "Chief Mathematician"
    grace = everyone["Grace Hopper"]  # no email: by name and organisation
    assert grace["phones"] and grace["how_met"] == "LinkedIn"
    linus = everyone["Linus Torvalds"]  # no organisation on either side
    assert [e["value"] for e in linus["emails"]] == ["linus@kernel.example"]
    # and the LinkedIn profile URL is the key from now on
    again = cli("import", str(DATA / "linkedin_connections.csv"), "--json").json()["files"][0]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)


def test_newer_linkedin_export_updates_job_changes_and_logs_them(cli) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(DATA / "linkedin_connections.csv"))
    r = cli("import", str(DATA / "linkedin_connections_newer.csv"), "--json")
    report = r.json()["files"][0]
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 2, 4), report
    ada = cli("show", "Ada Lovelace", "--json").json()
    assert (ada["organization"], ada["title"]) == ("Difference Engine Co", "Head of Research")
    notes = [i["note"] for i in timeline(cli, "Ada Lovelace") if i["kind"] == "note"]
    assert notes == [
        "Moved from Chief Mathematician at Analytical Engines Ltd"
        " to Head of Research at Difference Engine Co"
    ]
    jurgen = cli("show", "Müller", "--json").json()
    assert jurgen["title"] == "Beirat"
    assert [i["kind"] for i in timeline(cli, "Müller")].count("connected") == 1
    assert "Margaret Hamilton" in people(cli)
    # the same newer file again: nothing moves twice
    again = cli("import", str(DATA / "linkedin_connections_newer.csv"), "--json").json()
    assert again["files"][0]["updated"] == 0
    assert len([i for i in timeline(cli, "Ada Lovelace") if i["kind"] == "note"]) == 1


def test_a_role_the_user_typed_is_kept_against_linkedin(cli, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(DATA / "linkedin_connections.csv"))
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.contacts import get_card, resolve, update_contact

    open_database(db_file)
    cid = resolve("Ada Lovelace")
    card = get_card(cid)
    card.organization = "My Own Words Ltd"  # what the user typed in the editor
    update_contact(cid, card)
    close_database()
    report = cli("import", str(DATA / "linkedin_connections_newer.csv"), "--json").json()
    ada = cli("show", "Ada Lovelace", "--json").json()
    assert ada["organization"] == "My Own Words Ltd"
    kept = [k["reason"] for k in report["files"][0]["kept"]]
    assert any("kept organisation 'My Own Words Ltd'" in k for k in kept), kept
    assert not [i for i in timeline(cli, "Ada Lovelace") if i["kind"] == "note"]


def test_google_then_linkedin_matches_on_the_profile_url(cli) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(DATA / "google_contacts.csv"))
    report = cli("import", str(DATA / "linkedin_connections.csv"), "--json").json()["files"][0]
    assert report["updated"] >= 1
    names = [n for n in people(cli) if "Lovelace" in n]
    assert names == ["Countess Ada Augusta Lovelace"], "one Ada, found by her LinkedIn URL"


def test_google_contact_in_full(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("import", str(DATA / "google_contacts.csv"), "--json")
    report = r.json()["files"][0]
    assert (report["format"], report["cards"], report["created"], report["skipped"]) == (
        "google",
        6,
        5,
        1,
    )
    assert report["problems"] == [
        {"card": 5, "line": 9, "reason": "the row has no name, organisation, email or phone"}
    ]
    ada = cli("show", "Lovelace", "--json").json()
    assert ada["birthday"] == "1815-12-10" and ada["anniversary"] == "1835-07-08"
    assert sorted(ada["tags"]) == ["Mathematicians", "VIP"]
    assert ada["emails"][0] == {
        "value": "ada@analytical.example",
        "types": ["work"],
        "label": None,
        "preferred": True,
    }
    assert ada["notes"].startswith("Met at the Royal Society.\n")
    assert "+1 415 555 0100" in {p["value"] for d in people(cli).values() for p in d["phones"]}


def test_format_override_and_mapping_flags(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("import", str(DATA / "attendees_needs_mapping.csv"), "--map", "Person=full_name",
            "--map", "Teilnehmer-ID=custom", "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json()["files"][0]["format"] == "csv"
    assert sorted(people(cli)) == ["Carla Rossi", "Dmitri Ivanov"]
    bad = cli("import", str(DATA / "attendees_needs_mapping.csv"), "--map", "Person")
    assert bad.code == 2 and "COLUMN=FIELD" in bad.err
    bad = cli("import", str(DATA / "attendees_needs_mapping.csv"), "--map", "Person=fullname")
    assert bad.code == 2 and "not a field" in bad.err
    # --format forces a reader: a LinkedIn file read as a generic CSV still imports
    copy = tmp_path / "connections.txt"
    shutil.copy(DATA / "linkedin_connections_2018.csv", copy)
    r = cli("import", str(copy), "--format", "csv", "--json")
    assert r.json()["files"][0]["format"] == "csv"
    assert cli("show", "Tim Berners-Lee", "--json").json()["how_met"] == ""


def test_a_saved_mapping_by_name(cli, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    missing = cli("import", str(DATA / "attendees_needs_mapping.csv"), "--mapping", "Events")
    assert missing.code == 2 and "no saved mapping named 'Events'" in missing.err
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.csv_mappings import mapping_for_header, save_mapping

    open_database(db_file)
    header = ["Teilnehmer-ID", "Person", "Mail", "Firma"]
    save_mapping("Events", header, {"Person": "full_name", "Mail": "email_work"})
    assert mapping_for_header(["firma", "MAIL", "person", "Teilnehmer-ID"]) is not None
    close_database()
    r = cli("import", str(DATA / "attendees_needs_mapping.csv"), "--mapping", "events")
    assert r.code == 0, r.err
    carla = cli("show", "Carla Rossi", "--json").json()
    assert carla["emails"][0]["types"] == ["work"] and carla["organization"] == "Rossi Srl"


def _digest(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT count(*) FROM contact").fetchone()
    finally:
        con.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("no_name_column.csv", "no column looks like a name"),
        ("binary_renamed.csv", "not a contacts file"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(  # type: ignore[no-untyped-def]
    cli, db_file: Path, name: str, message: str
) -> None:
    cli("add", "Someone Already")
    before = _digest(db_file)
    r = cli("import", str(DATA / name))
    assert r.code == 2
    assert message in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert _digest(db_file) == before


def test_a_200_mb_file_is_refused_before_reading(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "huge.csv"
    with open(big, "wb") as fh:
        fh.write(b"First Name,Last Name,E-mail Address,Mobile Phone,Job Title\r\n")
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    r = cli("import", str(big), "--json")
    assert r.code == 2
    assert "200 MB" in r.err and "up to 100 MB" in r.err
    assert r.json()["files"][0]["error"].startswith("the file is 200 MB")
    assert cli("list", "--json").json() == []


def test_a_binary_file_among_good_ones_is_named_and_the_rest_imported(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("import", str(DATA / "binary_renamed.csv"), str(DATA / "google_legacy.csv"), "--json")
    assert r.code == 0
    files = r.json()["files"]
    assert files[0]["error"] and files[1]["created"] == 2
    assert "binary_renamed.csv" in r.err


def test_a_vcf_that_is_not_a_vcard_still_says_so(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "people.vcf"
    path.write_text("Name,Email\nAda,ada@example.org\n")
    r = cli("import", str(path))
    assert r.code == 2 and "not a vCard file" in r.err
    assert cli("import", str(path), "--format", "csv").code == 0


def test_a_vcard_with_a_csv_name_is_read_as_vcard(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "contacts.csv"
    shutil.copy(DATA / "same_people.vcf", path)
    r = cli("import", str(path), "--json")
    assert r.json()["files"][0]["format"] == "vcard"
    assert len(people(cli)) == 3


def test_connected_is_a_kind_everywhere(cli) -> None:  # type: ignore[no-untyped-def]
    from netkeeper.cli import build_parser
    from netkeeper.model.tables import INTERACTION_KINDS

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    log = sub.choices["log"]  # type: ignore[attr-defined]
    kind = next(a for a in log._actions if a.dest == "kind")
    assert list(kind.choices) == list(INTERACTION_KINDS), "log --kind offers every kind"
    assert "connected" in INTERACTION_KINDS
    cli("add", "Ada")
    assert cli("log", "Ada", "--kind", "connected", "--date", "2024-01-02").code == 0


def test_a_linkedin_job_change_is_a_new_role_the_review_can_congratulate(db) -> None:  # type: ignore[no-untyped-def]
    from netkeeper.services import exchange

    exchange.import_files([str(DATA / "linkedin_connections.csv")])
    newer = str(DATA / "linkedin_connections_newer.csv")
    plan = exchange.plan_import([newer])
    ada = next(o for o in plan.outcomes if o.name == "Ada Lovelace")
    assert {c["field"]: (c["old"], c["new"], c.get("taken")) for c in ada.job_changes} == {
        "organization": ("Analytical Engines Ltd", "Difference Engine Co", "LinkedIn"),
        "title": ("Chief Mathematician", "Head of Research", "LinkedIn"),
    }
    exchange.apply_import([newer], congratulate=[(newer, ada.card)])
    from netkeeper.model.db import db as database

    notes = [r[0] for r in database.execute_sql("SELECT note FROM reminder")]
    assert notes == ["Congratulate on the new role (Head of Research at Difference Engine Co)"]
