"""The import review offers a re-imported card's new title or organisation, and suggests a
congratulation follow-up; by default the contact keeps its own values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netkeeper.services import exchange
from netkeeper.services.documents import contact_documents
from netkeeper.services.reminders import open_reminders
from netkeeper.ui.import_dialog import JOB, ImportReviewDialog, run_import

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada-1\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
    "ORG:{org}\r\nTITLE:{title}\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"
)


def _files(tmp_path: Path) -> str:
    old = tmp_path / "old.vcf"
    old.write_text(CARD.format(org="Analytical Society", title="Engineer"), encoding="utf-8")
    exchange.import_files([str(old)])
    new = tmp_path / "new.vcf"
    new.write_text(CARD.format(org="Difference Ltd", title="CTO"), encoding="utf-8")
    return str(new)


def _role() -> tuple[str, str]:
    (doc,) = contact_documents([1])
    return doc["organization"], doc["title"]


def test_review_offers_the_new_role_and_a_congratulation(
    qtbot: Any, gui_db: Path, main_window: Any, tmp_path: Path
) -> None:
    new = _files(tmp_path)
    seen: list[str] = []

    def review() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportReviewDialog):
            QTimer.singleShot(50, review)
            return
        assert dialog.show_combo.findData(JOB) >= 0
        dialog.show_combo.setCurrentIndex(dialog.show_combo.findData(JOB))
        dialog.table.setCurrentIndex(dialog.model.index(0, 0))
        assert dialog.job_box.isVisible()
        assert set(dialog.job_checks) == {"organization", "title"}
        assert "“CTO” (yours: “Engineer”)" in dialog.job_checks["title"].text()
        assert not dialog.congratulate_check.isChecked()
        dialog.job_checks["title"].setChecked(True)
        dialog.job_checks["organization"].setChecked(True)
        assert dialog.congratulate_check.isChecked()  # suggested with the new role
        assert "take 1 new role" in dialog.summary.text()
        assert dialog.import_button.isEnabled()  # the card itself was "unchanged"
        seen.append("review")
        dialog.import_button.click()

    QTimer.singleShot(50, review)
    assert run_import(main_window, [new]) == 1
    assert seen == ["review"]
    assert _role() == ("Difference Ltd", "CTO")
    (reminder,) = open_reminders(1)
    assert reminder["due"] == dt.date.today().isoformat()
    assert "Congratulate" in reminder["note"] and "CTO at Difference Ltd" in reminder["note"]


def test_review_without_a_choice_keeps_yours(
    qtbot: Any, gui_db: Path, main_window: Any, tmp_path: Path
) -> None:
    new = _files(tmp_path)
    dialog = ImportReviewDialog(exchange.plan_import([new]), main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert dialog.job_box.isVisible()
    assert dialog.takes() == {} and dialog.congratulations() == []
    dialog.congratulate_check.setChecked(True)  # congratulate, but keep my values
    assert dialog.congratulations() == [(new, 1)]
    exchange.apply_import([new], take=dialog.takes(), congratulate=dialog.congratulations())
    assert _role() == ("Analytical Society", "Engineer")
    (reminder,) = open_reminders(1)
    assert reminder["note"] == "Congratulate on the new role (CTO at Difference Ltd)"
