"""A cancelled dialog must not live on as a hidden child of the main window (issue 9).

bench/soak.py found File > Export leaking one ExportDialog (36 KB) per cancel:
parented to the window, it was only deleted on the accepted path.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog

OPENERS = {
    "export": lambda w: w.export_vcards(None, None),
    "log interaction": lambda w: w.log_interaction(),
    "new contact": lambda w: w.new_contact(),
    "edit contact": lambda w: w.edit_contact(),
    "settings": lambda w: w.open_settings(),
}


@pytest.mark.parametrize("name", OPENERS)
def test_a_cancelled_dialog_is_deleted(
    name: str, qtbot: Any, main_window: Any, make_contact: Any
) -> None:
    make_contact("Ada Lovelace")
    main_window.notify_changed()
    main_window.view("contacts").table.selectRow(0)
    seen: list[str] = []

    def cancel() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QDialog):
            QTimer.singleShot(10, cancel)
            return
        seen.append(type(modal).__name__)
        modal.reject()

    for _ in range(3):
        QTimer.singleShot(0, cancel)
        OPENERS[name](main_window)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(seen) == 3
    assert [type(d).__name__ for d in main_window.findChildren(QDialog)] == []
