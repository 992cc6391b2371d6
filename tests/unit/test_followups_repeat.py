"""DueItem.repeat: a follow-up's rule in words, for views that show it in its own column."""

from __future__ import annotations

import datetime as dt

from netkeeper.io.card import Card
from netkeeper.services import followups, reminders
from netkeeper.services.contacts import create_contact

DAY = dt.date(2026, 11, 26)


def test_due_items_carry_the_repeat_rule_in_words(db: object) -> None:
    cid = create_contact(Card(full_name="Ada", birthday="--11-26"))
    reminders.add_reminder(cid, DAY, "monthly", "1 month")
    reminders.add_reminder(cid, DAY, "fortnightly", "2 weeks")
    reminders.add_reminder(cid, DAY, "once")
    got = {(i.kind, i.note): i.repeat for i in followups.due(DAY, 7)}
    assert got == {
        ("follow-up", "monthly (every month)"): "every month",
        ("follow-up", "fortnightly (every 2 weeks)"): "every 2 weeks",
        ("follow-up", "once"): None,
        ("birthday", ""): None,
    }
    # Not part of the `due --json` contract, nor of an item's identity.
    assert "repeat" not in followups.due(DAY, 7)[0].document()
