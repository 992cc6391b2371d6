"""Small widgets shared by the views and the editor.

- EmptyState: the first-run invitation to import an address book.
- TypedValueList / AddressList: several emails, phones, URLs or addresses with types and labels.
- CalendarDateEdit: a birthday or anniversary, with or without the year.
- TagsEdit: comma-separated tags with completion of the word being typed.
- ContactPicker: choose one contact by typing part of a name (50,000 names stay fast).
- start_folder / remember_folder: where the import and export file dialogs open.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.io.card import PostalAddress, TypedValue
from netkeeper.model.search import fold
from netkeeper.wording import counted as counted  # the views import it from here

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


# --- file dialogs -------------------------------------------------------------------------

LAST_FOLDER_KEY = "dialogs/last_folder"  # vCards imported or exported
PHOTO_FOLDER_KEY = "dialogs/photo_folder"  # photos chosen in the contact editor
_Location = QStandardPaths.StandardLocation


def _qsettings(window: Any) -> Any:
    """The main window's QSettings (a test's private file in tests); None without a window."""
    settings = getattr(window, "settings", None)
    return getattr(settings, "qsettings", None)


def start_folder(
    window: Any, key: str = LAST_FOLDER_KEY, location: _Location = _Location.DownloadLocation
) -> Path:
    """Where a file dialog opens: the folder used last, else Downloads (where vCards
    from a phone or a web export land), else home. Never the process's working directory,
    which for a desktop launch is wherever the launcher happened to be."""
    q = _qsettings(window)
    last = str(q.value(key, "") or "") if q is not None else ""
    if last and Path(last).is_dir():
        return Path(last)
    usual = QStandardPaths.writableLocation(location)
    if usual and Path(usual).is_dir():
        return Path(usual)
    return Path.home()


def remember_folder(window: Any, path: str | os.PathLike[str], key: str = LAST_FOLDER_KEY) -> None:
    """Keep the folder of a file the user chose, so the next dialog opens there."""
    folder = Path(path).expanduser().parent
    q = _qsettings(window)
    if q is not None and folder.is_dir():
        q.setValue(key, str(folder))
        q.sync()


def action_buttons(dialog: QDialog, text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel plus the dialog's own action, wired to reject/accept.

    Enter means the action, never Cancel: Cancel must not become the default.
    """
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    action = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None  # asked for above
    cancel.setAutoDefault(False)
    action.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, action


# --- first run ------------------------------------------------------------------------------

EXPORT_HINTS: tuple[tuple[str, str], ...] = (
    (
        "iPhone",
        "Open iCloud.com › Contacts in a browser, select all (Ctrl+A), then ⚙ › Export vCard. "
        "On a Mac, select the contacts in Contacts and choose File › Export › Export vCard.",
    ),
    (
        "Android",
        "Open the Contacts app › Fix & manage (or Settings) › Export to file, pick a .vcf file, "
        "and copy it to this computer.",
    ),
    (
        "Google",
        "Open contacts.google.com › Export, choose Google CSV (labels and custom fields "
        "included) or vCard, and save the file.",
    ),
    (
        "Outlook",
        "Outlook for Windows: File › Open & Export › Import/Export › Export to a file › "
        "Comma Separated Values, then pick Contacts. Outlook on the web: People › Manage "
        "contacts › Export contacts. Both CSV files import as they are.",
    ),
    (
        "LinkedIn",
        "Me › Settings & Privacy › Data privacy › Get a copy of your data › Connections; "
        "LinkedIn e-mails a link to a .zip within minutes. Import Connections.csv from it.",
    ),
)


