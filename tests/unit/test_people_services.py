"""Rules of the people services that the CLI tests do not reach directly."""

from __future__ import annotations

import datetime as dt

from netkeeper.io.card import Card
from netkeeper.services.contacts import create_contact
from netkeeper.services.people import introductions, ledger, me, rapport

TODAY = dt.date(2026, 12, 1)


def test_give_back_is_a_gentle_prompt(db: object) -> None:
    taker = create_contact(Card(full_name="Taker"))  # I only took, twice
    even = create_contact(Card(full_name="Even"))  # two received, one given: still listed
    fair = create_contact(Card(full_name="Fair"))  # as much given as received
    once = create_contact(Card(full_name="Once"))  # a single favour is not a pattern
    old = create_contact(Card(full_name="Old"))  # favours from over a year ago
    create_contact(Card(full_name="Stranger"))  # nothing at all: never a nag
    for _ in range(2):
        ledger.receive(taker, "advice", on=TODAY)
        ledger.receive(even, "advice", on=TODAY)
        ledger.receive(fair, "advice", on=TODAY)
        ledger.give(fair, "intro", on=TODAY)
        ledger.receive(old, "advice", on=TODAY - dt.timedelta(days=400))
    ledger.give(even, "intro", on=TODAY)
    ledger.receive(once, "a book", on=TODAY)
    items = ledger.give_back(TODAY)
    assert [(g.contact, g.given, g.received) for g in items] == [("Taker", 0, 2), ("Even", 1, 2)]
    assert (
        items[0].text
        == "They helped you 2 times in the last year; you have not helped them back yet"
    )
    assert ledger.give_back(TODAY, contact_id=fair) == []
    assert ledger.overall() == {"given": 3, "received": 9}


def test_setting_me_adopts_earlier_introduced_by(db: object) -> None:
    ada = create_contact(Card(full_name="Ada"))
    bob = create_contact(Card(full_name="Bob"), introduced_by=ada)
    mine = create_contact(Card(full_name="Me"))
    assert introductions.introductions() == []
    me.set_me(mine)
    (intro,) = introductions.introductions()
    assert (intro["a"]["id"], intro["b"]["id"], intro["by"]["id"]) == (mine, bob, ada)
    me.set_me(mine)  # again: nothing doubles
    assert len(introductions.introductions()) == 1


def test_shared_interests_and_the_first_open_question(db: object) -> None:
    mine = create_contact(Card(full_name="Me"))
    bob = create_contact(Card(full_name="Bob"))
    me.set_me(mine)
    rapport.add_interest(mine, "Sailing")
    rapport.add_interest(bob, "sailing")
    assert not rapport.add_interest(bob, "SAILING"), "once, whatever the case"
    rapport.add_interest(bob, "chess")
    assert rapport.rapport_of(bob).shared == ["sailing"]
    assert rapport.rapport_of(mine).shared == [], "I do not share with myself"
    first = rapport.ask(bob, "How was Lisbon?")
    rapport.ask(bob, "And the boat?")
    assert rapport.first_open_question([bob, mine]) == {bob: "How was Lisbon?"}
    rapport.mark_asked(first, TODAY)
    assert rapport.first_open_question([bob]) == {bob: "And the boat?"}
