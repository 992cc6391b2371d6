"""File ▸ Import… and contact files dropped on the window: read, review, then save.

vCard files, LinkedIn's Connections.csv and Google and Outlook CSV exports are
recognised by their content; any other CSV first goes through the column
mapping dialog (csv_mapping_dialog). Then three steps, because an address book
is precious and an import is hard to undo by hand:
1. `plan_import` reads every card (or row) off the UI thread (Worker + cancellable
   progress dialog) and works out what *would* happen, inside a transaction
   that is rolled back: nothing is saved yet.
2. The review dialog lists each card as new, updated (with what changes),
   unchanged, duplicate (repeats an earlier card of the same import), group or
   skipped (with the reason), each with a Keep box; the user can leave any
   card out and name the batch tag.
3. `apply_import` runs the same import for real with those decisions, in one
   transaction, again off the UI thread; every imported contact carries the
   batch tag ("Imported 2026-11-26") so the batch can be found and undone.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections import Counter
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError
from netkeeper.services.exchange import (
    CardOutcome,
    CsvOptions,
    ImportCancelled,
    ImportResult,
    apply_import,
    check_file,
    plan_import,
    sniff_file,
)
from netkeeper.ui.table_model import HeaderedTableModel
from netkeeper.ui.widgets import action_buttons, counted, remember_folder, start_folder
from netkeeper.ui.workers import run_with_progress

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
OutcomeRole = Qt.ItemDataRole.UserRole + 1

STATUS_TITLES = {
    "new": "New",
    "updated": "Updated",
    "unchanged": "Unchanged",
    "duplicate": "Duplicate",
    "group": "Group",
    "skipped": "Skipped",
}
# Cards the user can leave out; unchanged cards change nothing either way.
CHOOSABLE = ("new", "updated", "duplicate", "group")
# The "Show:" entry for cards whose organisation, department or title differs.
JOB = "job-change"


class Column(IntEnum):
    KEEP = 0
    STATUS = 1
    NAME = 2
    SOURCE = 3
    DETAILS = 4


HEADERS = ("Keep", "Status", "Name", "File, entry", "Details")
FORMAT_TITLES = {
    "vcard": "vCard",
    "linkedin": "LinkedIn connections",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "csv": "CSV with your column mapping",
}


def batch_tag_for(day: dt.date, formats: Sequence[str | None] = ()) -> str:
    """The default tag of an import; a LinkedIn import is tagged "LinkedIn <day>" anyway."""
    if formats and all(f == "linkedin" for f in formats):
        return f"LinkedIn {day.isoformat()}"
    return f"Imported {day.isoformat()}"


def _details(o: CardOutcome) -> str:
    parts = list(o.changes) + list(o.conflicts)
    if o.reason:
        parts.insert(0, o.reason)
    if not parts and o.status == "new":
        parts = ["a new contact"]
    return "; ".join(parts)


class ReviewModel(HeaderedTableModel):
    """The plan's card outcomes with a Keep check box each, optionally shown by one status."""

    headers = HEADERS

    def __init__(self, outcomes: Sequence[CardOutcome], parent: Any = None) -> None:
        super().__init__(parent)
        self._all = list(outcomes)
        self._keep = [o.status in CHOOSABLE for o in self._all]
        self._shown = list(range(len(self._all)))
        self._status: str | None = None
        # Job changes the user accepted (outcome index -> fields) and congratulations asked.
        self.take: dict[int, set[str]] = {}
        self.congratulate: set[int] = set()

    # --- filtering and decisions -------------------------------------------------------

    def counts(self) -> Counter[str]:
        counts = Counter(o.status for o in self._all)
        counts[JOB] = sum(1 for o in self._all if o.job_changes)
        return counts

    def set_status(self, status: str | None) -> None:
        """Show one status only (or JOB: the cards bringing a new role); None shows all."""
        self.beginResetModel()
        self._status = status
        self._shown = [
            i
            for i, o in enumerate(self._all)
            if status is None or o.status == status or (status == JOB and o.job_changes)
        ]
        self.endResetModel()

    def index_of(self, row: int) -> int:
        """The outcome's position in the whole plan (what take/congratulate are keyed by)."""
        return self._shown[row]

    def _kept(self, i: int) -> bool:
        return self._all[i].status not in CHOOSABLE or self._keep[i]

    def takes(self) -> dict[tuple[str, int], set[str]]:
        """What apply_import's `take` needs: the new values accepted, on cards kept."""
        return {
            (self._all[i].file, self._all[i].card): set(fields)
            for i, fields in self.take.items()
            if fields and self._kept(i)
        }

    def congratulations(self) -> list[tuple[str, int]]:
        return [
            (self._all[i].file, self._all[i].card)
            for i in sorted(self.congratulate)
            if self._kept(i)
        ]

    def outcome(self, row: int) -> CardOutcome:
        return self._all[self._shown[row]]

    def set_keep_shown(self, keep: bool) -> None:
        """Keep or leave out every choosable card currently listed."""
        for i in self._shown:
            if self._all[i].status in CHOOSABLE:
                self._keep[i] = keep
        if self._shown:
            self.dataChanged.emit(
                self.index(0, Column.KEEP),
                self.index(len(self._shown) - 1, Column.KEEP),
                [Qt.ItemDataRole.CheckStateRole],
            )

    def decisions(self) -> dict[tuple[str, int], bool]:
        """What apply_import needs: (file, card number) -> False for each card left out."""
        return {
            (o.file, o.card): False
            for o, keep in zip(self._all, self._keep, strict=True)
            if o.status in CHOOSABLE and not keep
        }

    def kept(self) -> Counter[str]:
        return Counter(
            o.status
            for o, keep in zip(self._all, self._keep, strict=True)
            if keep and o.status in CHOOSABLE
        )

    # --- the model -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.KEEP and self.outcome(index.row()).status in CHOOSABLE:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._shown)):
            return None
        i = self._shown[index.row()]
        o = self._all[i]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == Column.KEEP:
            if o.status not in CHOOSABLE:
                return None
            return Qt.CheckState.Checked if self._keep[i] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.STATUS:
                return STATUS_TITLES.get(o.status, o.status)
            if col == Column.NAME:
                return o.name or "(no name)"
            if col == Column.SOURCE:
                return f"{os.path.basename(o.file)}, {o.card}"
            if col == Column.DETAILS:
                return _details(o)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.DETAILS:
            return "\n".join(filter(None, [o.reason, *o.changes, *o.conflicts])) or None
        if role == Qt.ItemDataRole.AccessibleTextRole and col == Column.KEEP:
            keep = "kept" if self._keep[i] else "left out"
            return f"{o.name or 'no name'}: {o.status}, {keep}"
        if role == OutcomeRole:
            return o
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != Column.KEEP
            or role != Qt.ItemDataRole.CheckStateRole
            or self.outcome(index.row()).status not in CHOOSABLE
        ):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self._keep[self._shown[index.row()]] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class ImportReviewDialog(QDialog):
    """Shows the plan; Import saves the kept cards (the caller runs apply_import)."""

    def __init__(
        self, result: ImportResult, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review Import")
        self.setObjectName("ImportReviewDialog")
        self.result_ = result
        self.model = ReviewModel(result.outcomes, self)
        counts = self.model.counts()

        files = html.escape(
            ", ".join(
                f"{os.path.basename(f.file)} ({FORMAT_TITLES.get(f.format or '', f.format)})"
                for f in result.files
            )
        )
        total = sum(f.cards for f in result.files)
        vcards = all(f.format in (None, "vcard") for f in result.files)
        unit = counted(total, "card") if vcards else counted(total, "entry", "entries")
        intro = QLabel(
            f"<b>{unit}</b> read from {files}. Nothing is saved until you press "
            "<i>Import</i>; untick an entry to leave it out."
        )
        intro.setWordWrap(True)
        self.show_combo = QComboBox()
        self.show_combo.setAccessibleName("Show entries")
        self.show_combo.addItem(f"All ({total:,})", None)
        for status, title in STATUS_TITLES.items():
            if counts.get(status):
                self.show_combo.addItem(f"{title} ({counts[status]:,})", status)
        if counts.get(JOB):
            self.show_combo.addItem(f"New roles ({counts[JOB]:,})", JOB)
        self.show_combo.currentIndexChanged.connect(
            lambda: self.model.set_status(self.show_combo.currentData())
        )
        keep_all = QPushButton("&Keep All Listed")
        keep_all.setAutoDefault(False)
        keep_all.clicked.connect(lambda: self.model.set_keep_shown(True))
        skip_all = QPushButton("&Leave Out All Listed")
        skip_all.setAutoDefault(False)
        skip_all.clicked.connect(lambda: self.model.set_keep_shown(False))

        self.table = QTableView()
        self.table.setObjectName("importReviewTable")
        self.table.setAccessibleName("Cards to import")
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(Column.KEEP, 50)
        self.table.setColumnWidth(Column.STATUS, 90)
        self.table.setColumnWidth(Column.NAME, 220)
        self.table.setColumnWidth(Column.SOURCE, 150)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("What happens to this card")
        self.details.setPlaceholderText("Select a card to see what importing it changes.")
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        # A card bringing a new organisation or title: take it, and say congratulations.
        self.job_box = QGroupBox("A new role? The file differs from what you have")
        self.job_box.setObjectName("jobChangeBox")
        self.job_layout = QVBoxLayout(self.job_box)
        self.job_checks: dict[str, QCheckBox] = {}
        self.congratulate_check = QCheckBox("Remind me to &congratulate them (a follow-up today)")
        self.congratulate_check.setToolTip("A job change is a good reason to get in touch")
        self.congratulate_check.toggled.connect(self._congratulate_toggled)
        self.job_layout.addWidget(self.congratulate_check)
        self.job_box.hide()
        self._job_index: int | None = None
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details, 1)
        lower_layout.addWidget(self.job_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([360, 150])

        self.tag = QLineEdit(
            batch_tag_for(today or dt.date.today(), [f.format for f in result.files])
        )
        self.tag.setAccessibleName("Tag for the imported contacts")
        self.tag.setToolTip("Every contact this import creates or updates gets this tag")
        self.full_size_photos = QCheckBox("Keep &photos at full size")
        self.full_size_photos.setToolTip(
            "Photos are stored at 512 pixels, the most NetKeeper shows; "
            "tick to keep them as the file has them (larger database and exports)"
        )
        problems = sum(len(f.problems) for f in result.files)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        if problems:
            self.summary.setToolTip(
                "\n".join(
                    f"{os.path.basename(f.file)} card {p.card}: {p.reason}"
                    for f in result.files
                    for p in f.problems
                )
            )
        self.buttons, self.import_button = action_buttons(self, "&Import")
        self.model.dataChanged.connect(self._update_summary)
        self.model.modelReset.connect(self._update_summary)

        top = QHBoxLayout()
        top.addWidget(QLabel("&Show:"))
        top.itemAt(0).widget().setBuddy(self.show_combo)  # type: ignore[union-attr]
        top.addWidget(self.show_combo)
        top.addStretch(1)
        top.addWidget(keep_all)
        top.addWidget(skip_all)
        form = QFormLayout()
        form.addRow("&Tag imported contacts:", self.tag)
        form.addRow("", self.full_size_photos)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(980, 640)
        self._update_summary()
        self.table.setFocus()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, Column.KEEP))

    def _show_job(self, row: int | None) -> None:
        """The take / congratulate boxes for the card shown in the details, if it has a new role."""
        for box in self.job_checks.values():
            self.job_layout.removeWidget(box)
            box.deleteLater()
        self.job_checks = {}
        o = self.model.outcome(row) if row is not None else None
        if o is None or not o.job_changes:
            self._job_index = None
            self.job_box.hide()
            return
        index = self.model.index_of(row)  # type: ignore[arg-type]
        self._job_index = None  # no bookkeeping while the boxes are set up
        taken = self.model.take.get(index, set())
        for n, change in enumerate(o.job_changes):
            if change.get("taken"):  # moved by the source's own rule (a newer LinkedIn export)
                box = QCheckBox(
                    f"New {change['words']} “{change['new']}” from {change['taken']}"
                    f" (was “{change['old']}”)"
                )
                box.setChecked(True)
                box.setEnabled(False)
                self.job_layout.insertWidget(n, box)
                self.job_checks[change["field"]] = box
                continue
            box = QCheckBox(
                f"Take the new {change['words']} “{change['new']}” (yours: “{change['old']}”)"
            )
            box.setChecked(change["field"] in taken)
            box.toggled.connect(lambda on, f=change["field"]: self._take_toggled(f, on))
            self.job_layout.insertWidget(n, box)
            self.job_checks[change["field"]] = box
        self.congratulate_check.setChecked(index in self.model.congratulate)
        self._job_index = index
        self.job_box.show()

    def _take_toggled(self, field_name: str, on: bool) -> None:
        if self._job_index is None:
            return
        fields = self.model.take.setdefault(self._job_index, set())
        (fields.add if on else fields.discard)(field_name)
        if on and not self.congratulate_check.isChecked():
            self.congratulate_check.setChecked(True)  # suggested, and easy to untick
        self._update_summary()

    def _congratulate_toggled(self, on: bool) -> None:
        if self._job_index is None:
            return
        if on:
            self.model.congratulate.add(self._job_index)
        else:
            self.model.congratulate.discard(self._job_index)
        self._update_summary()

    def takes(self) -> dict[tuple[str, int], set[str]]:
        return self.model.takes()

    def congratulations(self) -> list[tuple[str, int]]:
        return self.model.congratulations()

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_job(current.row() if current.isValid() else None)
        if not current.isValid():
            self.details.clear()
            return
        o = self.model.outcome(current.row())
        lines = [f"{STATUS_TITLES.get(o.status, o.status)}: {o.name or '(no name)'}"]
        lines += [f"  {o.reason}"] if o.reason else []
        lines += [f"  • {c}" for c in o.changes]
        if o.conflicts:
            lines.append("  Your values stay (the file differs):")
            lines += [f"  • {c}" for c in o.conflicts]
        self.details.setPlainText("\n".join(lines))

    def _update_summary(self, *_args: Any) -> None:
        kept = self.model.kept()
        counts = self.model.counts()
        new, updated = kept.get("new", 0), kept.get("updated", 0) + kept.get("duplicate", 0)
        left_out = sum(counts[s] for s in CHOOSABLE) - sum(kept.values())
        text = f"Import will add {new:,} new and update {counted(updated, 'existing contact')}"
        if kept.get("group"):
            text += f", and apply {counted(kept['group'], 'group')} as tags"
        roles = len(self.model.takes())
        if roles:
            text += f", take {counted(roles, 'new role')}"
        text += f"; {left_out:,} left out, {counts.get('skipped', 0):,} skipped."
        self.summary.setText(text)
        self.import_button.setEnabled(
            bool(kept) or bool(roles) or bool(self.model.congratulations())
        )

    def decisions(self) -> dict[tuple[str, int], bool]:
        return self.model.decisions()

    def batch_tag(self) -> str | None:
        return self.tag.text().strip() or None


