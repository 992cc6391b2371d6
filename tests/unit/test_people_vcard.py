"""Relationships, interests and profiles through vCard 3.0 and 4.0: back in a fresh
database, unchanged when imported again, and every export parses with vobject."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from netkeeper.io.card import Card, SocialProfile
from netkeeper.model.db import close_database, open_database
from netkeeper.services.contacts import create_contact
from netkeeper.services.documents import contact_documents, find_ids
from netkeeper.services.exchange import export_contacts, import_files
from netkeeper.services.people import rapport, relationships


def _fill() -> None:
    ada = create_contact(
        Card(
            full_name="Ada Lovelace",
            profiles=[SocialProfile("linkedin", "https://www.linkedin.com/in/ada")],
        )
    )
    bob = create_contact(Card(full_name="Bob Babbage"))
    cy = create_contact(Card(full_name="Cy Clerk"))
    relationships.relate(ada, bob, "mentor")
    relationships.relate(bob, cy, "colleague")
    relationships.relate(cy, ada, "manager")
    relationships.relate(ada, cy, "custom:co-founder")
    relationships.relate(bob, ada, "family")
    rapport.add_interest(ada, "engines")
    rapport.add_interest(ada, "poetry, verse; odes", "hobby")
    rapport.add_interest(bob, "chess", "expertise")


def _state() -> dict[str, tuple[object, ...]]:
    return {
        d["full_name"]: (
            sorted((r["full_name"], r["kind"]) for r in d["relationships"]),
            d["interests"],
            d["profiles"],
        )
        for d in contact_documents(find_ids())
    }


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_round_trip(tmp_path: Path, version: str) -> None:
    first, second, vcf = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "out.vcf"
    open_database(first)
    try:
        _fill()
        before = _state()
        export_contacts(vcf, version=version)
    finally:
        close_database()
    text = vcf.read_bytes().decode("utf-8")
    assert len(list(vobject.readComponents(text))) == 3
    unfolded = text.replace("\r\n ", "")
    if version == "4.0":
        assert "RELATED;X-NETKEEPER-KIND=mentee:urn:uuid:" in unfolded
        assert "RELATED;TYPE=colleague:urn:uuid:" in unfolded
        assert "RELATED;TYPE=kin:urn:uuid:" in unfolded
        assert "HOBBY:poetry\\, verse\\; odes\r\n" in unfolded
        assert "EXPERTISE:chess\r\n" in unfolded
    else:
        assert "X-NETKEEPER-RELATED;X-NETKEEPER-KIND=mentee:urn:uuid:" in unfolded
        assert "X-NETKEEPER-INTEREST:engines\r\n" in unfolded
    assert "\r\nRELATED" not in unfolded or version == "4.0"
    open_database(second)
    try:
        result = import_files([vcf])
        assert result.files[0].created == 3
        assert _state() == before
        ada = next(d for d in contact_documents(find_ids()) if d["full_name"] == "Ada Lovelace")
        from netkeeper.services.people.rapport import rapport_of

        assert rapport_of(ada["id"]).interest_kinds == {
            "engines": "interest",
            "poetry, verse; odes": "hobby",
        }
        again = import_files([vcf])
        assert [o.status for o in again.outcomes] == ["unchanged"] * 3, again.outcome_dicts()
        assert _state() == before
        from netkeeper.model.db import db

        kept = db.execute_sql(
            "SELECT count(*) FROM contact_property WHERE name = 'RELATED'"
        ).fetchone()
        assert kept == (0,), "relationships are records, not kept lines"
    finally:
        close_database()


def test_related_to_someone_absent_is_kept_then_restored(tmp_path: Path, db: object) -> None:
    one = tmp_path / "bob.vcf"
    one.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob\r\nUID:urn:uuid:bob\r\n"
        "RELATED;X-NETKEEPER-KIND=mentor:urn:uuid:ada\r\n"
        "RELATED;TYPE=contact:urn:uuid:someone\r\nEND:VCARD\r\n"
    )
    import_files([one])
    (bob,) = contact_documents(find_ids())
    assert bob["relationships"] == []
    from netkeeper.services.contact_rows import kept_properties

    assert sorted(v for n, v in kept_properties(bob["id"])) == ["urn:uuid:ada", "urn:uuid:someone"]
    both = tmp_path / "both.vcf"
    both.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nUID:urn:uuid:ada\r\nEND:VCARD\r\n"
        + one.read_text()
    )
    import_files([both])
    bob = next(d for d in contact_documents(find_ids()) if d["full_name"] == "Bob")
    assert [(r["full_name"], r["kind"]) for r in bob["relationships"]] == [("Ada", "mentor")]
