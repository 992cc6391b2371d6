"""Diversity…: function, industry, country, city, generation and seniority for a selection.

Each field has a tick box: unticked, the field is left as each contact has it;
ticked, everyone gets the value shown (empty clears). Country and city can also
come from each contact's own address, which is the suggestion for one contact and
an entry of its own for many. The edit is one transaction through
services/insights/attributes.py, with Undo in the status bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.insights import attributes as attrs
from netkeeper.services.insights.diversity import FUNCTIONS, GENERATIONS, SENIORITIES

LABELS = {
    "function": "Function",
    "industry": "Industry",
    "country": "Country",
    "city": "City",
    "generation": "Generation",
    "seniority": "Seniority",
}
SENIORITY_WORDS = {"senior": "Senior to me", "peer": "Peer", "junior": "Junior to me"}
GENERATION_WORDS = {
    "silent": "Silent generation",
    "boomer": "Boomer",
    "gen x": "Gen X",
    "millennial": "Millennial",
    "gen z": "Gen Z",
    "gen alpha": "Gen Alpha",
}
# A selection larger than this is read in a worker (the UI thread read 50,000 contacts'
# values for ~0.3 s before the dialog showed); a smaller one is read at once.
READ_IN_WORKER_FROM = 500
FROM_ADDRESS = "\x00address"  # the combo entry "from each one's address"
MIXED = "\x00mixed"


class DiversityDialog(QDialog):
    """Ask what to change; `changes()` says it as (values, from_address)."""

    def __init__(
        self,
        parent: QWidget | None,
        contact_ids: Sequence[int],
        names: Sequence[str] = (),
        facts: attrs.SelectionFacts | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diversityDialog")
        self.contact_ids = list(contact_ids)
        n = len(self.contact_ids)
        who = names[0] if len(names) == 1 and n == 1 else f"{n} contacts"
        self.setWindowTitle(f"Diversity — {who}")
        facts = facts or attrs.selection_facts(self.contact_ids)
        common, suggested, self._known = facts.common, facts.suggested, facts.known

        intro = QLabel(
            f"Tick what to change for {who}; the rest stays as it is."
            if n > 1
            else "Tick what to change; the rest stays as it is."
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("diversitySummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Apply")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.ticks: dict[str, QCheckBox] = {}
        self.fields: dict[str, QComboBox] = {}
        for attr, label in LABELS.items():
            tick = QCheckBox(label)
            tick.setObjectName(f"tick_{attr}")
            tick.setToolTip(f"Change the {label.lower()} (unticked: left as it is)")
            combo = QComboBox()
            combo.setObjectName(f"field_{attr}")
            combo.setAccessibleName(label)
            value, shared = common[attr]
            self._fill(combo, attr, value, shared, suggested, n)
            tick.toggled.connect(lambda _on: self._update())
            combo.currentIndexChanged.connect(lambda _i, t=tick: t.setChecked(True))
            line = combo.lineEdit()
            if line is not None:
                line.textEdited.connect(lambda _t, t=tick: t.setChecked(True))
            self.ticks[attr] = tick
            self.fields[attr] = combo
            form.addRow(tick, combo)
            if attr in attrs.FROM_ADDRESS and shared and value is None and combo.count():
                # Not set yet and an address says it: the suggestion, ticked, to see and edit.
                combo.setCurrentIndex(0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update()

    def _fill(
        self,
        combo: QComboBox,
        attr: str,
        value: str | None,
        shared: bool,
        suggested: dict[int, attrs.Values],
        n: int,
    ) -> None:
        """The choices of one field, showing the current value (or that it varies)."""
        combo.blockSignals(True)
        if not shared:
            combo.addItem("(varies)", MIXED)
        if attr in ("function", "generation", "seniority"):
            words = {
                "function": {f: f.capitalize() for f in FUNCTIONS},
                "generation": {g: GENERATION_WORDS[g] for g in GENERATIONS},
                "seniority": {s: SENIORITY_WORDS[s] for s in SENIORITIES},
            }[attr]
            combo.addItem(self._unset_words(attr), "")
            for key, word in words.items():
                combo.addItem(word, key)
            index = combo.findData(value or "") if shared else 0
            combo.setCurrentIndex(max(index, 0))
        else:
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            if attr in attrs.FROM_ADDRESS:
                have = sum(1 for s in suggested.values() if s.get(attr))
                if n > 1 and have:
                    combo.addItem(f"From each one's address ({have} of {n} have one)", FROM_ADDRESS)
                elif n == 1 and have:
                    only = next(iter(suggested.values()))[attr] or ""
                    if only != (value or ""):
                        combo.addItem(only, only)
                        combo.setItemData(
                            combo.count() - 1,
                            "Suggested from the address",
                            Qt.ItemDataRole.ToolTipRole,
                        )
            for known in self._known.get(attr, []):
                if combo.findText(known) < 0:
                    combo.addItem(known, known)
            line = combo.lineEdit()
            if line is not None:
                line.setPlaceholderText("varies" if not shared else "not set")
            if shared:
                combo.setCurrentIndex(-1)
                combo.setEditText(value or "")
            else:
                combo.setCurrentIndex(-1)
                combo.setEditText("")
        combo.blockSignals(False)

    def _unset_words(self, attr: str) -> str:
        """'Not set', or for the generation what the birthday says meanwhile (Insights
        counts a contact by the birth year until a generation is set)."""
        if attr != "generation":
            return "Not set"
        if len(self.contact_ids) == 1:
            from netkeeper.services.insights.diversity import suggest

            born = suggest(self.contact_ids[0])["generation"]
            if born:
                return f"From the birthday ({GENERATION_WORDS.get(born, born)})"
        return "From the birthday, where known"

    def _value(self, attr: str) -> str | None:
        """What the field says: a stored value, '' to clear, FROM_ADDRESS or MIXED."""
        combo = self.fields[attr]
        index = combo.currentIndex()
        if not combo.isEditable():
            return str(combo.itemData(index)) if index >= 0 else MIXED
        text = combo.currentText()
        if (
            index >= 0
            and text == combo.itemText(index)
            and combo.itemData(index)
            in (
                FROM_ADDRESS,
                MIXED,
            )
        ):
            return str(combo.itemData(index))
        return text.strip()

    def changes(self) -> tuple[dict[str, str | None], list[str]]:
        """(values for everyone, attributes to take from each address)."""
        values: dict[str, str | None] = {}
        from_address: list[str] = []
        for attr, tick in self.ticks.items():
            if not tick.isChecked():
                continue
            value = self._value(attr)
            if value == MIXED:
                continue
            if value == FROM_ADDRESS:
                from_address.append(attr)
            else:
                values[attr] = value or None
        return values, from_address

    def _update(self) -> None:
        values, from_address = self.changes()
        chosen = {*values, *from_address}
        fields = [label.lower() for a, label in LABELS.items() if a in chosen]
        n = len(self.contact_ids)
        if not fields:
            self.summary.setText("Nothing ticked: nothing will change.")
        else:
            people = "1 contact" if n == 1 else f"{n} contacts"
            listed = ", ".join(fields[:-1]) + f" and {fields[-1]}" if len(fields) > 1 else fields[0]
            self.summary.setText(f"Changes the {listed} of {people}. You can undo it.")
        self.ok.setEnabled(bool(fields))


def edit_diversity(window: Any, contact_ids: Sequence[int], names: Sequence[str] = ()) -> bool:
    """Ask and apply, with Undo in the status bar; True when something was saved."""
    if not contact_ids:
        return False
    parent = window if isinstance(window, QWidget) else None
    from netkeeper.ui.workers import run_with_progress

    n = len(contact_ids)
    facts = None
    if n > READ_IN_WORKER_FROM:
        ids = list(contact_ids)
        read = run_with_progress(
            parent,
            f"Reading {n:,} contacts…",
            lambda _progress, _cancelled: attrs.selection_facts(ids),
        )
        if not read.ok:
            bar = getattr(window, "statusBar", None)
            if read.error is not None and bar is not None:
                bar().showMessage(f"Could not read the contacts: {read.error}", 6000)
            return False
        facts = read.value
    dialog = DiversityDialog(parent, contact_ids, names, facts)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    values, from_address = dialog.changes()
    dialog.deleteLater()
    if not accepted or not (values or from_address):
        return False
    # In a worker (a second behind a progress dialog for 50,000 selected; none for a few).
    ids = list(contact_ids)
    outcome = run_with_progress(
        parent,
        f"Updating {n:,} contact{'s' if n != 1 else ''}…",
        lambda _progress, _cancelled: attrs.bulk_edit(ids, values, from_address),
        cancellable=False,
    )
    if outcome.error is not None:
        bar = getattr(window, "statusBar", None)
        if bar is not None:
            bar().showMessage(str(outcome.error), 6000)
        return False
    before = outcome.value
    who = names[0] if len(names) == 1 and n == 1 else f"{n} contacts"
    notify = getattr(window, "notify_changed", None)
    if notify is not None:
        notify()
    show_undo = getattr(window, "show_undo", None)
    if show_undo is not None:
        show_undo(f"Diversity updated for {who}", lambda: attrs.restore(before))
    return True