class EmptyState(QWidget):
    """Shown when the address book is empty: import, add by hand, and where to get a .vcf."""

    def __init__(
        self, import_: Callable[[], Any], add: Callable[[], Any], demo_hint: bool = True
    ) -> None:
        super().__init__()
        self.setObjectName("emptyState")
        title = QLabel("Your network starts here")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        lead = QLabel(
            "Bring in the address book from your phone or mail account as a vCard (.vcf) "
            "or CSV file (Google, Outlook, LinkedIn, any spreadsheet), or drop the files onto "
            "this window. Nothing is saved until you have "
            "reviewed what will be imported."
        )
        lead.setWordWrap(True)
        self.import_button = QPushButton("Import your address book…")
        self.import_button.setObjectName("importButton")
        self.import_button.setAccessibleName("Import your address book")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: import_())
        self.add_button = QPushButton("Add a contact")
        self.add_button.setAccessibleName("Add a contact")
        self.add_button.clicked.connect(lambda: add())
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)

        hints = QGridLayout()
        hints.setColumnStretch(1, 1)
        hints.setVerticalSpacing(10)
        hints.setHorizontalSpacing(16)
        for row, (source, text) in enumerate(EXPORT_HINTS):
            name = QLabel(f"<b>{source}</b>")
            name.setAlignment(Qt.AlignmentFlag.AlignTop)
            body = QLabel(text)
            body.setWordWrap(True)
            hints.addWidget(name, row, 0)
            hints.addWidget(body, row, 1)
        heading = QLabel("<b>Where to get a contacts file</b>")

        column = QVBoxLayout()
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(lead)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(24)
        column.addWidget(heading)
        column.addLayout(hints)
        if demo_hint:
            demo = QLabel(
                "Just looking around? Start <tt>netkeeper --demo</tt> for a sample network."
            )
            demo.setWordWrap(True)
            column.addSpacing(16)
            column.addWidget(demo)
        column.addStretch(1)
        inner = QWidget()
        inner.setLayout(column)
        inner.setMaximumWidth(680)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(inner, 4)
        outer.addStretch(1)
        outer.setContentsMargins(24, 48, 24, 24)


# --- several typed values -----------------------------------------------------------------------

EMAIL_TYPES = ("home", "work", "other")
PHONE_TYPES = ("cell", "home", "work", "main", "fax", "pager", "other")
URL_TYPES = ("home", "work", "profile", "blog", "other")
ADDRESS_TYPES = ("home", "work", "other")


def _type_combo(choices: Sequence[str], current: Sequence[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(list(choices))
    first = next((t for t in current if t not in ("pref", "internet", "voice")), "")
    combo.setCurrentText(first or "")
    combo.setAccessibleName("Type")
    combo.setMinimumContentsLength(6)
    return combo


def _remove_button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText("✕")
    button.setAccessibleName(f"Remove {text}")
    button.setToolTip(f"Remove this {text}")
    button.setAutoRaise(True)
    return button


class _ValueRow(QWidget):
    def __init__(self, noun: str, types: Sequence[str], item: TypedValue) -> None:
        super().__init__()
        self.item = item
        self.value = QLineEdit(item.value)
        self.value.setAccessibleName(noun.capitalize())
        self.value.setPlaceholderText(noun.capitalize())
        self.type = _type_combo(types, item.types)
        self.label = QLineEdit(item.label or "")
        self.label.setPlaceholderText("Label")
        self.label.setAccessibleName("Label")
        self.label.setMaximumWidth(120)
        self.preferred = QCheckBox("Preferred")
        self.preferred.setChecked(item.preferred)
        self.remove = _remove_button(noun)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.value, 3)
        layout.addWidget(self.type, 1)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.preferred)
        layout.addWidget(self.remove)

    def result(self) -> TypedValue | None:
        value = self.value.text().strip()
        if not value:
            return None
        chosen = self.type.currentText().strip().lower()
        # Keep the types the editor does not show (e.g. "voice"), replace the first shown one.
        kept = [t for t in self.item.types if t in ("internet", "voice")]
        types = ([chosen] if chosen else []) + [t for t in kept if t != chosen]
        return TypedValue(
            value, types, self.label.text().strip() or None, self.preferred.isChecked()
        )


class _ListBase(QWidget):
    """A vertical list of rows with an "Add" button; emptied rows are dropped on save."""

    def __init__(self, noun: str) -> None:
        super().__init__()
        self.noun = noun
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_layout)
        layout.addLayout(bar)
        self.rows: list[Any] = []

    def _append(self, row: Any, focus: bool) -> Any:
        row.remove.clicked.connect(lambda: self._remove(row))
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        if focus:
            row.setFocus()
        return row

    def _remove(self, row: Any) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()

    def add_row(self, item: Any = None, focus: bool = False) -> Any:
        raise NotImplementedError


class TypedValueList(_ListBase):
    """Several emails, phones or URLs, each with a type, a free label and a preferred flag."""

    def __init__(self, noun: str, types: Sequence[str], values: Sequence[TypedValue] = ()) -> None:
        super().__init__(noun)
        self.types = types
        for v in values:
            self.add_row(v)

    def add_row(self, item: TypedValue | None = None, focus: bool = False) -> _ValueRow:
        row = _ValueRow(self.noun, self.types, item or TypedValue("", [self.types[0]]))
        row.setFocusProxy(row.value)
        self._append(row, focus)
        return row

    def values(self) -> list[TypedValue]:
        return [v for v in (r.result() for r in self.rows) if v is not None]


