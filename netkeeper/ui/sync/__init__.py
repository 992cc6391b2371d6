"""Sync in the app: the controller (timer, worker, states), setup, conflicts and log dialogs.

`install(window)` is the one call the main window makes: it adds File ▸ Sync Now
(Ctrl+Shift+S), Sync Conflicts… and Sync Log…, the status-bar state, the tray
tooltip line, and starts the timer. Settings ▸ Sync opens `open_setup`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from netkeeper.services.sync import state
from netkeeper.ui.sync.controller import SyncController


def open_setup(parent: QWidget | None) -> bool:
    """Settings ▸ Sync: set up an account, or show (and offer to remove) the one there is.

    Returns True when the account changed.
    """
    from netkeeper.ui.sync.setup_dialog import SyncAccountDialog, SyncSetupDialog

    changed = False
    if state.account() is None:
        setup = SyncSetupDialog(parent)
        setup.exec()
        changed = setup.account_set_up
        setup.deleteLater()
    else:
        account = SyncAccountDialog(parent)
        account.exec()
        changed = account.forgotten
        account.deleteLater()
    controller = getattr(parent, "sync", None) or getattr(
        getattr(parent, "parent", lambda: None)(), "sync", None
    )
    if changed and isinstance(controller, SyncController):
        controller.refresh_state()
        if state.account() is not None:
            controller.sync_now()
    return changed


def settings_button(parent: QWidget) -> QPushButton:
    """The Settings dialog's "Sync" row (`parent` becomes the button's parent)."""

    def label() -> str:
        acc = state.account()
        return "Set up &sync…" if acc is None else f"&Sync with {acc.book_name or acc.server_url}…"

    button = QPushButton(label(), parent)
    button.setObjectName("syncSettings")
    button.setAccessibleName("Sync settings")

    def clicked() -> None:
        # Looked up at click time, not captured: a closure holding the dialog would keep
        # a cancelled Settings dialog alive as a hidden child of the window.
        dialog = button.window()
        open_setup(dialog.parentWidget() or dialog)
        button.setText(label())

    button.clicked.connect(clicked)
    return button


def install(window: Any) -> SyncController:
    """Wire sync into the main window (menus, status bar, tray line, timer)."""
    controller = SyncController(window)
    window.sync = controller
    window.statusBar().addPermanentWidget(controller.label)

    def action(name: str, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        act = QAction(text, window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        window.addAction(act)
        window.named_actions[name] = act
        return act

    def conflicts() -> None:
        from netkeeper.ui.sync.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(window)
        dialog.exec()
        dialog.deleteLater()
        if dialog.resolved:
            window.notify_changed()
            controller.refresh_state()
            controller.sync_now()

    def log() -> None:
        from netkeeper.ui.sync.log_dialog import SyncLogDialog

        dialog = SyncLogDialog(window)
        dialog.exec()
        dialog.deleteLater()

    sync_now = action("sync_now", "S&ync Now", controller.sync_now, "Ctrl+Shift+S")
    sync_now.setStatusTip("Sync contacts with the CardDAV server now")
    items = [
        sync_now,
        action("sync_conflicts", "Sync &Conflicts…", conflicts),
        action("sync_log", "Sync &Log…", log),
    ]
    file_menu = getattr(window, "menus", {}).get("file")
    if file_menu is not None:
        before = window.named_actions.get("settings")
        for act in items:
            file_menu.insertAction(before, act)
        file_menu.insertSeparator(before)
    window.data_changed.connect(controller.on_local_change)

    def tray_line(text: str) -> None:
        from netkeeper.ui.tray import DueTray

        tray = window.findChild(DueTray)
        if tray is not None:
            tray.set_status_line("sync", text)
            tray.set_sync_mark(controller.state)

    controller.state_changed.connect(tray_line)
    controller.start()
    return controller
