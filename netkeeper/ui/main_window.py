"""The main window: a navigation list over a stack of views, menus, and one `data_changed` signal.

How views and dialogs plug in (the contract other modules rely on):

* Views. A view is a QWidget built as ``View(window)`` where ``window`` is this
  MainWindow. It reads through services and exposes ``refresh() -> None``; the
  window connects ``data_changed`` to every view's ``refresh`` (views not on
  screen are refreshed when shown, so a change costs nothing for hidden views).
  A view that can open a contact emits ``contact_activated = Signal(int)`` or calls
  ``window.open_contact(contact_id)``. After changing data through a service, a
  view or dialog calls ``window.notify_changed()``, which emits ``data_changed``
  once. Commits by anyone else (the CLI in a terminal, sync or an import in a
  worker thread: any other SQLite connection) are noticed by ``window.db_watcher``
  (ui/db_watcher.py, ``PRAGMA data_version``) and emit the same ``data_changed``
  within about a second, so a view that refreshes on it follows them too. A view's
  ``refresh()`` must keep the user's place (selection, scroll, typed text):
  ui/keep_place.py does it for a list.
  Views are registered with ``window.add_view(key, title, widget)``; the keys
  "contacts", "timeline", "reminders", "introductions", "duplicates", "trash" have a place in
  the navigation list. The window itself installs these, importing lazily so a
  module that is missing simply leaves a placeholder:
      netkeeper.ui.timeline_view.TimelineView(window)
      netkeeper.ui.reminders_view.RemindersView(window)
      netkeeper.ui.duplicates_view.DuplicatesView(window)
* Dialogs reached from menu actions (slots below import them on first use):
      File > Import Contacts... (Ctrl+I) and .vcf/.csv files dropped on the window:
          netkeeper.ui.import_dialog.run_import(window, paths: list[str] | None) -> int
          (the number of contacts saved; the window emits data_changed when > 0)
      File > Export vCards... / Contact > Export selection...:
          netkeeper.ui.export_dialog.run_export(window, contact_ids: list[int] | None,
                                                tag: str | None) -> None
      Contact > Log interaction... (Ctrl+L, from anywhere):
          netkeeper.ui.log_dialog.LogInteractionDialog(window, contact_ids: list[int])
          -> exec() == Accepted means it saved; the window emits data_changed.
      Edit > Find duplicates: shows the "duplicates" view and calls its refresh().
* ``window.settings`` is the typed Settings object; ``window.db_file`` the database path;
  ``window.selected_contact_ids()`` the contacts selected in the Contacts view;
  ``window.show_undo(message, undo)`` puts a message with an Undo button in the status bar.
* Views other than Contacts are built when first shown (``window.view(key)`` builds on
  demand), so start-up pays only for what is on screen. A view restores its own
  state (column widths, splitters) in its constructor from ``window.settings.qsettings``
  and may implement ``save_state(q: QSettings)``, which the window calls on close.

Actions are created in one place (`_create_actions`) and kept in ``window.named_actions``
by name, so menus, toolbars, context menus and tests share the same QAction objects.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netkeeper import APP_NAME, __version__
from netkeeper.settings import Settings
from netkeeper.ui import appearance
from netkeeper.ui.db_watcher import DatabaseWatcher

# (key, title) of the navigation entries, in order.
# The Contact menu and the contact list's context menu offer the same actions
# (None is a separator).
CONTACT_ACTIONS: tuple[str | None, ...] = (
    "edit_contact",
    "log_interaction",
    "remind_me",
    "keep_in_touch",
    "edit_diversity",
    "introduce",
    "who_can_introduce",
    None,
    "this_is_me",
    None,
    "tag_contacts",
    "untag_contacts",
    "export_selection",
    None,
    "delete_contacts",
)

NAVIGATION: tuple[tuple[str, str], ...] = (
    ("today", "Today"),
    ("contacts", "Contacts"),
    ("timeline", "Timeline"),
    ("reminders", "Reminders"),
    ("groups", "Groups"),
    ("events", "Events"),
    ("insights", "Insights"),
    ("map", "Network map"),
    ("introductions", "Introductions"),
    ("duplicates", "Duplicates"),
    ("trash", "Trash"),
)

# Views the window builds on start: key -> (module, class). Missing modules leave a placeholder.
_VIEW_CLASSES: dict[str, tuple[str, str]] = {
    "today": ("netkeeper.ui.insights.today_view", "TodayView"),
    "insights": ("netkeeper.ui.insights.insights_view", "InsightsView"),
    "map": ("netkeeper.ui.map.view", "MapView"),
    "contacts": ("netkeeper.ui.contacts_view", "ContactsView"),
    "timeline": ("netkeeper.ui.timeline_view", "TimelineView"),
    "reminders": ("netkeeper.ui.reminders_view", "RemindersView"),
    "groups": ("netkeeper.ui.groups.groups_view", "GroupsView"),
    "events": ("netkeeper.ui.events.events_view", "EventsView"),
    "introductions": ("netkeeper.ui.people.introductions_view", "IntroductionsView"),
    "duplicates": ("netkeeper.ui.duplicates_view", "DuplicatesView"),
    "trash": ("netkeeper.ui.trash_view", "TrashView"),
}

# Ctrl+N per view: the views that had a number keep it when new ones are added.
_VIEW_SHORTCUTS = {
    "contacts": "Ctrl+1",
    "timeline": "Ctrl+2",
    "reminders": "Ctrl+3",
    "groups": "Ctrl+4",
    "events": "Ctrl+5",
    "duplicates": "Ctrl+6",
    "trash": "Ctrl+7",
    "today": "Ctrl+0",
    "insights": "Ctrl+8",
    "introductions": "Ctrl+9",
    "map": "Ctrl+Shift+M",
}

_GEOMETRY_KEY = "window/geometry"
_STATE_KEY = "window/state"
_SPLITTER_KEY = "window/splitter"
_VIEW_KEY = "window/view"


def _optional(module: str, name: str) -> Any | None:
    """`module.name`, or None while that module is not written yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


