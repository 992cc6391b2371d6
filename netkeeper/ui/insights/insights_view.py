"""Insights: network health, strength bands, diversity with its gaps, activity, give and
take and missing information, drawn with our QPainter charts (ui/insights/charts.py).

The figures are computed in worker threads (`PartsWorker`, two lanes side by side), so
a large network never stalls the UI; each part shows as it arrives, the strength bands
come from the shared strength feed, and the page shows the last figures until new ones
replace them. Every chart's numbers are also text: the tooltip, the accessible
description and the "Show numbers" toggle. The page exports as PNG and PDF.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QMarginsF, QObject, QPoint, Qt, QTimer, Signal
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
from netkeeper.ui.workers import PartsWorker, start_kept
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


# The page's figures in named parts, each computed in a worker thread and shown as it
# arrives. Two lanes run side by side: SQLite lets go of the GIL while it steps, so the
# SQL-bound activity (~255 ms over 500,000 interactions) runs on the second core while
# the other lane's Python works. At 50,000 contacts the parts took about: activity 255,
# health 125, diversity 100, missing 61, give and take 17 ms; the lanes are balanced
# by those (and health comes first: the ring is the page's first figure). Strength
# bands come from the shared strength feed (ui/strength_feed.py), never computed here.
LANES: tuple[tuple[str, ...], ...] = (
    ("activity", "give_take"),
    ("health", "missing", "diversity"),
)
PARTS = tuple(name for lane in LANES for name in lane)


FIRST_PAINT_GRACE_MS = 200


def compute_part(name: str, day: dt.date) -> dict[str, Any]:
    """One part of the page as plain data (runs in a worker thread); its keys go into
    `InsightsView.data`."""
    from netkeeper.services.insights import activity, diversity, health, missing

    if name == "health":
        h = health.health(day)  # kept on the UI thread (InsightsView._record_health)
        return {
            "health": h.document(),
            "history": [(d.isoformat(), v.document()) for d, v in health.history()],
        }
    if name == "diversity":
        d = diversity.diversity(day)
        return {"diversity": d.document(), "gaps": [(g.text, g.axis, g.value) for g in d.gaps]}
    if name == "give_take":
        return {
            "give_take": activity.give_take(),
            "follow_ups": activity.follow_ups_on_time(day),
        }
    if name == "activity":
        return {"activity": [m.document() for m in activity.activity(day)]}
    if name == "missing":
        return {"missing": missing.missing(day)}
    raise ValueError(f"no part {name!r}")


def _month_label(month: str) -> str:
    """ "2026-01" as "Jan 26": short enough for a bar, with the year the month is in."""
    return dt.date.fromisoformat(month + "-01").strftime("%b %y")


class _WrappedLabel(QLabel):
    """A word-wrapped label that does not ask for height-for-width layout: once it held
    text, the scroll area sized the whole page by height-for-width, at its preferred
    height instead of the window's, so the page grew and a scroll bar came in as the
    last part arrived."""

    def hasHeightForWidth(self) -> bool:
        return False


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
        self._workers: list[PartsWorker] = []  # this round's lanes, still computing
        self._unstarted: list[PartsWorker] = []  # of those, the ones waiting to start
        self._painted = False  # the page was painted once (its lanes may start)
        self._day = dt.date.today()
        self._round: dict[str, Any] = {}  # this round's figures so far
        self._shown: set[str] = set()  # the parts (and "strength") this round has shown
        self._errors: list[str] = []
        self._note = ""  # what the status line adds (today's counts could not be kept)
        self._strengths_pending = False  # the bands wait for the strength feed
        self._follows_feed = False  # connected to the strength feed's ready signal
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
        self.health_chart.installEventFilter(self)  # tells the first paint (eventFilter)
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
        self.give_take = _WrappedLabel()
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
        """Compute the page again: its parts in worker lanes, the strength bands from the
        shared feed. The figures shown stay until new ones replace them, part by part."""
        if self._workers or self._strengths_pending:
            self._again = True  # data changed while computing: once more when it ends
            return
        from netkeeper.ui import strength_feed

        self.status.setText("Computing…")
        day = dt.date.today()
        self._day = day
        self._round = {}
        self._shown = set()
        self._errors = []
        self._note = ""
        for chart in self.charts:
            chart.set_pending()

        def part(name: str) -> dict[str, Any]:
            with strength_feed.gc_paused():  # see there: no collector stalls meanwhile
                return compute_part(name, day)

        for lane in LANES:
            worker = PartsWorker(lane, part)
            # Bound slots of this (UI-thread) object, as Today and the strength feed use.
            worker.part_done.connect(self._part_notice, Qt.ConnectionType.QueuedConnection)
            worker.finished.connect(self._worker_finished, Qt.ConnectionType.QueuedConnection)
            self._workers.append(worker)
            self._unstarted.append(worker)
        if self._painted:
            self._start_lanes()
        else:
            # The page's first paint goes first: the lanes' Python shares the GIL with it
            # and doubled it (~40 -> ~75 ms of the UI thread). A page never shown still
            # starts soon after.
            QTimer.singleShot(FIRST_PAINT_GRACE_MS, self._start_lanes)
        self._strengths_pending = True
        feed = strength_feed.shared()
        if not self._follows_feed:
            feed.ready.connect(self._feed_ready)
            self._follows_feed = True
        if self._take_strengths():
            return
        if not self.strength_chart.series:
            # Meanwhile, the bands of the last computation (this run's, else the one kept
            # in the database at the last), marked as updating.
            from netkeeper.services.insights.strength import kept_bands

            last = feed.bands if feed.latest() is not None else None
            last = last or kept_bands()
            if last is not None:
                self._show_bands(last)
                self.strength_chart.set_pending()
        if not feed.running():
            # Nobody computes them yet (the Contacts column does at start-up and after a
            # change): ask the feed, which keeps the answer for every view.
            feed.request()

    def _start_lanes(self) -> None:
        while self._unstarted:
            start_kept(self._unstarted.pop(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        first_paint = not self._painted and event.type() == QEvent.Type.Paint
        if first_paint and watched is self.health_chart:
            self._painted = True
            self.health_chart.removeEventFilter(self)
            QTimer.singleShot(0, self._start_lanes)  # once this paint is done
        return False

    def _take_strengths(self) -> bool:
        from netkeeper.services.insights.strength import band_counts
        from netkeeper.ui import strength_feed

        if not self._strengths_pending:
            return True
        scores = strength_feed.shared().current()
        if scores is None:
            return False
        self._strengths_pending = False
        bands = strength_feed.shared().bands  # counted in the feed's worker, for its answer
        self._take({"strength": bands if bands is not None else band_counts(scores)}, "strength")
        self._next_round()
        return True

    def _feed_ready(self) -> None:
        from netkeeper.ui import strength_feed

        feed = strength_feed.shared()
        if self._strengths_pending and not self._take_strengths() and not feed.running():
            feed.request()  # what it delivered was stale already: once more

    def _part_notice(self, _name: str) -> None:
        sender = self.sender()
        # Only this round's workers: a queued notice from an earlier round (that wait()
        # already took) must not show its parts over the new ones.
        if isinstance(sender, PartsWorker) and sender in self._workers:
            self._take_parts(sender)

    def _worker_finished(self) -> None:
        sender = self.sender()
        if isinstance(sender, PartsWorker) and sender in self._workers:
            self._finished(sender)

    def _take_parts(self, worker: PartsWorker) -> None:
        for name, value in list(worker.parts.items()):
            if name not in self._shown:
                self._take(value, name)

    def _take(self, value: dict[str, Any], name: str) -> None:
        self._shown.add(name)
        if name == "health":
            self._record_health(value)
        self._round.update(value)
        self._show_part(name)
        if len(self._shown) == len(PARTS) + 1 and not self._errors:
            self.data = dict(self._round)
            h, d = self.data["health"], self.data["diversity"]
            self.status.setText(
                f"{sum(h.values())} contacts · {d['active']} active in the last year" + self._note
            )
            self.computed.emit()

    def _record_health(self, value: dict[str, Any]) -> None:
        """Keep today's counts for the history (on this thread: the strength feed then
        knows the write changed no strength, and the window does not take it for another
        program's change and refresh every view)."""
        from netkeeper.services.insights.health import Health, record_snapshot
        from netkeeper.ui import strength_feed

        counts = Health(**value["health"])
        today = self._day.isoformat()
        try:
            strength_feed.shared().write_unseen(lambda: record_snapshot(counts, self._day))
        except Exception as exc:  # a locked or read-only file: the counts show, unkept
            self._note = f" · today's counts not kept ({exc})"
        history = [(d, v) for d, v in value["history"] if d != today]
        value["history"] = [*history, (today, counts.document())]

    def _finished(self, worker: PartsWorker) -> None:
        self._workers.remove(worker)
        worker.wait()
        self._take_parts(worker)
        if worker.error is not None:
            self._errors.append(str(worker.error))
            self.status.setText(f"Could not compute the insights: {worker.error}")
        worker.deleteLater()
        self._next_round()

    def _next_round(self) -> None:
        """Once this round is over (its lanes and its strengths), start the one the data's
        change asked for meanwhile."""
        if self._again and not self._workers and not self._strengths_pending:
            self._again = False
            self.refresh()

    def wait(self) -> None:
        """For tests and export: let this round finish and show (a round it starts, because
        the data changed meanwhile, goes on computing)."""
        from netkeeper.ui import strength_feed

        self._start_lanes()
        for worker in list(self._workers):
            if worker in self._workers:
                worker.wait()
                self._finished(worker)
        feed = strength_feed.shared()
        for _attempt in range(3):
            if not self._strengths_pending:
                break
            feed.wait()  # delivers: _feed_ready takes it (or asks once more when stale)
            if self._strengths_pending and not feed.running():
                feed.request()

    # --- showing ------------------------------------------------------------------------------

    def _show_part(self, name: str) -> None:
        data = self._round
        if name == "health":
            h = data["health"]
            self.health_chart.set_data(
                [t for _k, t in HEALTH_LABELS], [("contacts", [h[k] for k, _t in HEALTH_LABELS])]
            )
            history = data["history"]
            self.history_chart.set_data(
                [day for day, _v in history],
                [(t, [v[k] for _d, v in history]) for k, t in HEALTH_LABELS],
            )
        elif name == "strength":
            self._show_bands(data["strength"])
        elif name == "activity":
            months = data["activity"]
            labels = [_month_label(m["month"]) for m in months]
            kinds = sorted({k for m in months for k in m["by_kind"]})
            self.activity_chart.set_data(
                labels, [(k, [m["by_kind"].get(k, 0) for m in months]) for k in kinds]
            )
            self.new_chart.set_data(labels, [("new contacts", [m["new_contacts"] for m in months])])
        elif name == "diversity":
            d = data["diversity"]
            for chart, axis in (
                (self.function_chart, "function"),
                (self.country_chart, "country"),
                (self.seniority_chart, "seniority"),
                (self.generation_chart, "generation"),
            ):
                items = list(d[axis].items())[:8]
                chart.set_data(
                    [k for k, _v in items], [("active contacts", [v for _k, v in items])]
                )
            self.gaps.clear()
            for text, axis, value in data["gaps"]:
                item = QListWidgetItem(text[:1].upper() + text[1:])
                item.setData(Qt.ItemDataRole.UserRole, (axis, value))
                self.gaps.addItem(item)
            if not data["gaps"]:
                self.gaps.addItem("No gaps found in the active network.")
            self._show_give_take()
        elif name == "give_take":
            self._show_give_take()
        elif name == "missing":
            self.missing.clear()
            for key, n in data["missing"].items():
                item = QListWidgetItem(f"{MISSING_LABELS.get(key, key)}: {n}")
                item.setData(Qt.ItemDataRole.UserRole, key)
                self.missing.addItem(item)
        self._toggle_tables(self.show_numbers.isChecked())

    def _show_bands(self, bands: dict[str, int]) -> None:
        self.strength_chart.set_data(
            [t for _k, t in BAND_LABELS], [("contacts", [bands[k] for k, _t in BAND_LABELS])]
        )

    def _show_give_take(self) -> None:
        data = self._round
        if "give_take" not in data or "diversity" not in data:
            return  # the label reads both parts
        g, f, d = data["give_take"], data["follow_ups"], data["diversity"]
        on_time = f"{f['on_time']} of {f['done']}" if f["done"] else "none closed yet"
        self.give_take.setText(
            f"You gave {counted(g['given'], 'time')} and received {counted(g['received'], 'time')}."
            f"\nFollow-ups done on time in the last year: {on_time}."
            f"\nMentors: {d['mentors']} · mentees: {d['mentees']}."
        )

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