def choose_files(parent: QWidget | None) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(
        parent,
        "Import Contacts",
        str(start_folder(parent)),
        "Contact files (*.vcf *.vcard *.csv *.txt);;vCard files (*.vcf *.vcard);;"
        "CSV files (*.csv *.txt);;All files (*)",
    )
    if paths:
        remember_folder(parent, paths[0])
    return list(paths)


def _message(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, "Import Contacts", text)


def run_import(window: Any, paths: Sequence[str] | None = None) -> int:
    """The whole import flow; returns how many contacts were created or updated (0 if none)."""
    names = list(paths) if paths else choose_files(window)
    if not names:
        return 0
    good: list[str] = []
    bad: list[str] = []
    options: dict[str, CsvOptions] = {}
    for name in names:
        try:
            cancelled, choice = _read_options(window, os.fspath(name))
            if cancelled:
                continue  # the user cancelled this file's mapping
            if choice is not None:
                options[os.fspath(name)] = choice
            check_file(name, options.get(os.fspath(name)))
            good.append(os.fspath(name))
        except ServiceError as exc:
            bad.append(str(exc))
    if bad:
        _message(window, "These files cannot be imported:\n" + "\n".join(bad))
    if not good:
        return 0

    plan = run_with_progress(
        window,
        "Reading contacts…",
        lambda progress, cancel: plan_import(
            good, progress=progress, cancel=cancel, options=options
        ),
    )
    if plan.cancelled or isinstance(plan.error, ImportCancelled):
        _status(window, "Import cancelled; nothing was changed")
        return 0
    if plan.error is not None:
        _message(window, f"The import failed; nothing was changed.\n{plan.error}")
        return 0

    review = ImportReviewDialog(plan.value, window)
    if review.exec() != QDialog.DialogCode.Accepted:
        _status(window, "Import cancelled; nothing was changed")
        return 0
    decisions, tag = review.decisions(), review.batch_tag()
    take, congratulate = review.takes(), review.congratulations()
    full_size = review.full_size_photos.isChecked()
    review.deleteLater()

    done = run_with_progress(
        window,
        "Saving contacts…",
        lambda progress, cancel: apply_import(
            good,
            decisions=decisions,
            batch_tag=tag,
            progress=progress,
            cancel=cancel,
            take=take,
            congratulate=congratulate,
            full_size_photos=full_size,
            options=options,
        ),
    )
    if done.cancelled or isinstance(done.error, ImportCancelled):
        _status(window, "Import cancelled; nothing was changed")
        return 0
    if done.error is not None:
        _message(window, f"The import failed; nothing was changed.\n{done.error}")
        return 0
    result: ImportResult = done.value
    created = sum(f.created for f in result.files)
    updated = sum(f.updated for f in result.files)
    tagged = f", tagged '{tag}'" if tag else ""
    _status(window, f"Imported {created:,} new and updated {counted(updated, 'contact')}{tagged}")
    return created + updated


def _read_options(window: Any, path: str) -> tuple[bool, CsvOptions | None]:
    """(cancelled, how to read `path`): options None means as detected.

    A CSV that is not LinkedIn, Google or Outlook goes through the mapping dialog;
    ServiceError for a file that cannot be read as text at all.
    """
    sniffed = sniff_file(path)
    if sniffed.format != "csv" or path.lower().endswith((".vcf", ".vcard")):
        return False, None  # check_file says what a .vcf that is no vCard is
    from netkeeper.ui.csv_mapping_dialog import CsvMappingDialog

    dialog = CsvMappingDialog(path, sniffed, window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return True, None
        return False, dialog.options()
    finally:
        dialog.deleteLater()


def _status(window: Any, text: str) -> None:
    bar = getattr(window, "statusBar", None)
    if bar is not None:
        bar().showMessage(text, 8000)
