"""Dialogs of the Groups view: a group's details, a member to add, a meeting, a commitment.

Each dialog validates through the services and shows their message inline, so
a bad rhythm ("every blue moon") keeps the dialog open with the typing intact.
Ctrl+Enter saves in every one of them, as in the Log Interaction dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.model.db import db
from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import name_index
from netkeeper.services.groups import commitments as commit_svc
from netkeeper.services.groups import groups as svc
from netkeeper.services.groups import meetings as meet_svc
from netkeeper.services.recurrence import describe
from netkeeper.ui.widgets import ContactPicker

KIND_TITLES = {
    "professional": "Professional association",
    "alumni": "Alumni",
    "community": "Community / online",
    "mastermind": "Mastermind",
    "referral": "Referral group",
    "own": "My own group",
}
ROLE_TITLES = {
    "organiser": "Organiser",
    "member": "Member",
    "guest": "Guest",
    "prospect": "Prospect",
}


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class _FormDialog(QDialog):
    """A form, an inline error line, Save/Cancel, and Ctrl+Enter to save."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

    def showEvent(self, event: QShowEvent) -> None:
        # A text box takes Ctrl+Enter as a line break before any shortcut sees it.
        for edit in self.findChildren(QPlainTextEdit):
            edit.installEventFilter(self)
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def save(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def accept(self) -> None:
        try:
            with db.atomic():
                self.save()
        except ServiceError as exc:
            self.show_error(str(exc))
            return
        super().accept()


class GroupDialog(_FormDialog):
    """New group, or the details of an existing one."""

    def __init__(self, parent: QWidget | None, group_id: int | None = None) -> None:
        super().__init__(parent, "Edit Group" if group_id else "New Group")
        self.setObjectName("GroupDialog")
        self.group_id = group_id
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for key, title in KIND_TITLES.items():
            self.kind.addItem(title, key)
        self.objective = QLineEdit()
        self.objective.setAccessibleName("Objective")
        self.objective.setPlaceholderText("What is the group for? e.g. grow our companies")
        self.criteria = QLineEdit()
        self.criteria.setAccessibleName("Membership criteria")
        self.criteria.setPlaceholderText("Who belongs? e.g. founders in fintech")
        self.meets = QLineEdit()
        self.meets.setAccessibleName("Meets")
        self.meets.setPlaceholderText("e.g. first Tuesday of each month, every 2 weeks")
        self.where = QLineEdit()
        self.where.setAccessibleName("Where")
        self.where.setPlaceholderText("A place or a link")
        self.my_role = QComboBox()
        self.my_role.setAccessibleName("My role")
        for key in svc.MY_ROLES:
            self.my_role.addItem(ROLE_TITLES[key], key)
        self.my_role.setCurrentIndex(1)
        self.cadence = QLineEdit()
        self.cadence.setAccessibleName("Keep in touch with members")
        self.cadence.setPlaceholderText("e.g. 2 months (leave empty for none)")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        for label, widget in (
            ("&Name:", self.name),
            ("&Kind:", self.kind),
            ("&Objective:", self.objective),
            ("&Criteria:", self.criteria),
            ("&Meets:", self.meets),
            ("W&here:", self.where),
            ("My &role:", self.my_role),
            ("Keep in &touch:", self.cadence),
            ("N&otes:", self.notes),
        ):
            self.form.addRow(label, widget)
        if group_id is not None:
            g = svc.get_group(group_id)
            self.name.setText(g.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(g.kind)))
            self.objective.setText(g.objective)
            self.criteria.setText(g.criteria)
            self.meets.setText(describe(g.meets) if g.meets else "")
            self.where.setText(g.place)
            self.my_role.setCurrentIndex(max(0, self.my_role.findData(g.my_role)))
            self.cadence.setText(g.cadence or "")
            self.notes.setPlainText(g.notes)
        self.resize(520, 0)
        self.name.setFocus()

    def save(self) -> None:
        values: dict[str, Any] = {
            "kind": self.kind.currentData(),
            "objective": self.objective.text(),
            "criteria": self.criteria.text(),
            "meets": self.meets.text().strip() or None,
            "where": self.where.text(),
            "my_role": self.my_role.currentData(),
            "notes": self.notes.toPlainText(),
        }
        cadence = self.cadence.text().strip() or None
        if self.group_id is None:
            self.group_id = svc.add_group(self.name.text(), cadence=cadence, **values)
            return
        current = svc.get_group(self.group_id)
        if values["meets"] and current.meets and describe(current.meets) == values["meets"]:
            values["meets"] = None  # unchanged: keep its anchor
        elif values["meets"] is None and current.meets:
            values["meets"] = ""
        svc.update_group(self.group_id, name=self.name.text(), **values)
        if (cadence or None) != (current.cadence or None):
            svc.set_group_cadence(self.group_id, cadence)


