"""Insights: network health, strength bands, diversity with its gaps, activity, give and
take and missing information, drawn with our QPainter charts (ui/insights/charts.py).

The figures are computed in a worker thread (`Worker`), so a large network never
stalls the UI; the page shows the last figures until the new ones arrive. Every
chart's numbers are also text: the tooltip, the accessible description and the
"Show numbers" toggle. The page exports as PNG and PDF.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QMarginsF, QPoint, Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netkeeper.ui.insights.charts import BarChart, Chart, LineChart, RingChart
from netkeeper.ui.workers import Worker
from netkeeper.wording import counted

HEALTH_LABELS = (
    ("on_track", "On track"),
    ("due_soon", "Due soon"),
    ("overdue", "Overdue"),
    ("losing_touch", "Losing touch"),
)
BAND_LABELS = (
    ("strong", "Strong"),
    ("active", "Active"),
    ("cooling", "Cooling"),
    ("dormant", "Dormant"),
)
MISSING_LABELS = {
    "no_reach": "No email and no phone",
    "no_how_met": "No how-met",
    "no_photo": "No photo",
    "no_birthday": "No birthday",
    "no_cadence": "No cadence, though tagged or grouped",
    "stale": "Nothing updated or logged for two years",
}


def compute(as_of: dt.date | None = None, scores: dict[int, Any] | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain data (runs in the worker thread). `scores`: every
    contact's strength when the shared feed has them; else they are computed here and
    handed back under "scores" for the feed to keep."""
    from netkeeper.services.insights import activity, diversity, health, missing, strength

    day = as_of or dt.date.today()
    computed = None
    if scores is None:
        scores = computed = strength.strengths(day)
    bands = dict.fromkeys(strength.BAND_NAMES, 0)
    for s in scores.values():
        bands[s.band] += 1
    h = health.health(day)
    health.record_snapshot(h, day)
    d = diversity.diversity(day)
    return {
        "health": h.document(),
        "history": [(day_.isoformat(), v.document()) for day_, v in health.history()],
        "strength": bands,
        "diversity": d.document(),
        "gaps": [(g.text, g.axis, g.value) for g in d.gaps],
        "give_take": activity.give_take(),
        "follow_ups": activity.follow_ups_on_time(day),
        "activity": [m.document() for m in activity.activity(day)],
        "missing": missing.missing(day),
        "scores": computed,
    }


# Workers still running are kept here, not as children of the view: a QThread deleted
# while it runs aborts the process, and a view can be closed mid-computation.
_RUNNING: set[Worker] = set()


def _month_label(month: str) -> str:
    """ "2026-01" as "Jan 26": short enough for a bar, with the year the month is in."""
    return dt.date.fromisoformat(month + "-01").strftime("%b %y")


