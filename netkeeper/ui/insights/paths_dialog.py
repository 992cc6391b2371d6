"""Who Can Introduce Me…: the paths through my network to a contact, an organisation or a
name I type (services/insights/paths.py), best first, each step with how it links to the
one before, and the one action "Ask <first person> for an introduction" (a follow-up
with the note filled in, through the reminders service, with Undo).

The search builds the whole who-knows-whom graph (~230 ms at 50,000 contacts), so it
runs in a worker thread; the dialog stays responsive and shows the newest answer only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.insights.paths import Path, Step
from netkeeper.ui.workers import Worker, start_kept

PATH_ROLE = Qt.ItemDataRole.UserRole
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1
VIA_WORDS = {
    "you know them": "you know them",
    "introduction": "an introduction between them",
    "introduced_by": "one introduced the other",
    "relationship": "a relationship",
    "group": "a shared group",
    "interaction": "an interaction together",
    "event": "a shared event",
    "organisation": "the same organisation",
}


Found = tuple[list[int], list[Path], dict[int, int]]


def find_paths(target_id: int | None, text: str) -> Found:
    """(the targets, the best paths to them, who introduced each person on them): a
    contact by id, or the text matched against names and organisations as
    `netkeeper path TEXT` does. Runs in the worker thread."""
    from netkeeper.model.db import db
    from netkeeper.services.insights import paths

    targets = [target_id] if target_id is not None else paths.targets_for_text(text)
    found = paths.paths_to(targets) if targets else []
    people = sorted({s.id for p in found for s in p.steps})
    introducer: dict[int, int] = {}
    for start in range(0, len(people), 500):
        chunk = people[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for cid, by in db.execute_sql(
            f"SELECT id, introduced_by_id FROM contact WHERE id IN ({marks})"
            " AND introduced_by_id IS NOT NULL",
            chunk,
        ):
            introducer[int(cid)] = int(by)
    return targets, found, introducer


def via_words(step: Step, previous: Step | None, introducer: dict[int, int]) -> str:
    """How this person links to the one before, in words ("introduced by Ana García")."""
    if step.via == "introduced_by" and previous is not None:
        if introducer.get(step.id) == previous.id:
            return f"introduced by {previous.full_name}"
        if introducer.get(previous.id) == step.id:
            return f"introduced {previous.full_name}"
    return VIA_WORDS.get(step.via, step.via)


class PathsDialog(QDialog):
    """Type or pick a target; the ranked paths fill in; Ask… creates the follow-up."""

    def __init__(self, window: Any, contact_id: int | None = None) -> None:
        super().__init__(window if isinstance(window, QWidget) else None)
        self.window_ = window
        self.setObjectName("pathsDialog")
        self.setWindowTitle("Who Can Introduce Me?")
        self.asked: int | None = None  # the follow-up created
        self._target_id: int | None = None
        self._worker: Worker | None = None
        self._run = 0
        self._by_name: dict[str, int] = {}

        self.target = QLineEdit()
        self.target.setObjectName("pathTarget")
        self.target.setAccessibleName("Whom to reach")
        self.target.setPlaceholderText("A contact, an organisation or a name…")
        self.target.setClearButtonEnabled(True)
        self.target.textEdited.connect(lambda _t: setattr(self, "_target_id", None))
        self.target.returnPressed.connect(self.search)
        self._completer = QCompleter(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated.connect(self._picked)
        self.target.setCompleter(self._completer)
        self._fill_completer()
        find = QPushButton("Find Paths")
        find.setObjectName("findPaths")
        find.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(QLabel("To:"))
        top.addWidget(self.target, 1)
        top.addWidget(find)

        self.status = QLabel("Name someone to reach: a contact, or an organisation.")
        self.status.setObjectName("pathStatus")
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("pathTree")
        self.tree.setAccessibleName("Paths, best first")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Path", "Via", "Strength"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_ask())
        self.tree.itemDoubleClicked.connect(self._open_step)

        self.ask = QPushButton("Ask for an Introduction")
        self.ask.setObjectName("askButton")
        self.ask.setEnabled(False)
        self.ask.setToolTip("A follow-up due today with the first person, the note filled in")
        self.ask.clicked.connect(self.ask_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.ask, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
        if contact_id is not None:
            from netkeeper.services.names import display_names

            self._target_id = int(contact_id)
            self.target.setText(display_names([int(contact_id)]).get(int(contact_id), ""))
            self.search()

    def _fill_completer(self) -> None:
        from netkeeper.services.contact_rows import name_index

        entries: list[str] = []
        orgs: set[str] = set()
        for cid, name, org in name_index():
            label = f"{name} — {org}" if org else name
            self._by_name[label] = cid
            entries.append(label)
            if org:
                orgs.add(org)
        entries += sorted(orgs - set(entries), key=str.casefold)
        self._completer.setModel(QStringListModel(entries, self._completer))

    def _picked(self, text: str) -> None:
        cid = self._by_name.get(text)
        if cid is not None:
            self._target_id = cid
            self.target.setText(text.split(" — ", 1)[0])
        self.search()

    # --- searching off the UI thread -----------------------------------------------------

    def search(self) -> None:
        text = " ".join(self.target.text().split())
        if not text and self._target_id is None:
            self.status.setText("Name someone to reach: a contact, or an organisation.")
            return
        self._run += 1
        run = self._run
        target_id = self._target_id
        self.status.setText(f"Looking for paths to {text}…")
        self.tree.clear()
        self._update_ask()
        worker = Worker(lambda _p, _c: find_paths(target_id, text))
        worker.setProperty("run", run)
        worker.setProperty("text", text)
        # A bound slot: queued to this dialog, and dropped if the dialog is gone by then.
        worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        start_kept(worker)

    def _on_finished(self) -> None:
        worker = self.sender()
        if isinstance(worker, Worker):
            self._finished(worker, int(worker.property("run")), str(worker.property("text")))

    def wait(self) -> None:
        """For tests: let the running search finish and show."""
        worker = self._worker
        if worker is not None:
            worker.wait()
            self._finished(worker, int(worker.property("run")), str(worker.property("text")))

    def _finished(self, worker: Worker, run: int, text: str) -> None:
        if worker is not self._worker or run != self._run:
            if worker is not self._worker:
                worker.deleteLater()
            return  # an older search, or shown already
        self._worker = None
        worker.wait()
        if worker.error is not None:
            self.status.setText(f"Could not find paths: {worker.error}")
        else:
            targets, found, introducer = worker.result
            self.show_paths(text, targets, found, introducer)
        worker.deleteLater()

    def show_paths(
        self,
        text: str,
        targets: list[int],
        found: list[Path],
        introducer: dict[int, int] | None = None,
    ) -> None:
        self.tree.clear()
        if not targets:
            self.status.setText(f"Nobody in your contacts matches “{text}”.")
        elif not found:
            self.status.setText(
                f"No path to {text} through your network yet. Record who introduced whom,"
                " relationships and shared groups, and the paths appear here."
            )
        else:
            many = f" ({len(targets)} people match)" if len(targets) > 1 else ""
            self.status.setText(
                f"{len(found)} path{'s' if len(found) != 1 else ''} to {text}{many}, best first."
                " The first person is someone you know."
            )
        for path in found:
            chain = " → ".join(s.full_name for s in path.steps)
            top = QTreeWidgetItem([chain, "", str(path.strength)])
            top.setData(0, PATH_ROLE, path)
            top.setData(0, CONTACT_ROLE, path.steps[0].id)
            top.setToolTip(0, path.ask_note)
            top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            bold = top.font(0)
            bold.setBold(True)
            for column in (0, 2):
                top.setFont(column, bold)
            previous: Step | None = None
            for step in path.steps:
                via = via_words(step, previous, introducer or {})
                previous = step
                child = QTreeWidgetItem([step.full_name, via, ""])
                child.setData(0, CONTACT_ROLE, step.id)
                child.setToolTip(0, "Double-click to open the contact")
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        best = self.tree.topLevelItem(0)
        if best is not None:
            self.tree.setCurrentItem(best)
        self._update_ask()

    # --- the one action -------------------------------------------------------------------

    def selected_path(self) -> Path | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        path = item.data(0, PATH_ROLE) if item is not None else None
        return path if isinstance(path, Path) else None

    def _update_ask(self) -> None:
        path = self.selected_path()
        self.ask.setEnabled(path is not None)
        self.ask.setText(
            f"Ask {path.steps[0].full_name} for an Introduction"
            if path is not None
            else "Ask for an Introduction"
        )

    def ask_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        from netkeeper.services.insights.paths import ask_for_introduction
        from netkeeper.services.reminders import delete_reminder

        rid = ask_for_introduction(path)
        self.asked = rid
        notify = getattr(self.window_, "notify_changed", None)
        if notify is not None:
            notify()
        show_undo = getattr(self.window_, "show_undo", None)
        if show_undo is not None:
            show_undo(f"Follow-up for today: {path.ask_note}", lambda: delete_reminder(rid))
        self.accept()

    def _open_step(self, item: QTreeWidgetItem, _column: int) -> None:
        cid = item.data(0, CONTACT_ROLE)
        opener = getattr(self.window_, "open_contact", None)
        if cid is not None and opener is not None and item.parent() is not None:
            self.accept()
            opener(int(cid))

    def done(self, result: int) -> None:
        self._run += 1  # a search still running is not shown
        super().done(result)


def show_paths(window: Any, contact_id: int | None) -> int | None:
    """Open the dialog (for this contact, or empty to type a target); the follow-up's id
    when the user asked for an introduction."""
    dialog = PathsDialog(window, contact_id)
    dialog.exec()
    asked = dialog.asked
    dialog.deleteLater()
    return asked
