"""Right-to-left values in the detail pane sit beside their label, not at the far edge."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextBlock

from netkeeper.ui.contact_detail import ContactDetail


def _text_left(detail: ContactDetail, text: str) -> float:
    """Where the first line of the block holding `text` starts, in document pixels."""
    doc = detail.body.document()
    block: QTextBlock = doc.begin()
    while block.isValid():
        if text in block.text():
            rect = doc.documentLayout().blockBoundingRect(block)
            return rect.x() + block.layout().lineAt(0).naturalTextRect().x()
        block = block.next()
    raise AssertionError(f"{text!r} is not on the page")


def test_an_arabic_introducer_sits_beside_its_label(
    qtbot: Any, main_window: Any, make_contact: Any
) -> None:
    arabic = "سارة الحسن"
    introducer = make_contact(arabic)
    ada = make_contact("Ada Lovelace", email="ada@example.org", introduced_by=introducer)
    detail = ContactDetail(main_window)
    qtbot.addWidget(detail)
    detail.resize(700, 600)
    detail.show()
    detail.show_contact(ada)
    qtbot.waitExposed(detail)
    name_x = _text_left(detail, arabic)
    email_x = _text_left(detail, "ada@example.org")  # a left-to-right value of the same column
    assert abs(name_x - email_x) < 4, (name_x, email_x)
