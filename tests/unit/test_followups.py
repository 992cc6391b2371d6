"""Keep-in-touch rules through the services, on a real SQLite file per test."""

from __future__ import annotations

import datetime as dt

import pytest

from netkeeper.io.card import Card
from netkeeper.model.db import db as database
from netkeeper.services import NotFound, ServiceError, followups, reminders, tags, timeline
from netkeeper.services.contacts import create_contact, delete_contacts, restore_contacts

DAY = dt.date(2026, 11, 26)


def _contact(name: str, *, tag_names: tuple[str, ...] = (), **card: str) -> int:
    return create_contact(Card(full_name=name, **card), tags=list(tag_names))


def _log(cid: int, day: dt.date) -> int:
    return timeline.log_interaction([cid], "call", dt.datetime.combine(day, dt.time(12)))


def _next_due(cid: int) -> str | None:
    return followups.cadence_of(cid)["next_due"]  # type: ignore[no-any-return]


def test_tag_cadence_applies_and_own_setting_wins(db: object) -> None:
    ada = _contact("Ada", tag_names=("mentors",))
    bob = _contact("Bob", tag_names=("mentors", "conference 2026"))
    _log(ada, dt.date(2026, 9, 1))
    _log(bob, dt.date(2026, 9, 1))
    followups.set_tag_cadence("mentors", "1 month")
    followups.set_tag_cadence("conference 2026", "3 weeks")
    assert _next_due(ada) == "2026-10-01"
    assert _next_due(bob) == "2026-09-22"  # the most frequent of its tags
    followups.set_cadence(ada, "6 weeks")
    assert _next_due(ada) == "2026-10-13"
    assert followups.cadence_of(ada)["source"] == "contact"
    followups.set_cadence(ada, "off")
    assert _next_due(ada) is None
    followups.set_cadence(ada, None)
    assert _next_due(ada) == "2026-10-01"
    followups.set_tag_cadence("mentors", None)
    assert _next_due(ada) is None
    assert followups.tag_cadences() == {"conference 2026": "3 weeks"}


def test_tag_changes_refresh_next_due(db: object) -> None:
    cid = _contact("Ada")
    _log(cid, dt.date(2026, 9, 1))
    tags.add_tag([cid], "mentors")
    followups.set_tag_cadence("mentors", "2 weeks")
    assert _next_due(cid) == "2026-09-15"
    tags.remove_tag([cid], "mentors")
    assert _next_due(cid) is None
    tags.set_tags(cid, ["mentors"])
    assert _next_due(cid) == "2026-09-15"
    tags.rename_tag("mentors", "advisers")
    assert _next_due(cid) == "2026-09-15"
    tags.add_tag([cid], "slow")
    followups.set_tag_cadence("slow", "1 year")
    tags.rename_tag("advisers", "slow")  # a merge: the merged tag's cadence applies
    assert _next_due(cid) == "2027-09-01"
    tags.delete_tag("slow")
    assert _next_due(cid) is None


def test_never_in_touch_counts_from_creation(db: object) -> None:
    cid = _contact("New")
    followups.set_cadence(cid, "3 days")
    created = followups.local_day(
        database.execute_sql("SELECT created_at FROM contact WHERE id=?", [cid]).fetchone()[0]
    )
    assert created is not None
    (item,) = followups.due(created + dt.timedelta(days=3))
    assert (item.kind, item.note) == ("keep-in-touch", "not in touch yet")


def test_pause_trash_and_restore(db: object) -> None:
    cid = _contact("Ada")
    _log(cid, dt.date(2026, 1, 1))
    followups.set_cadence(cid, "1 week")
    assert len(followups.due(DAY)) == 1
    followups.set_paused([cid], True)
    assert followups.due(DAY) == []
    followups.set_paused([cid], False)
    delete_contacts([cid])
    assert followups.due(DAY) == []
    restore_contacts([cid])
    assert [i.kind for i in followups.due(DAY)] == ["keep-in-touch"]


