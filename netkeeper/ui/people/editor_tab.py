"""The contact editor's "People" tab: this is me, social profiles, interests, questions,
topics to avoid, facts and relationships.

Lines in, lines out: one profile link, question, topic or fact per line is what
people type fastest and what a screen reader reads best. Saving runs inside the
editor's transaction (`save(contact_id)`), so the card and all of this land together.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.io.card import SocialProfile
from netkeeper.services import ServiceError
from netkeeper.services.people import rapport, relationships
from netkeeper.services.people.me import me_id, set_me
from netkeeper.services.people.profiles import parse_assignment
from netkeeper.social import service_label
from netkeeper.ui.widgets import ContactPicker

KIND_CHOICES = (
    ("mentor", "is their mentor"),
    ("mentee", "is their mentee"),
    ("manager", "is their manager"),
    ("report", "reports to them"),
    ("sponsor", "is their sponsor"),
    ("protégé", "is their protégé"),
    ("colleague", "is a colleague"),
    ("friend", "is a friend"),
    ("family", "is family"),
    ("partner", "is their partner"),
)


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [" ".join(line.split()) for line in edit.toPlainText().splitlines() if line.strip()]


def _box(text: str, name: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(height)
    return edit


class PeopleTab(QWidget):
    """Edits the people-in-context fields of one contact (None: a new one)."""

    def __init__(
        self,
        contact_id: int | None,
        profiles: Sequence[SocialProfile],
        others: Sequence[tuple[int, str, str]],
    ) -> None:
        super().__init__()
        self.contact_id = contact_id
        r = rapport.rapport_of(contact_id) if contact_id is not None else rapport.Rapport()
        self._asked = [q for q in r.questions if q.asked_on is not None]

        self.is_me = QCheckBox("This is &me (my own card)")
        self.is_me.setChecked(contact_id is not None and me_id() == contact_id)
        self.profiles = _box(
            "\n".join(
                p.url if service_label(p.service) == _auto(p.url) else f"{p.service}={p.url}"
                for p in profiles
            ),
            "Social profiles",
            90,
        )
        self.profiles.setPlaceholderText(
            "One link per line, e.g. https://www.linkedin.com/in/ada\n"
            "or service=link: mastodon=https://example.social/@ada"
        )
        self.interests = QLineEdit(", ".join(r.interests))
        self.interests.setAccessibleName("Interests")
        self.interests.setPlaceholderText("Comma-separated, e.g. sailing, jazz, open source")
        self.questions = _box("\n".join(q.text for q in r.open_questions), "Questions to ask")
        self.questions.setPlaceholderText("One per line: what to ask next time")
        self.avoid = _box("\n".join(t for _i, t in r.avoid), "Topics to avoid", 50)
        self.facts = _box("\n".join(t for _i, t in r.facts), "Facts worth remembering")
        self.facts.setPlaceholderText("One per line: family, food, the dog's name")

        # Relationships: a list with remove, and a row to add one.
        self.related = QListWidget()
        self.related.setAccessibleName("Relationships")
        self.related.setMaximumHeight(100)
        self._removed: list[int] = []
        if contact_id is not None:
            for rel in relationships.relationships_of(contact_id):
                item = QListWidgetItem(f"{rel.full_name} — {relationships.heading(rel.kind, 1)}")
                item.setData(Qt.ItemDataRole.UserRole, rel.relationship_id)
                self.related.addItem(item)
        self._added: list[tuple[int, str]] = []
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of relationship")
        for key, words in KIND_CHOICES:
            self.kind.addItem(words, key)
        self.other = ContactPicker(list(others), "Related person")
        add = QPushButton("&Add")
        add.clicked.connect(self._add_relationship)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove relationship")
        remove.clicked.connect(self._remove_relationship)
        row = QHBoxLayout()
        row.addWidget(self.other, 2)
        row.addWidget(self.kind, 1)
        row.addWidget(add)
        row.addWidget(remove)

        form = QFormLayout()
        form.addRow("", self.is_me)
        form.addRow("&Profiles:", self.profiles)
        form.addRow("I&nterests:", self.interests)
        form.addRow("&Ask next time:", self.questions)
        form.addRow("A&void:", self.avoid)
        form.addRow("Re&member:", self.facts)
        form.addRow("Relationships:", self.related)
        form.addRow("", _wrap(row))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def _add_relationship(self) -> None:
        other = self.other.contact_id()
        if other is None:
            self.other.setFocus()
            return
        kind = str(self.kind.currentData())
        self._added.append((other, kind))
        item = QListWidgetItem(f"{self.other.currentText()} — {relationships.heading(kind, 1)}")
        item.setData(Qt.ItemDataRole.UserRole, None)
        item.setData(Qt.ItemDataRole.UserRole + 1, len(self._added) - 1)
        self.related.addItem(item)
        self.other.set_contact(None)

    def _remove_relationship(self) -> None:
        for item in self.related.selectedItems():
            rid = item.data(Qt.ItemDataRole.UserRole)
            if rid is not None:
                self._removed.append(int(rid))
            else:
                self._added[int(item.data(Qt.ItemDataRole.UserRole + 1))] = (-1, "")
            self.related.takeItem(self.related.row(item))

    def profile_values(self) -> list[SocialProfile]:
        """The typed profile lines; ServiceError names a bad one."""
        return [parse_assignment(line) for line in _lines(self.profiles)]

    def state(self) -> tuple[object, ...]:
        """What the user can change here, to tell whether closing would lose an edit."""
        return (
            self.is_me.isChecked(),
            self.profiles.toPlainText(),
            self.interests.text(),
            self.questions.toPlainText(),
            self.avoid.toPlainText(),
            self.facts.toPlainText(),
            tuple(self._added),
            tuple(self._removed),
        )

    def save(self, contact_id: int) -> None:
        """Write rapport, relationships and "me" (inside the caller's transaction)."""
        rapport.set_interests(contact_id, [i for i in self.interests.text().split(",")])
        now = rapport.rapport_of(contact_id)
        wanted = _lines(self.questions)
        for q in now.open_questions:
            if q.text not in wanted:
                rapport.remove_question(q.id)
        have = {q.text for q in now.open_questions}
        for text in wanted:
            if text not in have:
                rapport.ask(contact_id, text)
        for kind, edit, current in (
            ("avoid", self.avoid, now.avoid),
            ("fact", self.facts, now.facts),
        ):
            lines = _lines(edit)
            for nid, text in current:
                if text not in lines:
                    rapport.remove_note(nid)
            for text in lines:
                rapport.add_note(contact_id, kind, text)
        for rid in self._removed:
            relationships.remove_relationship(rid)
        for other, kind in self._added:
            if other < 0:
                continue
            if other == contact_id:
                raise ServiceError("a contact cannot be related to themselves")
            relationships.relate(other, contact_id, kind)
        if self.is_me.isChecked() and me_id() != contact_id:
            set_me(contact_id)
        elif not self.is_me.isChecked() and me_id() == contact_id:
            set_me(None)


def _auto(url: str) -> str:
    from netkeeper.social import service_for_url

    found = service_for_url(url)
    return service_label(found) if found else service_label("website")


def _wrap(layout: QHBoxLayout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w
