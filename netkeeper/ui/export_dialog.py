"""File ▸ Export vCards… and Contact ▸ Export Selection…: what to write, which format, where.

The exchange service does the writing (valid vCard 3.0 or 4.0, or CSV in
Google's column layout, atomically through a temp file); this dialog only
gathers the three choices. The write runs off
the UI thread because 50,000 contacts take seconds to serialise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.contact_rows import live_count
from netkeeper.services.exchange import export_contacts, export_csv
from netkeeper.services.tags import tag_counts
from netkeeper.ui.widgets import action_buttons, counted, remember_folder, start_folder
from netkeeper.ui.workers import run_with_progress

VERSIONS = (
    ("3.0", "vCard 3.0 (read by every app)"),
    ("4.0", "vCard 4.0 (RFC 6350)"),
    ("csv", "CSV in Google's columns (Google, Outlook, spreadsheets)"),
)


def _suffix(version: object) -> str:
    return ".csv" if version == "csv" else ".vcf"


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-") or "contacts"


class ExportDialog(QDialog):
    """Choose all contacts, the selection or a tag; the vCard version; the file."""

    def __init__(
        self,
        parent: QWidget | None = None,
        contact_ids: Sequence[int] | None = None,
        tag: str | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export vCards")
        self.setObjectName("ExportDialog")
        self._ids = list(contact_ids or [])
        self._folder = folder or start_folder(parent)
        tags = [(name, n) for name, n in tag_counts() if n]

        self.all_radio = QRadioButton(f"&All contacts ({live_count():,})")
        self.selection_radio = QRadioButton(f"&Selected contacts ({len(self._ids):,})")
        self.selection_radio.setEnabled(bool(self._ids))
        self.tag_radio = QRadioButton("Contacts &tagged")
        self.tag_radio.setEnabled(bool(tags))
        self.tag_combo = QComboBox()
        self.tag_combo.setAccessibleName("Tag to export")
        for name, n in tags:
            self.tag_combo.addItem(f"{name} ({n:,})", name)
        group = QButtonGroup(self)
        for i, radio in enumerate((self.all_radio, self.selection_radio, self.tag_radio)):
            group.addButton(radio, i)
        if self._ids:
            self.selection_radio.setChecked(True)
        elif tag and self.tag_combo.findData(tag) >= 0:
            self.tag_radio.setChecked(True)
            self.tag_combo.setCurrentIndex(self.tag_combo.findData(tag))
        else:
            self.all_radio.setChecked(True)
        self.tag_combo.setEnabled(self.tag_radio.isChecked())
        self.tag_radio.toggled.connect(self.tag_combo.setEnabled)

        self.version = QComboBox()
        self.version.setAccessibleName("vCard version")
        for value, text in VERSIONS:
            self.version.addItem(text, value)
        self.path = QLineEdit(str(self._folder / "contacts.vcf"))
        self.path.setAccessibleName("File to write")
        browse = QPushButton("&Browse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        group.idToggled.connect(lambda *_: self._suggest_name())
        self.version.currentIndexChanged.connect(lambda *_: self._suggest_name())
        self.tag_combo.currentIndexChanged.connect(lambda *_: self._suggest_name())
        self._suggest_name()

        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tag_radio)
        tag_row.addWidget(self.tag_combo, 1)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Format:", self.version)
        # A row holding a layout gets no buddy, and the "&" would show as text.
        file_label = QLabel("F&ile:")
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        self.buttons, self.export_button = action_buttons(self, "&Export")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Which contacts</b>"))
        layout.addWidget(self.all_radio)
        layout.addWidget(self.selection_radio)
        layout.addLayout(tag_row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 280)

    def _suggest_name(self) -> None:
        """Name the file after what is exported, unless the user typed a name of their own."""
        current = Path(self.path.text())
        suffix = _suffix(self.version.currentData())
        if current.name.startswith("contacts") or current.stem == "selection":
            stem = "contacts"
            if self.selection_radio.isChecked():
                stem = "selection"
            elif self.tag_radio.isChecked() and self.tag_combo.currentData():
                stem = "contacts-" + _safe_name(str(self.tag_combo.currentData()))
            self.path.setText(str(current.with_name(stem + suffix)))
        elif current.suffix.lower() in (".vcf", ".csv") and current.suffix.lower() != suffix:
            self.path.setText(str(current.with_suffix(suffix)))

    def _browse(self) -> None:
        suffix = _suffix(self.version.currentData())
        kind = "CSV files (*.csv)" if suffix == ".csv" else "vCard files (*.vcf)"
        path, _ = QFileDialog.getSaveFileName(self, "Export Contacts", self.path.text(), kind)
        if path:
            self.path.setText(path if path.lower().endswith(suffix) else path + suffix)

    def choice(self) -> dict[str, Any]:
        """What export_contacts needs: contact_ids or tag (or neither for all), and version."""
        ids = self._ids if self.selection_radio.isChecked() else None
        tag = self.tag_combo.currentData() if self.tag_radio.isChecked() else None
        return {"contact_ids": ids, "tag": tag, "version": str(self.version.currentData())}

    def target(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def accept(self) -> None:
        target = self.target()
        if not self.path.text().strip() or target.is_dir() or not target.parent.is_dir():
            self.error.setText("Choose a file name in an existing folder.")
            self.error.show()
            self.path.setFocus()
            return
        if target.exists() and not _confirm_overwrite(self, target):
            self.path.setFocus()  # still open: pick another name
            return
        remember_folder(self.parent(), target)
        super().accept()


def run_export(
    window: Any, contact_ids: Sequence[int] | None = None, tag: str | None = None
) -> int:
    """Ask what to export, write it off the UI thread; returns the number of contacts written."""
    dialog = ExportDialog(window, contact_ids, tag)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        target, choice = dialog.target(), dialog.choice()
    finally:
        # Parented to the window, a cancelled dialog would otherwise live as long as
        # it does: bench/soak.py measured 36 KB for each one.
        dialog.deleteLater()

    def write(_progress: Any, _cancel: Any) -> int:
        if choice["version"] == "csv":
            return export_csv(
                os.fspath(target), tag=choice["tag"], contact_ids=choice["contact_ids"]
            )
        return export_contacts(os.fspath(target), **choice)

    done = run_with_progress(
        window,
        f"Writing {target.name}…",
        write,
        cancellable=False,  # the export service writes in one go (atomically) and cannot stop
    )
    if done.error is not None:
        QMessageBox.warning(window, "Export vCards", f"Nothing was written.\n{done.error}")
        return 0
    count = int(done.value or 0)
    bar = getattr(window, "statusBar", None)
    if bar is not None:
        bar().showMessage(f"Exported {counted(count, 'contact')} to {target}", 8000)
    return count


def _confirm_overwrite(parent: Any, target: Path) -> bool:
    """Replacing a file is the one step here that loses data: Enter must mean No."""
    answer = QMessageBox.question(
        parent,
        "Export vCards",
        f"{target.name} exists already. Replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
