"""The Reminders view's "Ways to give back": people who gave much more than they got.

The rule is services.people.ledger.give_back (received at least twice, and at
least twice as often as given, in the last year). A row opens the person; the
list hides itself when there is nobody, so it never nags.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from netkeeper.services.people.ledger import give_back


class GiveBackList(QWidget):
    """Signals:
    contact_activated(int): a person was opened (double click or Enter)."""

    contact_activated = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("giveBack")
        self.title = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("giveBackList")
        self.list.setAccessibleName("Ways to give back")
        self.list.setMaximumHeight(110)
        self.list.itemActivated.connect(self._open)
        self.title.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        items = give_back()
        self.list.clear()
        for g in items:
            row = QListWidgetItem(f"{g.contact} — {g.text}. Offer help, an introduction or thanks.")
            row.setData(Qt.ItemDataRole.UserRole, g.contact_id)
            row.setToolTip(f"Last helped you on {g.last_received.isoformat()}")
            self.list.addItem(row)
        self.title.setText(f"<b>Ways to give back</b> ({len(items)})")
        self.setVisible(bool(items))

    def _open(self, item: QListWidgetItem) -> None:
        self.contact_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))
