"""The bulk diversity edit: leave-unchanged per field, one value for everyone, country and
city from each contact's own address, one transaction, and an exact undo."""

from __future__ import annotations

import pytest

from netkeeper.io.card import Card, PostalAddress
from netkeeper.model.db import db as database
from netkeeper.services import ServiceError
from netkeeper.services.contacts import create_contact
from netkeeper.services.insights import attributes as at
from netkeeper.services.insights import diversity as dv


def _people() -> tuple[int, int, int]:
    tokyo = create_contact(
        Card(
            full_name="山田 太郎",
            addresses=[
                PostalAddress(locality="Osaka", country="Japan"),
                PostalAddress(locality=" 東京 ", country="日本", preferred=True),
            ],
        )
    )
    london = create_contact(
        Card(full_name="Ann Smith", addresses=[PostalAddress(locality="London", country="UK")])
    )
    nowhere = create_contact(Card(full_name="No Address"))
    dv.set_attributes([nowhere], {"country": "France", "function": "sales"})
    return tokyo, london, nowhere


def test_address_suggestions_in_several_scripts(db: object) -> None:
    tokyo, london, nowhere = _people()
    got = at.address_suggestions([tokyo, london, nowhere])
    assert got == {
        tokyo: {"country": "Japan", "city": "東京"},
        london: {"country": "United Kingdom", "city": "London"},
    }


def test_bulk_edit_sets_leaves_and_takes_from_the_address_then_undoes(db: object) -> None:
    tokyo, london, nowhere = _people()
    ids = [tokyo, london, nowhere]
    before = at.bulk_edit(
        ids, {"function": "Engineering", "seniority": "peer"}, from_address=("country", "city")
    )
    now = at.attributes_of(ids)
    assert {now[c]["function"] for c in ids} == {"engineering"}
    assert {now[c]["seniority"] for c in ids} == {"peer"}
    assert now[tokyo]["country"] == "Japan" and now[tokyo]["city"] == "東京"
    assert now[london]["country"] == "United Kingdom"
    assert now[nowhere]["country"] == "France", "no address: the country stays"
    assert now[nowhere]["industry"] is None, "industry was left unchanged"
    assert at.common_values(now)["function"] == ("engineering", True)
    assert at.common_values(now)["country"] == (None, False)
    at.restore(before)
    again = at.attributes_of(ids)
    assert again[nowhere] == {
        "function": "sales",
        "industry": None,
        "country": "France",
        "city": None,
        "generation": None,
        "seniority": None,
    }
    assert again[tokyo]["country"] is None and again[tokyo]["function"] is None


def test_clearing_and_bad_values_write_nothing(db: object) -> None:
    tokyo, london, nowhere = _people()
    at.bulk_edit([nowhere], {"function": ""})
    assert at.attributes_of([nowhere])[nowhere]["function"] is None
    stamp = database.execute_sql("SELECT max(updated_at) FROM contact").fetchone()[0]
    for values, from_address in (
        ({"industry": "Energy", "seniority": "boss"}, ()),
        ({"colour": "red"}, ()),
        ({}, ("function",)),
    ):
        with pytest.raises(ServiceError):
            at.bulk_edit([tokyo, london], values, from_address)
    assert at.attributes_of([tokyo])[tokyo]["industry"] is None
    assert database.execute_sql("SELECT max(updated_at) FROM contact").fetchone()[0] == stamp
    with pytest.raises(ServiceError):
        at.bulk_edit([tokyo, 999_999], {"industry": "Energy"})
    assert at.attributes_of([tokyo])[tokyo]["industry"] is None, "one transaction"


def test_known_values_most_used_first(db: object) -> None:
    a, b, c = _people()
    at.bulk_edit([a, b], {"industry": "Energy"})
    at.bulk_edit([c], {"industry": "Banking"})
    assert at.known_values("industry") == ["Energy", "Banking"]


def test_a_large_selection_is_written_and_restored_whole(db: object) -> None:
    """More contacts than one statement takes (500): every one is set, and Undo puts back
    each one's own value."""
    with database.atomic():
        ids = [create_contact(Card(full_name=f"P {n:04}")) for n in range(1_100)]
    dv.set_attributes(ids[::3], {"industry": "Banking"})
    before = at.bulk_edit(ids, {"industry": "Energy", "seniority": "senior"})
    now = at.attributes_of(ids)
    assert {v["industry"] for v in now.values()} == {"Energy"}
    assert {v["seniority"] for v in now.values()} == {"senior"}
    at.restore(before)
    again = at.attributes_of(ids)
    assert [again[c]["industry"] for c in ids] == [
        "Banking" if i % 3 == 0 else None for i in range(len(ids))
    ]
    assert {v["seniority"] for v in again.values()} == {None}
