"""Qt item models over plain rows from the services: contacts, tags, and the trash.

Each model is a thin adapter: `set_rows` resets it, `data()` formats one cell.
Sorting happens on the Python row list (`services.contact_rows.sort_rows`),
never through a QSortFilterProxyModel, which needs seconds for 50,000 rows
where the list needs tens of milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from netkeeper.services.contact_rows import ContactRow, SortKey, photo_of, sort_rows
from netkeeper.ui.avatars import AvatarCache
from netkeeper.ui.table_model import HeaderedTableModel

if TYPE_CHECKING:
    from netkeeper.services.insights.strength import Strength

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
TAG_ROLE = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
# Qt asks flags() of every cell when selecting all rows: 200,000 calls at 50,000
# contacts, so the answer is a constant, not an expression built per call.
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


def local_date(utc: dt.datetime) -> dt.date:
    """A stored naive-UTC instant as the user's local calendar date."""
    return utc.replace(tzinfo=dt.UTC).astimezone().date()


def format_date(value: QDate | dt.date) -> str:
    """A date in the user's locale short format (the settings say dates follow the locale)."""
    from PySide6.QtCore import QLocale

    if isinstance(value, dt.date):
        value = QDate(value.year, value.month, value.day)
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        # The POSIX "C" locale (containers, CI, LANG=C.UTF-8) has no real date
        # convention; Qt renders it as "25 05 2026". ISO 8601 reads unambiguously.
        return value.toString("yyyy-MM-dd")
    return locale.toString(value, QLocale.FormatType.ShortFormat)


class ContactColumn(IntEnum):
    NAME = 0
    ORGANIZATION = 1
    LAST_INTERACTION = 2
    NEXT_FOLLOW_UP = 3
    STRENGTH = 4


_CONTACT_COLUMNS = len(ContactColumn)

_HEADERS = {
    ContactColumn.NAME: "Name",
    ContactColumn.ORGANIZATION: "Organisation",
    ContactColumn.LAST_INTERACTION: "Last interaction",
    ContactColumn.NEXT_FOLLOW_UP: "Next follow-up",
    ContactColumn.STRENGTH: "Strength",
}


class ContactListModel(HeaderedTableModel):
    """The contact list: one row per ContactRow, columns per ContactColumn.

    ID_ROLE gives the contact id of any cell, SORT_ROLE a value that sorts.
    `today` is injectable so tests can say what counts as overdue.
    """

    headers = tuple(_HEADERS[c] for c in ContactColumn)

    AVATAR_SIZE = 28

    def __init__(
        self,
        parent: Any = None,
        *,
        photo_loader: Callable[[int], bytes | None] = photo_of,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._rows: list[ContactRow] = []
        # Built on the first look-up after a reset: a keystroke that selects nothing
        # should not pay ~7 ms for an id -> row map of 50,000 rows.
        self._row_of: dict[int, int] | None = None
        self._avatars = AvatarCache(self.AVATAR_SIZE)
        self._photo_loader = photo_loader
        self._today = today
        self._sort_key = SortKey.NAME
        self._descending = False
        # Relationship strength per contact id, filled in after the rows (see set_strengths).
        self.scores: dict[int, int] = {}
        self._strengths: Mapping[int, Strength] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- rows --------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ContactRow], *, presorted: bool = False) -> None:
        """Replace every row (already filtered), sorting them by the current sort column.

        `presorted=True` says the caller already sorted them by `sort_state()`
        (a filtered slice of a sorted list stays sorted): a keystroke then costs
        no sort at all.
        """
        self.beginResetModel()
        self._rows = list(rows)
        if not presorted:
            sort_rows(self._rows, self._sort_key, self._descending, self.scores)
        self._row_of = None
        self._avatars.clear()
        self.endResetModel()

    def rows(self) -> list[ContactRow]:
        return list(self._rows)

    def row_data(self, row: int) -> ContactRow:
        return self._rows[row]

    def row_of(self, contact_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {r[0]: i for i, r in enumerate(self._rows)}  # r[0] is the id
        return self._row_of.get(contact_id)

    def sort_state(self) -> tuple[SortKey, bool]:
        return self._sort_key, self._descending

    # --- QAbstractItemModel ------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            if column == ContactColumn.STRENGTH:
                return self.scores.get(row[0], -1)
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == ContactColumn.NAME:
            key = (row.id, row.full_name, bool(row.has_photo))
            return self._avatars.get(key, self._photo_loader)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and column == ContactColumn.NEXT_FOLLOW_UP:
            due = row.next_follow_up
            return self._bold if due is not None and due <= self._today().isoformat() else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column) or "none"
        return None

    def _display(self, row: ContactRow, column: int) -> str:
        if column == ContactColumn.NAME:
            return row.full_name
        if column == ContactColumn.ORGANIZATION:
            return row.organization
        if column == ContactColumn.LAST_INTERACTION:
            if not row.last_interaction:
                return ""
            return format_date(local_date(dt.datetime.fromisoformat(row.last_interaction)))
        if column == ContactColumn.NEXT_FOLLOW_UP:
            if not row.next_follow_up:
                return ""
            return format_date(dt.date.fromisoformat(row.next_follow_up))
        if column == ContactColumn.STRENGTH:
            score = self.scores.get(row[0])
            return "" if score is None else str(score)
        return ""

    @staticmethod
    def _sort_value(row: ContactRow, column: int) -> Any:
        if column == ContactColumn.NAME:
            return row.full_name.casefold()
        if column == ContactColumn.ORGANIZATION:
            return row.organization.casefold()
        if column == ContactColumn.LAST_INTERACTION:
            return row.last_interaction or ""
        if column == ContactColumn.NEXT_FOLLOW_UP:
            return row.next_follow_up or ""
        return None

    def set_strengths(
        self, found: Mapping[int, Strength], scores: dict[int, int] | None = None
    ) -> None:
        """Every contact's strength, arrived after the rows (computed off the UI thread),
        and their scores alone if already made; repaint that column. The tooltips'
        sentences are written when one is shown."""
        self.scores = scores if scores is not None else {cid: s.score for cid, s in found.items()}
        self._strengths = found
        if self._rows:
            column = int(ContactColumn.STRENGTH)
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def _tooltip(self, row: ContactRow, column: int) -> str | None:
        if column == ContactColumn.STRENGTH:
            s = self._strengths.get(row[0])
            if s is None:
                return None
            from netkeeper.services.insights.strength import reasons_of

            return f"{s.score} ({s.band})\n" + "\n".join(reasons_of(s))
        if column == ContactColumn.NAME and row.title:
            return f"{row.full_name} — {row.title}"
        if column == ContactColumn.NEXT_FOLLOW_UP and row.next_follow_up:
            days = (dt.date.fromisoformat(row.next_follow_up) - self._today()).days
            if days < 0:
                return f"Overdue by {-days} day{'s' if days != -1 else ''}"
            return "Due today" if days == 0 else f"Due in {days} day{'s' if days != 1 else ''}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _SELECTABLE if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the row list (milliseconds at 50,000 rows); selections follow their contacts."""
        if not 0 <= column < len(SortKey):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_key = SortKey(column)
        self._descending = order == Qt.SortOrder.DescendingOrder
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in old]
        sort_rows(self._rows, self._sort_key, self._descending, self.scores)
        self._row_of = None
        new = [
            self.index(self.row_of(cid) or 0, i.column()) for cid, i in zip(ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()


class TagListModel(QAbstractListModel):
    """The tag sidebar: "All contacts" first, then every tag with its number of contacts.

    TAG_ROLE is the tag name (None for "All contacts"), COUNT_ROLE the count.
    """

    ALL = "All contacts"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str | None, int]] = [(None, 0)]

    def set_tags(self, total: int, tags: Sequence[tuple[str, int]]) -> None:
        self.beginResetModel()
        self._rows = [(None, total), *tags]
        self.endResetModel()

    def tag_names(self) -> list[str]:
        return [name for name, _ in self._rows if name is not None]

    def row_of(self, tag: str | None) -> int:
        for i, (name, _) in enumerate(self._rows):
            if name == tag or (name and tag and name.casefold() == tag.casefold()):
                return i
        return 0

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        name, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.ALL if name is None else name
        if role == TAG_ROLE:
            return name
        if role == COUNT_ROLE:
            return count
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            label = self.ALL if name is None else f"Tag {name}"
            return f"{label}: {count} contact{'s' if count != 1 else ''}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _SELECTABLE if index.isValid() else _NO_FLAGS


