"""Log Interaction: thank the person who introduced you, and tell them how it went."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from netkeeper import settings as prefs
from netkeeper.services import timeline
from netkeeper.services.reminders import open_reminders
from netkeeper.ui.log_dialog import LogInteractionDialog


@pytest.fixture
def host(qtbot: Any, settings: Any) -> QWidget:
    """A window-like parent carrying the settings, as the main window does."""
    settings.set(prefs.FOLLOW_UP_DAYS, 4)
    widget = QWidget()
    widget.settings = settings  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    return widget


def _dialog(qtbot: Any, host: QWidget, ids: list[int]) -> LogInteractionDialog:
    dialog = LogInteractionDialog(host, ids)
    qtbot.addWidget(dialog)
    return dialog


def _boxes(dialog: LogInteractionDialog) -> list[tuple[str, bool]]:
    return [(box.text(), box.isChecked()) for box, _offer in dialog.thanks]


def test_first_interaction_offers_thanks_ticked_and_saves_a_reminder_on_the_introducer(
    qtbot: Any, host: QWidget, make_contact: Any
) -> None:
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Babbage", introduced_by=ada)
    dialog = _dialog(qtbot, host, [bob])
    assert _boxes(dialog) == [("Tell Ada Lovelace how it went", True)]
    assert not dialog.thanks_box.isHidden()
    (box, _offer) = dialog.thanks[0]
    assert "in 4 days" in box.toolTip()
    assert not dialog.follow_up.isChecked()  # a call: no follow-up on Bob by default
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    (reminder,) = open_reminders()
    due = dialog.when_local().date() + dt.timedelta(days=4)
    assert (reminder["contact_id"], reminder["due"]) == (ada, due.isoformat())
    assert reminder["note"] == "Tell them how it went with Bob Babbage"
    assert dialog.reminder_ids == [reminder["id"]]
    # The second time round Bob is no longer new: nothing is offered.
    again = _dialog(qtbot, host, [bob])
    assert again.thanks == [] and again.thanks_box.isHidden()


def test_first_coffee_after_emails_is_offered_unticked(
    qtbot: Any, host: QWidget, make_contact: Any
) -> None:
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Babbage", introduced_by=ada)
    timeline.log_interaction([bob], "email", dt.datetime(2026, 11, 1, 12))
    dialog = _dialog(qtbot, host, [bob])
    dialog.kind.setCurrentIndex(dialog.kind.findData("email"))
    assert dialog.thanks == [] and dialog.thanks_box.isHidden()
    dialog.kind.setCurrentIndex(dialog.kind.findData("coffee"))
    assert _boxes(dialog) == [("Tell Ada Lovelace how it went", False)]
    dialog.follow_up.setChecked(False)
    dialog.accept()
    assert open_reminders() == []  # left unticked: no thank-you reminder
    dialog = _dialog(qtbot, host, [bob])
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    assert dialog.thanks == []  # the coffee was the first meeting


def test_boxes_follow_the_participants_and_keep_the_users_choice(
    qtbot: Any, host: QWidget, make_contact: Any
) -> None:
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Babbage", introduced_by=ada)
    cy = make_contact("Cy Clerk", introduced_by=ada)
    dialog = _dialog(qtbot, host, [])
    assert dialog.thanks == []
    dialog.add_participant(bob)
    dialog.thanks[0][0].setChecked(False)
    dialog.add_participant(cy)
    assert _boxes(dialog) == [
        ("Tell Ada Lovelace how it went with Bob Babbage", False),
        ("Tell Ada Lovelace how it went with Cy Clerk", True),
    ]
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    assert [checked for _text, checked in _boxes(dialog)] == [False, True]
    dialog.add_participant(ada)  # the introducer was there: nothing to tell them
    assert dialog.thanks == []
    dialog.people.item(2).setSelected(True)
    dialog.remove_button.click()
    assert [checked for _text, checked in _boxes(dialog)] == [False, True]
    assert dialog.follow_up.isChecked()  # a meeting: follow-ups on Bob and Cy as well
    dialog.accept()
    assert sorted(r["contact_id"] for r in open_reminders()) == sorted([ada, bob, cy])
    (reminder,) = open_reminders(ada)
    assert reminder["contact_id"] == ada
    assert reminder["note"] == "Tell them how it went with Cy Clerk"