_ADDRESS_FIELDS = (
    ("street", "Street"),
    ("extended", "Building, flat"),
    ("po_box", "PO box"),
    ("locality", "City"),
    ("region", "Region"),
    ("postal_code", "Postcode"),
    ("country", "Country"),
)


class _AddressRow(QFrame):
    def __init__(self, item: PostalAddress) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.item = item
        self.fields: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        # Street across the top, then two fields a line: flat | PO box, city | region, ...
        for i, (name, label) in enumerate(_ADDRESS_FIELDS):
            edit = QLineEdit(getattr(item, name))
            edit.setPlaceholderText(label)
            edit.setToolTip(label)  # a filled field hides its placeholder: "서울" city or region?
            edit.setAccessibleName(label)
            self.fields[name] = edit
            if i == 0:
                grid.addWidget(edit, 0, 0, 1, 2)
            else:
                grid.addWidget(edit, 1 + (i - 1) // 2, (i - 1) % 2)
        self.type = _type_combo(ADDRESS_TYPES, item.types)
        self.label = QLineEdit(item.label or "")
        self.label.setPlaceholderText("Label")
        self.label.setAccessibleName("Label")
        self.preferred = QCheckBox("Preferred")
        self.preferred.setChecked(item.preferred)
        self.remove = _remove_button("address")
        bottom = QHBoxLayout()
        bottom.addWidget(self.type)
        bottom.addWidget(self.label)
        bottom.addWidget(self.preferred)
        bottom.addStretch(1)
        bottom.addWidget(self.remove)
        grid.addLayout(bottom, 4, 0, 1, 2)
        self.setFocusProxy(self.fields["street"])

    def result(self) -> PostalAddress | None:
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        chosen = self.type.currentText().strip().lower()
        address = PostalAddress(
            **values,
            types=[chosen] if chosen else [],
            label=self.label.text().strip() or None,
            preferred=self.preferred.isChecked(),
        )
        return None if address.is_empty() else address


class AddressList(_ListBase):
    def __init__(self, values: Sequence[PostalAddress] = ()) -> None:
        super().__init__("address")
        for v in values:
            self.add_row(v)

    def add_row(self, item: PostalAddress | None = None, focus: bool = False) -> _AddressRow:
        row = _AddressRow(item or PostalAddress(types=["home"]))
        self._append(row, focus)
        return row

    def values(self) -> list[PostalAddress]:
        return [v for v in (r.result() for r in self.rows) if v is not None]


# --- dates --------------------------------------------------------------------------------------


class CalendarDateEdit(QWidget):
    """Day, month and an optional year: "YYYY-MM-DD", "--MM-DD", or None when not set.

    A year-less birthday is common in address books and must stay year-less,
    so the year is its own field with a "year unknown" value rather than a
    QDateEdit that would force one.
    """

    changed = Signal()

    def __init__(self, what: str, value: str | None = None) -> None:
        super().__init__()
        self.what = what
        self.day = QSpinBox()
        self.day.setRange(0, 31)
        self.day.setSpecialValueText("—")
        self.day.setAccessibleName(f"{what} day")
        self.month = QComboBox()
        self.month.addItems(["—", *(QLocale().standaloneMonthName(m) for m in range(1, 13))])
        self.month.setAccessibleName(f"{what} month")
        self.year = QSpinBox()
        self.year.setRange(0, 2200)
        self.year.setSpecialValueText("year unknown")
        self.year.setAccessibleName(f"{what} year")
        self.clear_button = _remove_button(what.lower())
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.day)
        layout.addWidget(self.month)
        layout.addWidget(self.year)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.set_value(value)

    def set_value(self, value: str | None) -> None:
        self.day.setValue(0)
        self.month.setCurrentIndex(0)
        self.year.setValue(0)
        if not value:
            return
        if value.startswith("--"):
            month, day, year = int(value[2:4]), int(value[5:7]), 0
        else:
            year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
        self.day.setValue(day)
        self.month.setCurrentIndex(month)
        self.year.setValue(year)

    def clear(self) -> None:
        self.set_value(None)

    def problem(self) -> str | None:
        """Why the fields are not a date (the editor must say so, not drop them), or None.

        Nothing set is fine (no date); a year-less day and month is fine; a year
        alone, a day without a month, or 31 February is not.
        """
        day, month, year = self.day.value(), self.month.currentIndex(), self.year.value()
        if not (day or month or year):
            return None
        if not day or not month:
            return f"{self.what} needs a day and a month (the year may stay unknown), or clear it."
        try:
            datetime.date(year or 2000, month, day)  # 2000: a leap year allows 29 February
        except ValueError:
            return f"{self.what}: {self.month.currentText()} has no day {day}."
        return None

    def value(self) -> str | None:
        """The date as stored, or None when day or month is missing (year alone means nothing)."""
        day, month, year = self.day.value(), self.month.currentIndex(), self.year.value()
        if not day or not month:
            return None
        if year:
            return f"{year:04d}-{month:02d}-{day:02d}"
        return f"--{month:02d}-{day:02d}"


