"""Keep in Touch… : how often to be in touch with a contact, a selection, or everyone in a tag.

The rules (own cadence over the tags', "off" over everything, the most frequent
tag winning) live in services.followups; this dialog gathers one choice:

* contacts: follow their tags / every N days, weeks or months / never;
* a tag: no default / every N days, weeks or months.

`apply_to_contacts` and `apply_to_tag` run the service and offer Undo in the
window's status bar, so a slip on 300 selected contacts costs one click.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError, followups
from netkeeper.services.recurrence import describe
from netkeeper.ui.widgets import action_buttons, counted

UNITS = (("days", "days"), ("weeks", "weeks"), ("months", "months"))
INHERIT, EVERY, OFF = 0, 1, 2


def _split(cadence: str | None) -> tuple[int, str]:
    """ "6 weeks" -> (6, "weeks"); anything else -> one month, the usual start."""
    if cadence:
        number, _, unit = cadence.partition(" ")
        unit = unit if unit.endswith("s") else unit + "s"
        if number.isdigit() and unit in dict(UNITS):
            return int(number), unit
    return 1, "months"


class CadenceDialog(QDialog):
    """Choose a keep-in-touch cadence for contacts (`contact_ids`) or for a tag (`tag`).

    After Accepted, `every()` is what the service takes: "N units", "off" or None.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        contact_ids: Sequence[int] = (),
        tag: str | None = None,
        names: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CadenceDialog")
        self.setWindowTitle("Keep in Touch")
        self.contact_ids = list(contact_ids)
        self.tag = tag
        self.number = QSpinBox()
        self.number.setRange(1, 1000)
        self.number.setAccessibleName("How many")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        for value, text in UNITS:
            self.unit.addItem(text, value)

        if tag is not None:
            current = followups.tag_cadences().get(tag)
            intro = f"How often to keep in touch with everyone tagged <b>{_esc(tag)}</b>:"
            self.inherit = QRadioButton("&No default for this tag")
            self.off = None
            hint = "A contact's own cadence still wins over the tag's."
            choice = EVERY if current else INHERIT
        else:
            info = followups.cadence_of(self.contact_ids[0]) if len(self.contact_ids) == 1 else {}
            owns = set(followups.own_cadences(self.contact_ids).values())
            current = next(iter(owns)) if len(owns) == 1 else None
            who = (
                f"<b>{_esc(names[0])}</b>"
                if len(names) == 1
                else counted(len(self.contact_ids), "contact")
            )
            intro = f"How often to keep in touch with {who}:"
            inherit_text = "Follow their &tags"
            if info.get("source") == "tag" and info.get("description"):
                inherit_text += f" (now {info['description']})"
            self.inherit = QRadioButton(inherit_text)
            self.off = QRadioButton("Ne&ver, whatever the tags say")
            hint = "Logging an interaction restarts the count."
            choice = OFF if current == followups.OFF else EVERY if current else INHERIT
        self.every_radio = QRadioButton("&Every")
        self.group = QButtonGroup(self)
        self.group.addButton(self.inherit, INHERIT)
        self.group.addButton(self.every_radio, EVERY)
        if self.off is not None:
            self.group.addButton(self.off, OFF)
        # Following the tags, "Every" starts from what the tags give (one click to adjust).
        self._inherited = None if tag is not None else info.get("cadence") if not current else None
        own = current if current and current != followups.OFF else None
        number, unit = _split(own or self._inherited)
        self.number.setValue(number)
        self.unit.setCurrentIndex(self.unit.findData(unit))
        button = self.group.button(choice)
        assert button is not None
        button.setChecked(True)
        self.group.idToggled.connect(self._sync)
        self.number.valueChanged.connect(self._sync)
        self.unit.currentIndexChanged.connect(self._sync)

        label = QLabel(intro)
        label.setWordWrap(True)
        every_row = QHBoxLayout()
        every_row.addWidget(self.every_radio)
        every_row.addWidget(self.number)
        every_row.addWidget(self.unit)
        every_row.addStretch(1)
        self.preview = QLabel()
        self.preview.setObjectName("cadencePreview")
        self.preview.setWordWrap(True)
        note = QLabel(hint)
        note.setWordWrap(True)
        note.setEnabled(False)
        self.buttons, self.save_button = action_buttons(self, "&Save")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.inherit)
        layout.addLayout(every_row)
        if self.off is not None:
            layout.addWidget(self.off)
        layout.addWidget(self.preview)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(440, 0)
        self._sync()
        (self.number if choice == EVERY else button).setFocus()

    def _sync(self, *_args: Any) -> None:
        every = self.every()
        self.number.setEnabled(self.every_radio.isChecked())
        self.unit.setEnabled(self.every_radio.isChecked())
        if every is None:
            text = "No default cadence." if self.tag is not None else "As their tags say"
            if self.tag is None:
                text += f" ({describe(self._inherited)})." if self._inherited else "."
        elif every == followups.OFF:
            text = "No keep-in-touch reminders."
        else:
            text = f"Reminded {describe(every)} after the last interaction."
        self.preview.setText(text)

    def every(self) -> str | None:
        choice = self.group.checkedId()
        if choice == INHERIT:
            return None
        if choice == OFF:
            return followups.OFF
        n = self.number.value()
        unit = str(self.unit.currentData())
        return f"{n} {unit if n != 1 else unit[:-1]}"


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def _say(window: Any, text: str) -> None:
    bar = getattr(window, "statusBar", None)
    if bar is not None:
        bar().showMessage(text, 5000)


def _changed(window: Any, message: str, undo: Any) -> None:
    notify = getattr(window, "notify_changed", None)
    if notify is not None:
        notify()
    show_undo = getattr(window, "show_undo", None)
    if show_undo is not None:
        show_undo(message, undo)
    else:
        _say(window, message)


def _phrase(every: str | None, tag: bool = False) -> str:
    if every is None:
        return "no default cadence" if tag else "following their tags"
    if every == followups.OFF:
        return "never"
    return describe(every)


def apply_to_contacts(window: Any, contact_ids: Sequence[int], names: Sequence[str] = ()) -> bool:
    """Ask and set the cadence of these contacts, with Undo; True when something was saved."""
    if not contact_ids:
        return False
    parent = window if isinstance(window, QWidget) else None
    dialog = CadenceDialog(parent, contact_ids, names=names)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    every = dialog.every()
    dialog.deleteLater()
    if not accepted:
        return False
    try:
        before = followups.set_cadences(contact_ids, every)
    except ServiceError as exc:
        _say(window, str(exc))
        return False
    who = names[0] if len(names) == 1 else counted(len(contact_ids), "contact")
    _changed(
        window,
        f"Keep in touch with {who}: {_phrase(every)}",
        lambda: followups.restore_cadences(before),
    )
    return True


def apply_to_tag(window: Any, tag: str) -> bool:
    """Ask and set a tag's default cadence, with Undo; True when something was saved."""
    parent = window if isinstance(window, QWidget) else None
    before = followups.tag_cadences().get(tag)
    dialog = CadenceDialog(parent, tag=tag)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    every = dialog.every()
    dialog.deleteLater()
    if not accepted:
        return False
    try:
        followups.set_tag_cadence(tag, every)
    except ServiceError as exc:
        _say(window, str(exc))
        return False
    _changed(
        window,
        f"Tag {tag}: {_phrase(every, tag=True)}",
        lambda: followups.set_tag_cadence(tag, before),
    )
    return True
