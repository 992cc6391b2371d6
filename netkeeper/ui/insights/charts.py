"""Small charts drawn with QPainter: bar, stacked bar, line and ring.

Why our own: QtCharts is deprecated since Qt 6.10 and not in PySide6-Essentials;
matplotlib or pyqtgraph would add 60-90 MB to the bundle. These follow the palette
(light and dark), and every chart carries its numbers as text: the tooltip shows
them as a table, `table_rows()` gives them to a "Show as table" toggle and the
accessible description reads them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Hues that stay apart on light and dark backgrounds (and for the common colour
# blindnesses: blue, orange, green, purple, brown, pink, grey, yellow).
SERIES_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#ff9da7",
    "#bab0ac",
    "#edc948",
)


def colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])


class Chart(QWidget):
    """Shared by every chart: a title, categories, named series, the numbers as text."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.categories: list[str] = []
        self.series: list[tuple[str, list[float]]] = []
        # No numbers yet because they are still being computed (not because there are
        # none): the chart says so instead of "nothing to show".
        self.pending = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(160)
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def set_data(
        self, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
    ) -> None:
        self.categories = list(categories)
        self.series = [(name, [float(v) for v in values]) for name, values in series]
        self.pending = False
        text = self.table_text()
        self.setToolTip(f"<b>{self.title}</b><pre>{text}</pre>")
        self.setAccessibleDescription(text)
        self.update()

    def set_pending(self) -> None:
        """Computing: keep the numbers shown (they are the last ones) or say "Computing…"."""
        self.pending = True
        self.update()

    def _placeholder(self, painter: QPainter, area: QRectF) -> bool:
        """Draw "Computing…" in place of a chart that has no numbers yet; True if it did."""
        if not self.pending or self.series:
            return False
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "Computing…")
        return True

    def table_rows(self) -> list[list[str]]:
        """The chart's numbers: a header row, then one row per category."""
        rows = [["", *[name for name, _v in self.series]]]
        for i, cat in enumerate(self.categories):
            rows.append([cat, *[_num(values[i]) for _n, values in self.series]])
        return rows

    def table_text(self) -> str:
        rows = self.table_rows()
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows
        )

    # --- painting helpers --------------------------------------------------------------

    def _begin(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        fm = painter.fontMetrics()
        painter.drawText(
            QRectF(0, 0, self.width(), fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title
        )
        title_width = fm.horizontalAdvance(self.title)
        painter.setFont(self.font())
        if self.pending and self.series:  # the last numbers, new ones on their way
            dim = pal.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(dim)
            painter.drawText(
                QRectF(title_width + 8, 0, self.width(), fm.height() + 4),
                Qt.AlignmentFlag.AlignLeft,
                "updating…",
            )
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        top = fm.height() + 8
        legend = self._legend_height(painter)
        return QRectF(4, top, self.width() - 8, self.height() - top - legend - 4)

    def _legend_rows(self, painter: QPainter) -> list[list[tuple[int, str, float]]]:
        """The legend's entries (series index, name, x), wrapped to the chart's width."""
        if len(self.series) <= 1:
            return []
        fm = painter.fontMetrics()
        rows: list[list[tuple[int, str, float]]] = [[]]
        x = 4.0
        for i, (name, _values) in enumerate(self.series):
            width = 24 + fm.horizontalAdvance(name)
            if rows[-1] and x + width - 10 > self.width() - 4:
                rows.append([])
                x = 4.0
            rows[-1].append((i, name, x))
            x += width
        return rows

    def _legend_height(self, painter: QPainter) -> int:
        rows = self._legend_rows(painter)
        return len(rows) * (painter.fontMetrics().height() + 2) + 2 if rows else 0

    def _legend(self, painter: QPainter) -> None:
        rows = self._legend_rows(painter)
        fm = painter.fontMetrics()
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        y = float(self.height() - len(rows) * (fm.height() + 2))
        for row in rows:
            for i, name, x in row:
                painter.fillRect(QRectF(x, y + 3, 10, 10), colour(i))
                painter.drawText(QPointF(x + 14, y + fm.ascent()), name)
            y += fm.height() + 2

    def _axis_pen(self) -> QPen:
        c = self.palette().color(QPalette.ColorRole.WindowText)
        c.setAlpha(90)
        pen = QPen(c)
        pen.setCosmetic(True)
        return pen


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class BarChart(Chart):
    """Bars per category; with several series, stacked (`stacked`) or side by side.

    On a time axis (`over_time`: months) labels that do not fit are thinned to every
    second or third, whole; other categories are each labelled, shortened if need be.
    """

    def __init__(
        self,
        title: str,
        *,
        stacked: bool = False,
        over_time: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.stacked = stacked
        self.over_time = over_time

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._begin(painter)
        if self._placeholder(painter, area):
            return
        fm = painter.fontMetrics()
        n = len(self.categories)
        if not n or not self.series:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "Nothing to show yet")
            return
        if self.stacked:
            peak = max((sum(v[i] for _n, v in self.series) for i in range(n)), default=0.0)
        else:
            peak = max((max(v, default=0.0) for _n, v in self.series), default=0.0)
        peak = peak or 1.0
        label_h = fm.height() + 2
        plot = QRectF(
            area.left(),
            area.top() + fm.height(),
            area.width(),
            area.height() - label_h - fm.height(),
        )
        painter.setPen(self._axis_pen())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        slot = plot.width() / n
        every = 1
        if self.over_time:
            widest = max(fm.horizontalAdvance(c) for c in self.categories) + 4
            every = max(1, -(-int(widest) // max(1, int(slot))))
        for i, cat in enumerate(self.categories):
            x = plot.left() + i * slot
            if self.stacked:
                base = plot.bottom()
                for s, (_name, values) in enumerate(self.series):
                    h = plot.height() * values[i] / peak
                    painter.fillRect(QRectF(x + slot * 0.15, base - h, slot * 0.7, h), colour(s))
                    base -= h
                total = sum(v[i] for _n, v in self.series)
                top = base
            else:
                width = slot * 0.7 / len(self.series)
                top = plot.bottom()
                for s, (_name, values) in enumerate(self.series):
                    h = plot.height() * values[i] / peak
                    painter.fillRect(
                        QRectF(x + slot * 0.15 + s * width, plot.bottom() - h, width, h), colour(s)
                    )
                    top = min(top, plot.bottom() - h)
                total = max(v[i] for _n, v in self.series)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            if total and slot >= fm.horizontalAdvance(_num(total)):
                painter.drawText(
                    QRectF(x, top - fm.height(), slot, fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    _num(total),
                )
            if (n - 1 - i) % every:  # thinned from the newest month back
                continue
            if every > 1:
                box = QRectF(
                    x + slot / 2 - slot * every / 2, plot.bottom() + 2, slot * every, label_h
                )
                painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, cat)
                continue
            text = fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(
                QRectF(x, plot.bottom() + 2, slot, label_h), Qt.AlignmentFlag.AlignHCenter, text
            )
        self._legend(painter)


class LineChart(Chart):
    """One line per series over the categories (counts over time)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._begin(painter)
        if self._placeholder(painter, area):
            return
        fm = painter.fontMetrics()
        n = len(self.categories)
        if n < 2 or not self.series:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "Not enough days recorded yet")
            self._legend(painter)
            return
        peak = max((max(v, default=0.0) for _n, v in self.series), default=0.0) or 1.0
        plot = QRectF(area.left(), area.top() + 4, area.width(), area.height() - fm.height() - 6)
        painter.setPen(self._axis_pen())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        step = plot.width() / (n - 1)
        for s, (_name, values) in enumerate(self.series):
            path = QPainterPath()
            for i, v in enumerate(values):
                pt = QPointF(plot.left() + i * step, plot.bottom() - plot.height() * v / peak)
                if i == 0:
                    path.moveTo(pt)
                else:
                    path.lineTo(pt)
            pen = QPen(colour(s), 2)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(QPointF(plot.left(), plot.bottom() + fm.ascent() + 2), self.categories[0])
        last = self.categories[-1]
        painter.drawText(
            QPointF(plot.right() - fm.horizontalAdvance(last), plot.bottom() + fm.ascent() + 2),
            last,
        )
        self._legend(painter)


class RingChart(Chart):
    """Shares of one whole (one series; categories are the slices), total in the middle."""

    def _legend_height(self, painter: QPainter) -> int:
        return 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._begin(painter)
        if self._placeholder(painter, area):
            return
        values = self.series[0][1] if self.series else []
        total = sum(values)
        fm = painter.fontMetrics()
        side = min(area.height(), area.width() / 2) - 8
        ring = QRectF(area.left() + 8, area.top() + (area.height() - side) / 2, side, side)
        thick = max(8.0, side / 5)
        if not total:
            pen = QPen(self._axis_pen().color(), thick)
            painter.setPen(pen)
            painter.drawEllipse(ring.adjusted(thick / 2, thick / 2, -thick / 2, -thick / 2))
        start = 90 * 16
        for i, v in enumerate(values):
            span = round(-360 * 16 * v / total) if total else 0
            pen = QPen(colour(i), thick)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawArc(
                ring.adjusted(thick / 2, thick / 2, -thick / 2, -thick / 2), start, span
            )
            start += span
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(ring, Qt.AlignmentFlag.AlignCenter, _num(total))
        x = ring.right() + 16
        y = ring.top() + 4
        for i, (cat, v) in enumerate(zip(self.categories, values, strict=False)):
            painter.fillRect(QRectF(x, y + 3, 10, 10), colour(i))
            painter.drawText(QPointF(x + 16, y + fm.ascent()), f"{cat}: {_num(v)}")
            y += fm.height() + 4