# --- tags -----------------------------------------------------------------------------------------


class TagsEdit(QLineEdit):
    """Comma-separated tags; the completer completes the tag under the cursor."""

    def __init__(self, known: Sequence[str], tags: Sequence[str] = ()) -> None:
        super().__init__(", ".join(tags))
        self.setPlaceholderText("mentors, conference 2026, …")
        self.setAccessibleName("Tags")
        # The model needs a Qt parent: the completer does not own it, so Python would free it.
        self._completer = QCompleter(QStringListModel(list(known), self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)

    def _current_word(self) -> str:
        before = self.text()[: self.cursorPosition()]
        return before.rsplit(",", 1)[-1].strip()

    def _complete(self, _text: str) -> None:
        word = self._current_word()
        popup = self._completer.popup()
        if word:
            self._completer.setCompletionPrefix(word)
        if word and self._completer.completionCount():
            self._completer.complete()
        elif popup is not None:
            popup.hide()

    def _insert(self, tag: str) -> None:
        pos = self.cursorPosition()
        before, after = self.text()[:pos], self.text()[pos:]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        rest = after.split(",", 1)[1] if "," in after else ""
        text = head + tag + ", " + rest.lstrip()
        self.setText(text)
        self.setCursorPosition(len(head + tag + ", "))

    def tags(self) -> list[str]:
        return [t.strip() for t in self.text().split(",") if t.strip()]


# --- picking a contact ----------------------------------------------------------------------------


# What a picker's completer matches against: the shown text and the same folded, so
# "jose" or "muller" finds "José Müller" as the search box does.
MATCH_ROLE = Qt.ItemDataRole.UserRole + 1


class FoldingCompleter(QCompleter):
    """Matches on MATCH_ROLE, but writes the shown text into the line edit."""

    def __init__(self, model: QAbstractListModel, parent: QWidget) -> None:
        super().__init__(model, parent)
        self.setCompletionRole(MATCH_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def pathFromIndex(self, index: _Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class NameListModel(QAbstractListModel):
    """(id, name, organisation) rows for pickers; UserRole is the id."""

    def __init__(self, rows: Sequence[tuple[int, str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._match: dict[int, str] = {}

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        cid, name, org = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return f"{name} ({org})" if org else name
        if role == Qt.ItemDataRole.UserRole:
            return cid
        if role == MATCH_ROLE:  # each keystroke asks for every row: fold once, keep it
            match = self._match.get(cid)
            if match is None:
                shown = f"{name} ({org})" if org else name
                match = self._match[cid] = shown if shown.isascii() else f"{shown}\n{fold(shown)}"
            return match
        return None

    def row_of(self, contact_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row[0] == contact_id:
                return i
        return -1


class ContactPicker(QComboBox):
    """An editable combo box over every contact; typing filters by any part of the name."""

    def __init__(self, rows: Sequence[tuple[int, str, str]], what: str = "Contact") -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The default policy measures every item for the size hint: 100,000 data() calls.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.setAccessibleName(what)
        self.names = NameListModel([(0, "", ""), *rows], self)
        self.setModel(self.names)
        completer = FoldingCompleter(self.names, self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Nobody — type a name")

    def set_contact(self, contact_id: int | None) -> None:
        self.setCurrentIndex(max(0, self.names.row_of(contact_id)) if contact_id else 0)

    def contact_id(self) -> int | None:
        text = self.currentText().strip()
        if not text:
            return None
        row = self.findText(text, Qt.MatchFlag.MatchExactly)
        if row <= 0:
            return None
        value = self.itemData(row, Qt.ItemDataRole.UserRole)
        return int(value) if value else None