class InsightsView(QWidget):
    contact_activated = Signal(int)
    # A ContactFilter (services/insights/filters.py): the window shows Contacts filtered.
    filter_requested = Signal(object)
    computed = Signal()

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("insightsView")
        self.data: dict[str, Any] | None = None
        self._worker: Worker | None = None
        self._token: Any = None  # the database state a running computation started from
        self._follows_feed = False  # connected to the strength feed's ready signal
        self._awaits_feed = False  # refresh when the feed's running computation delivers
        self._again = False

        self.health_chart = RingChart("Network health")
        self.strength_chart = BarChart("Relationship strength")
        self.history_chart = LineChart("Health over time")
        self.activity_chart = BarChart(
            "Interactions per month, by kind", stacked=True, over_time=True
        )
        self.new_chart = BarChart("New contacts per month", over_time=True)
        self.function_chart = BarChart("Function (active network)")
        self.country_chart = BarChart("Country (active network)")
        self.seniority_chart = BarChart("Seniority relative to you")
        self.generation_chart = BarChart("Generation")
        self.charts: list[Chart] = [
            self.health_chart,
            self.strength_chart,
            self.history_chart,
            self.activity_chart,
            self.new_chart,
            self.function_chart,
            self.country_chart,
            self.seniority_chart,
            self.generation_chart,
        ]
        self.tables: dict[Chart, QLabel] = {}
        self.give_take = QLabel()
        self.give_take.setObjectName("giveTake")
        self.give_take.setWordWrap(True)
        self.give_take.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.gaps = QListWidget()
        self.gaps.setObjectName("gaps")
        self.gaps.setAccessibleName("Gaps in your network")
        self.gaps.itemActivated.connect(self._gap_activated)
        self.gaps.itemClicked.connect(self._gap_activated)
        self.gaps.setToolTip("Click a gap to see the contacts behind it")
        self.missing = QListWidget()
        self.missing.setObjectName("missing")
        self.missing.setAccessibleName("Missing information")
        self.missing.itemActivated.connect(self._missing_activated)
        self.missing.itemClicked.connect(self._missing_activated)
        self.missing.setToolTip("Click to see these contacts in Contacts")
        self.status = QLabel("Computing…")

        content = QWidget()
        content.setObjectName("insightsContent")
        grid = QGridLayout(content)
        for i, chart in enumerate(self.charts):
            box = QVBoxLayout()
            box.addWidget(chart)
            table = QLabel()
            table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            table.setStyleSheet("font-family: monospace;")
            table.setVisible(False)
            self.tables[chart] = table
            box.addWidget(table)
            grid.addLayout(box, i // 3, i % 3)
        rows = (len(self.charts) + 2) // 3
        give = QGroupBox("Give and take")
        QVBoxLayout(give).addWidget(self.give_take)
        gaps = QGroupBox("Gaps")
        QVBoxLayout(gaps).addWidget(self.gaps)
        missing = QGroupBox("Needs attention")
        QVBoxLayout(missing).addWidget(self.missing)
        grid.addWidget(give, rows, 0)
        grid.addWidget(gaps, rows, 1)
        grid.addWidget(missing, rows, 2)
        self.content = content
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.show_numbers = QCheckBox("Show numbers")
        self.show_numbers.setToolTip("Each chart's numbers as a table")
        self.show_numbers.toggled.connect(self._toggle_tables)
        png = QPushButton("Export PNG…")
        png.clicked.connect(lambda: self.export_dialog("png"))
        pdf = QPushButton("Export PDF…")
        pdf.clicked.connect(lambda: self.export_dialog("pdf"))
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.show_numbers)
        bar.addWidget(png)
        bar.addWidget(pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.refresh()

    # --- computing off the UI thread -------------------------------------------------------

    def refresh(self) -> None:
        if self._worker is not None:
            self._again = True  # data changed while computing: once more when it ends
            return
        from netkeeper.ui import strength_feed

        self.status.setText("Computing…")
        day = dt.date.today()
        feed = strength_feed.shared()
        scores = feed.current()
        if scores is None and feed.running():
            # The Contacts column's computation is under way (at start-up, after a change):
            # take its answer when it comes rather than compute the same a second time.
            if not self._follows_feed:
                feed.ready.connect(self._feed_ready)
                self._follows_feed = True
            self._awaits_feed = True
            return
        # The strengths this run computes are kept for the state it started from.
        self._token = strength_feed.state_token(day) if scores is None else None

        def job(_progress: object, _cancelled: object) -> dict[str, Any]:
            with strength_feed.gc_paused():  # see there: no collector stalls meanwhile
                return compute(day, scores)

        worker = Worker(job)
        _RUNNING.add(worker)
        worker.finished.connect(lambda: _RUNNING.discard(worker))
        # A bound slot of this (UI-thread) object, as Today and the strength feed do.
        worker.finished.connect(self._worker_finished, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        worker.start()

    def _feed_ready(self) -> None:
        if self._awaits_feed:
            self._awaits_feed = False
            self.refresh()

    def _worker_finished(self) -> None:
        sender = self.sender()
        if isinstance(sender, Worker):
            self._finished(sender)

    def _finished(self, worker: Worker) -> None:
        # Each worker names itself: a queued notice from one that wait() already took
        # must not take (and block the UI thread on) the next one, still computing.
        if worker is not self._worker:
            return
        self._worker = None
        worker.wait()
        if worker.error is not None:
            self.status.setText(f"Could not compute the insights: {worker.error}")
        else:
            data = worker.result
            computed = data.pop("scores", None)
            if computed is not None and self._token is not None:
                from netkeeper.ui import strength_feed

                strength_feed.shared().keep(computed, self._token)
            self.show_data(data)
        worker.deleteLater()
        if self._again:
            self._again = False
            self.refresh()

    def wait(self) -> None:
        """For tests and export: let a running computation finish and show."""
        if self._awaits_feed:
            from netkeeper.ui import strength_feed

            strength_feed.shared().wait()  # its answer starts this page's computation
        if self._worker is not None:
            self._worker.wait()
            self._finished(self._worker)

    # --- showing ------------------------------------------------------------------------------

    def show_data(self, data: dict[str, Any]) -> None:
        self.data = data
        h = data["health"]
        self.health_chart.set_data(
            [t for _k, t in HEALTH_LABELS], [("contacts", [h[k] for k, _t in HEALTH_LABELS])]
        )
        s = data["strength"]
        self.strength_chart.set_data(
            [t for _k, t in BAND_LABELS], [("contacts", [s[k] for k, _t in BAND_LABELS])]
        )
        history = data["history"]
        self.history_chart.set_data(
            [day for day, _v in history],
            [(t, [v[k] for _d, v in history]) for k, t in HEALTH_LABELS],
        )
        months = data["activity"]
        labels = [_month_label(m["month"]) for m in months]
        kinds = sorted({k for m in months for k in m["by_kind"]})
        self.activity_chart.set_data(
            labels, [(k, [m["by_kind"].get(k, 0) for m in months]) for k in kinds]
        )
        self.new_chart.set_data(labels, [("new contacts", [m["new_contacts"] for m in months])])
        d = data["diversity"]
        for chart, axis in (
            (self.function_chart, "function"),
            (self.country_chart, "country"),
            (self.seniority_chart, "seniority"),
            (self.generation_chart, "generation"),
        ):
            items = list(d[axis].items())[:8]
            chart.set_data([k for k, _v in items], [("active contacts", [v for _k, v in items])])
        g = data["give_take"]
        f = data["follow_ups"]
        on_time = f"{f['on_time']} of {f['done']}" if f["done"] else "none closed yet"
        self.give_take.setText(
            f"You gave {counted(g['given'], 'time')} and received {counted(g['received'], 'time')}."
            f"\nFollow-ups done on time in the last year: {on_time}."
            f"\nMentors: {d['mentors']} · mentees: {d['mentees']}."
        )
        self.gaps.clear()
        for text, axis, value in data["gaps"]:
            item = QListWidgetItem(text[:1].upper() + text[1:])
            item.setData(Qt.ItemDataRole.UserRole, (axis, value))
            self.gaps.addItem(item)
        if not data["gaps"]:
            self.gaps.addItem("No gaps found in the active network.")
        self.missing.clear()
        for key, n in data["missing"].items():
            item = QListWidgetItem(f"{MISSING_LABELS.get(key, key)}: {n}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.missing.addItem(item)
        self._toggle_tables(self.show_numbers.isChecked())
        self.status.setText(f"{sum(h.values())} contacts · {d['active']} active in the last year")
        self.computed.emit()

    def _toggle_tables(self, on: bool) -> None:
        for chart, label in self.tables.items():
            label.setText(chart.table_text())
            label.setVisible(on)

    def _gap_activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        from netkeeper.services.insights.filters import gap_filter

        self.filter_requested.emit(gap_filter(item.text(), *data))

    def _missing_activated(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key:
            from netkeeper.services.insights.filters import missing_filter

            self.filter_requested.emit(missing_filter(str(key)))

    # --- export -------------------------------------------------------------------------------

    def export_dialog(self, kind: str) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            f"Export Insights as {kind.upper()}",
            f"insights.{kind}",
            f"{kind.upper()} (*.{kind})",
        )
        if path:
            self.export(path)

    def export(self, path: str) -> None:
        """The page as a PNG image or a one-page PDF (QPdfWriter)."""
        if path.lower().endswith(".pdf"):
            writer = QPdfWriter(path)
            writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            writer.setPageLayout(
                QPageLayout(
                    QPageSize(QPageSize.PageSizeId.A4),
                    QPageLayout.Orientation.Landscape,
                    QMarginsF(10, 10, 10, 10),
                )
            )
            writer.setTitle("NetKeeper Insights")
            painter = QPainter(writer)
            size = self.content.size()
            page = painter.viewport()
            scale = min(page.width() / max(1, size.width()), page.height() / max(1, size.height()))
            painter.scale(scale, scale)
            self.content.render(painter, QPoint(0, 0))
            painter.end()
        else:
            self.content.grab().save(path)
