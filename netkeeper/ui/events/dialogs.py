"""Dialogs of the Events view: an event's details, someone to meet, and quick capture.

Quick capture is built for a hallway: one window, keyboard only, Enter saves the
person and clears the form for the next one, Escape closes. Each saved person
gets "met at" this event and the event's tag (services/events.quick_capture).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError
from netkeeper.services import events as svc
from netkeeper.services.contact_rows import name_index
from netkeeper.ui.groups.dialogs import _FormDialog, from_qdate, to_qdate
from netkeeper.ui.widgets import ContactPicker


class EventDialog(_FormDialog):
    """New event, or the details of an existing one."""

    def __init__(self, parent: QWidget | None, event_id: int | None = None) -> None:
        super().__init__(parent, "Edit Event" if event_id else "New Event")
        self.setObjectName("EventDialog")
        self.event_id = event_id
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("e.g. PyCon Europe 2027")
        today = to_qdate(dt.date.today())
        self.starts = QDateEdit(today)
        self.ends = QDateEdit(today)
        for edit, name in ((self.starts, "First day"), (self.ends, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.starts.dateChanged.connect(self._keep_order)
        self.where = QLineEdit()
        self.where.setAccessibleName("Where")
        self.where.setPlaceholderText("A place or a link")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&First day:", self.starts)
        self.form.addRow("&Last day:", self.ends)
        self.form.addRow("&Where:", self.where)
        self.form.addRow("N&otes:", self.notes)
        if event_id is not None:
            e = svc.get_event(event_id)
            self.name.setText(e.name)
            self.starts.setDate(to_qdate(svc._day(e.starts)))
            self.ends.setDate(to_qdate(svc._day(e.ends)))
            self.where.setText(e.place)
            self.notes.setPlainText(e.notes)
        self.resize(460, 0)
        self.name.setFocus()

    def _keep_order(self) -> None:
        if self.ends.date() < self.starts.date():
            self.ends.setDate(self.starts.date())

    def save(self) -> None:
        first, last = from_qdate(self.starts.date()), from_qdate(self.ends.date())
        if self.event_id is None:
            self.event_id = svc.add_event(
                self.name.text(),
                first,
                last,
                where=self.where.text(),
                notes=self.notes.toPlainText(),
            )
            return
        svc.update_event(
            self.event_id,
            name=self.name.text(),
            starts=first,
            ends=last,
            where=self.where.text(),
            notes=self.notes.toPlainText(),
        )


class PlanDialog(_FormDialog):
    """Someone to meet at the event, and why."""

    def __init__(self, parent: QWidget | None, event_id: int) -> None:
        super().__init__(parent, "Plan to Meet")
        self.setObjectName("PlanDialog")
        self.event_id = event_id
        self.picker = ContactPicker(name_index(), "Contact")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("What to talk about, e.g. ask about the grant")
        self.form.addRow("&Contact:", self.picker)
        self.form.addRow("&Note:", self.note)
        self.picker.setFocus()

    def save(self) -> None:
        cid = self.picker.contact_id()
        if cid is None:
            raise ServiceError("Pick a contact from the list (type part of the name).")
        svc.plan(self.event_id, cid, self.note.text())


class MetDialog(_FormDialog):
    """Someone already in the address book, met at the event."""

    def __init__(self, parent: QWidget | None, event_id: int) -> None:
        super().__init__(parent, "Met at Event")
        self.setObjectName("MetDialog")
        self.event_id = event_id
        self.picker = ContactPicker(name_index(), "Contact")
        self.form.addRow("&Contact:", self.picker)
        self.picker.setFocus()

    def save(self) -> None:
        cid = self.picker.contact_id()
        if cid is None:
            raise ServiceError("Pick a contact from the list (type part of the name).")
        svc.met(self.event_id, cid)


class QuickCaptureDialog(QDialog):
    """New people met at an event, one after another, keyboard only.

    Enter saves and starts the next; Escape closes (nothing typed is lost: an
    unsaved name asks first). `saved` lists the contact ids created.
    """

    def __init__(self, parent: QWidget | None, event_id: int) -> None:
        super().__init__(parent)
        self.event_id = event_id
        event = svc.get_event(event_id)
        self.setWindowTitle(f"Quick Capture — {event.name}")
        self.setObjectName("QuickCaptureDialog")
        self.saved: list[int] = []
        self._photo: tuple[bytes, str] | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("Full name")
        self.org = QLineEdit()
        self.org.setAccessibleName("Organisation")
        self.line = QLineEdit()
        self.line.setAccessibleName("One line to remember them by")
        self.line.setPlaceholderText("e.g. works on search at Acme, wants the slides")
        self.photo_button = QPushButton("P&hoto…")
        self.photo_button.setAutoDefault(False)
        self.photo_button.clicked.connect(self._choose_photo)
        self.photo_label = QLabel()
        for edit in (self.name, self.org, self.line):
            edit.returnPressed.connect(self.save_and_next)
        self.status = QLabel("Enter saves and starts the next person; Escape closes.")
        self.status.setObjectName("captureStatus")
        self.status.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Captured so far")
        self.recent.setMaximumHeight(120)
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Organisation:", self.org)
        form.addRow("&Remember:", self.line)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_label, 1)
        form.addRow("", photo_row)
        done = QPushButton("Close")
        done.setAutoDefault(False)
        done.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.recent)
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignRight)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save_and_next)
        self.resize(440, 0)
        self.name.setFocus()

    def _choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose Photo", str(Path.home()), "Images (*.png *.jpg *.jpeg *.webp)"
        )
        if path:
            data = Path(path).read_bytes()
            mime = "image/png" if path.lower().endswith(".png") else "image/jpeg"
            self._photo = (data, mime)
            self.photo_label.setText(Path(path).name)

    def save_and_next(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.status.setText("Type a name first (Escape closes).")
            self.name.setFocus()
            return
        photo, mime = self._photo if self._photo else (None, None)
        try:
            cid = svc.quick_capture(
                self.event_id,
                name,
                organization=self.org.text(),
                line=self.line.text(),
                photo=photo,
                photo_mime=mime,
            )
        except ServiceError as exc:
            self.status.setText(str(exc))
            return
        self.saved.append(cid)
        org = self.org.text().strip()
        self.recent.insertItem(0, f"{name} — {org}" if org else name)
        for edit in (self.name, self.org, self.line):
            edit.clear()
        self._photo = None
        self.photo_label.clear()
        self.status.setText(f"Saved {name}. {len(self.saved)} captured; next person:")
        self.name.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter means "save this person", never "close the dialog".
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save_and_next()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.name.text().strip():
            answer = QMessageBox.question(
                self,
                "Unsaved Person",
                f"Save {self.name.text().strip()} before closing?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save_and_next()
        if self.saved:
            self.accept()
        else:
            super().reject()
