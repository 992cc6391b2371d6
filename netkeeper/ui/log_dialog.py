"""Log interaction (Ctrl+L from anywhere): kind, when, who, a note, and an optional follow-up.

The participants are picked one by one with a completing contact picker and
collected in a list, because a meeting often has several people and the
picker must stay fast over 50,000 names. The follow-up defaults to the
user's FOLLOW_UP_DAYS and is offered ticked after a meeting-like kind, when a
thank-you or the promised material is most often forgotten.
When a participant was introduced by someone and this is the first interaction
with them (or the first meeting, coffee or call), a "Tell <introducer> how it
went" box offers a reminder on the introducer in FOLLOW_UP_DAYS: the rule is
services.people.introductions.introducers_to_tell, this dialog only shows it
(the thank-you itself was due when the introduction was recorded).
Saving is one transaction: the interaction plus one service call per reminder, so
the window's `data_changed` refreshes everything afterwards.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netkeeper import settings as prefs
from netkeeper.model.db import db
from netkeeper.model.tables import INTERACTION_KINDS
from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import name_index, name_labels
from netkeeper.services.dates import utc_to_local
from netkeeper.services.people.introductions import (
    IntroducerTell,
    introducers_to_tell,
)
from netkeeper.services.people.introductions import tell as tell_introducer
from netkeeper.services.reminders import add_reminder
from netkeeper.services.timeline import (
    InteractionSnapshot,
    delete_interaction,
    interaction,
    log_interaction,
    restore_interaction,
    update_interaction,
)
from netkeeper.ui.recovery import write_failure
from netkeeper.ui.widgets import ContactPicker


def log_for(window: Any, contact_ids: Sequence[int]) -> bool:
    """Open the dialog with these people filled in; True (and data_changed) when it saved.

    Views use this so "Log Interaction…" starts with the person in front of the user
    (the filtered contact in the Timeline, the selected reminder's contact).
    """
    parent = window if isinstance(window, QWidget) else None
    dialog = LogInteractionDialog(parent, contact_ids)
    saved = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if saved:
        notify = getattr(window, "notify_changed", None)
        if notify is not None:
            notify()
    return saved


FOLLOW_UP_TEXT = 100


def first_line(note: str, width: int = FOLLOW_UP_TEXT) -> str:
    """The note's first line for a follow-up's text, shortened between words (inside a
    word only when one word is longer than `width`).

    A hard cut at 80 characters once left "Follow up: send Ada the slides from the
    engi" in the Reminders list.
    """
    lines = note.strip().splitlines()
    line = " ".join(lines[0].split()) if lines else ""
    if len(line) <= width:
        return line
    cut = line[: width + 1].rsplit(" ", 1)[0] if " " in line[: width + 1] else line[:width]
    return cut.rstrip(" ,;:.-–—") + "…"


def _describe(doc: dict[str, Any]) -> str:
    names = [p["full_name"] for p in doc["participants"]]
    who = names[0] if len(names) == 1 else f"{len(names)} people"
    return f"{doc['kind']} with {who}"


def edit_interaction(window: Any, interaction_id: int) -> bool:
    """Edit Interaction… (F2 in the Timeline) with Undo; True when it saved."""
    parent = window if isinstance(window, QWidget) else None
    dialog = LogInteractionDialog(parent, interaction_id=interaction_id)
    saved = dialog.exec() == QDialog.DialogCode.Accepted
    previous = dialog.previous
    dialog.deleteLater()
    if not saved or previous is None:
        return False
    _changed(
        window,
        f"Changed the {_describe(interaction(interaction_id))}",
        lambda: restore_interaction(previous),
    )
    return True


def delete_with_undo(window: Any, interaction_id: int) -> bool:
    """Delete an interaction at once (Delete in the Timeline), with Undo in the status bar."""
    doc = interaction(interaction_id)
    saved = delete_interaction(interaction_id)
    _changed(window, f"Deleted the {_describe(doc)}", lambda: restore_interaction(saved))
    return True


def _changed(window: Any, message: str, undo: Any) -> None:
    notify = getattr(window, "notify_changed", None)
    if notify is not None:
        notify()
    show_undo = getattr(window, "show_undo", None)
    if show_undo is not None:
        show_undo(message, undo)


# Kinds after which a follow-up is usually wanted (ticked by default).
FOLLOW_UP_KINDS = ("meeting", "coffee", "event")


class LogInteractionDialog(QDialog):
    """Record one interaction with one or more contacts.

    After `exec()` returns Accepted, `interaction_id` holds the new id and
    `reminder_ids` the follow-ups created (thank-yous to introducers included).
    """

    def __init__(
        self,
        window: QWidget | None,
        contact_ids: Sequence[int] = (),
        interaction_id: int | None = None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("LogInteractionDialog")
        self.interaction_id: int | None = None
        self.reminder_ids: list[int] = []
        self.ledger_ids: list[int] = []
        # Edit mode: the interaction being corrected, and after Save how it was (for Undo).
        self.editing: dict[str, Any] | None = None
        self.previous: InteractionSnapshot | None = None
        if interaction_id is not None:
            self.editing = interaction(interaction_id)
            contact_ids = [int(p["id"]) for p in self.editing["participants"]]
        self.setWindowTitle("Edit Interaction" if self.editing else "Log Interaction")
        rows = name_index()
        self._names = name_labels()

        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind in INTERACTION_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setAccessibleName("Date and time")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        # Unticked: a day without a time ("met at the conference on the 3rd"), stored and
        # shown as a date, never as an invented 12:00.
        self.timed = QCheckBox("At a &time")
        self.timed.setAccessibleName("The interaction has a time of day")
        self.timed.setChecked(True)
        self.timed.toggled.connect(self._timed_changed)
        self.ahead = QLabel()
        self.ahead.setObjectName("aheadWarning")
        self.ahead.setWordWrap(True)
        self.when.dateTimeChanged.connect(self._check_ahead)

        self.picker = ContactPicker(rows, "Add participant")
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add participant")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_from_picker)
        edit = self.picker.lineEdit()
        assert edit is not None  # an editable combo box always has one
        edit.returnPressed.connect(self._add_from_picker)
        self.people = QListWidget()
        self.people.setAccessibleName("Participants")
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people.setMaximumHeight(110)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove selected participants")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._remove_selected)

        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("What did you talk about? What did you promise?")
        self.note.setTabChangesFocus(True)

        days = prefs.FOLLOW_UP_DAYS.default
        settings = getattr(window, "settings", None)
        if settings is not None:
            days = settings.get(prefs.FOLLOW_UP_DAYS)
        self.follow_up = QCheckBox("&Follow up in")
        self.follow_up.setAccessibleName("Create a follow-up reminder")
        self.follow_days = QSpinBox()
        self.follow_days.setRange(1, 365)
        self.follow_days.setValue(max(1, int(days)))
        self.follow_days.setSuffix(" days")
        self.follow_days.setAccessibleName("Follow up after this many days")
        self.follow_up.toggled.connect(self.follow_days.setEnabled)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        # One box per introducer worth thanking; rebuilt as people and kind change.
        self.thank_days = max(1, int(days))
        self.thanks: list[tuple[QCheckBox, IntroducerTell]] = []
        self._thank_choices: dict[tuple[int, int], bool] = {}  # (contact, introducer) -> ticked
        self.thanks_box = QWidget()
        self.thanks_box.setObjectName("thanksBox")
        QVBoxLayout(self.thanks_box).setContentsMargins(0, 0, 0, 0)
        self.thanks_box.hide()

        from netkeeper.ui.people.before_you_talk import BeforeYouTalk, FavourRow

        self.before = BeforeYouTalk()
        self.favours = FavourRow()

        self.error = QLabel()
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.setWordWrap(True)
        self.error.hide()

        pick_row = QHBoxLayout()
        pick_row.addWidget(self.picker, 1)
        pick_row.addWidget(self.add_button)
        people_row = QHBoxLayout()
        people_row.addWidget(self.people, 1)
        people_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_days)
        follow_row.addStretch(1)

        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(self.timed)
        # Alt+H: Alt+W belongs to "With", the field typed into most.
        when_label = QLabel("W&hen:")
        when_label.setBuddy(self.when)
        form.addRow(when_label, when_row)
        form.addRow("", self.ahead)
        self._form = form
        form.setRowVisible(self.ahead, False)
        form.addRow("&With:", pick_row)
        form.addRow("", people_row)
        form.addRow("", self.before)
        form.addRow("&Note:", self.note)
        form.addRow("", follow_row)
        form.addRow("", self.thanks_box)
        form.addRow("", self.favours)
        # Rows: kind, when, ahead, with, people, before you talk, note ...
        for label_row, buddy in ((0, self.kind), (3, self.picker), (6, self.note)):
            label = form.itemAt(label_row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(buddy)  # type: ignore[union-attr]

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("Save (Ctrl+Enter, also from the note)")
        # Return in the note starts a new line, so saving needs its own key; Ctrl+Enter
        # is what mail and chat clients use. Both Enter keys (main and keypad).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 560)

        for cid in contact_ids:
            self.add_participant(int(cid))
        self._kind_changed()
        if self.editing is not None:
            self._fill_from(self.editing)
            self.favours.hide()  # favours are noted when logging, not when correcting
        self._check_ahead()
        # Tab order follows the form from top to bottom.
        order = [
            self.kind,
            self.when,
            self.timed,
            self.picker,
            self.add_button,
            self.people,
            self.remove_button,
            self.note,
            self.follow_up,
            self.follow_days,
            self.buttons,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._order_thanks_tabs()
        (self.note if contact_ids else self.picker).setFocus()

    def _fill_from(self, doc: dict[str, Any]) -> None:
        """Edit mode: the stored kind, time and note; no follow-up or thank-you offers
        (they belong to logging something new, and were offered then)."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(doc["kind"])))
        local = utc_to_local(dt.datetime.fromisoformat(doc["when"].rstrip("Z")))
        self.when.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
        self.timed.setChecked(not doc.get("all_day"))
        self.note.setPlainText(doc["note"])
        self.follow_up.setChecked(False)
        for widget in (self.follow_up, self.follow_days):
            widget.hide()
        self.thanks_box.hide()
        self.thanks = []
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")

    # --- participants ------------------------------------------------------------------

    def participant_ids(self) -> list[int]:
        return [
            int(self.people.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.people.count())
        ]

    def add_participant(self, contact_id: int) -> bool:
        if contact_id in self.participant_ids() or contact_id not in self._names:
            return False
        item = QListWidgetItem(self._names[contact_id])
        item.setData(Qt.ItemDataRole.UserRole, contact_id)
        self.people.addItem(item)
        self._refresh_thanks()
        return True

    def _add_from_picker(self) -> None:
        cid = self.picker.contact_id()
        if cid is None:
            if self.picker.currentText().strip():
                self._show_error("Pick a contact from the list (type part of the name).")
            return
        self.add_participant(cid)
        self.picker.setCurrentIndex(0)
        self.picker.clearEditText()
        self.error.hide()

    def _remove_selected(self) -> None:
        for item in self.people.selectedItems():
            self.people.takeItem(self.people.row(item))
        self._refresh_thanks()

    def _kind_changed(self) -> None:
        self.follow_up.setChecked(self.kind.currentData() in FOLLOW_UP_KINDS)
        self.follow_days.setEnabled(self.follow_up.isChecked())
        self._refresh_thanks()

    def _refresh_thanks(self) -> None:
        if getattr(self, "editing", None) is not None:
            return  # thank-yous are offered when an interaction is logged, not corrected
        self._offer_thanks()

    def _offer_thanks(self) -> None:
        """Offer a thank-you per introduced participant met for the first time.

        Ticked by default for a first interaction, unticked for a first meeting after
        emails; a box the user ticked or unticked keeps that choice, even when it comes
        back after its person was removed and added again.
        """
        offers = introducers_to_tell(self.participant_ids(), str(self.kind.currentData()))
        layout = self.thanks_box.layout()
        assert layout is not None
        for box, _offer in self.thanks:
            layout.removeWidget(box)
            box.deleteLater()
        self.thanks = []
        for offer in offers:
            text = f"Tell {offer.introducer} how it went"
            if len(offers) > 1:
                text += f" with {offer.contact}"
            box = QCheckBox(text)
            key = (offer.contact_id, offer.introducer_id)
            box.setChecked(self._thank_choices.get(key, offer.first))
            box.toggled.connect(lambda on, key=key: self._thank_choices.__setitem__(key, on))
            tip = f"A reminder on {offer.introducer} in {self.thank_days} days: {offer.note}"
            box.setToolTip(tip)
            box.setAccessibleName(text)
            box.setAccessibleDescription(tip)
            layout.addWidget(box)
            self.thanks.append((box, offer))
        self.thanks_box.setVisible(bool(offers))
        self._order_thanks_tabs()
        self.before.set_people(self.participant_ids(), self._names)
        self.favours.set_people(self.participant_ids(), self._names)
        self._order_thanks_tabs()

    def _order_thanks_tabs(self) -> None:
        """Tab goes from the participants through "Before you talk" to the note, and from the
        follow-up days through the thank-you boxes and the favours to the buttons."""
        previous: QWidget = self.remove_button
        for question, _qid in self.before.questions:
            QWidget.setTabOrder(previous, question)
            previous = question
        QWidget.setTabOrder(previous, self.note)
        previous = self.follow_days
        for box, _offer in self.thanks:
            QWidget.setTabOrder(previous, box)
            previous = box
        favours = getattr(self, "favours", None)
        if favours is not None:
            for widget in (
                favours.gave,
                favours.gave_kind,
                favours.got,
                favours.got_kind,
                favours.who,
            ):
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.buttons)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # --- saving ------------------------------------------------------------------------

    def when_local(self) -> dt.datetime:
        moment = cast(dt.datetime, self.when.dateTime().toPython())
        return moment.replace(second=0, microsecond=0)

    def all_day(self) -> bool:
        return not self.timed.isChecked()

    def _timed_changed(self, timed: bool) -> None:
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm" if timed else "yyyy-MM-dd")
        self._check_ahead()

    def is_ahead(self) -> bool:
        """Dated after now (a day: after today), so it will not count as being in touch yet."""
        if self.all_day():
            return self.when_local().date() > dt.date.today()
        return self.when_local() > dt.datetime.now() + dt.timedelta(minutes=1)

    def _check_ahead(self, *_args: Any) -> None:
        """Warn while the date is ahead: logging is for what happened; a planned meeting
        counts as the last contact, and restarts keep-in-touch, only once its time comes."""
        if self.is_ahead():
            day = self.when_local().date().isoformat()
            self.ahead.setText(
                f"⚠ This is dated ahead ({day}). It counts as being in touch, and restarts "
                "keep-in-touch, only once that time has come."
            )
        form = getattr(self, "_form", None)
        if form is not None:  # rows collapse; a hidden field alone would leave a gap
            form.setRowVisible(self.ahead, self.is_ahead())

    def reject(self) -> None:
        """Escape or Cancel asks first when a note was written: it may be the only record."""
        note = self.note.toPlainText().strip()
        if self.editing is not None:  # correcting: ask only when the note was changed
            changed = note != str(self.editing["note"]).strip()
            question = "Discard your changes to this interaction?"
        else:
            changed = bool(note)
            question = "Discard this interaction and its note?"
        if changed:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                question,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def accept(self) -> None:
        if self.picker.currentText().strip():
            self._add_from_picker()  # a name typed but not yet added still counts
        ids = self.participant_ids()
        if not ids:
            self._show_error("Add at least one person this interaction was with.")
            self.picker.setFocus()
            return
        when = self.when_local()
        note = self.note.toPlainText()
        if self.editing is not None:
            try:
                self.previous = update_interaction(
                    int(self.editing["id"]),
                    kind=str(self.kind.currentData()),
                    when=when,
                    note=note,
                    contact_ids=ids,
                    all_day=self.all_day(),
                )
            except ServiceError as exc:
                self._show_error(str(exc))
                return
            except Exception as exc:  # the database itself: busy, full, read-only
                message = write_failure(exc)
                if message is None:
                    raise
                self._show_error(message)
                return
            self.interaction_id = int(self.editing["id"])
            super().accept()
            return
        try:
            with db.atomic():  # the interaction and its follow-ups land together
                self.interaction_id = log_interaction(
                    ids, str(self.kind.currentData()), when, note, all_day=self.all_day()
                )
                if self.follow_up.isChecked():
                    due = when.date() + dt.timedelta(days=self.follow_days.value())
                    text = first_line(note)
                    reminder_note = f"Follow up: {text}" if text else "Follow up"
                    self.reminder_ids = [add_reminder(cid, due, reminder_note) for cid in ids]
                thank_due = when.date() + dt.timedelta(days=self.thank_days)
                self.reminder_ids += [
                    tell_introducer(offer, thank_due)
                    for box, offer in self.thanks
                    if box.isChecked()
                ]
                self.before.save(when.date())
                self.ledger_ids = self.favours.save(self.interaction_id, when.date())
        except ServiceError as exc:
            self.interaction_id, self.reminder_ids = None, []
            self._show_error(str(exc))
            return
        except Exception as exc:  # the database itself: busy, full, read-only
            message = write_failure(exc)
            if message is None:
                raise
            self.interaction_id, self.reminder_ids = None, []
            self._show_error(message)
            return
        super().accept()