def test_due_orders_most_overdue_first_and_limits(db: object) -> None:
    a = _contact("Ada", birthday="--11-26")
    b = _contact("Bob")
    c = _contact("Cy")
    followups.set_cadence(b, "1 week")
    _log(b, dt.date(2026, 11, 1))  # due 8 Nov: 18 days overdue
    reminders.add_reminder(c, dt.date(2026, 11, 20), "send the slides")  # 6 days overdue
    reminders.add_reminder(a, dt.date(2026, 11, 30), "call back")  # in 4 days
    items = followups.due(DAY, days=7)
    assert [(i.contact, i.kind, i.overdue_days) for i in items] == [
        ("Bob", "keep-in-touch", 18),
        ("Cy", "follow-up", 6),
        ("Ada", "birthday", 0),
        ("Ada", "follow-up", -4),
    ]
    assert followups.due(DAY, days=7, limit=2) == items[:2]
    assert followups.count_due(DAY) == 3
    doc = items[1].document()
    assert set(doc) >= {"contact_id", "contact", "kind", "due", "overdue_days", "note"}
    assert (doc["contact_id"], doc["due"], doc["note"]) == (c, "2026-11-20", "send the slides")
    with pytest.raises(ServiceError):
        followups.due(DAY, days=-1)


def test_reminder_notice_snooze_and_recurring_rule(db: object) -> None:
    cid = _contact("Ada")
    rid = reminders.add_reminder(
        cid, dt.date(2026, 12, 7), "board meeting", "first Monday of each month", notice_days=3
    )
    assert followups.due(dt.date(2026, 12, 3)) == []
    (item,) = followups.due(dt.date(2026, 12, 4))
    assert (item.overdue_days, item.reminder_id) == (-3, rid)
    assert item.note == "board meeting (first Monday of each month)"
    assert reminders.mark_done(rid, today=dt.date(2026, 12, 7)) == dt.date(2027, 1, 4)
    reminders.snooze(rid, dt.date(2027, 1, 10))
    assert followups.due(dt.date(2027, 1, 5)) == []
    (snoozed,) = followups.due(dt.date(2027, 1, 10))
    assert snoozed.due == dt.date(2027, 1, 10)
    with pytest.raises(ServiceError):
        reminders.add_reminder(cid, DAY, notice_days=400)


def test_snooze_all_until_tomorrow(db: object) -> None:
    a = _contact("Ada", birthday="--11-26")
    b = _contact("Bob")
    followups.set_cadence(b, "1 week")
    _log(b, dt.date(2026, 11, 1))
    reminders.add_reminder(a, DAY - dt.timedelta(days=2), "thank them")
    assert len(followups.due(DAY)) == 3
    tomorrow = DAY + dt.timedelta(days=1)
    assert followups.snooze_all(DAY, tomorrow) == 3
    assert followups.due(DAY) == []
    back = followups.due(tomorrow)
    assert sorted(i.kind for i in back) == ["birthday", "follow-up", "keep-in-touch"]
    # Logging still wins over a snooze: the cadence restarts from the new contact.
    _log(b, tomorrow)
    assert _next_due(b) == (tomorrow + dt.timedelta(weeks=1)).isoformat()


def test_recently_due_is_bounded_on_both_sides(db: object) -> None:
    old, new = _contact("Old"), _contact("New")
    followups.set_cadence(old, "1 day")
    followups.set_cadence(new, "1 day")
    _log(old, DAY - dt.timedelta(days=40))
    _log(new, DAY - dt.timedelta(days=2))
    assert [i.contact for i in followups.recently_due(DAY, 14)] == ["New"]
    assert [i.contact for i in followups.due(DAY)] == ["Old", "New"]


def test_announcements_remember_keys_and_days(db: object) -> None:
    followups.mark_announced(["a", "b"], DAY)
    followups.mark_announced(["b"], DAY + dt.timedelta(days=1))
    assert followups.announced_days(["a", "b", "c"]) == {
        "a": DAY,
        "b": DAY + dt.timedelta(days=1),
    }
    assert followups.forget_announcements(DAY + dt.timedelta(days=1)) == 1
    assert followups.announced_days(["a", "b"]) == {"b": DAY + dt.timedelta(days=1)}


