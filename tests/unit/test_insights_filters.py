"""The contact list's Insights filters: "Needs attention", diversity not set, and the gaps,
each the exact contacts behind it, computed in SQL and combined with search and tag."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from netkeeper.io.card import Card, PostalAddress, TypedValue
from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import (
    SortKey,
    contact_rows,
    filter_rows,
    row_positions,
    sort_rows,
)
from netkeeper.services.contacts import create_contact, delete_contacts
from netkeeper.services.insights import diversity as dv
from netkeeper.services.insights import filters as fl
from netkeeper.services.timeline import log_interaction

TODAY = dt.date.today()


def _active(name: str, **attrs: str) -> int:
    cid = create_contact(Card(full_name=name))
    log_interaction([cid], "call", TODAY - dt.timedelta(days=10), all_day=True)
    if attrs:
        dv.set_attributes([cid], attrs)
    return cid


def test_needs_attention_filters_are_the_missing_ids(db: object) -> None:
    reach = create_contact(Card(full_name="Reachable", emails=[TypedValue("r@example.org")]))
    born = create_contact(Card(full_name="Born", birthday="1990-02-03"))
    gone = create_contact(Card(full_name="Gone"))
    delete_contacts([gone])
    no_reach = fl.filter_ids(fl.missing_filter("no_reach"))
    assert no_reach == {born}
    assert fl.filter_ids(fl.missing_filter("no_birthday")) == {reach}
    sections = dict(fl.menu_entries())
    counts = {f.key: n for f, n in sections["Needs attention"]}
    assert counts["no_reach"] == 1 and counts["no_birthday"] == 1 and counts["no_photo"] == 2
    with pytest.raises(ServiceError):
        fl.missing_filter("no_such")


def test_unset_attributes_count_what_the_address_and_birthday_already_say(db: object) -> None:
    addressed = create_contact(
        Card(full_name="Addressed", addresses=[PostalAddress(country="Deutschland")])
    )
    year_only = create_contact(Card(full_name="Month day only", birthday="--04-01"))
    born = create_contact(Card(full_name="Born", birthday="1975-04-01"))
    engineer = create_contact(Card(full_name="Engineer"))
    dv.set_attributes([engineer], {"function": "engineering", "country": "Japan"})
    assert fl.filter_ids(fl.unset_filter("country")) == {year_only, born}
    assert fl.filter_ids(fl.unset_filter("generation")) == {addressed, year_only, engineer}
    assert fl.filter_ids(fl.unset_filter("function")) == {addressed, year_only, born}
    assert fl.unset_counts()["function"] == 3
    assert fl.unset_counts()["seniority"] == 4


def test_gap_filters_show_the_people_behind_each_gap(db: object) -> None:
    from netkeeper.services.people.me import set_me

    me = create_contact(Card(full_name="Me"))
    set_me(me)
    eng = [_active(f"Engineer {i}", function="engineering", seniority="peer") for i in range(4)]
    sales = _active("Seller", function="sales", seniority="senior")
    unsure = _active("Unsure", function="engineering")
    quiet_junior = create_contact(Card(full_name="Quiet junior"))  # not active
    dv.set_attributes([quiet_junior], {"seniority": "junior"})
    d = dv.diversity()
    by_text = {g.text: g for g in d.gaps}
    assert "5 of 6 active contacts work in engineering" in by_text
    gap = by_text["5 of 6 active contacts work in engineering"]
    f = fl.gap_filter(gap.text, gap.axis, gap.value)
    assert fl.filter_ids(f) == {*eng, unsure}
    assert f.title.startswith("5 of 6 active contacts work in engineering")
    junior = by_text["nobody junior to you"]
    assert fl.filter_ids(fl.gap_filter(junior.text, junior.axis, junior.value)) == {unsure}
    mentor = by_text["no mentor recorded"]
    assert fl.filter_ids(fl.gap_filter(mentor.text, mentor.axis, mentor.value)) == {sales}
    mentee = by_text["you mentor nobody yet"]
    assert fl.filter_ids(fl.gap_filter(mentee.text, mentee.axis, mentee.value)) == {quiet_junior}
    assert me not in fl.filter_ids(fl.unset_filter("function"))


def test_country_gap_counts_the_address_country(db: object) -> None:
    ids = []
    for i in range(3):
        cid = create_contact(
            Card(full_name=f"Berliner {i}", addresses=[PostalAddress(country="Deutschland")])
        )
        log_interaction([cid], "call", TODAY - dt.timedelta(days=3), all_day=True)
        ids.append(cid)
    gap = next(g for g in dv.diversity().gaps if g.axis == "country")
    assert gap.text == "everyone is in Germany"
    assert fl.filter_ids(fl.gap_filter(gap.text, gap.axis, gap.value)) == set(ids)


def test_filter_rows_combines_only_with_search_and_tag(db: object) -> None:
    ada = create_contact(Card(full_name="Ada Lovelace"), tags=["mentors"])
    bob = create_contact(Card(full_name="Bob Lovell"), tags=["mentors"])
    cy = create_contact(Card(full_name="Cy Lovett"))
    rows = contact_rows()
    assert {r.id for r in filter_rows(rows, "", None, only={ada, cy})} == {ada, cy}
    assert {r.id for r in filter_rows(rows, "", "mentors", only={ada, cy})} == {ada}
    assert {r.id for r in filter_rows(rows, "lovel", None, only={bob, cy})} == {bob}
    assert {r.id for r in filter_rows(rows, "Lo", None, only={bob, cy})} == {bob, cy}
    assert filter_rows(rows, "", None, only=set()) == []


def test_short_words_then_a_tag_with_positions_keep_the_right_rows(db: object) -> None:
    """positions index the full list: after short words narrowed it, they must not be used
    (a two-letter search inside a small tag showed the wrong contacts)."""
    names = [f"Aaron {i:03}" for i in range(30)] + [f"Li {i:03}" for i in range(30)] + ["Li Wei"]
    ids = {n: create_contact(Card(full_name=n), tags=["t"] if n == "Li Wei" else []) for n in names}
    rows = contact_rows()
    sort_rows(rows, SortKey.NAME)
    got = filter_rows(rows, "li", "t", positions=row_positions(rows))
    assert [r.id for r in got] == [ids["Li Wei"]]


def test_country_and_generation_gaps_match_what_diversity_counts(db: object) -> None:
    """The filter's own SQL gives the same people as diversity.matching_ids, which reads
    every active contact's address (the filter is 10x faster at 50,000 contacts)."""
    people = [
        ("A", {"country": "Germany"}, None, None),
        ("B", {}, "Deutschland", "1990-05-01"),
        ("C", {}, "DE", "--05-01"),
        ("D", {"generation": "gen x"}, "Japan", "1992-01-01"),
        ("E", {"country": "France"}, "Deutschland", "1970-01-01"),
        ("F", {}, None, "1991-03-03"),
    ]
    for name, attrs, country, born in people:
        card = Card(full_name=name, birthday=born)
        if country:
            card.addresses.append(PostalAddress(country=country))
        cid = create_contact(card)
        log_interaction([cid], "call", TODAY - dt.timedelta(days=5), all_day=True)
        if attrs:
            dv.set_attributes([cid], attrs)
    for axis, value in (
        ("country", "Germany"),
        ("country", "Japan"),
        ("country", "France"),
        ("generation", "millennial"),
        ("generation", "gen x"),
    ):
        got = fl.filter_ids(fl.gap_filter("x", axis, value))
        assert got == set(dv.matching_ids(axis, value)), (axis, value)
        assert got, (axis, value)


def test_list_needs_attention_on_the_command_line(cli: Any) -> None:
    assert cli("add", "Ada Lovelace", "--email", "ada@example.org").code == 0
    assert cli("add", "Bob Stone", "--birthday", "1990-01-02").code == 0
    docs = cli("list", "--json", "--needs-attention", "no_reach").json()
    assert [d["full_name"] for d in docs] == ["Bob Stone"]
    docs = cli("list", "--json", "--needs-attention", "no_birthday", "--search", "ada").json()
    assert [d["full_name"] for d in docs] == ["Ada Lovelace"]
    bad = cli("list", "--needs-attention", "no_such")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "no_reach" in bad.err
