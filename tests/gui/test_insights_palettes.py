"""The charts, Today and Insights in the light and the dark palette: text drawn in the
palette's text colour, readable on its background, and every series visible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from netkeeper.services.timeline import log_interaction
from netkeeper.ui import appearance
from netkeeper.ui.insights.charts import BarChart, Chart, LineChart, RingChart, colour

TODAY = dt.date.today()


@pytest.fixture(params=["light", "dark"])
def scheme(request: Any, qapp: Any, settings: Any) -> Iterator[str]:
    """The whole application in that palette (as Settings > Appearance sets it)."""
    appearance.choose(settings, request.param)
    yield request.param
    appearance.choose(settings, "system")


def _pixels(image: QImage, top: int = 0, bottom: int | None = None) -> list[QColor]:
    bottom = image.height() if bottom is None else bottom
    return [
        image.pixelColor(x, y) for y in range(top, bottom, 2) for x in range(0, image.width(), 2)
    ]


def _contrast(a: QColor, b: QColor) -> int:
    return abs(a.lightness() - b.lightness())


def _shot(qtbot: Any, chart: Chart) -> tuple[QImage, QColor, QColor, QWidget]:
    """The chart as shown in a window of the application's palette, with that palette's
    background and text colours."""
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setAutoFillBackground(True)
    QVBoxLayout(holder).addWidget(chart)
    holder.resize(420, 240)
    holder.show()
    QApplication.processEvents()
    image = holder.grab().toImage()
    palette = QApplication.palette()
    return (
        image,
        palette.color(QPalette.ColorRole.Window),
        palette.color(QPalette.ColorRole.WindowText),
        holder,  # the chart's parent: it lives as long as the caller holds this
    )


def _charts() -> list[Chart]:
    bar = BarChart("Relationship strength")
    bar.set_data(["Strong", "Active", "Cooling", "Dormant"], [("contacts", [5, 9, 3, 1])])
    stacked = BarChart("Interactions per month, by kind", stacked=True, over_time=True)
    stacked.set_data(
        ["Oct 26", "Nov 26", "Dec 26"],
        [("call", [3, 4, 2]), ("coffee", [1, 2, 5]), ("email", [4, 1, 1])],
    )
    line = LineChart("Health over time")
    line.set_data(
        ["2026-10-01", "2026-11-01", "2026-12-01"],
        [("On track", [10, 12, 14]), ("Overdue", [4, 3, 2])],
    )
    ring = RingChart("Network health")
    ring.set_data(["On track", "Due soon", "Overdue", "Losing touch"], [("c", [6, 2, 3, 1])])
    return [bar, stacked, line, ring]


@pytest.mark.parametrize("index", range(4), ids=["bar", "stacked", "line", "ring"])
def test_a_chart_is_readable_in_both_palettes(qtbot: Any, scheme: str, index: int) -> None:
    chart = _charts()[index]
    image, window, text, _holder = _shot(qtbot, chart)
    background = image.pixelColor(image.width() - 2, image.height() - 2)
    assert appearance.is_dark(QApplication.palette()) == (scheme == "dark")
    assert _contrast(background, window) < 12, "painted on the palette's own background"
    # The title: some of its pixels are (nearly) the text colour, far from the background.
    fm_height = chart.fontMetrics().height()
    title = _pixels(image, 0, fm_height + 12)
    assert any(_contrast(p, text) < 40 for p in title), "the title is in the text colour"
    assert _contrast(text, window) > 120, "and the text colour reads on the background"
    # Every series is drawn in its own colour, and each colour stands off the background.
    everything = _pixels(image)
    for i, _series in enumerate(chart.series if index != 3 else chart.categories):
        wanted = colour(i)
        assert any(
            abs(p.red() - wanted.red())
            + abs(p.green() - wanted.green())
            + abs(p.blue() - wanted.blue())
            < 30
            for p in everything
        ), f"series {i} is drawn"
        assert _contrast(wanted, window) > 25 or abs(wanted.hue() - window.hue()) > 30


def test_insights_and_today_pages_in_both_palettes(
    qtbot: Any, scheme: str, gui_db: Path, make_contact: Any
) -> None:
    """The pages themselves take the palette: dark page, light text in dark (and the
    reverse), with their figures shown."""
    from netkeeper.ui.insights.insights_view import InsightsView
    from netkeeper.ui.insights.today_view import TodayView

    for n in range(3):
        cid = make_contact(f"Person {n}")
        log_interaction([cid], "coffee", TODAY - dt.timedelta(days=200 + n), all_day=True)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    for page in (InsightsView(None), TodayView(None)):
        qtbot.addWidget(page)
        page.resize(1000, 700)
        page.show()
        page.wait()
        QApplication.processEvents()
        image = page.grab().toImage()
        corner = image.pixelColor(image.width() - 3, 3)
        assert _contrast(corner, window) < 12, f"{type(page).__name__} on the palette's window"
        assert appearance.is_dark(page.palette()) == (scheme == "dark")
        shown = page.data is not None if isinstance(page, InsightsView) else page._shown_once
        assert shown, f"{type(page).__name__} shows its figures"
