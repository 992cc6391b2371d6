"""The detail pane: every field of one contact, its open reminders and its own timeline.

Rendered as rich text in a QTextBrowser: it follows the palette, wraps any
script, is selectable and copyable, and its links are reachable with Tab.
Links carry what they do: `contact:ID` opens another contact (introduced by,
introduced, people met with), `tag:NAME` filters by tag, `done:ID` marks a
reminder done; mailto/tel/http links go to the desktop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import NotFound
from netkeeper.services.contact_rows import introduced_by, kept_properties, photo_of
from netkeeper.services.documents import contact_documents
from netkeeper.services.reminders import mark_done, open_reminders
from netkeeper.services.timeline import is_ahead, timeline
from netkeeper.ui.avatars import avatar
from netkeeper.ui.contact_models import format_date

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow

TIMELINE_LIMIT = 50


def describe_calendar_date(value: str | None, today: dt.date | None = None) -> str:
    """ "--03-14" -> "14 March"; "1980-03-14" -> locale date plus age in years."""
    if not value:
        return ""
    if value.startswith("--"):
        month, day = int(value[2:4]), int(value[5:7])
        return f"{day} {QLocale().standaloneMonthName(month)}"
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return value
    today = today or dt.date.today()
    years = today.year - date.year - ((today.month, today.day) < (date.month, date.day))
    return f"{format_date(date)} ({years})" if years >= 0 else format_date(date)


_PROPERTY_LABELS = {
    "IMPP": "Chat",
    "X-SOCIALPROFILE": "Social profile",
    "RELATED": "Related",
    "X-ABRELATEDNAMES": "Related",
    "GENDER": "Gender",
    "LANG": "Language",
    "TZ": "Time zone",
    "GEO": "Location",
    "ROLE": "Role",
    "X-PHONETIC-FIRST-NAME": "Phonetic given name",
    "X-PHONETIC-LAST-NAME": "Phonetic family name",
}


def _esc(text: Any) -> str:
    return html.escape(str(text or ""))


def _types(item: dict[str, Any]) -> str:
    parts = [t for t in item.get("types", []) if t not in ("internet", "pref", "voice")]
    if item.get("label"):
        parts = [item["label"]]
    text = ", ".join(parts)
    star = " ★" if item.get("preferred") else ""
    return f"<span class='dim'>{_esc(text)}{star}</span>" if text or star else ""


def _local(when_iso: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(when_iso.replace("Z", "+00:00"))
    return moment.astimezone().replace(tzinfo=None)


class _WrappedLabel(QLabel):
    """Word-wrapped, and no word wider than MAX_WORD characters sets the minimum width.

    A wrapped QLabel is as wide as its longest word: one 40-letter name once widened
    the pane and pushed the contact list off screen. Ordinary words still never clip;
    a longer one is cut at the edge (the full name is in the tooltip).
    """

    MAX_WORD = 16

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        cap = self.fontMetrics().averageCharWidth() * self.MAX_WORD
        return QSize(min(hint.width(), cap), hint.height())


class ContactDetail(QWidget):
    """Shows one contact (or a hint when none or several are selected).

    Signals:
        contact_link_activated(int): a link to another contact was followed.
        tag_link_activated(str): a tag was clicked.
        edit_requested(): the Edit button was pressed.
    """

    contact_link_activated = Signal(int)
    tag_link_activated = Signal(str)
    edit_requested = Signal()

    AVATAR = 64

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.contact_id: int | None = None
        self._shown_page = ""

        self.avatar = QLabel()
        self.avatar.setFixedSize(self.AVATAR, self.AVATAR)
        self.avatar.setAccessibleName("Photo")
        self.name = _WrappedLabel()
        self.name.setObjectName("detailName")
        self.name.setWordWrap(True)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.subtitle = _WrappedLabel()
        self.subtitle.setWordWrap(True)
        for label in (self.name, self.subtitle):
            # Names are text, never markup: "<b>Ann</b>" from a vCard stays literal.
            label.setTextFormat(Qt.TextFormat.PlainText)
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.subtitle)
        names.addStretch(1)

        self.edit_button = QPushButton("&Edit")
        self.edit_button.setAccessibleName("Edit contact")
        self.edit_button.setToolTip("Edit this contact (F2)")
        self.edit_button.clicked.connect(self.edit_requested)
        self.log_button = QPushButton("&Log…")
        self.log_button.setAccessibleName("Log interaction")
        self.log_button.setToolTip("Log a call, meeting or message with this contact (Ctrl+L)")
        self.log_button.clicked.connect(lambda: window.named_actions["log_interaction"].trigger())
        self.remind_button = QPushButton("&Remind…")
        self.remind_button.setAccessibleName("Remind me")
        self.remind_button.setToolTip("A follow-up reminder for this contact (Ctrl+R)")
        self.remind_button.clicked.connect(lambda: window.named_actions["remind_me"].trigger())
        buttons = QVBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.remind_button)
        buttons.addStretch(1)

        header = QHBoxLayout()
        header.addWidget(self.avatar)
        header.addLayout(names, 1)
        header.addLayout(buttons)
        self.header = QWidget()
        self.header.setLayout(header)

        self.body = QTextBrowser()
        self.body.setObjectName("detailBody")
        self.body.setAccessibleName("Contact details")
        self.body.setOpenLinks(False)
        self.body.anchorClicked.connect(self._on_link)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)
        self.show_contact(None, 0)

    # --- content ---------------------------------------------------------------------------------

    def show_contact(self, contact_id: int | None, selected: int = 1) -> None:
        """Show `contact_id`; with None, a hint saying how many are selected.

        Showing the contact already shown (a refresh after a change elsewhere) keeps
        the scroll position, and leaves the page alone when nothing on it changed.
        """
        same = contact_id is not None and contact_id == self.contact_id
        self.contact_id = contact_id
        # The contact may have gone since the list was loaded (deleted elsewhere).
        docs = contact_documents([contact_id]) if contact_id is not None else []
        doc = docs[0] if docs else None
        if doc is None:
            self.contact_id = None
            self.header.setVisible(False)
            if selected > 1:
                text = (
                    f"<h3>{selected} contacts selected</h3><p>Tag them (Ctrl+T), keep in touch"
                    " (Ctrl+K), set their function, country or seniority (Diversity…), export"
                    " them or move them to the trash (Delete) from the Contact menu.</p>"
                )
            else:
                text = "<p class='dim'>Select a contact to see its details and timeline.</p>"
            self._set_page(self._page(text), keep_scroll=False)
            return
        self.header.setVisible(True)
        photo = photo_of(doc["id"]) if doc["photo"] else None
        self.avatar.setPixmap(avatar(doc["display_name"], self.AVATAR, photo))
        self.name.setText(doc["display_name"])
        self.name.setToolTip(doc["display_name"])
        role = ", ".join(p for p in (doc["title"], doc["department"], doc["organization"]) if p)
        self.subtitle.setText(role)
        self.subtitle.setVisible(bool(role))
        self._set_page(self._page(self._contact_html(doc)), keep_scroll=same)

    def _set_page(self, page: str, *, keep_scroll: bool) -> None:
        if keep_scroll and page == self._shown_page:
            return
        bar = self.body.verticalScrollBar()
        scroll = bar.value()
        self.body.setHtml(page)
        self._shown_page = page
        if keep_scroll:
            bar.setValue(min(scroll, bar.maximum()))

    def refresh(self) -> None:
        self.show_contact(self.contact_id, 1 if self.contact_id is not None else 0)

    def _page(self, inner: str) -> str:
        dim = self.palette().placeholderText().color().name()
        return (
            f"<style>.dim {{ color: {dim}; }} td {{ padding: 1px 8px 1px 0; }}"
            " h4 { margin-top: 14px; margin-bottom: 4px; }</style>" + inner
        )

    def _contact_html(self, doc: dict[str, Any]) -> str:
        from netkeeper.services.people.me import me_id
        from netkeeper.ui.people.detail import people_html

        highlight = self.palette().highlight().color()
        highlight.setAlpha(70)
        people = people_html(doc, me_id(), highlight.name(QColor.NameFormat.HexArgb))
        rows: list[tuple[str, str]] = []
        if doc["nickname"]:
            rows.append(("Nickname", _esc(doc["nickname"])))
        for e in doc["emails"]:
            value = _esc(e["value"])
            rows.append(("Email", f"<a href='mailto:{value}'>{value}</a> {_types(e)}"))
        for p in doc["phones"]:
            value = _esc(p["value"])
            tel = _esc("".join(ch for ch in p["value"] if ch.isdigit() or ch == "+"))
            rows.append(("Phone", f"<a href='tel:{tel}'>{value}</a> {_types(p)}"))
        for u in doc["urls"]:
            value = _esc(u["value"])
            href = value if "://" in u["value"] else f"https://{value}"
            rows.append(("Web", f"<a href='{href}'>{value}</a> {_types(u)}"))
        for a in doc["addresses"]:
            lines = [
                a["po_box"],
                a["extended"],
                a["street"],
                " ".join(x for x in (a["postal_code"], a["locality"]) if x),
                a["region"],
                a["country"],
            ]
            text = "<br>".join(_esc(x) for x in lines if x)
            rows.append(("Address", f"{text} {_types(a)}"))
        if doc["birthday"]:
            rows.append(("Birthday", _esc(describe_calendar_date(doc["birthday"]))))
        if doc["anniversary"]:
            rows.append(("Anniversary", _esc(describe_calendar_date(doc["anniversary"]))))
        if doc["tags"]:
            links = ", ".join(
                f"<a href='tag:{html.escape(t, quote=True)}'>{_esc(t)}</a>" for t in doc["tags"]
            )
            rows.append(("Tags", links))
        if doc["how_met"]:
            rows.append(("How we met", _esc(doc["how_met"]).replace("\n", "<br>")))
        if doc["introduced_by"] is not None:
            intro = contact_documents([doc["introduced_by"]])
            if intro:
                name = _esc(intro[0]["display_name"])
                rows.append(
                    ("Introduced by", f"<a href='contact:{doc['introduced_by']}'>{name}</a>")
                )
        rows.extend(self._kept_properties(doc["id"]))
        introduced = introduced_by(doc["id"])
        if introduced:
            rows.append(
                (
                    "Introduced",
                    ", ".join(f"<a href='contact:{cid}'>{_esc(n)}</a>" for cid, n in introduced),
                )
            )
        keep = self._keep_in_touch(doc["id"])
        link = f"<a href='cadence:{doc['id']}'>{'Change…' if keep else 'Set…'}</a>"
        rows.append(("Keep in touch", f"{keep} · {link}" if keep else link))
        if doc["last_interaction"]:
            rows.append(
                ("Last contact", _esc(format_date(dt.date.fromisoformat(doc["last_interaction"]))))
            )
        rows.extend(self._strength_rows(doc))
        parts = [people, "<table>"]
        # Values start beside their label: without an explicit alignment a cell whose text
        # is right-to-left (an Arabic or Hebrew name) is pushed to the far edge of the pane.
        start = "right" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else "left"
        parts += [f"<tr><td class='dim'>{k}</td><td align='{start}'>{v}</td></tr>" for k, v in rows]
        parts.append("</table>")
        if doc["notes"]:
            parts.append("<h4>Notes</h4><p>" + _esc(doc["notes"]).replace("\n", "<br>") + "</p>")
        parts.append(self._reminders_html(doc["id"]))
        parts.append(self._timeline_html(doc["id"]))
        return "".join(parts)

    @staticmethod
    def _strength_rows(doc: dict[str, Any]) -> list[tuple[str, str]]:
        """Strength with its four parts, each in a plain sentence; then the diversity facts."""
        out: list[tuple[str, str]] = []
        if doc.get("strength") is not None:
            from netkeeper.services.insights.strength import strength

            s = strength(doc["id"])
            parts = zip(
                ("Recency", "Frequency", "Reciprocity", "Duration"),
                (s.recency, s.frequency, s.reciprocity, s.duration),
                s.reasons,
                strict=False,
            )
            detail = "<br>".join(
                f"<span class='dim'>{name} {value:.0f}:</span> {_esc(reason)}"
                for name, value, reason in parts
            )
            mine = (
                f" · set by you (the formula says {s.computed})" if s.override is not None else ""
            )
            rows_text = f"<b>{s.score}</b> {_esc(s.band)}{mine}<br>{detail}"
            out.append(("Strength", rows_text))
        facts = [
            (label, doc.get(key))
            for label, key in (
                ("Function", "function"),
                ("Industry", "industry"),
                ("City", "city"),
                ("Country", "country"),
                ("Generation", "generation"),
                ("Seniority", "seniority"),
            )
        ]
        out.extend((label, _esc(value)) for label, value in facts if value)
        return out

    @staticmethod
    def _keep_in_touch(contact_id: int) -> str:
        """ "every 6 weeks (from tag mentors) · next 3 Dec" when a cadence applies."""
        try:
            from netkeeper.services.followups import cadence_of
        except ImportError:  # keep-in-touch not in this build
            return ""
        info = cadence_of(contact_id)
        if not info["cadence"] or info["cadence"] == "off":
            return ""
        text = _esc(info["description"] or info["cadence"])
        if info["source"] in ("tag", "group"):
            text += f" <span class='dim'>(from a {info['source']})</span>"
        if info["paused"]:
            return text + " · paused"
        if info["next_due"]:
            text += " · next " + _esc(
                format_date(dt.date.fromisoformat(str(info["next_due"])[:10]))
            )
        return text

    @staticmethod
    def _kept_properties(contact_id: int) -> list[tuple[str, str]]:
        """vCard properties NetKeeper keeps but does not model (chat, social, related, ...)."""
        out: list[tuple[str, str]] = []
        for name, value in kept_properties(contact_id):
            upper = str(name).upper()
            if len(value) > 300 or upper.startswith("X-NETKEEPER") or not value.strip():
                continue  # inline binary data or our own bookkeeping: nothing to read
            label = _PROPERTY_LABELS.get(upper) or upper.removeprefix("X-").replace("-", " ")
            text = value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
            out.append((_esc(label.capitalize()), _esc(text).replace("\n", "<br>")))
        return out[:20]

    def _reminders_html(self, contact_id: int) -> str:
        reminders = open_reminders(contact_id)
        if not reminders:
            return ""
        today = dt.date.today()
        items = []
        for r in reminders:
            due = dt.date.fromisoformat(r["effective_due"])
            when = format_date(due)
            if due < today:
                when = f"<b>{when} (overdue)</b>"
            elif due == today:
                when = f"<b>{when} (today)</b>"
            every = f" <span class='dim'>↻ {_esc(r['every'])}</span>" if r["every"] else ""
            note = _esc(r["note"]) or "Follow up"
            items.append(
                f"<li>{when} — {note}{every} · <a href='done:{r['id']}'>Done</a>"
                f" · <a href='reminder:{r['id']}'>Edit…</a></li>"
            )
        return "<h4>Follow-ups</h4><ul>" + "".join(items) + "</ul>"

    def _timeline_html(self, contact_id: int) -> str:
        entries = timeline(contact_id, limit=TIMELINE_LIMIT)
        if not entries:
            return "<h4>Timeline</h4><p class='dim'>No interactions yet. Log one with Ctrl+L.</p>"
        items = []
        for e in entries:
            local = _local(e["when"])
            at = "" if e.get("all_day") else f" {local:%H:%M}"  # a day alone: no 12:00
            planned = " · planned" if is_ahead(e) else ""
            others = [p for p in e["participants"] if p["id"] != contact_id]
            with_ = (
                " with "
                + ", ".join(
                    f"<a href='contact:{p['id']}'>{_esc(p['display_name'])}</a>" for p in others
                )
                if others
                else ""
            )
            note = f"<br>{_esc(e['note'])}" if e["note"] else ""
            items.append(
                f"<li><b>{_esc(e['kind'].capitalize())}</b>{with_} "
                f"<span class='dim'>{format_date(local.date())}{at}{planned}</span>{note}</li>"
            )
        more = (
            f"<p class='dim'>Showing the latest {TIMELINE_LIMIT}; the Timeline view has all.</p>"
            if len(entries) == TIMELINE_LIMIT
            else ""
        )
        return "<h4>Timeline</h4><ul>" + "".join(items) + "</ul>" + more

    # --- links ---------------------------------------------------------------------------

    def _on_link(self, url: QUrl) -> None:
        scheme = url.scheme()
        target = url.toString()[len(scheme) + 1 :]
        if scheme == "contact":
            self.contact_link_activated.emit(int(target))
        elif scheme == "tag":
            self.tag_link_activated.emit(QUrl.fromPercentEncoding(target.encode()))
        elif scheme == "cadence":
            from netkeeper.ui.cadence_dialog import apply_to_contacts

            name = self.name.text()
            apply_to_contacts(self.window_, [int(target)], [name] if name else [])
        elif scheme == "reminder":
            from netkeeper.ui.remind_dialog import edit_follow_up

            with contextlib.suppress(NotFound):
                edit_follow_up(self.window_, int(target), self.name.text())
        elif scheme == "done":
            with contextlib.suppress(NotFound):
                mark_done(int(target))
            self.window_.notify_changed()
        elif scheme == "asked":
            from netkeeper.services.people.rapport import mark_asked

            with contextlib.suppress(NotFound):
                mark_asked(int(target))
            self.window_.notify_changed()
        elif scheme == "intro":
            from netkeeper.services import ServiceError
            from netkeeper.services.people.introductions import advance

            with contextlib.suppress(ServiceError):
                advance(int(target))
            self.window_.notify_changed()
        else:
            QDesktopServices.openUrl(url)
