"""Merge two contacts: pick, field by field, which side's value stays.

Only single-valued fields need a choice (name, organisation, birthday, ...);
everything that can hold several values (emails, phones, addresses, URLs,
tags) and everything attached to a contact (interactions, reminders) is
united by the dedupe service, which the dialog says in words so nobody fears
losing history. Fields equal on both sides are hidden: they need no choice.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netkeeper.model.db import db
from netkeeper.services import ServiceError
from netkeeper.services.dedupe import MergeUndo, field_choices, merge
from netkeeper.services.names import display_name, display_names
from netkeeper.ui.widgets import counted


def _amp(text: str) -> str:
    """Button text shows '&' literally ("Kestrel & Vine"), not as a shortcut marker."""
    return text.replace("&", "&&")


def _text(name: str, value: Any) -> str:
    if value in (None, ""):
        return "(empty)"
    if name == "photo":
        return "a photo" if isinstance(value, bytes) else str(value)
    if name == "introduced_by":
        return display_name(int(value)) or f"contact {value}"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _counts(contact_id: int) -> str:
    row = db.execute_sql(
        "SELECT (SELECT count(*) FROM email WHERE contact_id = ?),"
        " (SELECT count(*) FROM phone WHERE contact_id = ?),"
        " (SELECT count(*) FROM interaction_participant WHERE contact_id = ?),"
        " (SELECT count(*) FROM reminder WHERE contact_id = ? AND done_at IS NULL)",
        (contact_id,) * 4,
    ).fetchone()
    nouns = ("email", "phone", "interaction", "open reminder")
    return ", ".join(counted(n, noun) for n, noun in zip(row, nouns, strict=True))


class MergeDialog(QDialog):
    """Choose the contact to keep and, per differing field, the value to keep.

    After Accepted, `kept_id` is the surviving contact (the other is in the trash)
    and `undo` what `dedupe.unmerge` needs to take the merge back.
    """

    def __init__(self, first_id: int, second_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge Contacts")
        self.setObjectName("MergeDialog")
        self.ids = (first_id, second_id)
        self.kept_id: int | None = None
        self.undo: MergeUndo | None = None
        self.choices = field_choices(first_id, second_id)
        shown = display_names(list(self.ids))
        names = [shown.get(i, "") for i in self.ids]

        self.keep_first = QRadioButton(f"Keep &1: {_amp(names[0])}")
        self.keep_second = QRadioButton(f"Keep &2: {_amp(names[1])}")
        self.keep_first.setChecked(True)
        keep_group = QButtonGroup(self)
        keep_group.addButton(self.keep_first)
        keep_group.addButton(self.keep_second)
        info = QLabel(
            "Both contacts' emails, phones, addresses, websites, tags, interactions and "
            "reminders are kept. The merged-away contact goes to the Trash.<br>"
            f"1: {_counts(first_id)}<br>2: {_counts(second_id)}"
        )
        info.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>1: {html.escape(names[0])}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>2: {html.escape(names[1])}</b>"), 0, 2)
        self.radios: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        row = 1
        for choice in self.choices:
            if not choice.differs:
                continue
            first = QRadioButton(_amp(_text(choice.name, choice.keep_value)))
            second = QRadioButton(_amp(_text(choice.name, choice.other_value)))
            first.setAccessibleName(f"{choice.label}: keep contact 1's value")
            second.setAccessibleName(f"{choice.label}: keep contact 2's value")
            group = QButtonGroup(self)
            group.addButton(first)
            group.addButton(second)
            (first if choice.default == "keep" else second).setChecked(True)
            grid.addWidget(QLabel(choice.label), row, 0)
            grid.addWidget(first, row, 1)
            grid.addWidget(second, row, 2)
            self.radios[choice.name] = (first, second)
            row += 1
        same = sum(1 for c in self.choices if not c.differs)
        if not self.radios:
            grid.addWidget(
                QLabel("Every single-valued field is the same on both sides."), row, 0, 1, 3
            )
        grid.setRowStretch(row + 1, 1)  # rows stay at the top, spare room below
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        fields = QWidget()
        fields.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        scroll.setAccessibleName("Fields to choose")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        # Enter means the action, never Cancel: Cancel must not become the default.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.merge_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.keep_first)
        layout.addWidget(self.keep_second)
        layout.addWidget(info)
        layout.addWidget(scroll, 1)
        verb = "is" if same == 1 else "are"
        layout.addWidget(QLabel(f"{counted(same, 'field')} equal on both sides {verb} not shown."))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(760, 520)
        self.keep_first.setFocus(Qt.FocusReason.OtherFocusReason)

    def keep_and_other(self) -> tuple[int, int]:
        first, second = self.ids
        return (first, second) if self.keep_first.isChecked() else (second, first)

    def field_picks(self) -> dict[str, str]:
        """Per differing field, "keep" or "other" relative to the contact being kept."""
        picks: dict[str, str] = {}
        first_kept = self.keep_first.isChecked()
        for name, (first, _second) in self.radios.items():
            first_wins = first.isChecked()
            picks[name] = "keep" if first_wins == first_kept else "other"
        return picks

    def accept(self) -> None:
        keep, other = self.keep_and_other()
        try:
            self.undo = merge(keep, other, self.field_picks())
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.kept_id = keep
        super().accept()
