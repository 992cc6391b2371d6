"""Export: all, selection or a tag, as vCard 3.0 or 4.0, through the exchange service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netkeeper.ui.export_dialog import ExportDialog, run_export


def _book(make_contact: Any) -> dict[str, int]:
    return {
        "ada": make_contact("Ada Lovelace", email="ada@example.org", tags=["mentors"]),
        "bob": make_contact("Bob Babbage", tags=["mentors"]),
        "li": make_contact("李娜", email="li.na@qingsong.example"),
    }


def _drive(path: Path, version: str, pick: str | None = None) -> list[str]:
    seen: list[str] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(50, step)
            return
        seen.append("dialog")
        dialog.path.setText(str(path))
        dialog.version.setCurrentIndex(dialog.version.findData(version))
        if pick == "all":
            dialog.all_radio.setChecked(True)
        dialog.export_button.click()

    QTimer.singleShot(50, step)
    return seen


def test_dialog_choices(qtbot: Any, make_contact: Any, tmp_path: Path) -> None:
    ids = _book(make_contact)
    dialog = ExportDialog(None, [ids["ada"]], None, folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.selection_radio.isChecked()
    assert dialog.choice() == {"contact_ids": [ids["ada"]], "tag": None, "version": "3.0"}
    assert dialog.target() == tmp_path / "selection.vcf"
    assert not dialog.tag_combo.isEnabled()
    dialog.tag_radio.click()
    assert dialog.tag_combo.isEnabled()
    dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("mentors"))
    assert dialog.choice()["tag"] == "mentors" and dialog.choice()["contact_ids"] is None
    assert dialog.target().name == "contacts-mentors.vcf"
    dialog.all_radio.setChecked(True)
    assert dialog.choice() == {"contact_ids": None, "tag": None, "version": "3.0"}
    assert "(3)" in dialog.all_radio.text()
    dialog.path.setText(str(tmp_path / "missing-folder" / "x.vcf"))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and not dialog.error.isHidden()


def test_every_label_mnemonic_has_a_buddy(qtbot: Any, make_contact: Any, tmp_path: Path) -> None:
    """'F&ile:' once showed its ampersand: a form row holding a layout gets no buddy."""
    from PySide6.QtWidgets import QLabel

    dialog = ExportDialog(None, [], None, folder=tmp_path)
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.findChildren(QLabel) if "&" in w.text().replace("&&", "")]
    assert labels and all(label.buddy() is not None for label in labels)
    assert any(label.buddy() is dialog.path for label in labels)


def test_export_all_as_40(qtbot: Any, make_contact: Any, main_window: Any, tmp_path: Path) -> None:
    _book(make_contact)
    out = tmp_path / "all.vcf"
    seen = _drive(out, "4.0")
    assert run_export(main_window, None, None) == 3
    assert seen == ["dialog"]
    text = out.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 3 and text.count("VERSION:4.0") == 3
    assert "FN:李娜" in text
    assert "Exported 3" in main_window.statusBar().currentMessage()


def test_export_selection_and_tag_as_30(
    qtbot: Any, make_contact: Any, main_window: Any, tmp_path: Path
) -> None:
    ids = _book(make_contact)
    out = tmp_path / "sel.vcf"
    _drive(out, "3.0")
    assert run_export(main_window, [ids["li"]], None) == 1
    text = out.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 1 and "VERSION:3.0" in text and "李娜" in text
    out2 = tmp_path / "tag.vcf"
    _drive(out2, "3.0")
    assert run_export(main_window, None, "mentors") == 2
    names = {
        line for line in out2.read_text(encoding="utf-8").splitlines() if line.startswith("FN:")
    }
    assert names == {"FN:Ada Lovelace", "FN:Bob Babbage"}


def test_an_existing_file_is_kept_unless_replacing_is_chosen(
    qtbot: Any, make_contact: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The overwrite question defaults to No, and No leaves the dialog open for another name."""
    from PySide6.QtWidgets import QMessageBox

    _book(make_contact)
    out = tmp_path / "old.vcf"
    out.write_text("keep me", encoding="utf-8")
    asked: list[Any] = []
    answer = QMessageBox.StandardButton.No

    def question(*args: Any) -> Any:
        asked.append(args)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = ExportDialog(None, [], None, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(out))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted  # still choosing
    assert asked[-1][4] == QMessageBox.StandardButton.No  # the default button
    assert out.read_text(encoding="utf-8") == "keep me"
    answer = QMessageBox.StandardButton.Yes
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_cancel_writes_nothing(
    qtbot: Any, make_contact: Any, main_window: Any, tmp_path: Path
) -> None:
    _book(make_contact)

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(50, cancel)
            return
        dialog.path.setText(str(tmp_path / "never.vcf"))
        dialog.reject()

    QTimer.singleShot(50, cancel)
    assert run_export(main_window, None, None) == 0
    assert not (tmp_path / "never.vcf").exists()


def test_file_export_honours_the_selection_and_the_tag_filter(
    qtbot: Any, make_contact: Any, main_window: Any, tmp_path: Path
) -> None:
    """File ▸ Export once always started on All, however many contacts were selected."""
    ids = _book(make_contact)
    main_window.notify_changed()
    view = main_window.view("contacts")
    view.select_contact(ids["li"])
    seen: list[dict[str, Any]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(50, look)
            return
        seen.append(dialog.choice())
        dialog.reject()

    QTimer.singleShot(50, look)
    main_window.named_actions["export_vcards"].trigger()
    assert seen[-1]["contact_ids"] == [ids["li"]]

    view.table.clearSelection()
    view.set_tag("mentors")
    QTimer.singleShot(50, look)
    main_window.named_actions["export_vcards"].trigger()
    assert seen[-1]["contact_ids"] is None and seen[-1]["tag"] == "mentors"

    view.set_tag(None)
    view.table.clearSelection()
    QTimer.singleShot(50, look)
    main_window.named_actions["export_vcards"].trigger()
    assert seen[-1] == {"contact_ids": None, "tag": None, "version": "3.0"}
