"""My profile (File ▸ My Profile…): headline, bios, a spoken introduction, per-platform
versions with live counters and a consistency check, my card as vCard 4.0 and QR code.

Everything is read from and written through services.people.my_profile; name,
title, organisation, links and interests are the "me" contact's (Edit my card…).
"""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import name_index
from netkeeper.services.people import my_profile as svc
from netkeeper.services.people.me import me_id, set_me
from netkeeper.services.people.rapport import rapport_of
from netkeeper.social import service_label
from netkeeper.ui.widgets import ContactPicker


def _counter(text: str, limit: int | None) -> str:
    n = len(text)
    if limit is None:
        return f"{n:,} characters"
    left = limit - n
    return f"{n:,} / {limit:,}" + (f" — {-left:,} too many" if left < 0 else "")


class _Counted(QWidget):
    """A text field with its live counter underneath."""

    def __init__(self, name: str, text: str, limit: int | None, lines: int = 1) -> None:
        super().__init__()
        self.limit = limit
        self.edit: QLineEdit | QPlainTextEdit
        if lines == 1:
            self.edit = QLineEdit(text)
            self.edit.textChanged.connect(self._update)
        else:
            self.edit = QPlainTextEdit(text)
            self.edit.setTabChangesFocus(True)
            self.edit.setMaximumHeight(22 * lines)
            self.edit.textChanged.connect(self._update)
        self.edit.setAccessibleName(name)
        self.count = QLabel()
        self.count.setProperty("counter", True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(self.edit)
        column.addWidget(self.count)
        self._update()

    def text(self) -> str:
        e = self.edit
        return e.text() if isinstance(e, QLineEdit) else e.toPlainText()

    def set_text(self, text: str) -> None:
        if isinstance(self.edit, QLineEdit):
            self.edit.setText(text)
        else:
            self.edit.setPlainText(text)

    def set_limit(self, limit: int | None) -> None:
        self.limit = limit
        self._update()

    def _update(self) -> None:
        self.count.setText(self.describe())
        over = self.limit is not None and len(self.text()) > self.limit
        self.count.setStyleSheet("color: palette(highlight); font-weight: bold;" if over else "")

    def describe(self) -> str:
        return _counter(self.text(), self.limit)


class _Pitch(_Counted):
    def describe(self) -> str:
        words, seconds = svc.spoken(self.text())
        return (
            f"{words} words · about {seconds} s spoken (at {svc.WORDS_PER_MINUTE} words a minute)"
        )


class MyProfileDialog(QDialog):
    def __init__(self, window: Any = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("My Profile")
        self.setObjectName("MyProfileDialog")
        self.resize(820, 700)
        layout = QVBoxLayout(self)
        self.me = me_id()
        if self.me is None:
            self._ask_who(layout)
            return
        profile = svc.get_profile()
        facts = svc.main_facts()
        from netkeeper.services.contacts import get_contact

        me = get_contact(self.me)
        self.identity = QLabel()
        self.identity.setWordWrap(True)
        self.identity.setTextFormat(Qt.TextFormat.PlainText)
        role = ", ".join(p for p in (facts["title"], facts["organization"]) if p)
        self.identity.setText(me.full_name + (f" — {role}" if role else ""))
        font = self.identity.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.identity.setFont(font)
        edit_card = QPushButton("Edit my &card…")
        edit_card.clicked.connect(self._edit_card)
        head = QHBoxLayout()
        head.addWidget(self.identity, 1)
        head.addWidget(edit_card)
        layout.addLayout(head)

        self.headline = _Counted("Headline", profile["headline"], 220)
        self.short_bio = _Counted("Short bio", profile["short_bio"], 160, 3)
        self.long_bio = _Counted("Long bio", profile["long_bio"], 2600, 6)
        self.pitch = _Pitch("Spoken introduction", profile["pitch"], None, 4)
        links = (
            "<br>".join(f"{service_label(p.service)}: {p.url}" for p in _me_profiles(self.me))
            or "<span>No links yet: add them in Edit my card ▸ People in context.</span>"
        )
        interests = ", ".join(rapport_of(self.me).interests) or "none yet"
        main = QWidget()
        form = QFormLayout(main)
        form.addRow("&Headline:", self.headline)
        form.addRow("&Short bio:", self.short_bio)
        form.addRow("&Long bio:", self.long_bio)
        form.addRow("S&poken intro:", self.pitch)
        form.addRow("Links:", QLabel(links))
        form.addRow("My interests:", QLabel(interests))

        # Versions
        self.versions = svc.versions()
        self.version_list = QListWidget()
        self.version_list.setAccessibleName("Platform versions")
        self.version_list.setMaximumWidth(200)
        self.platform = QComboBox()
        self.platform.setAccessibleName("Platform")
        for key, (label, _h, _a) in svc.PLATFORMS.items():
            self.platform.addItem(label, key)
        self.v_label = QLineEdit()
        self.v_label.setAccessibleName("Version name")
        self.v_label.setPlaceholderText("Only for a custom platform, e.g. Conference badge")
        self.v_headline = _Counted("Version headline", "", None)
        self.v_about = _Counted("Version about", "", None, 6)
        self.v_title = QLineEdit()
        self.v_title.setAccessibleName("Version title")
        self.v_org = QLineEdit()
        self.v_org.setAccessibleName("Version organisation")
        self.v_links = QPlainTextEdit()
        self.v_links.setAccessibleName("Version links")
        self.v_links.setTabChangesFocus(True)
        self.v_links.setMaximumHeight(60)
        self.check = QLabel()
        self.check.setObjectName("consistency")
        self.check.setWordWrap(True)
        add = QPushButton("&Add version")
        add.clicked.connect(self._add_version)
        remove = QPushButton("&Remove")
        remove.setAccessibleName("Remove version")
        remove.clicked.connect(self._remove_version)
        vform = QFormLayout()
        vform.addRow("Pla&tform:", self.platform)
        vform.addRow("Name:", self.v_label)
        vform.addRow("Headline:", self.v_headline)
        vform.addRow("About:", self.v_about)
        vform.addRow("Title:", self.v_title)
        vform.addRow("Organisation:", self.v_org)
        vform.addRow("Links:", self.v_links)
        left = QVBoxLayout()
        left.addWidget(self.version_list, 1)
        left.addWidget(add)
        left.addWidget(remove)
        right = QVBoxLayout()
        right.addLayout(vform)
        right.addWidget(self.check)
        right.addStretch(1)
        vpage = QWidget()
        vrow = QHBoxLayout(vpage)
        vrow.addLayout(left)
        vrow.addLayout(right, 1)
        self._current = -1
        self.version_list.currentRowChanged.connect(self._show_version)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        for line in (self.v_label, self.v_title, self.v_org):
            line.textChanged.connect(self._store_version)
        for text in (self.v_headline.edit, self.v_about.edit, self.v_links):
            text.textChanged.connect(self._store_version)

        # Card and QR
        self.qr = QLabel()
        self.qr.setAccessibleName("QR code of my card")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        save_vcf = QPushButton("Save &vCard…")
        save_vcf.clicked.connect(self.save_vcard)
        save_qr = QPushButton("Save &QR code…")
        save_qr.clicked.connect(self.save_qr)
        card_page = QWidget()
        card_col = QVBoxLayout(card_page)
        card_col.addWidget(
            QLabel("Show this at an event: phones add you to their contacts when they scan it.")
        )
        card_col.addWidget(self.qr, 1)
        card_row = QHBoxLayout()
        card_row.addStretch(1)
        card_row.addWidget(save_vcf)
        card_row.addWidget(save_qr)
        card_col.addLayout(card_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(main, "&Profile")
        self.tabs.addTab(vpage, "Per-&platform versions")
        self.tabs.addTab(card_page, "My c&ard")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_list()

    # --- no me yet -----------------------------------------------------------------------

    def _ask_who(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            QLabel(
                "My profile starts from your own card. Which contact is you?\n"
                "(Or create your card with File ▸ New Contact first.)"
            )
        )
        self.who = ContactPicker(name_index(), "Which contact is you")
        layout.addWidget(self.who)
        buttons = QDialogButtonBox()
        this = buttons.addButton("This is &me", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        this.clicked.connect(self._mark_me)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        layout.addStretch(1)

    def _mark_me(self) -> None:
        cid = self.who.contact_id()
        if cid is None:
            return
        set_me(cid)
        if self.window_ is not None and hasattr(self.window_, "notify_changed"):
            self.window_.notify_changed()
        super().accept()

    # --- versions ------------------------------------------------------------------------

    def _fill_list(self) -> None:
        self.version_list.clear()
        problems = svc.consistency(self.versions)
        for v in self.versions:
            flag = " ⚠" if problems.get(v.id) or (v.id is None and svc.consistency([v])) else ""
            self.version_list.addItem(QListWidgetItem(v.name + flag))
        if self.versions:
            self.version_list.setCurrentRow(max(0, min(self._current, len(self.versions) - 1)))
        else:
            self._show_version(-1)

    def _show_version(self, row: int) -> None:
        self._current = row
        has = 0 <= row < len(self.versions)
        for w in (
            self.platform,
            self.v_label,
            self.v_headline,
            self.v_about,
            self.v_title,
            self.v_org,
            self.v_links,
        ):
            w.setEnabled(has)
        v = self.versions[row] if has else svc.Version(None, "linkedin")
        self._loading = True
        self.platform.setCurrentIndex(max(0, self.platform.findData(v.platform)))
        self.v_label.setText(v.label)
        self.v_headline.set_text(v.headline)
        self.v_about.set_text(v.about)
        self.v_title.setText(v.title)
        self.v_org.setText(v.organization)
        self.v_links.setPlainText(v.links)
        self._loading = False
        self._platform_changed()

    def _platform_changed(self) -> None:
        key = str(self.platform.currentData())
        _label, headline, about = svc.PLATFORMS[key]
        self.v_headline.set_limit(headline)
        self.v_about.set_limit(about)
        self._store_version()

    def _store_version(self, *_args: Any) -> None:
        if getattr(self, "_loading", False) or not 0 <= self._current < len(self.versions):
            return
        v = self.versions[self._current]
        v.platform = str(self.platform.currentData())
        v.label = self.v_label.text()
        v.headline = self.v_headline.text()
        v.about = self.v_about.text()
        v.title = self.v_title.text()
        v.organization = self.v_org.text()
        v.links = self.v_links.toPlainText()
        problems = svc.consistency([v]).get(v.id, [])
        self.check.setText(
            "<b>Check:</b> " + "; ".join(problems)
            if problems
            else "Consistent with the main profile."
        )
        item = self.version_list.item(self._current)
        if item is not None:
            item.setText(v.name + (" ⚠" if problems else ""))

    def _add_version(self) -> None:
        profile = svc.get_profile()
        facts = svc.main_facts()
        self.versions.append(
            svc.Version(
                None,
                "linkedin",
                headline=self.headline.text() or profile["headline"],
                about=self.short_bio.text() or profile["short_bio"],
                title=facts["title"],
                organization=facts["organization"],
            )
        )
        self._current = len(self.versions) - 1
        self._fill_list()

    def _remove_version(self) -> None:
        if 0 <= self._current < len(self.versions):
            v = self.versions.pop(self._current)
            self._removed = [*getattr(self, "_removed", []), v.id]
            self._fill_list()

    # --- card and QR ---------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is not None and index == 2:
            self.show_qr()

    def show_qr(self) -> None:
        import segno

        self._save_texts()
        buffer = io.BytesIO()
        segno.make(svc.my_vcard(with_photo=False), error="m").save(
            buffer, kind="png", scale=5, border=4
        )
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        self.qr.setPixmap(pixmap)

    def save_vcard(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save my card", "my-card.vcf", "vCard (*.vcf)")
        if path:
            self._save_texts()
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(svc.my_vcard())

    def save_qr(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save the QR code", "my-card.png", "PNG image (*.png);;SVG image (*.svg)"
        )
        if path:
            if "." not in path.rsplit("/", 1)[-1]:
                path += ".svg" if "svg" in chosen.lower() else ".png"
            self._save_texts()
            try:
                svc.qr_code(path)
            except ServiceError as exc:
                QMessageBox.warning(self, self.windowTitle(), str(exc))

    def _edit_card(self) -> None:
        from netkeeper.ui.contact_editor import ContactEditor

        editor = ContactEditor(self.window_ if self.window_ is not None else self, self.me)
        if editor.exec() == QDialog.DialogCode.Accepted and self.window_ is not None:
            self.window_.notify_changed()

    # --- saving --------------------------------------------------------------------------

    def _save_texts(self) -> None:
        svc.save_profile(
            headline=self.headline.text(),
            short_bio=self.short_bio.text(),
            long_bio=self.long_bio.text(),
            pitch=self.pitch.text(),
        )

    def accept(self) -> None:
        if self.me is None:
            return
        from netkeeper.model.db import db

        with db.atomic():
            self._save_texts()
            for vid in getattr(self, "_removed", []):
                if vid is not None:
                    svc.remove_version(vid)
            for v in self.versions:
                v.id = svc.save_version(v)
        super().accept()


def _me_profiles(contact_id: int) -> list[Any]:
    from netkeeper.services.people.profiles import profiles_of

    return profiles_of(contact_id)
