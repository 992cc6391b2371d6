"""The import flow end to end: real vCard files, the plan, the review with keep/skip, the save."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from netkeeper.model.db import db
from netkeeper.services import exchange
from netkeeper.services.tags import contacts_with_tag
from netkeeper.ui import import_dialog
from netkeeper.ui.import_dialog import Column, ImportReviewDialog, ReviewModel, run_import
from netkeeper.ui.workers import run_with_progress

DATA = Path(__file__).resolve().parent.parent / "data"
REVIEW = str(DATA / "ui_review.vcf")
SECOND = str(DATA / "ui_second.vcf")
TAG = f"Imported {dt.date.today().isoformat()}"


@pytest.fixture
def ada(make_contact: Any) -> int:
    return int(make_contact("Ada Lovelace", org="Analytical Society", email="ada@example.org"))


def _names() -> set[str]:
    return {r[0] for r in db.execute_sql("SELECT full_name FROM contact")}


def _statuses(model: ReviewModel) -> list[tuple[str, str]]:
    return [
        (model.index(r, Column.NAME).data(), model.index(r, Column.STATUS).data())
        for r in range(model.rowCount())
    ]


def test_review_model_lists_every_kind_of_card(qtmodeltester: Any, ada: int) -> None:
    plan = exchange.plan_import([REVIEW, SECOND])
    assert _names() == {"Ada Lovelace"}  # the plan saved nothing
    model = ReviewModel(plan.outcomes)
    qtmodeltester.check(model)
    assert _statuses(model) == [
        ("Grace Hopper", "New"),
        ("李娜", "New"),
        ("Ada Lovelace", "Updated"),
        ("(no name)", "Skipped"),
        ("Grace Hopper", "Duplicate"),
        ("Katherine Johnson", "New"),
        ("Ελένη Παπαδοπούλου", "New"),
    ]
    updated = model.index(2, Column.DETAILS).data()
    assert "email ada@example.org" in updated and "+44 7700 900123" in updated
    assert "Analytical Society" in updated  # the kept organisation is named, not overwritten
    assert "no name" in model.index(3, Column.DETAILS).data()
    # Skipped cards cannot be ticked; the others start ticked.
    assert model.index(3, Column.KEEP).data(Qt.ItemDataRole.CheckStateRole) is None
    assert not model.flags(model.index(3, Column.KEEP)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.index(5, Column.KEEP).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert model.setData(
        model.index(5, Column.KEEP), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert model.decisions() == {(SECOND, 1): False}
    model.set_status("new")
    assert [n for n, _ in _statuses(model)] == [
        "Grace Hopper",
        "李娜",
        "Katherine Johnson",
        "Ελένη Παπαδοπούλου",
    ]
    model.set_keep_shown(False)
    qtmodeltester.check(model)
    assert len(model.decisions()) == 4


def test_review_dialog_summary_and_filter(qtbot: Any, ada: int) -> None:
    plan = exchange.plan_import([REVIEW])
    dialog = ImportReviewDialog(plan, None, today=dt.date(2026, 11, 26))
    qtbot.addWidget(dialog)
    assert dialog.tag.text() == "Imported 2026-11-26"
    assert "add 2 new and update 2 existing contacts;" in dialog.summary.text()
    assert dialog.summary.text().endswith(", 1 skipped.")  # like its Status column says
    one = ImportReviewDialog(exchange.plan_import([str(DATA / "apple_items.vcf")]), None)
    qtbot.addWidget(one)
    labels = [w.text() for w in one.findChildren(QLabel)]
    assert any(t.startswith("<b>1 card</b> read from apple_items.vcf") for t in labels)
    dialog.show_combo.setCurrentIndex(dialog.show_combo.findData("skipped"))
    assert dialog.model.rowCount() == 1
    dialog.show_combo.setCurrentIndex(0)
    dialog.table.setCurrentIndex(dialog.model.index(2, Column.NAME))
    assert "Ada Lovelace" in dialog.details.toPlainText()
    dialog.model.set_keep_shown(False)
    assert not dialog.import_button.isEnabled()
    assert dialog.table.accessibleName() == "Cards to import"


def _drive_review(actions: list[str]) -> list[str]:
    """Act on the review dialog once it is up: 'untick:<name>', then 'import' or 'cancel'."""
    seen: list[str] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportReviewDialog):
            QTimer.singleShot(50, step)
            return
        seen.append("review")
        model = dialog.model
        for action in actions:
            if action.startswith("untick:"):
                name = action.split(":", 1)[1]
                for r in range(model.rowCount()):
                    if model.index(r, Column.NAME).data() == name:
                        model.setData(
                            model.index(r, Column.KEEP),
                            Qt.CheckState.Unchecked,
                            Qt.ItemDataRole.CheckStateRole,
                        )
            elif action == "import":
                dialog.import_button.click()
            elif action == "cancel":
                dialog.reject()

    QTimer.singleShot(50, step)
    return seen


def test_import_end_to_end_with_keep_and_skip(qtbot: Any, ada: int, main_window: Any) -> None:
    seen = _drive_review(["untick:Katherine Johnson", "import"])
    count = run_import(main_window, [REVIEW, SECOND])
    assert seen == ["review"]
    # Grace (new, then merged duplicate), 李娜, Ελένη new; Ada updated; Katherine left out.
    assert _names() == {"Ada Lovelace", "Grace Hopper", "李娜", "Ελένη Παπαδοπούλου"}
    assert count == 5
    phones = {
        r[0]
        for r in db.execute_sql(
            "SELECT p.value FROM phone p JOIN contact c ON c.id = p.contact_id"
            " WHERE c.full_name = 'Grace Hopper'"
        )
    }
    assert phones == {"+1 415 555 0142", "+1 415 555 0199"}
    org = db.execute_sql("SELECT organization FROM contact WHERE id = ?", (ada,)).fetchone()[0]
    assert org == "Analytical Society"
    tagged = contacts_with_tag(TAG)
    assert len(tagged) == 4 and ada in tagged
    assert "Imported 3 new" in main_window.statusBar().currentMessage()


def test_cancel_at_review_saves_nothing(qtbot: Any, ada: int, main_window: Any) -> None:
    seen = _drive_review(["cancel"])
    assert run_import(main_window, [REVIEW]) == 0
    assert seen == ["review"]
    assert _names() == {"Ada Lovelace"}
    assert db.execute_sql("SELECT count(*) FROM tag").fetchone()[0] == 0


def test_bad_file_is_named_and_good_files_still_import(
    qtbot: Any, ada: int, main_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(import_dialog, "_message", lambda _parent, text: messages.append(text))
    junk = tmp_path / "notes.vcf"
    junk.write_text("just some notes\n", encoding="utf-8")
    _drive_review(["import"])
    assert run_import(main_window, [str(junk), SECOND]) == 2
    assert len(messages) == 1 and "notes.vcf" in messages[0] and "not a vCard" in messages[0]
    assert "Katherine Johnson" in _names()


def test_progress_dialog_cancel_stops_the_job(qtbot: Any, gui_db: Path) -> None:
    started: list[float] = []

    def job(progress: Any, cancelled: Any) -> str:
        started.append(time.monotonic())
        while not cancelled():
            progress(1, 1, 10)
            time.sleep(0.01)
        raise exchange.ImportCancelled("stopped")

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        if not dialogs or not dialogs[0].isVisible():
            QTimer.singleShot(50, press_cancel)
            return
        (button,) = dialogs[0].findChildren(QPushButton)
        button.click()  # what the user does: the Cancel button

    QTimer.singleShot(50, press_cancel)
    outcome = run_with_progress(None, "Reading…", job)
    assert outcome.cancelled and not outcome.ok
    assert isinstance(outcome.error, exchange.ImportCancelled)


def test_worker_returns_value_and_closes_its_connection(qtbot: Any, gui_db: Path) -> None:
    def job(progress: Any, cancelled: Any) -> int:
        return int(db.execute_sql("SELECT 41 + 1").fetchone()[0])

    outcome = run_with_progress(None, "Counting…", job)
    assert outcome.ok and outcome.value == 42
    assert not db.is_closed()  # the UI thread's own connection is untouched


def test_dropping_a_vcf_on_the_window_runs_the_review(
    qtbot: Any, ada: int, main_window: Any
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(SECOND), QUrl.fromLocalFile(str(DATA / "ui_x.txt"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    seen = _drive_review(["import"])
    main_window.dropEvent(event)
    qtbot.waitUntil(lambda: "Katherine Johnson" in _names(), timeout=5000)
    assert seen == ["review"]
    assert _names() == {"Ada Lovelace", "Katherine Johnson", "Ελένη Παπαδοπούλου"}


def test_cancelled_plan_in_a_worker_writes_nothing(qtbot: Any, ada: int, tmp_path: Path) -> None:
    from netkeeper.ui.workers import Worker

    big = tmp_path / "big.vcf"
    big.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@mail.example\r\n"
            "END:VCARD\r\n"
            for i in range(2000)
        ),
        encoding="utf-8",
    )
    worker = Worker(
        lambda progress, cancel: exchange.apply_import([str(big)], progress=progress, cancel=cancel)
    )
    worker.cancel()  # as if Cancel were pressed before the first card
    worker.start()
    assert worker.wait(10000)
    assert isinstance(worker.error, exchange.ImportCancelled)
    assert _names() == {"Ada Lovelace"}
    done = Worker(lambda progress, cancel: exchange.apply_import([str(big)], progress=progress))
    done.start()
    assert done.wait(20000) and done.error is None
    assert done.progress() == (1000, 1000)  # the last report covers every byte
    assert len(_names()) == 2001
