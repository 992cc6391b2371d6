"""The first-run "This is me" prompt: a bar above the views, never a modal dialog.

Shown while no contact is marked as the user and the address book is not empty
(an empty one has nobody to pick yet). "This is me…" picks the card; "Not now"
hides it for this session; "Don't ask again" remembers that in the settings.
Relationships, favours and introductions with "me" need this one card.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from netkeeper.services.contact_rows import live_count, name_index
from netkeeper.services.people.me import me_id, set_me
from netkeeper.ui.widgets import ContactPicker

DISMISSED_KEY = "people/me_prompt_dismissed"


class MePrompt(QFrame):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("mePrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._later = False
        text = QLabel(
            "<b>Which contact is you?</b> Mark your own card so NetKeeper can keep your"
            " relationships, favours and introductions, and fill My profile."
        )
        text.setWordWrap(True)
        self.choose = QPushButton("This is &me…")
        self.choose.clicked.connect(self.pick)
        later = QPushButton("Not now")
        later.clicked.connect(self.not_now)
        never = QPushButton("Don't ask again")
        never.clicked.connect(self.never)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(text, 1)
        row.addWidget(self.choose)
        row.addWidget(later)
        row.addWidget(never)
        self.refresh()

    def _dismissed(self) -> bool:
        q = getattr(getattr(self.window_, "settings", None), "qsettings", None)
        return bool(q is not None and str(q.value(DISMISSED_KEY, "false")).lower() == "true")

    def refresh(self) -> None:
        wanted = not self._later and not self._dismissed() and me_id() is None and live_count() > 0
        self.setVisible(wanted)

    def not_now(self) -> None:
        self._later = True
        self.refresh()

    def never(self) -> None:
        q = getattr(getattr(self.window_, "settings", None), "qsettings", None)
        if q is not None:
            q.setValue(DISMISSED_KEY, "true")
        self.not_now()

    def pick(self) -> None:
        selected = self.window_.selected_contact_ids() if self.window_ is not None else []
        dialog = PickMeDialog(self, selected[0] if len(selected) == 1 else None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window_.notify_changed()
        self.refresh()


class PickMeDialog(QDialog):
    """Pick the contact that is you (the selected one offered first)."""

    def __init__(self, parent: Any, start: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("This is me")
        self.picker = ContactPicker(name_index(), "Which contact is you")
        self.picker.set_contact(start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Your own card (create it with File ▸ New Contact if missing):"))
        layout.addWidget(self.picker)
        layout.addWidget(buttons)

    def accept(self) -> None:
        cid = self.picker.contact_id()
        if cid is None:
            self.picker.setFocus()
            return
        set_me(cid)
        super().accept()
