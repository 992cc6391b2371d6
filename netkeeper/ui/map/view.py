"""The Network map page: who knows whom, around me.

The graph and its layout are computed in a worker thread (ui/workers.Worker), with a
progress bar and Cancel when it takes long; people are then placed in batches between
events, so no single step holds the UI thread. The same data gives the same picture
(services/insights/layout.py caches it by the data's fingerprint): a refresh after an
unrelated change keeps the map, the zoom and the place exactly where they were.

Mouse: wheel zooms under the pointer, drag pans, hover shows a person's details and
links, a click opens them in Contacts. Keyboard: + and - zoom, 0 fits, the arrow keys
walk the map (left and right around the ring, up to the introducer, down to whom they
brought in), Enter opens the person, Home goes back to me; Ctrl+F finds a person.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.insights.layout import CENTRE
from netkeeper.ui.map.data import DRAW_ORDER, KIND_TIPS, KIND_TITLES, MapData, compute
from netkeeper.ui.map.scene import BAND_COLOURS, MapScene, edge_pen
from netkeeper.ui.workers import Worker, start_kept

ZOOM_STEP = 1.25
MAX_SCALE = 4.0
FOCUS_SCALE = 0.8  # a search hit is shown at least this big, so names are readable
SHOW_PROGRESS_AFTER_MS = 300


def _fold(text: str) -> str:
    import unicodedata

    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )


def _offset(scale: float, low: float, length: float, centre: float, port: int) -> float:
    """Where QGraphicsView puts the scene along one axis (its translation) at `scale`,
    centred on `centre`: a scene narrower than the view is centred in it (the default
    alignment), a wider one scrolled to `centre` within its range."""
    span = length * scale
    if span < port:
        return port // 2 - scale * (2 * low + length) / 2
    value = round(scale * centre - port / 2)
    return -max(round(low * scale), min(value, round((low + length) * scale - port)))


class MapCanvas(QGraphicsView):
    """The zoomable, pannable view of the scene; emits `activated(person)` on click/Enter."""

    activated = Signal(int)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.setObjectName("mapCanvas")
        self.setAccessibleName("Network map")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pressed_at: QPoint | None = None

    # --- zoom ---------------------------------------------------------------------------------

    def set_map_scene(self, scene: MapScene) -> None:
        self.map_scene = scene
        self.setScene(scene)
        self._scaled()

    def _scaled(self) -> None:
        """Tell the scene the zoom, so it asks Qt to paint only people with something
        to show at it (names that fit, focus); every zoom goes through here."""
        self.map_scene.set_view_scale(self.scale_factor())

    def paintEvent(self, event: QPaintEvent) -> None:
        self._scaled()  # a zoom from outside this class (QGraphicsView.scale) too
        super().paintEvent(event)

    def scale_factor(self) -> float:
        return self.transform().m11()

    def fit_scale(self, rect: QRectF | None = None) -> float:
        rect = self.map_scene.itemsBoundingRect() if rect is None else rect
        if rect.isEmpty():
            return 1.0
        port = self.viewport().size()
        return max(0.02, min(port.width() / rect.width(), port.height() / rect.height()) * 0.95)

    def zoom(self, factor: float, anchor_under_mouse: bool = False) -> None:
        low = min(self.fit_scale() * 0.5, 1.0)
        target = max(low, min(MAX_SCALE, self.scale_factor() * factor))
        if not anchor_under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(target / self.scale_factor(), target / self.scale_factor())
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._scaled()

    def fit(self) -> None:
        rect = self.map_scene.itemsBoundingRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        s = self.fit_scale()
        self.scale(s, s)
        self._scaled()
        self.centerOn(rect.center())

    def show_person(self, person: int) -> None:
        item = self.map_scene.nodes.get(person)
        if item is None:
            return
        if self.scale_factor() < FOCUS_SCALE:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            f = FOCUS_SCALE / self.scale_factor()
            self.scale(f, f)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            self._scaled()
        self.centerOn(item.pos())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(ZOOM_STEP**steps, anchor_under_mouse=True)
            event.accept()

    # --- mouse: a click that did not drag opens the person ------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        start, self._pressed_at = self._pressed_at, None
        if start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        here = event.position().toPoint()
        if (here - start).manhattanLength() > 4:
            return  # it was a pan
        item = self.map_scene.node_at(self.mapToScene(here))
        if item is not None:
            self.map_scene.set_current(item.person)
            self._activate(item.person)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self._pressed_at is None:
            over = self.map_scene.node_at(self.mapToScene(event.position().toPoint()))
            self.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.OpenHandCursor
            )

    # --- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if text in ("+", "="):
            self.zoom(ZOOM_STEP)
        elif text in ("-", "_"):
            self.zoom(1 / ZOOM_STEP)
        elif text == "0":
            self.fit()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._walk(Qt.Key(key))
        elif key == Qt.Key.Key_Home:
            self._go(self._centre())
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.map_scene.current is not None:
                self._activate(self.map_scene.current)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _activate(self, person: int) -> None:
        if person != CENTRE:  # the centre is a contact only once someone is marked as me
            self.activated.emit(person)

    def _centre(self) -> int | None:
        data = self.map_scene.data
        return data.layout.centre if data is not None else None

    def _go(self, person: int | None) -> None:
        if person is None or person not in self.map_scene.nodes:
            return
        self.map_scene.set_current(person)
        item = self.map_scene.nodes[person]
        self.ensureVisible(item, 60, 60)

    def _walk(self, key: Qt.Key) -> None:
        data = self.map_scene.data
        if data is None or not data.layout.order:
            return
        lay = data.layout
        here = self.map_scene.current
        if here is None or here == lay.centre:
            self._go(lay.order[0] if key != Qt.Key.Key_Up else lay.centre)
            return
        if key == Qt.Key.Key_Up:
            self._go(lay.parent.get(here, lay.centre))
        elif key == Qt.Key.Key_Down:
            kids = lay.children().get(here)
            if kids:
                self._go(kids[0])
        else:
            ring = [p for p in lay.order if lay.depth[p] == lay.depth[here]]
            i = ring.index(here) + (1 if key == Qt.Key.Key_Right else -1)
            self._go(ring[i % len(ring)])


def _kind_icon(kind: str) -> QIcon:
    pix = QPixmap(28, 12)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = edge_pen(kind, focus=True)
    pen.setWidthF(2.0)
    p.setPen(pen)
    p.drawLine(2, 6, 26, 6)
    p.end()
    return QIcon(pix)


def _dot_icon(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(QColor("#1b1d21"))
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9))
    p.end()
    return QIcon(pix)


class MapView(QWidget):
    """The page: search, filters, zoom, export, the legend and the canvas."""

    contact_activated = Signal(int)
    computed = Signal()  # a new map is on screen (tests wait for it)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("mapView")
        self.data: MapData | None = None
        self._worker: Worker | None = None
        self._again = False
        self._fitted = False
        self._hits: list[int] = []
        self._hit = -1
        self._next: MapScene | None = None  # the scene being built, swapped in when whole

        self.scene = MapScene(self.palette(), self)
        self.canvas = MapCanvas(self.scene)
        self.canvas.activated.connect(self.contact_activated)

        self.search = QLineEdit()
        self.search.setObjectName("mapSearch")
        self.search.setPlaceholderText("Find a person on the map…")
        self.search.setAccessibleName("Find a person on the map")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(240)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.next_hit)

        self.tag = QComboBox()
        self.tag.setObjectName("mapTag")
        self.tag.setAccessibleName("Only people with this tag")
        self.group = QComboBox()
        self.group.setObjectName("mapGroup")
        self.group.setAccessibleName("Only members of this group")
        for combo in (self.tag, self.group):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.tag.activated.connect(lambda _i: self.refresh())
        self.group.activated.connect(lambda _i: self.refresh())

        def tool(text: str, tip: str, slot: Any) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip)
            b.clicked.connect(slot)
            return b

        zoom_out = tool("−", "Zoom out (-)", lambda: self.canvas.zoom(1 / ZOOM_STEP))
        zoom_in = tool("+", "Zoom in (+)", lambda: self.canvas.zoom(ZOOM_STEP))
        fit = tool("Fit", "Fit the whole map (0)", self.canvas.fit)
        export = QToolButton()
        export.setText("Export")
        export.setAccessibleName("Export the map")
        export.setToolTip("Save the whole map, every name on it, as PNG or SVG")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction("As PNG image…", lambda: self.export_dialog("png"))
        menu.addAction("As SVG drawing…", lambda: self.export_dialog("svg"))
        export.setMenu(menu)

        self.status = QLabel("Laying out…")
        self.status.setObjectName("mapStatus")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the layout")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(SHOW_PROGRESS_AFTER_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._build_timer = QTimer(self)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_step)

        bar = QHBoxLayout()
        bar.addWidget(self.search)
        bar.addWidget(self.tag)
        bar.addWidget(self.group)
        bar.addSpacing(8)
        for b in (zoom_out, zoom_in, fit):
            bar.addWidget(b)
        bar.addSpacing(8)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(export)

        self.kind_boxes: dict[str, QCheckBox] = {}
        legend = QHBoxLayout()
        legend.setSpacing(12)
        for kind in reversed(DRAW_ORDER):
            box = QCheckBox(KIND_TITLES[kind])
            box.setObjectName(f"mapKind_{kind}")
            box.setIcon(_kind_icon(kind))
            box.setIconSize(QSize(28, 12))
            box.setChecked(True)
            box.setToolTip(f"{KIND_TIPS[kind]} (untick to hide these links)")
            box.toggled.connect(lambda on, k=kind: self._set_kind_visible(k, on))
            self.kind_boxes[kind] = box
            legend.addWidget(box)
        legend.addStretch(1)
        for band, colour in BAND_COLOURS.items():
            dot = QLabel()
            dot.setPixmap(_dot_icon(colour).pixmap(12, 12))
            legend.addWidget(dot)
            legend.addWidget(QLabel(band.capitalize()))
        self.legend = legend

        self.empty = QLabel()
        self.empty.setObjectName("mapEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.canvas)
        self.pages.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(legend)
        layout.addWidget(self.pages, 1)
        self.setFocusProxy(self.canvas)
        self._load_filters()
        self.refresh()

    # --- filters ------------------------------------------------------------------------------

    def _set_kind_visible(self, kind: str, on: bool) -> None:
        for scene in (self.scene, self._next):
            if scene is not None:
                scene.set_kind_visible(kind, on)

    def _load_filters(self) -> None:
        from netkeeper.services.groups.groups import all_groups
        from netkeeper.services.insights.graph import tag_names

        for combo, first, items in (
            (self.tag, "All tags", [(t, t) for t in tag_names()]),
            (self.group, "All groups", [(g["name"], g["id"]) for g in all_groups()]),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, value in items:
                combo.addItem(text, value)
            i = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def set_filter(self, tag: str | None = None, group: int | None = None) -> None:
        """Show only people with `tag` and/or in `group` (and me), as the combos do."""
        self.tag.setCurrentIndex(max(0, self.tag.findData(tag)) if tag else 0)
        self.group.setCurrentIndex(max(0, self.group.findData(group)) if group else 0)
        self.refresh()

    # --- computing off the UI thread ----------------------------------------------------------

    def refresh(self) -> None:
        """Recompute (the database changed, or a filter): the same data keeps the same map."""
        if self._worker is not None:
            self._again = True  # changed while computing: once more when it ends
            return
        self._load_filters()
        tag, group = self.tag.currentData(), self.group.currentData()
        worker = Worker(lambda progress, cancelled: compute(tag, group, progress, cancelled))
        # Which worker finished travels with the signal: one that wait() already handled
        # may still have its queued `finished` pending when the next one runs.
        worker.finished.connect(lambda: self._finished(worker), Qt.ConnectionType.QueuedConnection)
        worker.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        if self.data is None:
            self.status.setText("Laying out…")
        self._progress_timer.start()
        start_kept(worker)  # kept alive, and waited for if the app quits meanwhile

    def cancel(self) -> None:
        if self._worker is not None:
            self._again = False
            self._worker.cancel()
            self.status.setText("Cancelling…")

    def _show_progress(self) -> None:
        if self._worker is not None:
            self.progress.setVisible(True)
            self.cancel_button.setVisible(True)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(min(done, total) if total else 0)

    def _finished(self, worker: Worker) -> None:
        if worker is not self._worker:
            return  # handled already (wait())
        self._worker = None
        self._progress_timer.stop()
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        worker.wait()
        if worker.is_cancelled():
            self.status.setText("Layout cancelled: the map shows the last data.")
        elif worker.error is not None:
            self.status.setText(f"Could not draw the map: {worker.error}")
        else:
            self.show_data(worker.result)
        worker.deleteLater()
        if self._again:
            self._again = False
            self.refresh()

    def wait(self) -> None:
        """For tests, export and benchmarks: finish a running computation and the building."""
        while self._worker is not None:
            self._worker.wait()
            self._finished(self._worker)
        self._build_timer.stop()
        if self._next is not None:
            self._next.finish()
            self._swap()

    # --- showing ---------------------------------------------------------------------------

    def show_data(self, data: MapData) -> None:
        """Show a new result: in place when only colours and tooltips can differ, else a
        new scene built in steps beside the one on screen (which stays usable), then
        swapped in, so the map is painted once, when it is whole."""
        shown = self._next.data if self._next is not None else self.data
        if shown is not None and shown.fingerprint == data.fingerprint:
            if self._next is None:
                self._update_in_place(data)
            else:
                self._next.data = data
            return
        if self._next is not None:
            self._next.deleteLater()
        nxt = MapScene(self.palette(), self)
        nxt.hidden_kinds = set(self.scene.hidden_kinds)
        nxt.current = self.scene.current
        nxt.view_scale = self.canvas.scale_factor()  # the names that fit, as they are built
        nxt.view_for = self._view_for
        nxt.start(data)
        self._next = nxt
        self._build_timer.start()

    def _view_for(self, scene: MapScene) -> tuple[QTransform, int, int, float, bool]:
        """How the canvas will show `scene` once it is swapped in (see _built): at this
        zoom around the same centre, or fitted the first time. The links' pixmap is made
        for it beforehand (if the view moved meanwhile, the first frame copies the pixmap
        shifted and the exact one follows)."""
        canvas = self.canvas
        port = canvas.viewport()
        if self._fitted:
            s = canvas.scale_factor()
            centre = canvas.mapToScene(port.rect().center())
        else:
            rect = scene.itemsBoundingRect()
            s = canvas.fit_scale(rect)
            centre = rect.center()
        rect = scene.sceneRect()
        dx = _offset(s, rect.left(), rect.width(), centre.x(), port.width())
        dy = _offset(s, rect.top(), rect.height(), centre.y(), port.height())
        world = QTransform(s, 0, 0, s, dx, dy)
        antialias = bool(canvas.renderHints() & QPainter.RenderHint.Antialiasing)
        return world, port.width(), port.height(), port.devicePixelRatioF(), antialias

    def _update_in_place(self, data: MapData) -> None:
        """Same people and links: only strength colours and tooltips may have moved on."""
        self.data = data
        self.scene.data = data
        self.scene.recolour(data.bands)
        for person, item in self.scene.nodes.items():
            item.setToolTip(data.tooltips.get(person, item.name))
        self._report(data)
        self.computed.emit()

    def _build_step(self) -> None:
        if self._next is None:
            self._build_timer.stop()
        elif not self._next.step():
            self._build_timer.stop()
            self._swap()

    def _swap(self) -> None:
        nxt, self._next = self._next, None
        if nxt is None:
            return
        keep = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        old = self.scene
        self.scene = nxt
        self.data = nxt.data
        self.canvas.set_map_scene(nxt)
        old.deleteLater()
        self._built(keep)

    def _built(self, keep: QPointF) -> None:
        data = self.data
        if data is None:
            return
        people = len(data.graph.nodes) - (1 if data.graph.me in data.graph.nodes else 0)
        if people == 0:
            self.empty.setText(
                "Nobody with this tag or in this group yet."
                if data.tag or data.group
                else "Your map is empty: add contacts, and who brought whom in, the groups"
                " you share and the meetings you log draw it."
            )
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.canvas)
        if not self._fitted:
            self.canvas.fit()
            self._fitted = True
        else:
            self.canvas.centerOn(keep)
        self._search_changed(self.search.text(), move=False)
        self._report(data)
        self.computed.emit()

    def _report(self, data: MapData) -> None:
        people = len(data.graph.nodes) - (1 if data.graph.me in data.graph.nodes else 0)
        links = sum(data.counts.values())
        for kind, box in self.kind_boxes.items():
            box.setText(f"{KIND_TITLES[kind]} ({data.counts.get(kind, 0)})")
        self.status.setText(f"{people} people · {links} links")

    # --- search -------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F while the map is shown (the window's Find action comes here)."""
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str, move: bool = True) -> None:
        data = self.data
        needle = _fold(text.strip())
        if data is None or not needle:
            self._hits, self._hit = [], -1
            self.scene.set_found([])
            return
        order = [data.layout.centre, *data.layout.order]
        names = data.graph.nodes
        self._hits = [p for p in order if p in names and needle in _fold(names[p])]
        self.scene.set_found(self._hits)
        self._hit = -1
        if move and self._hits:
            self.next_hit()
        elif move:
            self.status.setText(f"Nobody called “{text.strip()}” on this map")

    def next_hit(self) -> None:
        """Enter in the search field: centre the next person found (and make them current)."""
        if not self._hits:
            return
        self._hit = (self._hit + 1) % len(self._hits)
        person = self._hits[self._hit]
        self.scene.set_current(person)
        self.canvas.show_person(person)
        name = self.data.graph.nodes[person] if self.data else ""
        self.status.setText(f"{name}: {self._hit + 1} of {len(self._hits)} found (Enter: next)")

    # --- palette ------------------------------------------------------------------------------

    def changeEvent(self, event: Any) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.PaletteChange:
            for scene in (self.scene, self._next):
                if scene is not None:
                    scene.set_palette(self.palette())
        super().changeEvent(event)

    # --- export -------------------------------------------------------------------------------

    def export_dialog(self, kind: str) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            f"Export the map as {kind.upper()}",
            f"network-map.{kind}",
            f"{kind.upper()} (*.{kind})",
        )
        if path:
            self.export(path)

    def export(self, path: str) -> None:
        """The whole map with every name: a PNG (at most 4,000 pixels wide) or an SVG."""
        self.wait()
        scene = self.scene
        rect = scene.export_rect()
        scene.all_labels = True
        try:
            if path.lower().endswith(".svg"):
                from PySide6.QtSvg import QSvgGenerator

                gen = QSvgGenerator()
                gen.setFileName(path)
                size = QSize(int(rect.width()), int(rect.height()))
                gen.setSize(size)
                gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
                gen.setTitle("NetKeeper: who knows whom")
                gen.setDescription(self.status.text())
                painter = QPainter(gen)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
                painter.end()
            else:
                scale = min(1.0, 4000 / max(rect.width(), rect.height(), 1))
                image = QImage(
                    max(1, int(rect.width() * scale)),
                    max(1, int(rect.height() * scale)),
                    QImage.Format.Format_ARGB32_Premultiplied,
                )
                image.fill(scene.colours["background"])
                painter = QPainter(image)
                painter.setRenderHints(
                    QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                )
                scene.render(painter, QRectF(image.rect()), rect)
                painter.end()
                if not image.save(path):
                    raise OSError(f"cannot write {path}")
        finally:
            scene.all_labels = False