def test_item_keys_change_when_the_cadence_restarts(db: object) -> None:
    cid = _contact("Ada")
    followups.set_cadence(cid, "1 week")
    _log(cid, dt.date(2026, 11, 1))
    (first,) = followups.due(DAY)
    _log(cid, dt.date(2026, 11, 10))
    (second,) = followups.due(DAY)
    assert first.key != second.key


def test_new_acquaintances_after_a_first_meeting(db: object) -> None:
    old, new = _contact("Old friend"), _contact("New face")
    _log(old, dt.date(2026, 1, 1))
    meeting = timeline.log_interaction([old, new], "meeting", dt.datetime(2026, 11, 20, 10))
    assert followups.new_acquaintances(meeting) == [new]


def test_errors_are_service_errors(db: object) -> None:
    cid = _contact("Ada")
    with pytest.raises(ServiceError, match="cadence"):
        followups.set_cadence(cid, "first Monday of each month")
    with pytest.raises(ServiceError):
        followups.set_cadence(cid, "often")
    with pytest.raises(NotFound):
        followups.set_cadence(cid + 99, "1 week")
    with pytest.raises(NotFound):
        followups.set_tag_cadence("nobody", "1 week")
    with pytest.raises(ServiceError):
        followups.set_date_notice(cid, -1)


def test_json_text_is_the_document(db: object) -> None:
    import json

    items = [
        followups.DueItem(7, 'Zoë "Zo" Ünal\\', "birthday", DAY, -3, "turns 40\nline", None),
        followups.DueItem(8, "李小龙", "follow-up", DAY, 2, "", 12),
    ]
    assert [json.loads(i.json()) for i in items] == [i.document() for i in items]
    assert json.loads(followups.documents_json(items)) == [i.document() for i in items]
    assert json.loads(followups.documents_json([])) == []


def test_imported_cards_get_their_tags_cadence(db: object, tmp_path: object) -> None:
    from pathlib import Path

    from netkeeper.services.exchange import import_files

    mentor = _contact("Existing Mentor", tag_names=("mentors",))
    followups.set_tag_cadence("mentors", "1 month")
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
        "CATEGORIES:mentors\r\nEND:VCARD\r\n"
    )
    path = Path(str(tmp_path)) / "mentor.vcf"
    path.write_bytes(card.encode())
    import_files([str(path)])
    (grace,) = [
        r[0]
        for r in database.execute_sql("SELECT id FROM contact WHERE full_name = 'Grace Hopper'")
    ]
    assert followups.cadence_of(grace)["cadence"] == "1 month"
    assert followups.cadence_of(grace)["next_due"] is not None
    assert followups.cadence_of(mentor)["next_due"] is not None


def test_snooze_all_matches_a_full_recompute(db: object) -> None:
    a, b = _contact("Ada"), _contact("Bob")
    for cid in (a, b):
        followups.set_cadence(cid, "1 week")
        _log(cid, dt.date(2026, 11, 1))  # due 8 November
    later = DAY + dt.timedelta(days=30)
    followups.snooze_all(DAY, later, followups.due(DAY)[:1])  # Ada: far ahead
    assert followups.due(DAY) == followups.due(DAY)[:1] and followups.due(DAY)[0].contact == "Bob"
    # Snoozing both "until tomorrow": Bob takes the fast path, Ada (snoozed further
    # already) is recomputed: her next due becomes tomorrow as well.
    items = followups.due(later)
    tomorrow = DAY + dt.timedelta(days=1)
    followups.snooze_all(DAY, tomorrow, items)
    stored = {cid: _next_due(cid) for cid in (a, b)}
    followups.refresh_next_due([a, b])
    assert (
        stored
        == {cid: _next_due(cid) for cid in (a, b)}
        == {
            a: tomorrow.isoformat(),
            b: tomorrow.isoformat(),
        }
    )
