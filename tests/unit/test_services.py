"""Domain services on a real database file."""

from __future__ import annotations

import datetime as dt

import pytest

from netkeeper.io.card import Card, PostalAddress, RawProperty, TypedValue
from netkeeper.model.db import db as database
from netkeeper.model.search import matching_ids
from netkeeper.model.tables import Contact, Interaction
from netkeeper.services import (
    Ambiguous,
    NotFound,
    ServiceError,
    contacts,
    reminders,
    tags,
    timeline,
)
from netkeeper.services.documents import contact_documents, find_ids


def _card(name: str, **kw: object) -> Card:
    given, _, family = name.partition(" ")
    return Card(full_name=name, given_name=given, family_name=family, **kw)  # type: ignore[arg-type]


@pytest.fixture
def ada(db: object) -> int:
    return contacts.create_contact(
        _card(
            "Ada Lovelace",
            organization="Analytical Society",
            emails=[TypedValue("ada@example.org", ["work"], None, True)],
            phones=[TypedValue("+44 20 7946 0000", ["cell"])],
            addresses=[
                PostalAddress(
                    street="12 St James's Sq", locality="London", country="UK", types=["home"]
                )
            ],
            extra=[RawProperty("X-SOCIALPROFILE", "https://example.org/ada", [("TYPE", "x")])],
            birthday="--12-10",
        ),
        tags=["mentors"],
        how_met="Met at the Royal Society soirée",
    )


def test_create_and_read_back_every_field(ada: int) -> None:
    card = contacts.get_card(ada)
    assert card.full_name == "Ada Lovelace"
    assert card.emails == [TypedValue("ada@example.org", ["work"], None, True)]
    assert card.phones[0].types == ["cell"]
    assert card.addresses[0].locality == "London"
    assert card.extra == [
        RawProperty("X-SOCIALPROFILE", "https://example.org/ada", [("TYPE", "x")])
    ]
    assert card.birthday == "--12-10"
    assert card.categories == ["mentors"]
    doc = contact_documents([ada])[0]
    assert doc["how_met"] == "Met at the Royal Society soirée"
    assert doc["phones"][0]["value"] == "+44 20 7946 0000"


def test_phone_is_normalised_for_matching(ada: int) -> None:
    from netkeeper.model.tables import Phone

    assert Phone.get(Phone.contact == ada).normalized == "+442079460000"


def test_contact_needs_an_identity_and_real_dates(db: object) -> None:
    with pytest.raises(ServiceError, match="needs a name"):
        contacts.create_contact(Card())
    with pytest.raises(ServiceError, match="not a date"):
        contacts.create_contact(_card("Bad Date", birthday="1990-02-31"))
    assert Contact.select().count() == 0


def test_update_replaces_fields_and_keeps_the_rest(ada: int) -> None:
    card = contacts.get_card(ada)
    card.title = "Countess"
    card.emails.append(TypedValue("ada@home.example", ["home"]))
    contacts.update_contact(ada, card, how_met="Babbage's salon")
    again = contacts.get_card(ada)
    assert again.title == "Countess"
    assert [e.value for e in again.emails] == ["ada@example.org", "ada@home.example"]
    assert again.extra == card.extra
    assert contact_documents([ada])[0]["how_met"] == "Babbage's salon"
    assert matching_ids(database, "home.example") == [ada], "search index follows updates"


def test_introduced_by_and_self_introduction(ada: int) -> None:
    cb = contacts.create_contact(_card("Charles Babbage"))
    contacts.update_contact(cb, introduced_by=ada)
    assert contact_documents([cb])[0]["introduced_by"] == ada
    with pytest.raises(ServiceError):
        contacts.update_contact(cb, introduced_by=cb)


def test_resolve_by_id_uid_and_name(ada: int) -> None:
    uid = contacts.get_contact(ada).uid
    assert contacts.resolve(str(ada)) == ada
    assert contacts.resolve(uid) == ada
    assert contacts.resolve("ada lovelace") == ada
    assert contacts.resolve("Lovel") == ada
    contacts.create_contact(_card("Ada Byron"))
    with pytest.raises(Ambiguous, match="several contacts"):
        contacts.resolve("Ada")
    with pytest.raises(NotFound):
        contacts.resolve("Nobody")


def test_trash_restore_and_purge(ada: int) -> None:
    assert contacts.delete_contacts([ada]) == 1
    assert find_ids() == []
    assert find_ids(deleted=True) == [ada]
    with pytest.raises(NotFound):
        contacts.resolve("Ada")
    assert contacts.resolve("Ada", include_deleted=True) == ada
    assert contacts.restore_contacts([ada]) == 1
    assert find_ids() == [ada]
    contacts.delete_contacts([ada])
    assert contacts.purge_trash(now=dt.datetime.now() + dt.timedelta(days=29)) == 0
    assert contacts.purge_trash(now=dt.datetime.now() + dt.timedelta(days=31)) == 1
    assert Contact.select().count() == 0
    assert matching_ids(database, "Lovelace") == []


