"""Outlook CSV in UTF-8 without a BOM (what the desktop wizard writes when told UTF-8),
with all three addresses, three e-mails and its phone columns; through the reader field
by field, then through `netkeeper import` twice."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from netkeeper.io.csv import CsvOptions, read_csv_cards
from netkeeper.io.csv.sniff import sniff_bytes

HEADER = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region", "Home Street", "Home City",
    "Home Postal Code", "Home Country/Region", "Other Street", "Other City",
    "Other Postal Code", "Other Country/Region", "Business Fax", "Business Phone",
    "Home Phone", "Mobile Phone", "Other Phone", "Pager", "Primary Phone", "Categories",
    "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address",
    "E-mail 3 Address", "Web Page", "Birthday", "Anniversary", "Notes", "Priority",
    "Sensitivity",
]  # fmt: skip
ROWS = [
    [
        "Ms.",
        "Åsa",
        "",
        "Lindqvist-Øberg",
        "PhD",
        "Nordisk Design AB",
        "Forskning",
        "Chefsdesigner",
        "Sveavägen 1",
        "Plan 3",
        "Stockholm",
        "",
        "111 57",
        "Sweden",
        "Hemgatan 2",
        "Uppsala",
        "753 10",
        "Sweden",
        "Sommarstigen 9",
        "Visby",
        "621 55",
        "Sweden",
        "+46 8 000 00 01",
        "+46 8 000 00 02",
        "+46 18 000 00 03",
        "+46 70 000 00 04",
        "+46 70 000 00 05",
        "+46 74 000 00 06",
        "+46 8 000 00 07",
        "Kunder;myContacts;Design",
        "asa@nordisk.example",
        "SMTP",
        "Åsa (asa@nordisk.example)",
        "asa@home.example",
        "asa@other.example",
        "https://nordisk.example",
        "7/1/1980",
        "0/0/00",
        "Fika på fredag.\nTar med kanelbullar.",
        "Normal",
        "Normal",
    ],
    [("+1 212 555 0199" if h == "Mobile Phone" else "") for h in HEADER],  # only a phone
]


def write(path: Path) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *ROWS])
    path.write_bytes(out.getvalue().encode("utf-8"))  # no BOM


def test_outlook_utf8_without_bom_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    write(path)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    sniffed = sniff_bytes(path.read_bytes())
    assert (sniffed.format, sniffed.encoding, sniffed.delimiter) == ("outlook", "utf-8", ",")
    with open(path, "rb") as fh:
        rows = list(read_csv_cards(fh, CsvOptions()))
    (asa, problems), (phone_only, none) = rows
    assert problems == [] and none == []
    assert asa is not None and phone_only is not None
    assert (asa.honorific_prefix, asa.given_name, asa.family_name, asa.honorific_suffix) == (
        "Ms.",
        "Åsa",
        "Lindqvist-Øberg",
        "PhD",
    )
    assert (asa.organization, asa.department, asa.title) == (
        "Nordisk Design AB",
        "Forskning",
        "Chefsdesigner",
    )
    assert [(a.street, a.locality, a.postal_code, a.country, a.types) for a in asa.addresses] == [
        ("Sveavägen 1\nPlan 3", "Stockholm", "111 57", "Sweden", ["work"]),
        ("Hemgatan 2", "Uppsala", "753 10", "Sweden", ["home"]),
        ("Sommarstigen 9", "Visby", "621 55", "Sweden", ["other"]),
    ], "Business, Home and Other, each with its kind"
    assert sorted((p.value, tuple(p.types), p.preferred) for p in asa.phones) == [
        ("+46 18 000 00 03", ("home",), False),
        ("+46 70 000 00 04", ("cell",), False),
        ("+46 70 000 00 05", ("other",), False),
        ("+46 74 000 00 06", ("pager",), False),
        ("+46 8 000 00 01", ("work", "fax"), False),
        ("+46 8 000 00 02", ("work",), False),
        ("+46 8 000 00 07", (), True),
    ]
    assert [e.value for e in asa.emails] == [
        "asa@nordisk.example",
        "asa@home.example",
        "asa@other.example",
    ]
    assert [u.value for u in asa.urls] == ["https://nordisk.example"]
    assert (asa.birthday, asa.anniversary) == ("1980-07-01", None), "'0/0/00' is no date"
    assert asa.notes == "Fika på fredag.\nTar med kanelbullar."
    assert asa.categories == ["Kunder", "Design"], "myContacts is Outlook's, not a tag"
    assert not any("Normal" in p.value for p in asa.extra), "Priority/Sensitivity defaults"
    assert phone_only.display_name() == ""
    assert [(p.value, p.types) for p in phone_only.phones] == [("+1 212 555 0199", ["cell"])]


def test_outlook_utf8_without_bom_imports_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "contacts.csv"
    write(path)
    first = cli("import", str(path), "--json").json()["files"][0]
    assert (first["format"], first["created"], first["skipped"]) == ("outlook", 2, 0)
    asa = cli("show", "Åsa", "--json").json()
    assert [a["locality"] for a in asa["addresses"]] == ["Stockholm", "Uppsala", "Visby"]
    assert sorted(asa["tags"]) == ["Design", "Kunder"]
    again = cli("import", str(path), "--json").json()["files"][0]
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
