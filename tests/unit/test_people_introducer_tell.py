"""Tell the person who introduced you how it went: who, and when it is worth offering."""

from __future__ import annotations

import datetime as dt

from netkeeper.io.card import Card
from netkeeper.services import contacts, timeline
from netkeeper.services.contacts import create_contact
from netkeeper.services.people import introductions


def _contact(name: str, introduced_by: int | None = None) -> int:
    return create_contact(Card(full_name=name), introduced_by=introduced_by)


def _log(cid: int, kind: str) -> None:
    timeline.log_interaction([cid], kind, dt.datetime(2026, 11, 1, 12))


def test_first_interaction_with_an_introduced_contact(db: object) -> None:
    ada = _contact("Ada Lovelace")
    bob = _contact("Bob Babbage", introduced_by=ada)
    cy = _contact("Cy Nobody")  # introduced by nobody
    (offer,) = introductions.introducers_to_tell([cy, bob], "email")
    assert (offer.contact_id, offer.introducer_id, offer.introducer, offer.first) == (
        bob,
        ada,
        "Ada Lovelace",
        True,
    )
    assert offer.note == "Tell them how it went with Bob Babbage"


def test_first_meeting_after_emails_is_offered_but_not_as_first(db: object) -> None:
    ada = _contact("Ada Lovelace")
    bob = _contact("Bob Babbage", introduced_by=ada)
    _log(bob, "email")
    assert introductions.introducers_to_tell([bob], "email") == []
    assert introductions.introducers_to_tell([bob], "message") == []
    (offer,) = introductions.introducers_to_tell([bob], "coffee")
    assert offer.first is False
    _log(bob, "call")
    assert introductions.introducers_to_tell([bob], "meeting") == []


def test_no_offer_when_the_introducer_is_there_or_in_the_trash(db: object) -> None:
    ada = _contact("Ada Lovelace")
    bob = _contact("Bob Babbage", introduced_by=ada)
    dee = _contact("Dee Gone")
    eve = _contact("Eve Newer", introduced_by=dee)
    assert introductions.introducers_to_tell([bob, ada], "meeting") == []
    contacts.delete_contacts([dee])
    assert introductions.introducers_to_tell([eve], "meeting") == []
    assert introductions.introducers_to_tell([], "meeting") == []


def test_several_people_keep_the_callers_order(db: object) -> None:
    ada = _contact("Ada Lovelace")
    bob = _contact("Bob Babbage", introduced_by=ada)
    cy = _contact("Cy Clerk", introduced_by=ada)
    offers = introductions.introducers_to_tell([cy, bob, cy], "meeting")
    assert [(o.contact, o.introducer) for o in offers] == [
        ("Cy Clerk", "Ada Lovelace"),
        ("Bob Babbage", "Ada Lovelace"),
    ]
