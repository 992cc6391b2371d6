"""The contact editor: every modelled field, saved through the contacts service in one go.

The editor edits a `Card` loaded with `get_card`, so the vCard properties
NetKeeper does not model (kept from the import) survive an edit untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netkeeper.io.card import Card
from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import name_index
from netkeeper.services.contacts import create_contact, get_card, get_contact, update_contact
from netkeeper.services.tags import tag_counts
from netkeeper.ui.avatars import avatar
from netkeeper.ui.recovery import write_failure
from netkeeper.ui.widgets import (
    EMAIL_TYPES,
    PHONE_TYPES,
    PHOTO_FOLDER_KEY,
    URL_TYPES,
    AddressList,
    CalendarDateEdit,
    ContactPicker,
    TagsEdit,
    TypedValueList,
    remember_folder,
    start_folder,
)

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow

# Photos bigger than this are scaled down before they go into the database and every export.
MAX_PHOTO_BYTES = 512 * 1024
MAX_PHOTO_SIDE = 720

_NAME_PARTS = (
    ("honorific_prefix", "Prefix"),
    ("given_name", "Given name"),
    ("additional_names", "Middle names"),
    ("family_name", "Family name"),
    ("honorific_suffix", "Suffix"),
)


def load_photo(path: str) -> tuple[bytes, str]:
    """Read an image file as (bytes, mime), re-encoding big ones as a JPEG of sensible size.

    Raises ServiceError when the file is not an image Qt can read.
    """
    reader = QImageReader(path)
    fmt = bytes(reader.format().data()).decode().lower()
    image = reader.read()
    if image.isNull():
        raise ServiceError(f"{path} is not an image NetKeeper can read ({reader.errorString()})")
    with open(path, "rb") as fh:
        data = fh.read()
    mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif"}
    if len(data) <= MAX_PHOTO_BYTES and fmt in mime:
        return data, mime[fmt]
    if max(image.width(), image.height()) > MAX_PHOTO_SIDE:
        image = image.scaled(
            MAX_PHOTO_SIDE,
            MAX_PHOTO_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 88)  # type: ignore[call-overload]  # PySide wants str here
    return bytes(buffer.data().data()), "image/jpeg"


class ContactEditor(QDialog):
    """Edit contact `contact_id`, or create one when it is None. `saved_id` is set on success."""

    def __init__(self, parent: MainWindow | QWidget | None, contact_id: int | None) -> None:
        super().__init__(parent)
        self.contact_id = contact_id
        self.saved_id: int | None = None
        if contact_id is None:
            self.card = Card()
            tags: list[str] = []
            how_met = ""
            introduced_by: int | None = None
        else:
            self.card = get_card(contact_id)
            tags = list(self.card.categories)
            row = get_contact(contact_id, include_deleted=True)
            how_met = row.how_met
            introduced_by = row.introduced_by_id
        self.photo: bytes | None = self.card.photo
        self.photo_mime: str | None = self.card.photo_mime
        self.setWindowTitle(
            "New contact" if contact_id is None else f"Edit {self.card.shown_name()}"
        )
        self.setObjectName("contactEditor")
        self.resize(720, 640)

        # --- Person tab
        self.full_name = QLineEdit(self.card.full_name)
        self.full_name.setAccessibleName("Full name")
        self.full_name.setPlaceholderText("As it should be shown, e.g. Dr. Ada King Lovelace")
        self.parts: dict[str, QLineEdit] = {}
        parts_grid = QGridLayout()
        parts_grid.setContentsMargins(0, 0, 0, 0)
        parts_grid.setVerticalSpacing(0)
        for i, (name, label) in enumerate(_NAME_PARTS):
            edit = QLineEdit(getattr(self.card, name))
            edit.setAccessibleName(label)
            edit.textEdited.connect(self._parts_edited)
            self.parts[name] = edit
            caption = QLabel(label)
            caption.setBuddy(edit)
            font = caption.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            caption.setFont(font)
            parts_grid.addWidget(caption, 0, i)
            parts_grid.addWidget(edit, 1, i)
            # Prefix and suffix are short ("Dr.", "Jr."); the names get the room.
            parts_grid.setColumnStretch(i, 1 if name.startswith("honorific") else 3)
        self._auto_full_name = not self.card.full_name or self.card.full_name == self._derived()
        self.full_name.textEdited.connect(self._full_name_edited)
        self.nickname = QLineEdit(self.card.nickname)
        self.nickname.setAccessibleName("Nickname")
        self.organization = QLineEdit(self.card.organization)
        self.organization.setAccessibleName("Organisation")
        self.department = QLineEdit(self.card.department)
        self.department.setAccessibleName("Department")
        self.job_title = QLineEdit(self.card.title)
        self.job_title.setAccessibleName("Job title")
        self.birthday = CalendarDateEdit("Birthday", self.card.birthday)
        self.anniversary = CalendarDateEdit("Anniversary", self.card.anniversary)
        self.tags = TagsEdit([name for name, _ in tag_counts()], tags)

        self.photo_label = QLabel()
        self.photo_label.setFixedSize(72, 72)
        self.photo_label.setAccessibleName("Photo")
        self.choose_photo = QPushButton("Choose photo…")
        self.choose_photo.clicked.connect(self._choose_photo)
        self.remove_photo = QPushButton("Remove photo")
        self.remove_photo.clicked.connect(self._remove_photo)
        photo_buttons = QVBoxLayout()
        photo_buttons.addWidget(self.choose_photo)
        photo_buttons.addWidget(self.remove_photo)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_label)
        photo_row.addLayout(photo_buttons)
        photo_row.addStretch(1)
        self._show_photo()

        person = QFormLayout()
        person.addRow(photo_row)
        person.addRow("&Name:", self.full_name)
        person.addRow("", parts_grid)
        person.addRow("Nic&kname:", self.nickname)
        person.addRow("&Organisation:", self.organization)
        person.addRow("&Department:", self.department)
        person.addRow("Job &title:", self.job_title)
        person.addRow("&Birthday:", self.birthday)
        person.addRow("Anni&versary:", self.anniversary)
        person.addRow("T&ags:", self.tags)

        # --- Contact details tab
        self.emails = TypedValueList("email", EMAIL_TYPES, self.card.emails)
        self.phones = TypedValueList("phone", PHONE_TYPES, self.card.phones)
        self.urls = TypedValueList("web address", URL_TYPES, self.card.urls)
        self.addresses = AddressList(self.card.addresses)
        details = QFormLayout()
        details.addRow("Emails:", self.emails)
        details.addRow("Phones:", self.phones)
        details.addRow("Web:", self.urls)
        details.addRow("Addresses:", self.addresses)

        # --- Relationship tab
        others = [r for r in name_index() if r[0] != contact_id]
        self.introduced_by = ContactPicker(others, "Introduced by")
        self.introduced_by.set_contact(introduced_by)
        self.how_met = QPlainTextEdit(how_met)
        self.how_met.setAccessibleName("How we met")
        self.how_met.setPlaceholderText("Where and how you met, e.g. PyCon 2026 in Lisbon")
        self.how_met.setTabChangesFocus(True)
        self.how_met.setMaximumHeight(80)
        self.notes = QPlainTextEdit(self.card.notes)
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        relation = QFormLayout()
        relation.addRow("&How we met:", self.how_met)
        relation.addRow("&Introduced by:", self.introduced_by)
        relation.addRow("N&otes:", self.notes)

        from netkeeper.ui.people.editor_tab import PeopleTab

        self.people = PeopleTab(contact_id, self.card.profiles, others)
        people_area = QScrollArea()
        people_area.setWidgetResizable(True)
        people_area.setFrameShape(QScrollArea.Shape.NoFrame)
        people_area.setWidget(self.people)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._scrolling(person), "&Person")
        self.tabs.addTab(self._scrolling(details), "&Contact details")
        self.tabs.addTab(self._scrolling(relation), "&Relationship && notes")
        self.tabs.addTab(people_area, "Pe&ople in context")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.full_name.setFocus()
        self._opened_as = self._fields()

    @staticmethod
    def _scrolling(form: QFormLayout) -> QScrollArea:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(form)
        column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(inner)
        return area

    # --- names -------------------------------------------------------------------------------

    def _derived(self) -> str:
        parts = [self.parts[name].text() for name, _ in _NAME_PARTS]
        return " ".join(p.strip() for p in parts if p and p.strip())

    def _parts_edited(self, _text: str) -> None:
        if self._auto_full_name:
            self.full_name.setText(self._derived())

    def _full_name_edited(self, text: str) -> None:
        self._auto_full_name = not text.strip()

    # --- photo -------------------------------------------------------------------------------

    def _show_photo(self) -> None:
        self.photo_label.setPixmap(avatar(self.full_name.text() or "?", 72, self.photo))
        self.remove_photo.setEnabled(self.photo is not None)

    def _choose_photo(self) -> None:
        window = self.parent()
        folder = start_folder(
            window, PHOTO_FOLDER_KEY, QStandardPaths.StandardLocation.PicturesLocation
        )
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a photo", str(folder), "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp)"
        )
        if path:
            remember_folder(window, path, PHOTO_FOLDER_KEY)
            self.set_photo_file(path)

    def set_photo_file(self, path: str) -> None:
        try:
            self.photo, self.photo_mime = load_photo(path)
        except (ServiceError, OSError) as exc:
            QMessageBox.warning(self, "Photo", str(exc))
            return
        self._show_photo()

    def _remove_photo(self) -> None:
        self.photo = None
        self.photo_mime = None
        self._show_photo()

    # --- saving ------------------------------------------------------------------------------

    def build_card(self) -> Card:
        """The edited card (the loaded one with the editor's fields written over it)."""
        card = self.card
        card.full_name = self.full_name.text().strip()
        for name, edit in self.parts.items():
            setattr(card, name, edit.text().strip())
        if card.full_name and not card.given_name and not card.family_name:
            # A name typed in one go: split at the last space so the vCard N field is filled.
            given, _, family = card.full_name.rpartition(" ")
            card.given_name, card.family_name = (given, family) if given else ("", "")
            if not given:
                card.given_name = card.full_name
        card.nickname = self.nickname.text().strip()
        card.organization = self.organization.text().strip()
        card.department = self.department.text().strip()
        card.title = self.job_title.text().strip()
        card.birthday = self.birthday.value()
        card.anniversary = self.anniversary.value()
        card.notes = self.notes.toPlainText().strip()
        card.emails = self.emails.values()
        card.phones = self.phones.values()
        card.urls = self.urls.values()
        card.addresses = self.addresses.values()
        card.photo = self.photo
        card.photo_mime = self.photo_mime if self.photo else None
        if self.photo is None:
            card.photo_url = None
        card.categories = []
        card.profiles = self.people.profile_values()
        return card

    def save(self) -> int:
        """Write through the service; returns the contact id. Raises ServiceError."""
        card = self.build_card()
        tags = self.tags.tags()
        how_met = self.how_met.toPlainText().strip()
        introducer = self.introduced_by.contact_id()
        if self.introduced_by.currentText().strip() and introducer is None:
            raise ServiceError(
                f"nobody called “{self.introduced_by.currentText().strip()}” to pick as introducer"
            )
        from netkeeper.model.db import db
        from netkeeper.services.people.introductions import set_introduced_by

        with db.atomic():  # the card, the introducer and the People tab land together
            if self.contact_id is None:
                cid = create_contact(card, tags=tags, how_met=how_met)
            else:
                cid = self.contact_id
                update_contact(cid, card, tags=tags, how_met=how_met)
            # One mechanism for received introductions: a new introducer gets a thank-you.
            set_introduced_by(cid, introducer)
            self.people.save(cid)
        return cid

    def _fields(self) -> tuple[Any, ...]:
        """Everything the user can change, to tell whether closing would lose an edit."""
        texts = (self.full_name, *self.parts.values(), self.nickname, self.organization)
        return (
            *(edit.text() for edit in (*texts, self.department, self.job_title, self.tags)),
            *(f.day.value() for f in (self.birthday, self.anniversary)),
            *(f.month.currentIndex() for f in (self.birthday, self.anniversary)),
            *(f.year.value() for f in (self.birthday, self.anniversary)),
            repr((self.emails.values(), self.phones.values(), self.urls.values())),
            repr(self.addresses.values()),
            self.photo,
            self.how_met.toPlainText(),
            self.introduced_by.currentText(),
            self.notes.toPlainText(),
            self.people.state(),
        )

    def reject(self) -> None:
        """Escape, Cancel and the close button ask before throwing typed changes away."""
        if self._fields() != self._opened_as:
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                "Discard your changes?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def accept(self) -> None:
        for field in (self.birthday, self.anniversary):
            problem = field.problem()
            if problem:
                QMessageBox.warning(self, self.windowTitle(), problem)
                field.day.setFocus()
                return
        try:
            self.saved_id = self.save()
        except ServiceError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc)[:1].upper() + str(exc)[1:])
            return
        except Exception as exc:  # the database itself: busy, full, read-only
            message = write_failure(exc)
            if message is None:
                raise
            QMessageBox.warning(self, self.windowTitle(), message)
            return
        super().accept()