class MemberDialog(_FormDialog):
    """Add a contact to the group (or invite one as a prospect)."""

    def __init__(
        self, parent: QWidget | None, group_id: int, *, role: str = "member", contact: int = 0
    ) -> None:
        super().__init__(parent, "Invite to Group" if role == "prospect" else "Add Member")
        self.setObjectName("MemberDialog")
        self.group_id = group_id
        self.contact_id: int | None = None
        current = set(svc.member_ids(group_id))
        rows = [r for r in name_index() if r[0] not in current]
        self.picker = ContactPicker(rows, "Contact")
        if contact:
            self.picker.set_contact(contact)
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for key in svc.MEMBER_ROLES:
            self.role.addItem(ROLE_TITLES[key], key)
        self.role.setCurrentIndex(max(0, self.role.findData(role)))
        self.form.addRow("&Contact:", self.picker)
        self.form.addRow("&Role:", self.role)
        self.picker.setFocus()

    def save(self) -> None:
        cid = self.picker.contact_id()
        if cid is None:
            raise ServiceError("Pick a contact from the list (type part of the name).")
        svc.join(self.group_id, cid, self.role.currentData())
        self.contact_id = cid


class CommitmentDialog(_FormDialog):
    """A promise made in the group: by me or a member, due by default at the next meeting."""

    def __init__(self, parent: QWidget | None, group_id: int) -> None:
        super().__init__(parent, "New Commitment")
        self.setObjectName("CommitmentDialog")
        self.group_id = group_id
        self.commitment_id: int | None = None
        self.owner = QComboBox()
        self.owner.setAccessibleName("Who committed")
        self.owner.addItem("Me", None)
        for m in svc.members(group_id):
            if m["role"] != "prospect":
                self.owner.addItem(m["full_name"], m["id"])
        self.text = QLineEdit()
        self.text.setAccessibleName("Commitment")
        self.text.setPlaceholderText("What was promised? e.g. send the pitch deck")
        nxt = meet_svc.next_meeting(group_id, dt.date.today() + dt.timedelta(days=1))
        self.due = QDateEdit(to_qdate(nxt or dt.date.today() + dt.timedelta(days=7)))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setAccessibleName("Due")
        self.form.addRow("&Who:", self.owner)
        self.form.addRow("W&hat:", self.text)
        due_hint = " (the next meeting)" if nxt else ""
        self.form.addRow(f"&Due{due_hint}:", self.due)
        self.text.setFocus()

    def save(self) -> None:
        self.commitment_id = commit_svc.add_commitment(
            self.group_id, self.owner.currentData(), self.text.text(), from_qdate(self.due.date())
        )


class ReferralDialog(_FormDialog):
    """A referral or introduction between me and a member, recorded in the ledger."""

    def __init__(self, parent: QWidget | None, group_id: int) -> None:
        super().__init__(parent, "Record Referral")
        self.setObjectName("ReferralDialog")
        self.group_id = group_id
        self.entry_id: int | None = None
        self.member = QComboBox()
        self.member.setAccessibleName("Member")
        for m in svc.members(group_id):
            if m["role"] != "prospect":
                self.member.addItem(m["full_name"], m["id"])
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction")
        self.direction.addItem("I gave it to them", "given")
        self.direction.addItem("They gave it to me", "received")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind in ("referral", "introduction", "business"):
            self.kind.addItem(kind.capitalize(), kind)
        self.what = QLineEdit()
        self.what.setAccessibleName("What")
        self.what.setPlaceholderText("e.g. introduced to the buyer at Acme")
        self.form.addRow("&Member:", self.member)
        self.form.addRow("&Direction:", self.direction)
        self.form.addRow("&Kind:", self.kind)
        self.form.addRow("&What:", self.what)
        self.what.setFocus()

    def save(self) -> None:
        from netkeeper.services.groups.referrals import record_referral

        cid = self.member.currentData()
        if cid is None:
            raise ServiceError("The group has no members yet.")
        self.entry_id = record_referral(
            self.group_id,
            int(cid),
            self.direction.currentData(),
            self.what.text(),
            kind=self.kind.currentData(),
        )


