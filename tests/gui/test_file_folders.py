"""Import and export dialogs open in Downloads (else home), then where the user went last.

A desktop launch's working directory is arbitrary (often / or the launcher's folder),
so opening there made every import start with a hunt for the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from netkeeper.ui import import_dialog
from netkeeper.ui.export_dialog import ExportDialog, run_export


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home with no user-dirs.dirs, so Downloads means ~/Downloads; cwd elsewhere."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return home


def _open_dialog_spy(monkeypatch: pytest.MonkeyPatch, answer: list[str]) -> list[str]:
    folders: list[str] = []

    def fake(_parent: Any, _title: str, folder: str, _filter: str) -> tuple[list[str], str]:
        folders.append(folder)
        return list(answer), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
    return folders


def test_import_opens_in_downloads_then_the_last_folder(
    qtbot: Any, main_window: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "Downloads").mkdir()
    chosen = tmp_path / "phone" / "all.vcf"
    chosen.parent.mkdir()
    folders = _open_dialog_spy(monkeypatch, [str(chosen)])
    assert import_dialog.choose_files(main_window) == [str(chosen)]
    folders_again = _open_dialog_spy(monkeypatch, [])
    assert import_dialog.choose_files(main_window) == []
    assert folders == [str(home / "Downloads")]
    assert folders_again == [str(chosen.parent)]


def test_import_opens_at_home_without_downloads(
    qtbot: Any, main_window: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = _open_dialog_spy(monkeypatch, [])
    import_dialog.choose_files(main_window)
    assert folders == [str(home)]


def test_export_suggests_downloads_then_remembers_the_folder(
    qtbot: Any, main_window: Any, make_contact: Any, home: Path, tmp_path: Path
) -> None:
    make_contact("Ada Lovelace")
    (home / "Downloads").mkdir()
    first = ExportDialog(main_window)
    assert Path(first.path.text()) == home / "Downloads" / "contacts.vcf"
    first.deleteLater()

    target = tmp_path / "backup" / "mine.vcf"
    target.parent.mkdir()

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(50, step)
            return
        dialog.path.setText(str(target))
        dialog.export_button.click()

    QTimer.singleShot(50, step)
    assert run_export(main_window) == 1
    assert target.is_file()
    again = ExportDialog(main_window)
    assert Path(again.path.text()) == target.parent / "contacts.vcf"


def test_photo_chooser_opens_in_pictures_then_the_last_photo_folder(
    qtbot: Any, main_window: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeeper.ui.contact_editor import ContactEditor

    (home / "Pictures").mkdir()
    photo = tmp_path / "camera" / "ada.png"
    photo.parent.mkdir()
    folders: list[str] = []
    answers = [str(photo), ""]

    def fake(_parent: Any, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        folders.append(folder)
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    editor = ContactEditor(main_window, None)
    qtbot.addWidget(editor)
    monkeypatch.setattr(editor, "set_photo_file", lambda _path: None)
    editor._choose_photo()
    editor._choose_photo()
    assert folders == [str(home / "Pictures"), str(photo.parent)]
    # The photo folder is its own: vCard dialogs still open in Downloads (else home).
    assert import_dialog.start_folder(main_window) == home
