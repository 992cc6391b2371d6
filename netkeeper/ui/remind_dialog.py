"""Remind Me… from a contact, and Edit Follow-up…: date, repeat, note and advance notice.

One dialog for both, because a follow-up is the same four things whether it is
new or being corrected. The repeat field takes what `netkeeper remind --every`
takes ("2 weeks", "first Monday of each month", "every other Friday"), offered
as a list to pick from and free to type; services.recurrence reads it and its
message is shown in the dialog, which stays open until the text makes sense.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netkeeper import settings as prefs
from netkeeper.model.db import db
from netkeeper.services import ServiceError
from netkeeper.services import reminders as svc
from netkeeper.services.followups import MAX_NOTICE_DAYS
from netkeeper.services.recurrence import describe, parse_every
from netkeeper.ui.widgets import action_buttons, counted

NO_REPEAT = "Does not repeat"
REPEATS = (
    NO_REPEAT,
    "every week",
    "every 2 weeks",
    "every month",
    "every 3 months",
    "every 6 months",
    "every year",
    "first Monday of each month",
    "last day of each month",
)


class RemindDialog(QDialog):
    """A new follow-up for `contact_ids` (one each), or edit `reminder` (a reminder document).

    After Accepted, `reminder_ids` holds the reminders created (new) or the one edited,
    and `previous` the edited reminder as it was (for Undo).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        contact_ids: Sequence[int] = (),
        names: Sequence[str] = (),
        reminder: dict[str, Any] | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RemindDialog")
        self.contact_ids = list(contact_ids)
        self.reminder = reminder
        self.reminder_ids: list[int] = []
        self.previous: dict[str, Any] | None = None
        today = today or dt.date.today()
        days = prefs.FOLLOW_UP_DAYS.default
        settings = getattr(parent, "settings", None)
        if settings is not None:
            days = settings.get(prefs.FOLLOW_UP_DAYS)

        self.date = QDateEdit()
        self.date.setAccessibleName("Due date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.repeat = QComboBox()
        self.repeat.setEditable(True)
        self.repeat.setAccessibleName("Repeat")
        self.repeat.setToolTip('Pick one, or type e.g. "10 days" or "every other Friday"')
        self.repeat.addItems(REPEATS)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("What to do: send the slides, ask how the move went…")
        self.notice = QSpinBox()
        self.notice.setRange(0, MAX_NOTICE_DAYS)
        self.notice.setAccessibleName("Advance notice in days")
        self.notice.setSpecialValueText("On the day")
        self.notice.setSuffix(" days early")
        self.error = QLabel()
        self.error.setObjectName("remindError")
        self.error.setWordWrap(True)
        self.error.hide()

        if reminder is not None:
            self.setWindowTitle("Edit Follow-up")
            due = dt.date.fromisoformat(reminder["due"])
            self.note.setText(reminder["note"])
            self.notice.setValue(int(reminder["notice_days"]))
            if reminder["every"]:
                self.repeat.setCurrentText(describe(reminder["every"]))
            who = reminder.get("contact", "")
            action = "&Save"
        else:
            self.setWindowTitle("Remind Me")
            due = today + dt.timedelta(days=max(1, int(days)))
            who = names[0] if len(names) == 1 else counted(len(self.contact_ids), "contact")
            action = "&Remind Me"
        self.date.setDate(QDate(due.year, due.month, due.day))

        form = QFormLayout()
        form.addRow("&On:", self.date)
        form.addRow("Re&peat:", self.repeat)
        form.addRow("&Note:", self.note)
        form.addRow("&Show:", self.notice)
        for row, buddy in enumerate((self.date, self.repeat, self.note, self.notice)):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                cast(QLabel, item.widget()).setBuddy(buddy)
        self.buttons, self.save_button = action_buttons(self, action)
        layout = QVBoxLayout(self)
        if who:
            title = QLabel(f"Follow up with <b>{_esc(who)}</b>")
            title.setWordWrap(True)
            layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 0)
        self.note.setFocus()

    def due(self) -> dt.date:
        return cast(dt.date, self.date.date().toPython())

    def every(self) -> str | None:
        """The repeat as the service stores it; None for a one-off (ServiceError if unreadable)."""
        text = self.repeat.currentText().strip()
        if not text or text.casefold() == NO_REPEAT.casefold():
            return None
        return parse_every(text)

    def accept(self) -> None:
        try:
            every = self.every()
            with db.atomic():
                if self.reminder is not None:
                    rid = int(self.reminder["id"])
                    self.previous = svc.edit_reminder(
                        rid,
                        due=self.due(),
                        note=self.note.text(),
                        every=every,
                        notice_days=self.notice.value(),
                    )
                    self.reminder_ids = [rid]
                else:
                    self.reminder_ids = [
                        svc.add_reminder(
                            cid,
                            self.due(),
                            self.note.text(),
                            every,
                            notice_days=self.notice.value(),
                        )
                        for cid in self.contact_ids
                    ]
        except ServiceError as exc:
            self.reminder_ids, self.previous = [], None
            self.error.setText(str(exc))
            self.error.show()
            self.repeat.setFocus()
            return
        super().accept()


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def _changed(window: Any, message: str, undo: Any) -> None:
    notify = getattr(window, "notify_changed", None)
    if notify is not None:
        notify()
    show_undo = getattr(window, "show_undo", None)
    if show_undo is not None:
        show_undo(message, undo)


def remind(window: Any, contact_ids: Sequence[int], names: Sequence[str] = ()) -> list[int]:
    """Remind Me… for these contacts, with Undo; returns the new reminders' ids."""
    if not contact_ids:
        return []
    parent = window if isinstance(window, QWidget) else None
    dialog = RemindDialog(parent, contact_ids, names)
    saved = dialog.exec() == QDialog.DialogCode.Accepted
    ids, due = dialog.reminder_ids, dialog.due()
    dialog.deleteLater()
    if not saved:
        return []
    who = names[0] if len(names) == 1 else counted(len(contact_ids), "contact")
    _changed(window, f"Reminder for {who} on {due.isoformat()}", lambda: svc.delete_reminders(ids))
    return ids


def edit_follow_up(window: Any, reminder_id: int, contact: str = "") -> bool:
    """Edit Follow-up… for one reminder, with Undo; True when it was saved."""
    parent = window if isinstance(window, QWidget) else None
    doc = svc.reminder_document(reminder_id)
    doc["contact"] = contact
    dialog = RemindDialog(parent, reminder=doc)
    saved = dialog.exec() == QDialog.DialogCode.Accepted
    previous = dialog.previous
    dialog.deleteLater()
    if not saved or previous is None:
        return False
    kept = previous
    _changed(window, "Follow-up changed", lambda: svc.restore_reminder(kept))
    return True