def agenda_prompt(group_id: int) -> str:
    """The agenda an organiser starts from: last time's open commitments first (the
    mastermind's round of accountability), then the usual parts."""
    lines = []
    open_ones = commit_svc.commitments(group_id, open_only=True)
    if open_ones:
        lines.append("Open commitments from last time:")
        for c in open_ones:
            who = "me" if c["owner"] == "me" else c["owner"]["full_name"]
            lines.append(f"- {who}: {c['text']}")
        lines.append("")
    lines += ["Wins and progress", "Hot seat", "New commitments"]
    return "\n".join(lines)


class MeetingDialog(_FormDialog):
    """Log a meeting: the date, who came (members ticked by default), guests, agenda, notes.

    Members left unticked are recorded absent; everyone present shares one interaction.
    """

    def __init__(self, parent: QWidget | None, group_id: int) -> None:
        super().__init__(parent, "Log Meeting")
        self.setObjectName("MeetingDialog")
        self.group_id = group_id
        self.meeting_id: int | None = None
        group = svc.get_group(group_id)
        self.date = QDateEdit(to_qdate(dt.date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName("Date")
        self.present = QListWidget()
        self.present.setObjectName("presentList")
        self.present.setAccessibleName("Who was there (unticked members were absent)")
        for m in svc.members(group_id):
            if m["role"] == "prospect":
                continue
            item = QListWidgetItem(f"{m['full_name']} ({ROLE_TITLES[m['role']].lower()})")
            item.setData(Qt.ItemDataRole.UserRole, m["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.present.addItem(item)
        self.present.setMaximumHeight(160)
        members = set(svc.member_ids(group_id))
        self.guest_picker = ContactPicker(
            [r for r in name_index() if r[0] not in members], "Add a guest"
        )
        add_guest = QPushButton("Add &guest")
        add_guest.setAutoDefault(False)
        add_guest.clicked.connect(self._add_guest)
        guest_row = QHBoxLayout()
        guest_row.addWidget(self.guest_picker, 1)
        guest_row.addWidget(add_guest)
        self.agenda = QPlainTextEdit()
        self.agenda.setAccessibleName("Agenda or format")
        self.agenda.setTabChangesFocus(True)
        self.agenda.setMaximumHeight(120)
        if group.my_role == "organiser":
            self.agenda.setPlainText(agenda_prompt(group_id))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Notes")
        self.note.setPlaceholderText("What happened? What did people ask for?")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(100)
        self.form.addRow("&Date:", self.date)
        self.form.addRow("&Present:", self.present)
        self.form.addRow("", guest_row)
        self.form.addRow("&Agenda:", self.agenda)
        self.form.addRow("&Notes:", self.note)
        self.resize(520, 0)
        self.present.setFocus()

    def _add_guest(self) -> None:
        cid = self.guest_picker.contact_id()
        if cid is None:
            return
        item = QListWidgetItem(f"{self.guest_picker.currentText()} (guest)")
        item.setData(Qt.ItemDataRole.UserRole, cid)
        item.setData(Qt.ItemDataRole.UserRole + 1, "guest")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.present.addItem(item)
        self.guest_picker.setCurrentIndex(0)
        self.guest_picker.clearEditText()

    def ticked(self) -> tuple[list[int], list[int], list[int]]:
        """(present members, absent members, guests)."""
        present: list[int] = []
        absent: list[int] = []
        guests: list[int] = []
        for i in range(self.present.count()):
            item = self.present.item(i)
            cid = int(item.data(Qt.ItemDataRole.UserRole))
            on = item.checkState() == Qt.CheckState.Checked
            if item.data(Qt.ItemDataRole.UserRole + 1) == "guest":
                if on:
                    guests.append(cid)
            else:
                (present if on else absent).append(cid)
        return present, absent, guests

    def set_present(self, contact_ids: Sequence[int]) -> None:
        wanted = set(contact_ids)
        for i in range(self.present.count()):
            item = self.present.item(i)
            on = int(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def save(self) -> None:
        present, absent, guests = self.ticked()
        day = from_qdate(self.date.date())
        now = dt.datetime.now()
        when = now if day == now.date() else dt.datetime.combine(day, dt.time(12, 0))
        self.meeting_id = meet_svc.log_meeting(
            self.group_id,
            present,
            absent=absent,
            guests=guests,
            when=when,
            agenda=self.agenda.toPlainText(),
            note=self.note.toPlainText(),
        )
