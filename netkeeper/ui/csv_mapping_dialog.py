"""The column-mapping step for a CSV that is not LinkedIn, Google or Outlook.

Shown by the import flow before the review: one row per column of the file
with the field it fills (suggested from the header's words, or from a mapping
saved for the same columns), a few sample values, and a preview of the file's
first rows as they will be read. The detected encoding and delimiter can be
changed, which reads the file again at once, so a mis-detected file is fixed
by eye. The mapping can be saved under a name; the next file with the same
columns gets it back, and `netkeeper import --mapping NAME` uses it too.
"""

from __future__ import annotations

import html
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError
from netkeeper.services.csv_mappings import (
    FIELDS,
    NAME_FIELDS,
    list_mappings,
    mapping_for_header,
    save_mapping,
    suggest_all,
)
from netkeeper.services.csv_mappings import get_mapping as saved_mapping
from netkeeper.services.exchange import CsvOptions, Sniffed, sniff_file
from netkeeper.ui.table_model import HeaderedTableModel
from netkeeper.ui.widgets import action_buttons

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

ENCODINGS = (
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("utf-16", "UTF-16 (Excel “Unicode text”)"),
    ("cp1252", "Windows Western (cp1252)"),
    ("latin-1", "ISO-8859-1 (Latin-1)"),
    ("cp1250", "Windows Central European (cp1250)"),
    ("cp1251", "Windows Cyrillic (cp1251)"),
    ("mac-roman", "Mac Roman"),
)
DELIMITERS = ((",", "Comma ,"), (";", "Semicolon ;"), ("\t", "Tab"), ("|", "Pipe |"))


class Column(IntEnum):
    COLUMN = 0
    FIELD = 1
    SAMPLE = 2


