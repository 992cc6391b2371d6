"""CSV in the GUI: the column mapping dialog, the review for each format, CSV export."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox

from netkeeper.model.db import db
from netkeeper.services import exchange
from netkeeper.services.csv_mappings import get_mapping, save_mapping
from netkeeper.ui.csv_mapping_dialog import Column, CsvMappingDialog
from netkeeper.ui.export_dialog import ExportDialog
from netkeeper.ui.import_dialog import ImportReviewDialog, run_import

DATA = Path(__file__).resolve().parent.parent / "data" / "csv"
ATTENDEES = str(DATA / "attendees_needs_mapping.csv")
TODAY = dt.date.today().isoformat()


def _names() -> set[str]:
    return {r[0] for r in db.execute_sql("SELECT full_name FROM contact")}


def _dialog(path: str) -> CsvMappingDialog:
    return CsvMappingDialog(path, exchange.sniff_file(path))


def _fields(dialog: CsvMappingDialog) -> dict[str, str]:
    return dialog.mapping()


def _set(dialog: CsvMappingDialog, column: str, field: str) -> None:
    row = dialog.model.header.index(column)
    editor = dialog.table.indexWidget(dialog.model.index(row, Column.FIELD))
    assert isinstance(editor, QComboBox), "every row shows its field as a combo box"
    editor.setCurrentIndex(editor.findData(field))  # as a user picking from the list


def test_models_pass_the_model_tester(qtbot: Any, qtmodeltester: Any, gui_db: Path) -> None:
    dialog = _dialog(ATTENDEES)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.preview_model)


def test_suggestions_samples_and_the_name_rule(qtbot: Any, gui_db: Path) -> None:
    dialog = _dialog(str(DATA / "no_name_column.csv"))
    qtbot.addWidget(dialog)
    assert dialog.model.header == ["Order", "Amount", "Date"]
    assert dialog.model.index(0, Column.SAMPLE).data() == "17, 18"
    assert dialog.preview_model.rowCount() == 2
    assert not dialog.ok_button.isEnabled(), "no column holds a name yet"
    assert "name" in dialog.hint.text()
    _set(dialog, "Order", "full_name")
    assert dialog.ok_button.isEnabled()
    assert dialog.options().mapping == {"Order": "full_name", "Amount": "ignore", "Date": "ignore"}


def test_detected_delimiter_and_encoding_can_be_changed(
    qtbot: Any, gui_db: Path, tmp_path: Path
) -> None:
    dialog = _dialog(str(DATA / "semicolon_german.csv"))
    qtbot.addWidget(dialog)
    assert dialog.delimiter.currentData() == ";"
    assert dialog.model.header[:2] == ["Vorname", "Nachname"]
    assert _fields(dialog)["E-Mail"] == "email" and _fields(dialog)["Firma"] == "organization"
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(","))
    assert len(dialog.model.header) == 1, "read again at once with commas"
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(";"))
    assert len(dialog.model.header) == 7
    # A Cyrillic cp1251 file sniffs as cp1252 (the bytes are valid in both); the user fixes it.
    path = tmp_path / "cyrillic.csv"
    path.write_bytes("Имя,Город\r\nИван,Москва\r\n".encode("cp1251"))
    dialog = _dialog(str(path))
    qtbot.addWidget(dialog)
    assert dialog.encoding.currentData() == "cp1252"
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("cp1251"))
    assert dialog.model.header == ["Имя", "Город"]
    assert dialog.preview_model.index(0, 0).data() == "Иван"
    assert dialog.options().encoding == "cp1251"


def test_a_saved_mapping_comes_back_for_the_same_columns(qtbot: Any, gui_db: Path) -> None:
    dialog = _dialog(ATTENDEES)
    qtbot.addWidget(dialog)
    assert _fields(dialog)["Person"] == "ignore" and _fields(dialog)["Mail"] == "email"
    _set(dialog, "Person", "full_name")
    _set(dialog, "Teilnehmer-ID", "custom")
    dialog.save_box.setChecked(True)
    dialog.accept()
    assert dialog.hint.text().startswith("Give the mapping a name"), "a name is needed"
    dialog.save_name.setText("Event attendees")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert get_mapping("event attendees").columns["Person"] == "full_name"
    again = _dialog(ATTENDEES)
    qtbot.addWidget(again)
    assert again.saved.currentText() == "Event attendees"
    assert _fields(again)["Person"] == "full_name" and _fields(again)["Teilnehmer-ID"] == "custom"
    again.saved.setCurrentIndex(0)  # back to the suggestions
    assert _fields(again)["Person"] == "ignore"


def _drive(actions: list[str]) -> list[str]:
    """Answer the dialogs of the import flow as they come up, in order."""
    seen: list[str] = []
    todo = list(actions)

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not todo:
            if todo:
                QTimer.singleShot(30, step)
            return
        action = todo[0]
        if isinstance(dialog, CsvMappingDialog) and action.startswith("map:"):
            todo.pop(0)
            seen.append("mapping")
            for pair in action[4:].split(","):
                column, field = pair.split("=")
                _set(dialog, column, field)
            dialog.ok_button.click()
        elif isinstance(dialog, ImportReviewDialog) and action.startswith("review"):
            todo.pop(0)
            seen.append(f"review:{dialog.tag.text()}")
            dialog.import_button.click()
        elif action == "cancel":
            todo.pop(0)
            seen.append(f"cancel:{type(dialog).__name__}")
            dialog.reject()
        if todo:
            QTimer.singleShot(30, step)

    QTimer.singleShot(30, step)
    return seen


def test_a_generic_csv_is_mapped_reviewed_and_imported(
    qtbot: Any, gui_db: Path, main_window: Any
) -> None:
    seen = _drive(["map:Person=full_name", "review"])
    assert run_import(main_window, [ATTENDEES]) == 2
    assert seen[0] == "mapping" and seen[1] == f"review:Imported {TODAY}"
    assert _names() == {"Carla Rossi", "Dmitri Ivanov"}


def test_cancelling_the_mapping_imports_nothing(qtbot: Any, gui_db: Path, main_window: Any) -> None:
    seen = _drive(["cancel"])
    assert run_import(main_window, [ATTENDEES]) == 0
    assert seen == ["cancel:CsvMappingDialog"]
    assert _names() == set()


def test_linkedin_goes_straight_to_its_review(qtbot: Any, gui_db: Path, main_window: Any) -> None:
    seen = _drive(["review"])
    assert run_import(main_window, [str(DATA / "linkedin_connections.csv")]) == 6
    assert seen[0] == f"review:LinkedIn {TODAY}", "no mapping step; LinkedIn's own tag"
    tags = {r[0] for r in db.execute_sql("SELECT name FROM tag")}
    assert tags == {f"LinkedIn {TODAY}"}


def test_review_for_each_format(qtbot: Any, gui_db: Path) -> None:
    for name, title, unit in (
        ("linkedin_connections.csv", "LinkedIn connections", "6 entries"),
        ("google_contacts.csv", "Google Contacts CSV", "6 entries"),
        ("outlook_desktop_cp1252.csv", "Outlook CSV", "2 entries"),
        ("outlook_com.csv", "Outlook CSV", "2 entries"),
    ):
        plan = exchange.plan_import([str(DATA / name)])
        dialog = ImportReviewDialog(plan)
        qtbot.addWidget(dialog)
        intro = dialog.findChildren(type(dialog.summary))[0].text()
        assert title in intro and unit in intro, intro
        statuses = {dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())}
        assert "New" in statuses
    assert _names() == set(), "reviews save nothing"
    plan = exchange.plan_import([str(DATA / "google_contacts.csv")])
    dialog = ImportReviewDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show_combo.setCurrentIndex(dialog.show_combo.findData("skipped"))
    assert dialog.model.rowCount() == 1
    assert "no name" in dialog.model.index(0, 4).data()
    assert dialog.model.index(0, 3).data() == "google_contacts.csv, 5"


def test_linkedin_after_a_vcard_reviews_as_updates(qtbot: Any, gui_db: Path) -> None:
    exchange.import_files([str(DATA / "same_people.vcf")])
    plan = exchange.plan_import([str(DATA / "linkedin_connections.csv")])
    dialog = ImportReviewDialog(plan)
    qtbot.addWidget(dialog)
    rows = {
        dialog.model.index(r, 2).data(): dialog.model.index(r, 1).data()
        for r in range(dialog.model.rowCount())
    }
    assert rows["Ada Lovelace"] == "Updated" and rows["Grace Hopper"] == "Updated"
    assert rows["Sam 🚀 Rivers"] == "New"
    ada = next(
        r
        for r in range(dialog.model.rowCount())
        if dialog.model.index(r, 2).data() == "Ada Lovelace"
    )
    details = dialog.model.index(ada, 4).data()
    assert "matched by email" in details and "LinkedIn profile" in details


def test_export_dialog_writes_csv(qtbot: Any, gui_db: Path, tmp_path: Path) -> None:
    exchange.import_files([str(DATA / "google_legacy.csv")])
    dialog = ExportDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.target().name == "contacts.vcf"
    dialog.version.setCurrentIndex(dialog.version.findData("csv"))
    assert dialog.target().name == "contacts.csv"
    dialog.version.setCurrentIndex(dialog.version.findData("3.0"))
    assert dialog.target().name == "contacts.vcf"


def test_export_flow_in_csv(qtbot: Any, gui_db: Path, tmp_path: Path, monkeypatch: Any) -> None:
    from netkeeper.ui import export_dialog

    exchange.import_files([str(DATA / "google_legacy.csv")])
    out = tmp_path / "out.csv"

    class Chosen(ExportDialog):
        def exec(self) -> int:
            self.version.setCurrentIndex(self.version.findData("csv"))
            self.path.setText(str(out))
            return int(self.DialogCode.Accepted.value)

    monkeypatch.setattr(export_dialog, "ExportDialog", Chosen)
    assert export_dialog.run_export(None) == 2
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("First Name,Middle Name,Last Name") and "Grace" in text
    shutil.copy(out, tmp_path / "again.csv")
    again = exchange.import_files([str(tmp_path / "again.csv")])
    assert again.files[0].unchanged == 2


def test_save_mapping_refuses_an_unknown_field(gui_db: Path) -> None:
    import pytest

    from netkeeper.services import ServiceError

    with pytest.raises(ServiceError, match="not a field"):
        save_mapping("x", ["a"], {"a": "nonsense"})


def test_keyboard_only_the_table_takes_focus_first(qtbot: Any, gui_db: Path) -> None:
    dialog = _dialog(ATTENDEES)
    qtbot.addWidget(dialog)
    focus = dialog.focusWidget()
    assert focus is dialog.table or dialog.table.isAncestorOf(focus)
    assert dialog.ok_button.isDefault()
    assert Qt.ItemFlag.ItemIsEditable & dialog.model.flags(dialog.model.index(0, Column.FIELD))
