"""The main window: navigation, actions in one place, data_changed refreshing views."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from netkeeper.settings import Settings
from netkeeper.ui.main_window import NAVIGATION, MainWindow


class _CountingView(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def test_navigation_lists_every_view_and_switches(main_window: MainWindow) -> None:
    titles = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert titles == [title for _, title in NAVIGATION]
    main_window.show_view("trash")
    assert main_window.current_view_key() == "trash"
    main_window.named_actions["view_contacts"].trigger()
    assert main_window.current_view_key() == "contacts"


def test_standard_shortcuts_are_bound(main_window: MainWindow) -> None:
    shortcuts = {name: a.shortcut().toString() for name, a in main_window.named_actions.items()}
    assert shortcuts["new_contact"] == "Ctrl+N"
    assert shortcuts["find"] == "Ctrl+F"
    assert shortcuts["log_interaction"] == "Ctrl+L"
    assert shortcuts["import_vcards"] == "Ctrl+I"
    assert shortcuts["edit_contact"] == "F2"
    assert shortcuts["delete_contacts"] == "Del"
    assert shortcuts["settings"]  # Qt has no Preferences key outside macOS: Ctrl+, there
    menus = [a.text().replace("&", "") for a in main_window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Contact", "Help"]


def test_data_changed_refreshes_shown_view_now_and_hidden_view_when_shown(
    main_window: MainWindow,
) -> None:
    shown, hidden = _CountingView(main_window), _CountingView(main_window)
    main_window.add_view("timeline", "Timeline", shown)
    main_window.add_view("reminders", "Reminders", hidden)
    main_window.show_view("timeline")
    before = shown.refreshed
    main_window.notify_changed()
    assert shown.refreshed == before + 1
    assert hidden.refreshed == 0
    main_window.show_view("reminders")
    assert hidden.refreshed == 1


def test_add_view_replaces_placeholder_and_adds_new_keys(main_window: MainWindow) -> None:
    view = _CountingView(main_window)
    main_window.add_view("duplicates", "Duplicates", view)
    assert main_window.show_view("duplicates") is view
    assert main_window.stack.currentWidget() is view
    extra = QLabel("extra")
    main_window.add_view("plugin", "Plugin", extra)  # a key NAVIGATION lacks
    assert main_window.nav.count() == len(NAVIGATION) + 1
    assert main_window.show_view("plugin") is extra


def test_undo_in_status_bar_runs_once(main_window: MainWindow) -> None:
    calls: list[int] = []
    main_window.show_undo("Moved 1 contact to the trash", lambda: calls.append(1))
    assert main_window._undo_button.isVisibleTo(main_window)
    main_window._undo_button.click()
    main_window._undo_button.click()
    assert calls == [1]
    assert not main_window._undo_button.isVisibleTo(main_window)


def test_ctrl_z_undoes_what_the_status_bar_offers(qtbot: Any, main_window: MainWindow) -> None:
    """Keyboard users reach the status bar's Undo through Edit ▸ Undo (Ctrl+Z)."""
    undo = main_window.named_actions["undo"]
    assert undo.shortcut().toString() == "Ctrl+Z"
    assert undo in main_window.menus["edit"].actions()
    assert not undo.isEnabled()
    calls: list[int] = []
    main_window.show_undo("Moved 1 contact to the trash", lambda: calls.append(1))
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=2000)
    main_window.nav.setFocus()
    qtbot.keyClick(main_window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert calls == [1]
    assert not undo.isEnabled()


def test_geometry_and_view_are_restored(qtbot: Any, gui_db: Any, tmp_path: Any) -> None:
    ini = str(tmp_path / "state.ini")
    first = MainWindow(gui_db, settings=Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 520)  # the offscreen screen is 800x600: restoreGeometry clamps to it
    first.splitter.setSizes([150, 550])
    first.show_view("trash")
    first.close()
    second = MainWindow(gui_db, settings=Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 520)
    assert second.current_view_key() == "trash"
    assert second.splitter.sizes()[0] == 150


def test_views_other_than_contacts_are_built_when_first_shown(main_window: MainWindow) -> None:
    import netkeeper.ui.main_window as mw

    built = [k for k in mw._VIEW_CLASSES if k in main_window._views]
    assert built == ["contacts"] or main_window.current_view_key() != "contacts"
    main_window.notify_changed()  # a change must not build hidden views either
    assert "trash" not in main_window._views
    trash = main_window.show_view("trash")
    assert trash is main_window.view("trash") is main_window.stack.currentWidget()


def test_dropping_vcf_files_starts_an_import(
    qtbot: Any, main_window: MainWindow, tmp_path: Any, monkeypatch: Any
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    calls: list[Any] = []
    monkeypatch.setattr(main_window, "import_vcards", lambda paths=None: calls.append(paths))
    card = tmp_path / "people.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    other = tmp_path / "notes.txt"
    other.write_text("not a card")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(card)), QUrl.fromLocalFile(str(other))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    qtbot.waitUntil(lambda: calls == [[str(card)]], timeout=2000)
