"""The Groups view: the list of networking groups on the left, the chosen group's page
on the right (what it is for, members with attendance, meetings, commitments, and who
else might belong).

Everything is read from services/groups on refresh(); the page reloads only the
group on screen, so a group with 500 members opens in a few milliseconds.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from netkeeper.services.groups import commitments as commit_svc
from netkeeper.services.groups import groups as svc
from netkeeper.services.groups import meetings as meet_svc
from netkeeper.services.recurrence import describe
from netkeeper.ui.groups.dialogs import (
    KIND_TITLES,
    ROLE_TITLES,
    CommitmentDialog,
    GroupDialog,
    MeetingDialog,
    MemberDialog,
    ReferralDialog,
)
from netkeeper.ui.record_list import (
    RecordListView,
    RecordPage,
    record_table,
    selected_ids,
    table_page,
)
from netkeeper.ui.table_model import RowTableModel

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow


def _attendance(row: dict[str, Any]) -> str:
    seen = row["attended"] + row["missed"]
    return f"{row['attended']}/{seen}" if seen else "—"


def _owner(row: dict[str, Any]) -> str:
    return "Me" if row["owner"] == "me" else str(row["owner"]["full_name"])


class GroupPage(RecordPage):
    """One group: its purpose, then members, meetings, commitments and possible members."""

    def __init__(self) -> None:
        super().__init__("group")
        self.facts.setTextFormat(Qt.TextFormat.RichText)

        self.meeting_button = QPushButton("Log &meeting…")
        self.member_button = QPushButton("Add mem&ber…")
        self.commit_button = QPushButton("Co&mmitment…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete")
        self.meeting_button.clicked.connect(self.log_meeting)
        self.member_button.clicked.connect(lambda: self.add_member())
        self.commit_button.clicked.connect(self.add_commitment)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        bar = QHBoxLayout()
        for b in (self.meeting_button, self.member_button, self.commit_button, self.edit_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.delete_button)

        self.members = RowTableModel(
            [
                ("Name", lambda r: r["full_name"]),
                ("Role", lambda r: ROLE_TITLES.get(r["role"], r["role"])),
                ("Joined", lambda r: r["joined"]),
                ("Attended", _attendance),
            ],
            self,
        )
        self.members_table = record_table("Members", self.members)
        self.opens_contact(self.members_table, self.members)
        self.leave_button = QPushButton("Remove from group")
        self.leave_button.clicked.connect(self.remove_members)

        self.meetings = RowTableModel(
            [
                ("Date", lambda r: r["date"]),
                ("Present", lambda r: r["present_count"]),
                ("Absent", lambda r: r["absent_count"]),
                ("Notes", lambda r: " ".join((r["note"] or r["agenda"]).split())),
            ],
            self,
            tooltip=lambda r: r["agenda"] or None,
        )
        self.meetings_table = record_table("Meetings", self.meetings, stretch=3)

        self.commitments = RowTableModel(
            [
                ("Who", _owner),
                ("Commitment", lambda r: r["text"]),
                ("Due", lambda r: r["due"] or ""),
                ("Status", lambda r: r["status"]),
            ],
            self,
        )
        self.commitments_table = record_table("Commitments", self.commitments, stretch=1)
        self.done_button = QPushButton("&Done")
        self.partly_button = QPushButton("&Partly")
        self.dropped_button = QPushButton("Dropped")
        self.reopen_button = QPushButton("Reopen")
        for button, status in (
            (self.done_button, "done"),
            (self.partly_button, "partly"),
            (self.dropped_button, "dropped"),
            (self.reopen_button, "open"),
        ):
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))

        self.referrals = RowTableModel(
            [
                ("Date", lambda r: r["date"]),
                ("Member", lambda r: r["contact"]["full_name"]),
                ("", lambda r: "I gave" if r["direction"] == "given" else "I received"),
                ("Kind", lambda r: r["kind"]),
                ("What", lambda r: r["note"]),
            ],
            self,
        )
        self.referrals_table = record_table("Referrals", self.referrals, stretch=4)
        self.referral_button = QPushButton("&Record referral…")
        self.referral_button.clicked.connect(self.add_referral)
        self.referral_summary = QLabel()

        self.matches = RowTableModel(
            [
                ("Name", lambda r: r["full_name"]),
                ("Matches", lambda r: ", ".join(r["matched"])),
            ],
            self,
        )
        self.matches_table = record_table("Who might join", self.matches)
        self.opens_contact(self.matches_table, self.matches)
        self.invite_button = QPushButton("&Invite as prospect")
        self.invite_button.clicked.connect(self.invite_selected)
        self.matches_hint = QLabel()
        self.matches_hint.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("groupTabs")
        self.tabs.addTab(table_page(self.members_table, self.leave_button), "Members")
        self.tabs.addTab(self.meetings_table, "Meetings")
        self.tabs.addTab(
            table_page(
                self.commitments_table,
                self.done_button,
                self.partly_button,
                self.dropped_button,
                self.reopen_button,
            ),
            "Commitments",
        )
        referrals = table_page(self.referrals_table, self.referral_button)
        referrals.layout().insertWidget(0, self.referral_summary)  # type: ignore[union-attr]
        self.tabs.addTab(referrals, "Referrals")
        matches = table_page(self.matches_table, self.invite_button)
        matches.layout().insertWidget(0, self.matches_hint)  # type: ignore[union-attr]
        self._matches_tab = self.tabs.addTab(matches, "Who might join")
        self._matches_for: int | None = None
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    # --- loading -----------------------------------------------------------------------

    def show_record(self, group_id: int | None) -> None:
        self.record_id = group_id
        if group_id is None:
            return
        g = svc.get_group(group_id)
        self.title.setText(g.name)
        nxt = meet_svc.next_meeting(group_id)
        kept = commit_svc.kept_share(group_id)
        facts = [
            f"<b>{html.escape(KIND_TITLES.get(g.kind, g.kind))}</b>"
            f" · you are {html.escape(ROLE_TITLES.get(g.my_role, g.my_role).lower())}"
        ]
        for label, value in (
            ("Objective", g.objective),
            ("Who belongs", g.criteria),
            ("Meets", describe(g.meets) if g.meets else ""),
            ("Where", g.place),
            ("Next meeting", nxt.isoformat() if nxt else ""),
            ("Keep in touch with members", f"every {g.cadence}" if g.cadence else ""),
            ("Commitments kept", f"{round(kept * 100)} %" if kept is not None else ""),
            ("Notes", g.notes),
        ):
            if value:
                facts.append(f"{label}: {html.escape(value)}")
        self.facts.setText("<br>".join(facts))
        self.members.set_rows(svc.members(group_id))
        self.meetings.set_rows(meet_svc.meetings(group_id, people=False))
        self.commitments.set_rows(commit_svc.commitments(group_id))
        from netkeeper.services.groups.referrals import referrals

        rows = referrals(group_id)
        self.referrals.set_rows(rows)
        given = sum(1 for r in rows if r["direction"] == "given")
        self.referral_summary.setText(
            f"In this group you gave {given} and received {len(rows) - given}"
            " referrals and introductions."
            if rows
            else "Referrals and introductions you give or receive here count in each"
            " person's give and take."
        )
        self._matches_for = None  # computed when "Who might join" is shown
        if self.tabs.currentIndex() == self._matches_tab:
            self._load_matches()
        words = svc.criteria_words(g.criteria)
        self.matches_hint.setText(
            f"Contacts whose tags, organisation or title match “{', '.join(words)}”."
            if words
            else "Type membership criteria (Edit…) to see which of your contacts match."
        )
        self.delete_button.setEnabled(True)

    def _tab_changed(self, index: int) -> None:
        if index == self._matches_tab:
            self._load_matches()

    def _load_matches(self) -> None:
        """Who might join scans the address book: only when that tab is looked at."""
        if self.record_id is not None and self._matches_for != self.record_id:
            self.matches.set_rows(svc.matching_contacts(self.record_id))
            self._matches_for = self.record_id

    # --- actions -----------------------------------------------------------------------

    def log_meeting(self) -> None:
        if self.record_id is not None:
            self.run(MeetingDialog(self, self.record_id))

    def add_member(self, role: str = "member", contact: int = 0) -> None:
        if self.record_id is not None:
            self.run(MemberDialog(self, self.record_id, role=role, contact=contact))

    def add_commitment(self) -> None:
        if self.record_id is not None:
            self.run(CommitmentDialog(self, self.record_id))

    def edit(self) -> None:
        if self.record_id is not None:
            self.run(GroupDialog(self, self.record_id))

    def add_referral(self) -> None:
        if self.record_id is not None:
            self.run(ReferralDialog(self, self.record_id))

    def delete(self) -> None:
        if self.record_id is None:
            return
        name = svc.get_group(self.record_id).name
        answer = QMessageBox.question(
            self,
            "Delete Group",
            f"Delete the group “{name}” with its meetings and commitments? "
            "The contacts and their interactions stay.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            svc.delete_group(self.record_id)
            self.record_id = None
            self.changed.emit()

    def remove_members(self) -> None:
        if self.record_id is None:
            return
        for cid in selected_ids(self.members_table):
            svc.leave(self.record_id, cid)
        self.changed.emit()

    def set_status(self, status: str) -> None:
        ids = selected_ids(self.commitments_table)
        for kid in ids:
            commit_svc.set_status(kid, status)
        if ids:
            self.changed.emit()

    def invite_selected(self) -> None:
        if self.record_id is None:
            return
        ids = selected_ids(self.matches_table)
        for cid in ids:
            svc.join(self.record_id, cid, "prospect")
        if ids:
            self.changed.emit()


class GroupsView(RecordListView):
    """Networking groups: a list and the chosen group's page."""

    created = "group_id"

    def __init__(self, window: MainWindow | None = None) -> None:
        super().__init__(
            window,
            name="group",
            columns=[
                ("Group", lambda r: r["name"]),
                ("Kind", lambda r: KIND_TITLES.get(r["kind"], r["kind"])),
                ("Members", lambda r: r["members"]),
                ("Next meeting", lambda r: r["next_meeting"] or ""),
            ],
            tooltip=lambda r: r["objective"] or None,
            page=GroupPage(),
            new_text="&New group…",
            empty_html="<h3>No networking groups yet</h3>"
            "<p>A group is more than a tag: it has a purpose, a rhythm of meetings, members "
            "with roles, and the promises made there. Add the mastermind, alumni club or "
            "referral chapter you belong to, or one you run yourself.</p>",
            list_width=320,
        )

    def rows(self) -> list[dict[str, Any]]:
        return svc.all_groups()

    def new_dialog(self) -> GroupDialog:
        return GroupDialog(self)
