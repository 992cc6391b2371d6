"""The Groups view: list, group page (members, meetings, commitments, attendance),
the meeting dialog with its agenda prompt, and who might join."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from netkeeper.services.groups import commitments as commit_svc
from netkeeper.services.groups import groups as svc
from netkeeper.services.groups import meetings as meet_svc
from netkeeper.ui.groups.dialogs import CommitmentDialog, GroupDialog, MeetingDialog
from netkeeper.ui.groups.groups_view import GroupsView


def _texts(model: Any, column: int = 0) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_empty_state_then_a_group_page(qtbot: Any, make_contact: Callable[..., int]) -> None:
    view = GroupsView()
    qtbot.addWidget(view)
    assert view.right.currentWidget() is view.empty
    ada, bob = make_contact("Ada Lovelace"), make_contact("Bob Babbage")
    gid = svc.add_group(
        "Founders Mastermind", kind="mastermind", objective="grow", meets="every 2 weeks",
        my_role="organiser",
    )  # fmt: skip
    svc.join(gid, ada)
    svc.join(gid, bob)
    meet_svc.log_meeting(gid, [ada], absent=[bob])
    commit_svc.add_commitment(gid, None, "send the deck")
    view.refresh()
    assert view.right.currentWidget() is view.page
    page = view.page
    assert page.title.text() == "Founders Mastermind"
    assert "grow" in page.facts.text() and "every 2 weeks" in page.facts.text()
    assert _texts(page.members) == ["Ada Lovelace", "Bob Babbage"]
    assert _texts(page.members, 3) == ["1/1", "0/1"], "attendance per member"
    assert page.meetings.rowCount() == 1
    assert _texts(page.commitments, 1) == ["send the deck"]
    assert _texts(page.commitments, 0) == ["Me"]


def test_new_group_dialog_validates_and_saves(qtbot: Any, gui_db: Any) -> None:
    dialog = GroupDialog(None)
    qtbot.addWidget(dialog)
    dialog.name.setText("Lean Coffee Berlin")
    dialog.meets.setText("every blue moon")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog) and "blue moon" in dialog.error.text()
    assert svc.all_groups() == [], "nothing saved on bad input"
    dialog.meets.setText("first Tuesday of each month")
    dialog.cadence.setText("2 months")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (row,) = svc.all_groups()
    assert row["name"] == "Lean Coffee Berlin"
    assert svc.get_group(row["id"]).cadence == "2 months"


def test_meeting_dialog_prompts_open_commitments_and_records_absence(
    qtbot: Any, make_contact: Callable[..., int]
) -> None:
    ada, bob, cy = (make_contact(n) for n in ("Ada Lovelace", "Bob Babbage", "Cy Young"))
    gid = svc.add_group("Mastermind", meets="every 2 weeks", my_role="organiser")
    for cid in (ada, bob, cy):
        svc.join(gid, cid)
    commit_svc.add_commitment(gid, bob, "intro to a VC")
    dialog = MeetingDialog(None, gid)
    qtbot.addWidget(dialog)
    agenda = dialog.agenda.toPlainText()
    assert agenda.startswith("Open commitments from last time:")
    assert "Bob Babbage: intro to a VC" in agenda
    dialog.set_present([ada, cy])
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (meeting,) = meet_svc.meetings(gid)
    assert sorted(meeting["present"]) == sorted([ada, cy]) and meeting["absent"] == [bob]
    assert meet_svc.attendance(gid)[bob] == (0, 1)


def test_member_of_a_group_i_do_not_organise_gets_no_agenda_prompt(
    qtbot: Any, make_contact: Callable[..., int]
) -> None:
    gid = svc.add_group("Alumni", my_role="member")
    svc.join(gid, make_contact("Ada Lovelace"))
    dialog = MeetingDialog(None, gid)
    qtbot.addWidget(dialog)
    assert dialog.agenda.toPlainText() == ""


def test_commitment_status_buttons(qtbot: Any, make_contact: Callable[..., int]) -> None:
    ada = make_contact("Ada Lovelace")
    gid = svc.add_group("Mastermind", meets="every 2 weeks")
    svc.join(gid, ada)
    dialog = CommitmentDialog(None, gid)
    qtbot.addWidget(dialog)
    dialog.owner.setCurrentIndex(dialog.owner.findData(ada))
    dialog.text.setText("ship the beta")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert commit_svc.get_commitment(dialog.commitment_id).due == meet_svc.next_meeting(
        gid, dt.date.today() + dt.timedelta(days=1)
    )
    view = GroupsView()
    qtbot.addWidget(view)
    view.page.commitments_table.selectRow(0)
    view.page.partly_button.click()
    assert commit_svc.commitments(gid)[0]["status"] == "partly"
    assert _texts(view.page.commitments, 3) == ["partly"], "the page refreshed"


def test_who_might_join_and_invite(qtbot: Any, make_contact: Callable[..., int]) -> None:
    make_contact("Cleo Fintech", org="Fintech Labs", tags=["founder"])
    make_contact("Dev Other", org="Bakery")
    gid = svc.add_group("Founders", criteria="founders in fintech")
    view = GroupsView()
    qtbot.addWidget(view)
    assert view.page.matches.rowCount() == 0, "the address book is scanned only when asked"
    view.page.tabs.setCurrentIndex(view.page._matches_tab)
    assert _texts(view.page.matches) == ["Cleo Fintech"]
    view.page.matches_table.selectRow(0)
    view.page.invite_button.click()
    assert [m["role"] for m in svc.members(gid)] == ["prospect"]
    assert view.page.matches.rowCount() == 0


def test_main_window_has_groups_and_events(main_window: Any) -> None:
    assert isinstance(main_window.show_view("groups"), GroupsView)
    from netkeeper.ui.events.events_view import EventsView

    assert isinstance(main_window.show_view("events"), EventsView)


def test_reminders_show_the_meeting_and_my_commitment_and_done_keeps_it(
    qtbot: Any, make_contact: Callable[..., int]
) -> None:
    from netkeeper.ui.reminders_view import Column, RemindersView

    ada = make_contact("Ada Lovelace")
    gid = svc.add_group("Mastermind", meets="every 2 weeks", anchor=dt.date.today())
    svc.join(gid, ada)
    kid = commit_svc.add_commitment(gid, None, "send the deck", dt.date.today())
    commit_svc.add_commitment(gid, ada, "not mine", dt.date.today())
    view = RemindersView(None)
    qtbot.addWidget(view)
    view.show()
    model = view.models["today"]
    rows = {
        model.index(r, Column.KIND).data(): model.index(r, Column.NOTE).data()
        for r in range(model.rowCount())
    }
    assert rows == {"Group meeting": "Mastermind meets", "Commitment": "send the deck"}
    kinds = [model.index(r, Column.KIND).data() for r in range(model.rowCount())]
    view.select("today", kinds.index("Commitment"))
    assert view.done_button.isEnabled()
    assert not view.snooze_button.isEnabled(), "nothing to snooze on a commitment"
    view.done_button.click()
    assert commit_svc.get_commitment(kid).status == "done"
    view.select("today", 0)  # the meeting: opening a contact or logging does not apply
    assert not view.done_button.isEnabled()


def test_referral_dialog_records_in_the_ledger(
    qtbot: Any, make_contact: Callable[..., int]
) -> None:
    from netkeeper.services.people import ledger
    from netkeeper.ui.groups.dialogs import ReferralDialog

    ada = make_contact("Ada Lovelace")
    gid = svc.add_group("BNI Chapter", kind="referral")
    svc.join(gid, ada)
    dialog = ReferralDialog(None, gid)
    qtbot.addWidget(dialog)
    dialog.direction.setCurrentIndex(1)
    dialog.what.setText("a lead for the audit")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ledger.balance(ada)["received"] == 1
    view = GroupsView()
    qtbot.addWidget(view)
    assert _texts(view.page.referrals, 4) == ["a lead for the audit"]
    assert "received 1" in view.page.referral_summary.text()