class MappingModel(HeaderedTableModel):
    """One row per column of the file: its header, the field it fills, sample values."""

    headers = ("Column", "Fills", "First values")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.fields: list[str] = []
        self.samples: list[str] = []

    def set_columns(self, header: list[str], fields: list[str], samples: list[str]) -> None:
        self.beginResetModel()
        self.header, self.fields, self.samples = list(header), list(fields), list(samples)
        self.endResetModel()

    def mapping(self) -> dict[str, str]:
        return {h: f for h, f in zip(self.header, self.fields, strict=True) if h.strip()}

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.header)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.FIELD:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.header)):
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == Column.COLUMN:
                return self.header[row] or f"(column {row + 1}, no title)"
            if col == Column.FIELD:
                return FIELDS.get(self.fields[row], self.fields[row])
            return self.samples[row]
        if role == Qt.ItemDataRole.EditRole and col == Column.FIELD:
            return self.fields[row]
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.SAMPLE:
            return self.samples[row] or None
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != Column.FIELD
            or role != Qt.ItemDataRole.EditRole
            or value not in FIELDS
        ):
            return False
        self.fields[index.row()] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo box of NetKeeper's fields for the "Fills" column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Field for this column")
        for key, title in FIELDS.items():
            combo.addItem(title, key)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        if i >= 0 and i != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(i)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(HeaderedTableModel):
    """The file's first rows as read with the current encoding and delimiter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.rows: list[list[str]] = []

    def set_rows(self, header: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.headers = tuple(header)
        self.rows = [list(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.rows[index.row()]
            text = row[index.column()] if index.column() < len(row) else ""
            return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else text or None
        return None


class CsvMappingDialog(QDialog):
    """Choose how a generic CSV is read; `options()` gives what plan_import needs."""

    def __init__(self, path: str, sniffed: Sniffed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Map CSV Columns")
        self.setObjectName("CsvMappingDialog")
        self.path = path
        self.sniffed = sniffed
        self.saved_name: str | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName("Text encoding")
        for key, title in ENCODINGS:
            self.encoding.addItem(title, key)
        self.delimiter = QComboBox()
        self.delimiter.setAccessibleName("Delimiter")
        for key, title in DELIMITERS:
            self.delimiter.addItem(title, key)
        self.saved = QComboBox()
        self.saved.setAccessibleName("Saved mapping")
        self.saved.addItem("(suggested from the column titles)", None)
        for name in list_mappings():
            self.saved.addItem(name, name)

        self.model = MappingModel(self)
        self.table = QTableView()
        self.table.setObjectName("csvMappingTable")
        self.table.setAccessibleName("Columns and the fields they fill")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.FIELD, FieldDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(
            Column.SAMPLE, QHeaderView.ResizeMode.Stretch
        )
        self.table.setColumnWidth(Column.COLUMN, 200)
        self.table.setColumnWidth(Column.FIELD, 210)
        self.preview_model = PreviewModel(self)
        self.preview = QTableView()
        self.preview.setObjectName("csvPreviewTable")
        self.preview.setAccessibleName("The file's first rows")
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setStretchLastSection(True)

        self.save_box = QCheckBox("&Save this mapping as:")
        self.save_name = QLineEdit()
        self.save_name.setAccessibleName("Name of the saved mapping")
        self.save_name.setPlaceholderText("e.g. Event attendees")
        self.save_name.setEnabled(False)
        self.save_box.toggled.connect(self.save_name.setEnabled)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons, self.ok_button = action_buttons(self, "&Continue")

        top = QFormLayout()
        top.addRow("&Encoding:", self.encoding)
        top.addRow("&Delimiter:", self.delimiter)
        top.addRow("&Mapping:", self.saved)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_box)
        save_row.addWidget(self.save_name, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        columns_label = QLabel("C&olumns:")
        columns_label.setBuddy(self.table)
        layout.addWidget(columns_label)
        layout.addWidget(self.table, 3)
        preview_label = QLabel("&Preview of the first rows:")
        preview_label.setBuddy(self.preview)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 2)
        layout.addLayout(save_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(900, 640)

        self._select(self.encoding, sniffed.encoding)
        self._select(self.delimiter, sniffed.delimiter)
        found = mapping_for_header(sniffed.header)
        if found is not None:
            self._select(self.saved, found.name)
        self._fill(sniffed, found.columns if found else None)
        self.encoding.currentIndexChanged.connect(self._reread)
        self.delimiter.currentIndexChanged.connect(self._reread)
        self.saved.currentIndexChanged.connect(self._use_saved)
        self.model.dataChanged.connect(self._update_hint)
        self.table.setFocus()

    # --- building -------------------------------------------------------------------------

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        i = combo.findData(value)
        if i < 0 and isinstance(value, str):
            combo.addItem(value, value)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

    def _fill(self, sniffed: Sniffed, saved: dict[str, str] | None) -> None:
        self.sniffed = sniffed
        suggested = suggest_all(sniffed.header)
        chosen = {k.casefold(): v for k, v in (saved or {}).items()}
        fields = [chosen.get(h.casefold(), suggested.get(h, "ignore")) for h in sniffed.header]
        samples = []
        for i in range(len(sniffed.header)):
            values = [r[i].strip() for r in sniffed.preview if i < len(r) and r[i].strip()]
            samples.append(", ".join(" ".join(v.split()) for v in values[:3]))
        self.model.set_columns(sniffed.header, fields, samples)
        for row in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(row, Column.FIELD))
        self.preview_model.set_rows(sniffed.header, sniffed.preview)
        for col in range(self.preview_model.columnCount()):
            self.preview.resizeColumnToContents(col)
            self.preview.setColumnWidth(col, min(self.preview.columnWidth(col), 260))
        rows = len(sniffed.preview)
        self.intro.setText(
            f"<b>{_esc(self.path.rsplit('/', 1)[-1])}</b> is not a LinkedIn, Google or Outlook "
            f"export. Say which column holds what; the first {rows} rows are shown below. "
            "Nothing is saved until you review the import."
        )
        self._update_hint()

    def _reread(self) -> None:
        try:
            sniffed = sniff_file(
                self.path,
                encoding=str(self.encoding.currentData()),
                delimiter=str(self.delimiter.currentData()),
            )
        except ServiceError as exc:
            self.hint.setText(str(exc))
            self.ok_button.setEnabled(False)
            return
        self._fill(sniffed, self.model.mapping() if self.saved.currentData() else None)

    def _use_saved(self) -> None:
        name = self.saved.currentData()
        if name is None:
            self._fill(self.sniffed, None)
            return
        found = saved_mapping(str(name))
        if found.encoding and found.encoding != self.encoding.currentData():
            self._select(self.encoding, found.encoding)
        if found.delimiter and found.delimiter != self.delimiter.currentData():
            self._select(self.delimiter, found.delimiter)
        self._fill(self.sniffed, found.columns)

    def _update_hint(self, *_args: Any) -> None:
        fields = set(self.model.fields)
        named = bool(fields & set(NAME_FIELDS))
        self.ok_button.setEnabled(named)
        if not named:
            self.hint.setText(
                "Choose the column that holds the name (or first name, last name or organisation)."
            )
        else:
            used = sum(1 for f in self.model.fields if f != "ignore")
            self.hint.setText(f"{used} of {len(self.model.fields)} columns will be read.")

    # --- results --------------------------------------------------------------------------

    def mapping(self) -> dict[str, str]:
        return self.model.mapping()

    def options(self) -> CsvOptions:
        return CsvOptions(
            "csv",
            str(self.encoding.currentData()),
            str(self.delimiter.currentData()),
            self.mapping(),
        )

    def accept(self) -> None:
        if self.save_box.isChecked():
            name = self.save_name.text().strip()
            if not name:
                self.hint.setText("Give the mapping a name to save it, or untick Save.")
                self.save_name.setFocus()
                return
            try:
                save_mapping(
                    name,
                    self.sniffed.header,
                    self.mapping(),
                    encoding=str(self.encoding.currentData()),
                    delimiter=str(self.delimiter.currentData()),
                )
            except ServiceError as exc:
                self.hint.setText(str(exc))
                return
            self.saved_name = name
        super().accept()


def _esc(text: str) -> str:
    return html.escape(text)