def test_tags_counts_rename_merge(ada: int) -> None:
    cb = contacts.create_contact(_card("Charles Babbage"), tags=["Engineers"])
    tags.add_tag([ada, cb], "london")
    assert dict(tags.tag_counts()) == {"Engineers": 1, "london": 2, "mentors": 1}
    tags.rename_tag("engineers", "Mentors")  # case-insensitive: merges into "mentors"
    assert dict(tags.tag_counts()) == {"london": 2, "mentors": 2}
    tags.remove_tag([ada], "London")
    assert find_ids(tag="london") == [cb]


def test_search_finds_substrings_case_insensitively(ada: int) -> None:
    contacts.create_contact(_card("José Müller", organization="Zürich Bank"))
    contacts.create_contact(_card("山田 太郎", notes="会議で会った"))
    assert find_ids("lovel") == [ada]
    assert find_ids("ANALYTICAL") == [ada]
    assert len(find_ids("zürich")) == 1
    assert len(find_ids("山田")) == 1, "two-character CJK words fall back to LIKE"
    assert find_ids("ada society") == [ada], "every word must match"
    assert find_ids("nothing-like-this") == []


def test_timeline_several_participants_newest_first(ada: int) -> None:
    cb = contacts.create_contact(_card("Charles Babbage"))
    first = timeline.log_interaction([ada, cb], "meeting", dt.datetime(2026, 1, 5, 10, 0), "engine")
    second = timeline.log_interaction([ada], "call", dt.datetime(2026, 2, 1, 9, 0), "")
    items = timeline.timeline()
    assert [i["id"] for i in items] == [second, first]
    assert {p["full_name"] for p in items[1]["participants"]} == {"Ada Lovelace", "Charles Babbage"}
    assert [i["id"] for i in timeline.timeline(cb)] == [first]
    assert contact_documents([ada])[0]["last_interaction"] == "2026-02-01"
    assert find_ids("engine") == [ada, cb] or set(find_ids("engine")) == {ada, cb}
    timeline.delete_interaction(second)
    assert contact_documents([ada])[0]["last_interaction"] == "2026-01-05"
    with pytest.raises(ServiceError, match="unknown kind"):
        timeline.log_interaction([ada], "telepathy")
    with pytest.raises(NotFound):
        timeline.log_interaction([ada, 999], "call")
    assert Interaction.select().count() == 1, "a refused interaction writes nothing"


def test_reminders_repeat_snooze_done(ada: int) -> None:
    rid = reminders.add_reminder(ada, dt.date(2026, 1, 31), "check in", "1 month")
    assert reminders.mark_done(rid, today=dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert reminders.mark_done(rid, today=dt.date(2026, 2, 28)) == dt.date(2026, 3, 31)
    one_off = reminders.add_reminder(ada, dt.date(2026, 3, 1), "send slides")
    reminders.snooze(one_off, dt.date(2026, 3, 8))
    docs = {d["id"]: d for d in reminders.open_reminders()}
    assert docs[one_off]["effective_due"] == "2026-03-08"
    assert reminders.mark_done(one_off) is None
    assert [d["id"] for d in reminders.open_reminders()] == [rid]
    with pytest.raises(ServiceError, match="repeat interval"):
        reminders.add_reminder(ada, dt.date(2026, 1, 1), every="fortnightly-ish")


def test_interaction_delete_and_edit_undo_restore_everything(db) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from netkeeper.io.card import Card
    from netkeeper.services import NotFound, contacts, followups, timeline

    ada = contacts.create_contact(Card(full_name="Ada Lovelace"))
    bob = contacts.create_contact(Card(full_name="Bob Babbage"))
    followups.set_cadence(ada, "1 month")
    iid = timeline.log_interaction([ada, bob], "coffee", dt.datetime(2026, 3, 1, 10), "engines")
    doc = timeline.interaction(iid)
    due = contacts.get_contact(ada).next_due

    saved = timeline.delete_interaction(iid)
    assert contacts.get_contact(ada).last_interaction is None
    assert timeline.timeline() == []
    timeline.restore_interaction(saved)
    assert timeline.interaction(iid) == doc
    assert contacts.get_contact(ada).next_due == due
    assert contacts.get_contact(bob).last_interaction is not None

    before = timeline.update_interaction(iid, when=dt.datetime(2026, 4, 1, 10), contact_ids=[bob])
    assert contacts.get_contact(ada).last_interaction is None
    timeline.restore_interaction(before)
    assert timeline.interaction(iid) == doc
    assert contacts.get_contact(ada).next_due == due

    try:
        timeline.update_interaction(iid, contact_ids=[ada, 999])
    except NotFound as exc:
        assert "999" in str(exc)
    else:
        raise AssertionError("a missing contact must be refused")
    assert timeline.interaction(iid) == doc
