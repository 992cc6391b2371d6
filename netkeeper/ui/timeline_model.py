"""The Timeline's item model: interactions newest first, fetched a page at a time.

Why canFetchMore/fetchMore: with 500,000 interactions, loading all rows would
cost seconds and hundreds of MB; Qt asks for the next page only when the
view scrolls near the end, and each page is one indexed query in the
timeline service (ORDER BY occurred_at DESC LIMIT/OFFSET).
Grouping by day is done in the model rather than with extra header rows: the
Day column carries the date only on the first interaction of each day (the
others return an empty string, with the date in a tooltip and FirstOfDayRole
telling delegates and tests where a group starts), so row numbers stay the
service's offsets and paging stays simple.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QFont

from netkeeper.services.dates import to_utc_naive, utc_to_local
from netkeeper.services.timeline import is_ahead, timeline
from netkeeper.ui.table_model import HeaderedTableModel

PAGE = 200
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

InteractionIdRole = Qt.ItemDataRole.UserRole + 1
ContactIdsRole = Qt.ItemDataRole.UserRole + 2
FirstOfDayRole = Qt.ItemDataRole.UserRole + 3
LocalTimeRole = Qt.ItemDataRole.UserRole + 4


class Column(IntEnum):
    DAY = 0
    TIME = 1
    KIND = 2
    WITH = 3
    NOTE = 4


HEADERS = {
    Column.DAY: "Day",
    Column.TIME: "Time",
    Column.KIND: "Kind",
    Column.WITH: "With",
    Column.NOTE: "Note",
}


@dataclass
class TimelineFilter:
    """What the Timeline shows; dates are local calendar days, both ends included."""

    kinds: list[str] = field(default_factory=list)
    contact_id: int | None = None
    tag: str | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def query(self) -> dict[str, Any]:
        since = until = None
        if self.first_day is not None:
            since = to_utc_naive(dt.datetime.combine(self.first_day, dt.time()))
        if self.last_day is not None:
            end = dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time())
            until = to_utc_naive(end)
        return {
            "contact_id": self.contact_id,
            "kinds": self.kinds or None,
            "tag": self.tag or None,
            "since": since,
            "until": until,
        }


class TimelineModel(HeaderedTableModel):
    """Rows are timeline documents (see services.timeline) plus their local time."""

    headers = tuple(HEADERS[c] for c in Column)

    def __init__(self, parent: Any = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self._page = page
        self._rows: list[dict[str, Any]] = []
        self._row_of: dict[int, int] | None = None
        self._more = True
        self._filter = TimelineFilter()
        self._locale = QLocale()
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)  # planned interactions, dated ahead
        self._italic_bold = QFont(self._bold)
        self._italic_bold.setItalic(True)

    # --- loading ------------------------------------------------------------------------

    @property
    def filter(self) -> TimelineFilter:
        return self._filter

    def set_filter(self, flt: TimelineFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self, at_least: int = 0) -> None:
        """Start again from the newest interaction (after a filter or data change).

        `at_least` loads that many rows (whole pages) at once: a refresh after a change
        elsewhere keeps what the user had scrolled into, instead of falling back to page one.
        """
        self.beginResetModel()
        self._rows = []
        self._more = True
        pages = max(1, -(-at_least // self._page))
        self._rows = self._load(0, pages * self._page)
        self._row_of = None
        self.endResetModel()

    def _load(self, offset: int, limit: int | None = None) -> list[dict[str, Any]]:
        limit = limit or self._page
        docs = timeline(limit=limit, offset=offset, **self._filter.query())
        self._more = len(docs) == limit
        for doc in docs:
            utc = dt.datetime.fromisoformat(doc["when"].rstrip("Z"))
            doc["local"] = utc_to_local(utc)
            doc["ahead"] = is_ahead(doc)
        return docs

    def row_of(self, interaction_id: object) -> int | None:
        """The row of an interaction among those loaded (None when not loaded or gone)."""
        if self._row_of is None:
            self._row_of = {int(d["id"]): i for i, d in enumerate(self._rows)}
        return self._row_of.get(interaction_id)  # type: ignore[call-overload]

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        docs = self._load(len(self._rows))
        if not docs:
            return
        start = len(self._rows)
        self.beginInsertRows(_ROOT, start, start + len(docs) - 1)
        self._rows.extend(docs)
        self._row_of = None
        self.endInsertRows()

    # --- the model ----------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def row(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def first_of_day(self, row: int) -> bool:
        return row == 0 or self._rows[row - 1]["local"].date() != self._rows[row]["local"].date()

    def _day_text(self, day: dt.date) -> str:
        return self._locale.toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        doc = self._rows[index.row()]
        col = index.column()
        local: dt.datetime = doc["local"]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.DAY:
                return self._day_text(local.date()) if self.first_of_day(index.row()) else ""
            if col == Column.TIME:
                if doc.get("all_day"):
                    return ""  # a day without a time: never an invented 12:00
                t = local.time()
                return self._locale.toString(
                    QTime(t.hour, t.minute), QLocale.FormatType.ShortFormat
                )
            if col == Column.KIND:
                return str(doc["kind"]).capitalize()
            if col == Column.WITH:
                return ", ".join(p["display_name"] for p in doc["participants"])
            if col == Column.NOTE:
                return str(doc["note"]).replace("\n", " ")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if doc["ahead"] and col in (Column.DAY, Column.TIME, Column.KIND):
                return "Planned: counts as being in touch once its time has come"
            if col == Column.DAY:
                return self._day_text(local.date())
            if col == Column.NOTE and doc["note"]:
                return str(doc["note"])
            if col == Column.WITH:
                return "\n".join(p["display_name"] for p in doc["participants"])
            return None
        if role == Qt.ItemDataRole.FontRole:
            if doc["ahead"]:
                return self._italic_bold if col == Column.DAY else self._italic
            if col == Column.DAY:
                return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole:
            people = ", ".join(p["display_name"] for p in doc["participants"])
            at = "" if doc.get("all_day") else f" {local:%H:%M}"
            planned = " (planned)" if doc["ahead"] else ""
            return f"{self._day_text(local.date())}{at}, {doc['kind']}{planned} with {people}"
        if role == InteractionIdRole:
            return int(doc["id"])
        if role == ContactIdsRole:
            return [int(p["id"]) for p in doc["participants"]]
        if role == FirstOfDayRole:
            return self.first_of_day(index.row())
        if role == LocalTimeRole:
            return local
        return None