class CountDelegate(QStyledItemDelegate):
    """Draws the item's text left and its COUNT_ROLE right-aligned and dimmed.

    The style draws the background and selection over the whole row; the two
    texts are then drawn in the palette's colours, so light and dark themes work.
    """

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        count = index.data(COUNT_ROLE)
        text = str(count) if count is not None else ""
        metrics = opt.fontMetrics
        count_width = metrics.horizontalAdvance(text) + 10 if text else 0
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        ink = palette.highlightedText() if selected else palette.text()
        dim = palette.highlightedText() if selected else palette.placeholderText()
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(ink.color())
        name_rect = rect.adjusted(2, 0, -count_width, 0)
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width())
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(name_rect, align | Qt.AlignmentFlag.AlignLeft, elided)
        if text:
            painter.setPen(dim.color())
            painter.drawText(rect.adjusted(0, 0, -4, 0), align | Qt.AlignmentFlag.AlignRight, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Ask for no width: the list gives every row its full width and the name is elided.

        With the full name's width, one long tag made the list scroll sideways and
        pushed every count out of sight.
        """
        hint = super().sizeHint(option, index)
        return QSize(min(hint.width(), 4 * option.fontMetrics.averageCharWidth()), hint.height())


class TrashColumn(IntEnum):
    NAME = 0
    DELETED = 1


class TrashModel(HeaderedTableModel):
    """Contacts in the trash: (id, name, deleted_at UTC) rows, newest first."""

    headers = ("Name", "Moved to trash")  # TrashColumn order

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, dt.datetime]] = []

    def set_rows(self, rows: Sequence[tuple[int, str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [
            (int(i), str(n), d if isinstance(d, dt.datetime) else dt.datetime.fromisoformat(str(d)))
            for i, n, d in rows
        ]
        self.endResetModel()

    def id_at(self, row: int) -> int:
        return self._rows[row][0]

    def row_of(self, contact_id: object) -> int | None:
        return next((r for r, row in enumerate(self._rows) if row[0] == contact_id), None)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        cid, name, deleted = self._rows[index.row()]
        if role == ID_ROLE:
            return cid
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == TrashColumn.NAME:
                return name
            return format_date(local_date(deleted))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _SELECTABLE if index.isValid() else _NO_FLAGS


def app_palette_is_dark() -> bool:
    """True when the window background is darker than its text (a dark theme)."""
    palette = QApplication.palette()
    return palette.window().color().lightness() < palette.windowText().color().lightness()