class MainWindow(QMainWindow):
    """The application window.

    Signals:
        data_changed(): something in the database changed; every view refreshes.
        changed_elsewhere(): another process or thread committed (DatabaseWatcher); it is
            followed by data_changed, so views need not listen to it.
        view_changed(str): the key of the view now shown.
    """

    data_changed = Signal()
    changed_elsewhere = Signal()
    view_changed = Signal(str)

    def __init__(
        self,
        db_file: Path,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_file = Path(db_file)
        self.settings = settings or Settings()
        appearance.apply(self.settings)  # before the first paint: no light flash when dark
        self.setWindowTitle(APP_NAME)
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.resize(1320, 820)

        self._views: dict[str, QWidget] = {}
        self._factories: dict[str, tuple[str, str]] = {}
        self._stale: set[str] = set()
        self._undo: Callable[[], None] | None = None

        self.named_actions: dict[str, QAction] = {}
        self._create_actions()
        self._create_menus()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Views")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setMaximumWidth(180)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for key, title in NAVIGATION:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._place(key, self._placeholder(title))
        self.nav.currentRowChanged.connect(self._on_nav_row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([130, 1190])
        from netkeeper.ui.people.me_prompt import MePrompt

        self.me_prompt = MePrompt(self)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.me_prompt)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self._undo_button = QPushButton("Undo")
        self._undo_button.setAccessibleName("Undo last change")
        self._undo_button.setVisible(False)
        self._undo_button.clicked.connect(self._run_undo)
        self.statusBar().addPermanentWidget(self._undo_button)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(15000)
        self._undo_timer.timeout.connect(self._clear_undo)

        self.data_changed.connect(self._on_data_changed)
        # Commits by other processes or threads (the CLI, sync, workers) become the same
        # data_changed as our own writes, so every view follows them with no code of its own.
        self.db_watcher = DatabaseWatcher(self.db_file, self)
        self.db_watcher.changed.connect(self.changed_elsewhere)
        self.db_watcher.changed.connect(self.data_changed)
        # Planned interactions start to count when their time comes, with the window open.
        self._settle_timer = QTimer(self)
        self._settle_timer.setInterval(60_000)
        self._settle_timer.timeout.connect(self.settle_planned)
        self._settle_timer.start()
        self.settle_planned(notify=False)
        self._install_views()
        self._restore_state()
        self.db_watcher.start()
        # CardDAV sync: File menu actions, status-bar state, the timer (ui/sync/).
        self.sync: Any = None
        install_sync = _optional("netkeeper.ui.sync", "install")
        if install_sync is not None:
            install_sync(self)

    # --- views -------------------------------------------------------------------------

    def _placeholder(self, title: str) -> QWidget:
        label = QLabel(f"{title} is not available in this build.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setProperty("placeholder", True)
        return label

    def _install_views(self) -> None:
        """Build the Contacts view now; the others when first shown.

        Every view loads its rows in its constructor; building the Timeline and
        Reminders views at start-up over 500,000 interactions would delay the
        first paint by half a second for views the user may never open.
        """
        # (module, class name): a view's module is imported when the view is first
        # shown, not before the first paint (~70 ms of imports at start otherwise).
        self._factories.update(_VIEW_CLASSES)
        self.view("contacts")

    def add_view(self, key: str, title: str, widget: QWidget) -> None:
        """Register (or replace) the view shown for navigation entry `key`.

        A new key gets a new navigation entry. The view's `refresh()` runs on
        data_changed (deferred until shown) and its `contact_activated(int)`
        signal, when it has one, opens that contact.
        """
        if all(
            self.nav.item(i).data(Qt.ItemDataRole.UserRole) != key for i in range(self.nav.count())
        ):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self._factories.pop(key, None)
        self._place(key, widget)
        self._views[key] = widget
        activated = getattr(widget, "contact_activated", None)
        if activated is not None:
            activated.connect(self.open_contact)
        wants_filter = getattr(widget, "filter_requested", None)
        if wants_filter is not None:
            wants_filter.connect(self.filter_contacts)

    def _place(self, key: str, widget: QWidget) -> None:
        widget.setProperty("viewKey", key)
        for i in range(self.stack.count()):
            old = self.stack.widget(i)
            if old is not None and old.property("viewKey") == key:
                current = self.stack.currentIndex() == i
                self.stack.insertWidget(i, widget)
                self.stack.removeWidget(old)
                old.deleteLater()
                if current:
                    self.stack.setCurrentIndex(i)
                return
        self.stack.addWidget(widget)

    def view(self, key: str) -> QWidget | None:
        """The view registered as `key`, building it on first use."""
        if key not in self._views and key in self._factories:
            cls = _optional(*self._factories.pop(key))
            if cls is not None:
                self.add_view(key, dict(NAVIGATION)[key], cls(self))
            self._stale.discard(key)
        return self._views.get(key)

    def current_view_key(self) -> str:
        widget = self.stack.currentWidget()
        return str(widget.property("viewKey")) if widget is not None else ""

    def show_view(self, key: str) -> QWidget | None:
        """Bring view `key` to the front (refreshing it first when data changed meanwhile)."""
        self.view(key)
        for i in range(self.nav.count()):
            if self.nav.item(i).data(Qt.ItemDataRole.UserRole) == key:
                if self.nav.currentRow() != i:
                    self.nav.setCurrentRow(i)
                else:
                    self._on_nav_row(i)
                return self._views.get(key)
        return None

    @Slot(int)
    def _on_nav_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        self.view(key)
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            if page is not None and page.property("viewKey") == key:
                self.stack.setCurrentIndex(i)
        if key in self._stale:
            self._stale.discard(key)
            self._refresh_view(key)
        self._route_shortcuts(key)
        self.view_changed.emit(key)

    def _route_shortcuts(self, key: str) -> None:
        """Give F2 and Delete to the view on screen when it has its own Edit and Delete.

        A view such as the Timeline exposes ``edit_action`` / ``delete_action`` (QActions
        with F2 / Delete, active only while the view is visible); while it is shown, the
        Contact menu's Edit and Delete keep their menu entries but give up the keys, so
        F2 in the Timeline edits the selected interaction and never the contact still
        selected in the hidden Contacts view (two actions on one key would be ambiguous
        and neither would fire).
        """
        view = self._views.get(key)
        for name, attr in (("edit_contact", "edit_action"), ("delete_contacts", "delete_action")):
            own = getattr(view, attr, None) if key != "contacts" else None
            self.named_actions[name].setShortcut(
                QKeySequence() if own is not None else self._contact_keys[name]
            )

    def _refresh_view(self, key: str) -> None:
        refresh = getattr(self._views.get(key), "refresh", None)
        if refresh is not None:
            refresh()

    def settle_planned(self, notify: bool = True) -> None:
        """Let interactions dated ahead count once their time has come (two index look-ups,
        no write unless one did); the views refresh when something changed."""
        from netkeeper.services.timeline import settle

        try:
            changed = settle()
        except Exception as exc:  # a locked or read-only database must not stop the window
            self.statusBar().showMessage(f"Could not update planned interactions: {exc}", 5000)
            return
        if changed and notify:
            self.notify_changed()

    @Slot()
    def notify_changed(self) -> None:
        """Call after any write through a service: every view refreshes once."""
        self.db_watcher.absorb()  # what is committed now is on screen after this
        self.data_changed.emit()

    @Slot()
    def _on_data_changed(self) -> None:
        """Refresh the view on screen; the others (all of them while the window is hidden
        in the tray) refresh when next shown, so a change costs nothing for unseen views."""
        self.me_prompt.refresh()
        shown = self.current_view_key() if self.isVisible() else None
        for key in self._views:
            if key == shown:
                self._refresh_view(key)
            else:
                self._stale.add(key)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        key = self.current_view_key()
        if key in self._stale:  # changed while hidden in the tray
            self._stale.discard(key)
            self._refresh_view(key)

    # --- contacts ------------------------------------------------------------------------

    @Slot(int)
    def open_contact(self, contact_id: int) -> None:
        """Show the Contacts view with this contact selected and its details open."""
        view = self.show_view("contacts")
        select = getattr(view, "select_contact", None)
        if select is not None:
            select(int(contact_id))
        self.raise_()
        self.activateWindow()

    def filter_contacts(self, contact_filter: object) -> None:
        """Show the Contacts view filtered (a ContactFilter from services/insights/filters.py,
        or None for all): where Insights' gaps and missing information lead."""
        view = self.show_view("contacts")
        set_filter = getattr(view, "set_filter", None)
        if set_filter is not None:
            set_filter(contact_filter)

    def selected_contact_ids(self) -> list[int]:
        view = self._views.get("contacts")
        selected = getattr(view, "selected_ids", None)
        return list(selected()) if selected is not None else []

    # --- status bar undo -------------------------------------------------------------------

    def show_undo(self, message: str, undo: Callable[[], None]) -> None:
        """Show `message` with an Undo button for 15 s; Undo runs `undo` then refreshes views."""
        self._undo = undo
        self.statusBar().showMessage(message, 15000)
        self._undo_button.setVisible(True)
        self.named_actions["undo"].setEnabled(True)
        self._undo_timer.start()

    @Slot()
    def _run_undo(self) -> None:
        undo, self._undo = self._undo, None
        self._clear_undo()
        if undo is not None:
            undo()
            self.statusBar().showMessage("Undone", 4000)
            self.notify_changed()

    @Slot()
    def _clear_undo(self) -> None:
        self._undo_button.setVisible(False)
        self.named_actions["undo"].setEnabled(False)

    # --- actions and menus ---------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.named_actions[name] = action
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        """Every QAction of the window, in one place (menus and views reuse them by name)."""
        a = self._action
        std = QKeySequence.StandardKey
        a("new_contact", "&New Contact…", self.new_contact, std.New, "Add a contact")
        a(
            "import_vcards",
            "&Import Contacts…",
            self.import_vcards,
            "Ctrl+I",
            "Import contacts from vCard, LinkedIn, Google, Outlook or other CSV files",
        )
        a(
            "export_vcards",
            "&Export vCards…",
            self.export_shown,
            "Ctrl+Shift+E",
            "Export contacts to a .vcf file",
        )
        # Qt binds Preferences on macOS only; elsewhere the common Ctrl+, (GNOME, KDE apps).
        preferences = std.Preferences if QKeySequence(std.Preferences).count() else "Ctrl+,"
        a("settings", "&Settings…", self.open_settings, preferences, "Preferences")
        a("quit", "&Quit", self.quit_app, std.Quit)
        a("undo", "&Undo", self._run_undo, std.Undo, "Undo the change named in the status bar")
        # Enabled while the status bar offers an Undo; a text field's own Ctrl+Z still wins.
        self.named_actions["undo"].setEnabled(False)
        a("find", "&Find…", self.focus_search, std.Find, "Search contacts")
        a(
            "find_duplicates",
            "Find &Duplicates",
            self.find_duplicates,
            None,
            "List contacts that look like the same person",
        )
        a("edit_contact", "&Edit Contact…", self.edit_contact, "F2", "Edit the selected contact")
        a(
            "delete_contacts",
            "&Delete",
            self.delete_contacts,
            std.Delete,
            "Move the selected contacts to the trash",
        )
        a(
            "log_interaction",
            "&Log Interaction…",
            self.log_interaction,
            "Ctrl+L",
            "Record a call, meeting or message",
        )
        a(
            "remind_me",
            "&Remind Me…",
            self.remind_me,
            "Ctrl+R",
            "A follow-up reminder for the selected contacts",
        )
        a(
            "keep_in_touch",
            "&Keep in Touch…",
            self.keep_in_touch,
            "Ctrl+K",
            "How often to keep in touch with the selected contacts",
        )
        a(
            "edit_diversity",
            "Di&versity…",
            self.edit_diversity,
            None,
            "Function, industry, country, city, generation and seniority of the selected contacts",
        )
        a(
            "who_can_introduce",
            "&Who Can Introduce Me…",
            self.who_can_introduce,
            None,
            "The paths through your network to a contact or an organisation",
        )
        a(
            "tag_contacts",
            "&Tag Selection…",
            self.tag_contacts,
            "Ctrl+T",
            "Add a tag to the selected contacts",
        )
        a("untag_contacts", "&Remove Tag from Selection…", self.untag_contacts, "Ctrl+Shift+T")
        a(
            "export_selection",
            "E&xport Selection…",
            self.export_selection,
            None,
            "Export the selected contacts",
        )
        for key, title in NAVIGATION:
            a(
                f"view_{key}",
                title,
                functools.partial(self.show_view, key),
                _VIEW_SHORTCUTS.get(key),
            )
        a("about", "&About NetKeeper", self.about)
        a(
            "my_profile",
            "My &Profile…",
            self.my_profile,
            None,
            "Your headline, bios, per-platform versions and your card as a QR code",
        )
        a("this_is_me", "This Is &Me", self.this_is_me, None, "Mark the selected contact as you")
        a(
            "introduce",
            "&Introduce…",
            self.introduce,
            None,
            "Introduce the selected contact to someone, or note who introduced you",
        )
        # Delete must not fire while typing in a text field: views own the focus scope.
        self.named_actions["delete_contacts"].setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        # F2 and Delete belong to the view on screen when it edits or deletes its own rows
        # (see _route_shortcuts): these are the Contacts view's keys.
        self._contact_keys = {
            name: self.named_actions[name].shortcut()
            for name in ("edit_contact", "delete_contacts")
        }

    def _create_menus(self) -> None:
        bar = self.menuBar()
        menus: list[tuple[str, list[str | None]]] = [
            (
                "&File",
                [
                    "new_contact",
                    None,
                    "import_vcards",
                    "export_vcards",
                    None,
                    "my_profile",
                    "settings",
                    None,
                    "quit",
                ],
            ),
            ("&Edit", ["undo", None, "find", "find_duplicates"]),
            ("&View", [f"view_{key}" for key, _ in NAVIGATION]),
            ("&Contact", list(CONTACT_ACTIONS)),
            ("&Help", ["about"]),
        ]
        self.menus: dict[str, Any] = {}
        for title, names in menus:
            menu = bar.addMenu(title)
            self.menus[title.replace("&", "").lower()] = menu
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.named_actions[name])

    # --- slots: each gathers input, calls a service or a dialog, then notify_changed() ----

    def _delegate(self, method: str, *args: Any) -> bool:
        """Forward an action to the Contacts view when it implements it."""
        view = self._views.get("contacts")
        handler = getattr(view, method, None)
        if handler is None:
            return False
        self.show_view("contacts")
        handler(*args)
        return True

    def _unavailable(self, what: str) -> None:
        self.statusBar().showMessage(f"{what} is not available in this build", 5000)

    @Slot()
    def new_contact(self) -> None:
        if not self._delegate("new_contact"):
            self._unavailable("Adding contacts")

    @Slot()
    def edit_contact(self) -> None:
        if not self._delegate("edit_selected"):
            self._unavailable("Editing contacts")

    def _in_contacts_view(self) -> bool:
        """Acting on a selection the user cannot see is a trap: Delete pressed in the
        Timeline once trashed whoever was still selected in the hidden Contacts view."""
        if self.current_view_key() == "contacts":
            return True
        self.statusBar().showMessage("Select contacts in the Contacts view first (Ctrl+1)", 4000)
        return False

    @Slot()
    def delete_contacts(self) -> None:
        if self._in_contacts_view() and not self._delegate("delete_selected"):
            self._unavailable("Deleting contacts")

    @Slot()
    def tag_contacts(self) -> None:
        if self._in_contacts_view():
            self._delegate("tag_selected")

    @Slot()
    def untag_contacts(self) -> None:
        if self._in_contacts_view():
            self._delegate("untag_selected")

    @Slot()
    def remind_me(self) -> None:
        if self._in_contacts_view():
            self._delegate("remind_selected")

    @Slot()
    def keep_in_touch(self) -> None:
        if self._in_contacts_view():
            self._delegate("keep_in_touch_selected")

    @Slot()
    def edit_diversity(self) -> None:
        if self._in_contacts_view():
            self._delegate("diversity_selected")

    @Slot()
    def who_can_introduce(self) -> None:
        """For the contact selected in Contacts, or anyone or any organisation typed."""
        if self.current_view_key() == "contacts" and self._delegate("who_can_introduce_selected"):
            return
        from netkeeper.ui.insights.paths_dialog import show_paths

        show_paths(self, None)

    @Slot()
    def focus_search(self) -> None:
        """Ctrl+F: the search of the view on screen when it has its own (the map's
        "find a person"), else the Contacts search."""
        key = self.current_view_key()
        own = getattr(self._views.get(key), "focus_search", None)
        if key != "contacts" and own is not None:
            own()
            return
        if not self._delegate("focus_search"):
            self._unavailable("Search")

    def import_vcards(self, paths: list[str] | None = None) -> None:
        run_import = _optional("netkeeper.ui.import_dialog", "run_import")
        if run_import is None:
            self._unavailable("Import")
            return
        if run_import(self, paths):
            self.notify_changed()

    def export_vcards(self, contact_ids: list[int] | None = None, tag: str | None = None) -> None:
        run_export = _optional("netkeeper.ui.export_dialog", "run_export")
        if run_export is None:
            self._unavailable("Export")
            return
        run_export(self, contact_ids, tag)

    @Slot()
    def export_shown(self) -> None:
        """File ▸ Export: the dialog starts on what the Contacts view has selected (as
        Contact ▸ Export Selection does) or the tag it is filtered by; All stays a click away."""
        view = self._views.get("contacts")
        in_contacts = self.current_view_key() == "contacts"
        ids = self.selected_contact_ids() if in_contacts else []
        tag = getattr(view, "current_tag", lambda: None)() if in_contacts else None
        self.export_vcards(ids or None, tag)

    @Slot()
    def export_selection(self) -> None:
        ids = self.selected_contact_ids()
        if not ids:
            self.statusBar().showMessage("Select the contacts to export first", 4000)
            return
        self.export_vcards(ids, None)

    @Slot()
    def log_interaction(self) -> None:
        dialog_cls = _optional("netkeeper.ui.log_dialog", "LogInteractionDialog")
        if dialog_cls is None:
            self._unavailable("Logging interactions")
            return
        ids = self.selected_contact_ids() if self.current_view_key() == "contacts" else []
        dialog = dialog_cls(self, ids)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notify_changed()

    @Slot()
    def my_profile(self) -> None:
        from netkeeper.ui.people.my_profile import MyProfileDialog

        dialog = MyProfileDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notify_changed()

    @Slot()
    def this_is_me(self) -> None:
        ids = self.selected_contact_ids() if self._in_contacts_view() else []
        if len(ids) != 1:
            self.statusBar().showMessage("Select your own card first", 4000)
            return
        from netkeeper.services.people.me import set_me

        set_me(ids[0])
        self.statusBar().showMessage("Marked as you", 4000)
        self.notify_changed()

    @Slot()
    def introduce(self) -> None:
        from netkeeper.ui.people.introductions_view import IntroduceDialog

        ids = self.selected_contact_ids() if self.current_view_key() == "contacts" else []
        dialog = IntroduceDialog(self, ids[0] if len(ids) == 1 else None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notify_changed()

    @Slot()
    def find_duplicates(self) -> None:
        if self.show_view("duplicates") is None:
            self._unavailable("Finding duplicates")
        else:
            self._refresh_view("duplicates")

    @Slot()
    def open_settings(self) -> None:
        dialog_cls = _optional("netkeeper.ui.settings_dialog", "SettingsDialog")
        if dialog_cls is None:
            self._unavailable("Settings")
            return
        dialog = dialog_cls(self.settings, self.db_file, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notify_changed()

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Keep your professional network alive.<br>"
            f"Database: {self.db_file}",
        )

    @Slot()
    def quit_app(self) -> None:
        from PySide6.QtWidgets import QApplication

        self._save_state()
        if self.sync is not None:
            self.sync.stop()  # a running sync is cancelled between batches, never half-applied
        QApplication.quit()

    # --- drag and drop of .vcf files -------------------------------------------------------

    @staticmethod
    def _vcf_paths(urls: list[QUrl]) -> list[str]:
        return [
            u.toLocalFile()
            for u in urls
            if u.isLocalFile() and u.toLocalFile().lower().endswith((".vcf", ".vcard", ".csv"))
        ]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self._vcf_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._vcf_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            # Leave the drop handler before a modal dialog opens.
            QTimer.singleShot(0, lambda: self.import_vcards(paths))

    # --- geometry and state -----------------------------------------------------------------

    def _restore_state(self) -> None:
        q = self.settings.qsettings
        geometry = q.value(_GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = q.value(_STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = q.value(_SPLITTER_KEY)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        # Today opens first once there are contacts; before that, the last view (or Contacts).
        key = "today" if self._has_contacts() else q.value(_VIEW_KEY, "contacts")
        keys = [k for k, _ in NAVIGATION]
        self.nav.setCurrentRow(keys.index(key) if key in keys else keys.index("contacts"))

    @staticmethod
    def _has_contacts() -> bool:
        from netkeeper.model.db import db

        row = db.execute_sql(
            "SELECT 1 FROM contact WHERE deleted_at IS NULL AND NOT is_me LIMIT 1"
        ).fetchone()
        return row is not None

    def _save_state(self) -> None:
        q = self.settings.qsettings
        q.setValue(_GEOMETRY_KEY, self.saveGeometry())
        q.setValue(_STATE_KEY, self.saveState())
        q.setValue(_SPLITTER_KEY, self.splitter.saveState())
        q.setValue(_VIEW_KEY, self.current_view_key())
        for view in self._views.values():
            save = getattr(view, "save_state", None)
            if save is not None:
                save(q)
        q.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        super().closeEvent(event)
        if event.isAccepted():
            self.db_watcher.stop()
