"""The Log Interaction dialog's "Before you talk" box and its "I helped / They helped" row.

For each participant: open questions (tick the ones asked: they are marked asked
on save), topics to avoid and the interests shared with me. Below, the favours of
this conversation go into the give-and-take ledger in the same step, tied to the
interaction. Hidden parts take no room; nothing here is saved unless ticked or typed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.people import ledger, rapport


class BeforeYouTalk(QGroupBox):
    """What to keep in mind with these people; `save` ticks questions off."""

    def __init__(self) -> None:
        super().__init__("Before you talk")
        self.setObjectName("beforeYouTalk")
        self.questions: list[tuple[QCheckBox, int]] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(8, 4, 8, 4)
        self.hide()

    def set_people(self, contact_ids: Sequence[int], names: Mapping[int, str]) -> None:
        ticked = {qid for box, qid in self.questions if box.isChecked()}
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.questions = []
        found = rapport.rapport_of_many(list(contact_ids)) if contact_ids else {}
        shown = False
        for cid in contact_ids:
            r = found.get(cid)
            if r is None or not (r.open_questions or r.avoid or r.shared):
                continue
            shown = True
            if len(contact_ids) > 1:
                title = QLabel(f"<b>{html.escape(names.get(cid, ''))}</b>")
                self.column.addWidget(title)
            for q in r.open_questions:
                box = QCheckBox(f"Ask: {q.text}")
                box.setToolTip("Tick it when you have asked; it is marked asked on save")
                box.setAccessibleName(f"Asked: {q.text}")
                box.setChecked(q.id in ticked)
                self.column.addWidget(box)
                self.questions.append((box, q.id))
            for _nid, text in r.avoid:
                self.column.addWidget(_line(f"Avoid: {text}"))
            if r.shared:
                self.column.addWidget(_line("You both like: " + ", ".join(r.shared)))
        self.setVisible(shown)

    def asked_ids(self) -> list[int]:
        return [qid for box, qid in self.questions if box.isChecked()]

    def save(self, day: dt.date) -> None:
        for qid in self.asked_ids():
            rapport.mark_asked(qid, day)


def _line(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class FavourRow(QWidget):
    """ "I helped: … / They helped: …" with a kind each, and who (with several people)."""

    def __init__(self) -> None:
        super().__init__()
        self.gave = QLineEdit()
        self.gave.setAccessibleName("I helped")
        self.gave.setPlaceholderText("I helped: e.g. introduced them to a recruiter")
        self.got = QLineEdit()
        self.got.setAccessibleName("They helped")
        self.got.setPlaceholderText("They helped: e.g. reviewed my talk")
        self.gave_kind = _kinds("Kind of help given")
        self.got_kind = _kinds("Kind of help received")
        self.who = QComboBox()
        self.who.setAccessibleName("Whose help")
        self.who.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&I helped:", _pair(self.gave, self.gave_kind))
        form.addRow("They h&elped:", _pair(self.got, self.got_kind))
        form.addRow("", self.who)

    def set_people(self, contact_ids: Sequence[int], names: Mapping[int, str]) -> None:
        current = self.who.currentData()
        self.who.clear()
        for cid in contact_ids:
            self.who.addItem(f"With {names.get(cid, '')}", cid)
        if current is not None and (i := self.who.findData(current)) >= 0:
            self.who.setCurrentIndex(i)
        self.who.setVisible(len(contact_ids) > 1)

    def save(self, interaction_id: int, day: dt.date) -> list[int]:
        cid = self.who.currentData()
        if cid is None:
            return []
        ids = []
        for direction, edit, kind in (
            ("given", self.gave, self.gave_kind),
            ("received", self.got, self.got_kind),
        ):
            if edit.text().strip():
                ids.append(
                    ledger.record(
                        int(cid),
                        direction,
                        edit.text(),
                        str(kind.currentData()),
                        day,
                        interaction_id,
                    )
                )
        return ids


def _kinds(name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for k in ledger.KINDS:
        box.addItem(k.capitalize(), k)
    box.setCurrentIndex(ledger.KINDS.index("favour"))
    return box


def _pair(edit: QLineEdit, kind: QComboBox) -> QWidget:
    w = QWidget()
    row = QHBoxLayout(w)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(kind)
    return w
