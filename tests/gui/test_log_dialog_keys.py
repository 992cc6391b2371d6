"""Log Interaction from the keyboard: one Alt+letter per field, Ctrl+Enter saves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from netkeeper.services import timeline
from netkeeper.ui.log_dialog import LogInteractionDialog


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> the texts that claim it, over every visible label and button."""
    found: dict[str, list[str]] = {}
    widgets = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    for widget in widgets:
        if widget.isHidden():
            continue
        text = widget.text()
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match:
            found.setdefault(match.group(1).casefold(), []).append(text)
    return found


def _shown(qtbot: Any, dialog: LogInteractionDialog) -> LogInteractionDialog:
    """Shown and active: shortcuts only reach the active window."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_every_mnemonic_of_the_log_dialog_is_unique(qtbot: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    dialog = LogInteractionDialog(None, [ada])
    qtbot.addWidget(dialog)
    dialog.show()
    clashes = {key: texts for key, texts in mnemonics(dialog).items() if len(texts) > 1}
    assert clashes == {}


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_in_the_note_saves(qtbot: Any, make_contact: Any, key: Qt.Key) -> None:
    ada = make_contact("Ada Lovelace")
    dialog = _shown(qtbot, LogInteractionDialog(None, [ada]))
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "Talked about engines")
    qtbot.keyClick(dialog.note, key, Qt.KeyboardModifier.ControlModifier)
    saved = dialog.result() == dialog.DialogCode.Accepted
    dialog.note.clear()  # else closing the dialog at teardown asks "Discard?" and waits
    assert saved
    (entry,) = timeline.timeline(ada)
    assert entry["note"] == "Talked about engines"  # no newline slipped in before saving


def test_plain_enter_in_the_note_still_starts_a_new_line(qtbot: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    dialog = _shown(qtbot, LogInteractionDialog(None, [ada]))
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "one")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.note, "two")
    text, still_open = dialog.note.toPlainText(), dialog.isVisible()
    dialog.note.clear()
    assert (text, still_open) == ("one\ntwo", True)
