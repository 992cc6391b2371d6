"""Export escapes every value it writes: hostile values round-trip, never split a card
(issue 10, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeeper.cli import main
from netkeeper.io.card import Card, PostalAddress, RawProperty, SocialProfile, TypedValue
from netkeeper.model.db import close_database, open_database

# Each tries to end the card and start another one with an attacker's email.
INJECT = "x\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Mallory\nEMAIL:evil@attacker.example\ny"
INJECT_CR = "x\rEND:VCARD\rBEGIN:VCARD\rFN:Mallory\rEMAIL:evil@attacker.example\ry"
SPECIALS = 'a,b;c:d\\e"f^g'


def _hostile_card() -> Card:
    text = f"{INJECT} {SPECIALS}"
    return Card(
        full_name=f"Ada {INJECT}",
        given_name=text,
        family_name=text,
        additional_names=text,
        honorific_prefix=text,
        honorific_suffix=text,
        nickname=text,
        organization=text,
        department=text,
        title=text,
        notes=text,
        emails=[TypedValue(f"ada{INJECT}@example.org", [f"work{INJECT}"], f"lbl{INJECT}")],
        phones=[TypedValue(f"+44 {INJECT}", ["cell"], text)],
        urls=[
            TypedValue(f"https://example.org/{INJECT}", [], None),
            TypedValue(f"https://example.org/{INJECT_CR}", ["work"], None),
            TypedValue(f"https://example.org/a,b;c\\d:{SPECIALS}", [], None),
        ],
        addresses=[
            PostalAddress(text, text, text, text, text, text, text, [f"home{INJECT}"], text)
        ],
        categories=[f"tag {INJECT}"],
        photo_url=f"https://example.org/p.jpg{INJECT}",
        profiles=[SocialProfile("linkedin", f"https://www.linkedin.com/in/ada{INJECT}")],
        extra=[
            RawProperty("X-KEPT-URI", f"https://x.example/{INJECT}", [("TYPE", INJECT)]),
            RawProperty("X-KEPT", "kept", [("X-P", INJECT_CR)]),
        ],
    )


def _comparable(doc: dict) -> dict:  # type: ignore[type-arg]
    doc = {k: v for k, v in doc.items() if k not in ("id", "created_at", "updated_at")}
    return doc


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_hostile_values_survive_export_and_reimport(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    from netkeeper.services.contacts import create_contact
    from netkeeper.services.documents import contact_documents, find_ids

    source, target, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "out.vcf"
    open_database(source)
    create_contact(_hostile_card())
    before = contact_documents(find_ids())
    close_database()
    assert main(["--db", str(source), "export", "-o", str(out), "--vcard-version", version]) == 0
    text = out.read_bytes()
    lines = text.split(b"\r\n")
    assert lines.count(b"BEGIN:VCARD") == 1 and lines.count(b"END:VCARD") == 1
    assert b"\r" not in text.replace(b"\r\n", b""), "no bare CR"
    assert b"\n" not in text.replace(b"\r\n", b""), "no bare LF"
    assert main(["--db", str(target), "import", str(out)]) == 0, capsys.readouterr().err
    after = contact_documents(find_ids())
    close_database()
    assert len(after) == 1
    assert [e["value"] for d in after for e in d["emails"]] == [before[0]["emails"][0]["value"]]
    expected, got = _comparable(before[0]), _comparable(after[0])
    # A bare CR inside a value comes back as a line break: vCard has no other line end.
    expected["urls"][1]["value"] = expected["urls"][1]["value"].replace("\r", "\n")
    if version == "3.0":
        # 3.0 parameters have no escapes: a line break in a TYPE becomes a space there.
        for item in (*expected["emails"], *expected["addresses"]):
            item["types"] = [t.replace("\n", " ") for t in item["types"]]
    assert got == expected


def test_an_escaped_newline_in_a_url_stays_in_the_url(tmp_path: Path) -> None:
    """The reproduction: import, export, import again used to make two contacts."""
    db_file, out = tmp_path / "nk.db", tmp_path / "out.vcf"
    card = tmp_path / "in.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
        b"URL:https://example.org/\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Mallory\\n"
        b"EMAIL:evil@attacker.example\r\nEND:VCARD\r\n"
    )
    assert main(["--db", str(db_file), "import", str(card)]) == 0
    assert main(["--db", str(db_file), "export", "-o", str(out)]) == 0
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "import", str(out)]) == 0
    from netkeeper.services.documents import contact_documents, find_ids

    docs = contact_documents(find_ids())
    close_database()
    assert [d["full_name"] for d in docs] == ["Ada Lovelace"]
    assert docs[0]["emails"] == []
    assert docs[0]["urls"][0]["value"].startswith("https://example.org/\nEND:VCARD")
