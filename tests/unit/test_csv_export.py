"""CSV export in Google's layout: what it writes, formula injection, and the round trip."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from netkeeper.io.card import Card, PostalAddress, SocialProfile, TypedValue
from netkeeper.io.csv import read_csv_cards
from netkeeper.io.csv.writer import Layout, neutralise, write_google_csv

DATA = Path(__file__).parent.parent / "data" / "csv"
DANGEROUS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTabbed", "\rReturn", '=HYPERLINK("x")']


def test_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    for text in DANGEROUS:
        assert neutralise(text) == "'" + text
    assert neutralise("Ada") == "Ada" and neutralise("a=b") == "a=b"


def test_formula_cells_round_trip_as_text() -> None:
    card = Card(
        given_name=DANGEROUS[0],
        family_name=DANGEROUS[1],
        organization=DANGEROUS[2],
        title=DANGEROUS[3],
        notes=DANGEROUS[6],
        nickname="-dash",
    )
    card.phones.append(TypedValue("+44 20 7946 0000", ["cell"]))
    out = io.StringIO()
    write_google_csv([card], out, Layout())
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in rows[1])
    ((back, problems),) = read_csv_cards(io.BytesIO(out.getvalue().encode()))
    assert problems == [] and back is not None
    assert (back.given_name, back.family_name, back.organization, back.title, back.notes) == (
        DANGEROUS[0],
        DANGEROUS[1],
        DANGEROUS[2],
        DANGEROUS[3],
        DANGEROUS[6],
    )
    assert back.nickname == "-dash" and back.phones[0].value == "+44 20 7946 0000"


def test_export_cli_writes_a_google_csv_others_can_read(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", str(DATA / "google_contacts.csv"))
    cli("import", str(DATA / "outlook_desktop_cp1252.csv"))
    out = tmp_path / "out.csv"
    r = cli("export", "--format", "csv", "-o", str(out))
    assert r.code == 0 and "Exported 7 contacts" in r.out, r.out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 7
    header = list(rows[0])
    assert header[:3] == ["First Name", "Middle Name", "Last Name"]
    assert (
        "E-mail 3 - Value" in header
        and "Phone 4 - Value" in header
        and "Address 2 - City" in header
    )
    ada = next(r for r in rows if r["Last Name"] == "Lovelace")
    assert (
        ada["E-mail 1 - Label"] == "* Work" and ada["E-mail 1 - Value"] == "ada@analytical.example"
    )
    assert ada["Labels"] == "Mathematicians ::: VIP"
    assert ada["Birthday"] == "1815-12-10"
    assert ada["Event 1 - Label"] == "Anniversary" and ada["Event 1 - Value"] == "1835-07-08"
    assert ada["Relation 1 - Value"] == "William King"
    assert ada["Website 1 - Value"].startswith("https://www.linkedin.com/in/")
    helene = next(r for r in rows if r["First Name"] == "Hélène")
    assert helene["Address 1 - Street"] == "3 rue de l'Été\nBâtiment B"
    phone = helene["Phone 1 - Value"]
    assert phone.startswith("'+"), "a phone number beginning with + is neutralised too"
    # stdout and a tag
    assert cli("export", "--format", "csv", "--tag", "nope").code == 2
    piped = cli("export", "--format", "csv", "--tag", "VIP")
    assert piped.code == 0 and len(list(csv.reader(io.StringIO(piped.out)))) == 2


def _fill(db_path: Path, n: int) -> None:
    """n contacts using every field the Google layout holds, through the service."""
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.contacts import create_contact

    open_database(db_path)
    for i in range(n):
        card = Card(
            given_name=f"Given{i}",
            additional_names="Mid" if i % 3 == 0 else "",
            family_name=f"Family {i} Ünïcødé" if i % 7 else "عربي",
            honorific_prefix="Dr." if i % 5 == 0 else "",
            honorific_suffix="Jr." if i % 11 == 0 else "",
            nickname=f"nick{i}" if i % 2 else "",
            organization=f"Org {i % 50}, Inc." if i % 4 else "",
            department="R&D" if i % 6 == 0 else "",
            title=DANGEROUS[i % len(DANGEROUS)].strip() if i % 13 == 0 else f"Title {i}",
            birthday=f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}"
            if i % 2
            else f"--0{1 + i % 9}-2{i % 8}",
            anniversary="2001-06-01" if i % 9 == 0 else None,
            notes=f'Line one {i}\nLine two, "quoted" 😀' if i % 3 else "",
            emails=[TypedValue(f"p{i}@example.org", ["work"], None, True)]
            + ([TypedValue(f"home{i}@example.net", ["home"])] if i % 2 else []),
            phones=[TypedValue(f"+1 555 01{i % 100:02d} {i:04d}", ["cell"])]
            + ([TypedValue(f"+44 20 7946 {i:04d}", ["work", "fax"])] if i % 5 == 0 else []),
            urls=[] if i % 4 == 0 else [TypedValue(f"https://site{i}.example", [], "Blog")],
            profiles=[SocialProfile("linkedin", f"https://www.linkedin.com/in/person-{i}")]
            if i % 4 == 0
            else [SocialProfile("github", f"https://github.com/person{i}")]
            if i % 8 == 1
            else [],
            addresses=[
                PostalAddress(
                    street=f"{i} Main St\nApt {i % 9}",
                    locality="Springfield",
                    region="IL",
                    postal_code=f"{60000 + i}",
                    country="USA",
                    types=["home"],
                )
            ]
            if i % 2 == 0
            else [],
            categories=[f"Group {i % 10}"] + (["VIP"] if i % 17 == 0 else []),
        )
        create_contact(card)
    close_database()


COMPARED = (
    "given_name",
    "additional_names",
    "family_name",
    "honorific_prefix",
    "honorific_suffix",
    "nickname",
    "organization",
    "department",
    "title",
    "birthday",
    "anniversary",
    "notes",
    "emails",
    "phones",
    "urls",
    "profiles",
    "addresses",
    "tags",
)


def _documents(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    docs = cli("list", "--json").json()
    return sorted(
        ({k: d[k] for k in (*COMPARED, "full_name")} for d in docs), key=lambda d: d["given_name"]
    )


@pytest.mark.parametrize("n", [1000])
def test_export_then_import_1000_contacts_keeps_every_field(  # type: ignore[no-untyped-def]
    cli, db_file: Path, tmp_path: Path, n: int
) -> None:
    _fill(db_file, n)
    out = tmp_path / "all.csv"
    assert cli("export", "--format", "csv", "-o", str(out)).code == 0
    before = _documents(cli)
    fresh = tmp_path / "fresh.db"
    from netkeeper.cli import main

    assert main(["--db", str(fresh), "import", str(out)]) == 0
    con = sqlite3.connect(fresh)
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == n
    con.close()
    # compare through the same CLI document, on the fresh database
    after = _docs_of(fresh)
    assert len(after) == len(before) == n
    for b, a in zip(before, after, strict=True):
        assert a == b
    # and the exported file imported again into the same database changes nothing
    again = cli("import", str(out), "--json").json()["files"][0]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, n)


def _docs_of(path: Path) -> list[dict]:
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "netkeeper", "--db", str(path), "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    docs = json.loads(out)
    return sorted(
        ({k: d[k] for k in (*COMPARED, "full_name")} for d in docs), key=lambda d: d["given_name"]
    )


def test_a_selection_is_exported_alone(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window's "Selected contacts" writes those contacts and nobody else."""
    from netkeeper.services.contacts import create_contact
    from netkeeper.services.exchange import export_csv

    ids = [create_contact(Card(full_name=n, given_name=n)) for n in ("Ada", "Grace", "Alan")]
    out = tmp_path / "selection.csv"
    assert export_csv(out, contact_ids=[ids[2], ids[0]]) == 2
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert sorted(r["First Name"] for r in rows) == ["Ada", "Alan"]
