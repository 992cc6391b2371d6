"""The map's scene: one item per person, one path item per kind of link.

Painting 2,000 people in well under 300 ms takes three things (measured numbers in
bench/map.py, advice from the research notes, section C.3):
- every link of one kind is a single QPainterPath item with a cosmetic pen, not
  thousands of line items;
- names are drawn only once a name is big enough to read (level of detail from the
  painter's transform), or for the people in focus (me, the hovered person and their
  links, search hits, the keyboard's current person);
- items are placed once, where the layout put them, and never move (the BSP index
  then stays valid; moving 2,000 indexed items is what is slow).

Names sit on the ray from the centre, reading outwards (inwards for someone who brought
people in, whose links to them run outwards), turned on the left half so they are never
upside down: neighbours on a ring never overlap.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netkeeper.ui.map.data import DRAW_ORDER, MapData, edge_path

NODE_RADIUS = 6.0
ME_RADIUS = 13.0
MIN_DOT = 3.5  # pixels: the least radius a person is drawn with
MAX_DOT = 10.0  # scene units: half the room between two people on a ring
LABEL_LOD = 0.5  # names appear from this zoom on
LABEL_GROW = 1 / LABEL_LOD  # a name keeps its size on screen, down to LABEL_LOD
MAX_LABEL = 26  # characters; longer names end in "…" (the tooltip has them whole)
FOCUS_NAMES = 60  # the most people a hover names beyond those whose names fit anyway

# Hues chosen to stay apart on light and dark backgrounds and for the common colour
# blindnesses (the charts' palette); the style, not only the hue, tells kinds apart.
EDGE_STYLES: dict[str, tuple[str, float, Qt.PenStyle, int]] = {
    # kind: (colour, width, pen style, alpha)
    "introduced_by": ("#e8772e", 1.0, Qt.PenStyle.SolidLine, 255),
    "introduction": ("#e8772e", 1.0, Qt.PenStyle.DashLine, 210),
    "relationship": ("#8e6bbf", 1.0, Qt.PenStyle.SolidLine, 200),
    "group": ("#3f9a5a", 1.0, Qt.PenStyle.DashDotLine, 170),
    "interaction": ("#8a8f99", 1.0, Qt.PenStyle.DotLine, 170),
}
BAND_COLOURS = {
    "strong": "#2f6fd0",
    "active": "#43a5a0",
    "cooling": "#d9a72b",
    "dormant": "#9a9ea6",
}
NO_BAND = "#b8bcc4"
NO_ME = "You"  # the centre's name while nobody is marked as me


def edge_pen(kind: str, focus: bool = False) -> QPen:
    colour, width, style, alpha = EDGE_STYLES[kind]
    c = QColor(colour)
    c.setAlpha(255 if focus else alpha)
    pen = QPen(c, width * (2.0 if focus else 1.0), style)
    pen.setCosmetic(True)  # the same width at every zoom
    return pen


_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def dot_radius(radius: float, lod: float) -> float:
    """A person's radius in scene units at `lod`: at least MIN_DOT pixels when zoomed
    out (but never wider than the room a ring gives a person), so a 2,000-person map
    is dots, not specks."""
    return max(radius, min(MIN_DOT / max(lod, 1e-3), MAX_DOT))


def _outline(colours: dict[str, QColor]) -> QPen:
    pen = QPen(colours["outline"], 1.0)
    pen.setCosmetic(True)
    return pen


class DotsItem(QGraphicsItem):
    """Everyone's dot but mine, drawn in one paint call.

    Why: Qt calls a Python item's paint() at about 15-20 µs a call (the call itself,
    before it draws anything), so 2,000 NodeItems cost 30-40 ms a frame for dots
    alone; one loop here draws them in about 10 ms. A NodeItem then paints only what
    is its own (a name, the current or found ring, my dot) and is flagged
    ItemHasNoContents while it has none of those (NodeItem.sync_contents), so Qt
    skips it. It stays in the scene for hover, tooltips and clicks.
    """

    def __init__(self) -> None:
        super().__init__()
        self._bounds = QRectF()
        self._people: list[NodeItem] = []
        self._groups: list[tuple[QBrush, list[QPointF]]] | None = None
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_people(self, nodes: Iterable[NodeItem]) -> None:
        self.prepareGeometryChange()
        self._people = [n for n in nodes if not n.is_me]
        self._groups = None
        bounds = QRectF()
        for n in self._people:
            bounds = bounds.united(QRectF(n.pos().x(), n.pos().y(), 0.01, 0.01))
        self._bounds = bounds.adjusted(-MAX_DOT - 2, -MAX_DOT - 2, MAX_DOT + 2, MAX_DOT + 2)
        self._group()
        self.update()

    def _group(self) -> list[tuple[QBrush, list[QPointF]]]:
        """The dots by fill (one brush per strength band), made once, not per paint."""
        by_fill: dict[int, tuple[QBrush, list[QPointF]]] = {}
        for n in self._people:
            rgba = n.fill.rgba()
            if rgba not in by_fill:
                by_fill[rgba] = (QBrush(n.fill), [])
            by_fill[rgba][1].append(n.pos())
        self._groups = list(by_fill.values())
        return self._groups

    def recolour(self) -> None:
        """The people's fills changed (strength bands moved on)."""
        self._groups = None
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        groups = self._groups if self._groups is not None else self._group()
        scene = self.scene()
        colours = scene.colours if isinstance(scene, MapScene) else _fallback_colours()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        r = dot_radius(NODE_RADIUS, lod)
        seen = option.exposedRect.adjusted(-r - 2, -r - 2, r + 2, r + 2)
        whole = seen.contains(self._bounds)
        painter.setPen(_outline(colours))
        draw = painter.drawEllipse
        for brush, points in groups:
            painter.setBrush(brush)
            for point in points:
                if whole or seen.contains(point):
                    draw(point, r, r)


class EdgeItem(QGraphicsPathItem):
    """Every link of one kind: one path, stroked with a cosmetic pen, clipped to the device.

    Why the clip: Qt's raster engine strokes translucent cosmetic lines about ten times
    faster once the painter has a clip rectangle (the same pixels; measured with
    PySide6 6.11: the 2,000 relationship curves of the benchmark's map, fitted on a
    1562×921 view, 60 ms without a clip, 7 ms with one). A view's painter has only the
    widget's system clip, which does not count, so without this every repaint of a
    2,000-person map (the first one, a zoom step, a hover) took 120-250 ms of the UI
    thread. bench/map.py prints both. Vector devices (the SVG export) are drawn as
    they are: a clip there would only add a clipPath to the file.
    """

    layered = False  # drawn on screen by the scene's EdgeLayer (the kinds), not by itself

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self.layered and widget is not None:
            return  # a view's repaint: EdgeLayer has it; scene.render() (export) draws it here
        engine = painter.paintEngine()
        raster = engine is not None and engine.type() == QPaintEngine.Type.Raster
        if raster:
            device = painter.device()
            world = painter.worldTransform()
            painter.save()
            painter.setWorldTransform(QTransform())
            painter.setClipRect(
                QRect(0, 0, device.width(), device.height()), Qt.ClipOperation.IntersectClip
            )
            painter.setWorldTransform(world)
        painter.setPen(self.pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        if raster:
            painter.restore()


class _Strokes:
    """A pixmap of links being stroked band by band, for the view transform `world`."""

    bands = 8  # ~4-10 ms each for the 5,000 links of a 2,000-person map at 50 %
    settle_ms = 40  # the first band waits for a wheel's burst of notches to end
    # The bands run from one QTimer of the layer's own: a chain of singleShot() timers
    # (or of posted events) kept other timers waiting for the whole chain (~100 ms).

    def __init__(
        self, world: QTransform, width: int, height: int, dpr: float, key: tuple[object, ...]
    ) -> None:
        self.world = QTransform(world)
        self.width, self.height, self.key = width, height, key
        self.antialias = bool(key[-1])
        self.pixmap = EdgeLayer._new_pixmap(width, height, dpr)
        self.band = 0


class EdgeLayer(QGraphicsItem):
    """The links of every visible kind as the view shows them, drawn once into a pixmap
    that the view's repaints reuse.

    Why: stroking 5,000 links costs 10-40 ms a repaint at 2,000 people (more zoomed in,
    where they cover more pixels), and several times that when the region to repaint is
    not one rectangle (a diagonal pan's L-shaped strip, measured 100-275 ms under X11):
    the raster engine's fast path for cosmetic lines needs a rectangular clip. Here
    they are stroked into the pixmap with a rectangle clip, and a repaint only copies
    it. A hover or a search does not touch the pixmap; a pan scrolls it and strokes only
    the strips that came into view; a zoom or a resize shows the pixmap there is,
    scaled, for a frame and strokes the new one in bands, one per event (no event
    holds the UI thread for the whole of it); a kind shown or hidden, or a new palette,
    draws it anew at once. scene.render() (the PNG and SVG export) is not a view: the EdgeItems draw
    themselves there, as vectors.
    """

    def __init__(self, kinds: list[EdgeItem]) -> None:
        super().__init__()
        self._kinds = kinds
        for item in kinds:
            item.layered = True
        bounds = QRectF()
        for item in kinds:
            bounds = bounds.united(item.path().controlPointRect())
        self._bounds = bounds.adjusted(-2, -2, 2, 2)
        self._pixmap: QPixmap | None = None
        self._key: tuple[object, ...] = ()
        self._origin = (0.0, 0.0)  # the view's translation the pixmap was drawn at
        self._world = QTransform()  # the view's transform the pixmap was drawn at
        self._job: _Strokes | None = None  # a pixmap being stroked band by band (a zoom)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self.drawn = 0  # whole pixmaps drawn (tests and the benchmark read these)
        self.strips = 0  # strips drawn after a pan
        self.setZValue(-0.5)  # above the kinds' own z (-5..-1), under the focus links
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def invalidate(self) -> None:
        self._pixmap = None
        self._job = None
        self.update()

    @property
    def pending(self) -> bool:
        """A pixmap is being stroked in bands (after a zoom, or before the first paint)."""
        return self._job is not None

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if widget is None:
            return
        world = painter.worldTransform()
        size = widget.size()
        dpr = widget.devicePixelRatioF()
        antialias = bool(painter.renderHints() & QPainter.RenderHint.Antialiasing)
        key = self._key_for(world, size.width(), size.height(), dpr, antialias)
        dx, dy = world.dx() - self._origin[0], world.dy() - self._origin[1]
        shift_x, shift_y = round(dx * dpr), round(dy * dpr)
        pixmap = self._pixmap
        if (
            pixmap is None
            or key != self._key
            or abs(dx * dpr - shift_x) > 1e-6
            or abs(dy * dpr - shift_y) > 1e-6
            or abs(dx) >= size.width()
            or abs(dy) >= size.height()
        ):
            if pixmap is not None and key[-2:] == self._key[-2:]:
                # Only the zoom (or the size) changed: this frame shows the pixmap
                # there is, scaled, and the new one is stroked in bands, one per event.
                self._draw_scaled(painter, world)
                if self._job is None or self._job.key != key:
                    self._job = _Strokes(world, size.width(), size.height(), dpr, key)
                    self._timer.start(_Strokes.settle_ms)
                return
            self._job = None
            pixmap = self._new_pixmap(size.width(), size.height(), dpr)
            self._stroke(pixmap, world, [QRect(0, 0, size.width(), size.height())], antialias)
            self._pixmap, self._key, self._world = pixmap, key, QTransform(world)
            self._origin = (world.dx(), world.dy())
            self.drawn += 1
        elif shift_x or shift_y:
            pixmap.scroll(shift_x, shift_y, pixmap.rect())
            w, h = size.width(), size.height()
            ix, iy = round(dx), round(dy)
            strips = []
            if ix:
                strips.append(QRect(0 if ix > 0 else w + ix, 0, abs(ix), h))
            if iy:
                strips.append(QRect(0, 0 if iy > 0 else h + iy, w, abs(iy)))
            self._stroke(pixmap, world, strips, antialias)
            self._origin = (world.dx(), world.dy())
            self._world = QTransform(world)
            self.strips += len(strips)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.drawPixmap(0, 0, pixmap)
        painter.restore()

    @staticmethod
    def _new_pixmap(width: int, height: int, dpr: float) -> QPixmap:
        pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        return pixmap

    def _draw_scaled(self, painter: QPainter, world: QTransform) -> None:
        """The last pixmap, moved to where its links are now (a zoom's first frame)."""
        back, ok = self._world.inverted()
        if self._pixmap is None or not ok:
            return
        painter.save()
        painter.setWorldTransform(back * world)
        painter.drawPixmap(0, 0, self._pixmap)
        painter.restore()

    def _key_for(
        self, world: QTransform, width: int, height: int, dpr: float, antialias: bool
    ) -> tuple[object, ...]:
        """What a pixmap depends on, but for the view's translation (a pan scrolls it)."""
        visible = tuple(item.isVisible() for item in self._kinds)
        return (
            world.m11(),
            world.m12(),
            world.m21(),
            world.m22(),
            width,
            height,
            dpr,
            visible,
            antialias,
        )

    def prepare(
        self, world: QTransform, width: int, height: int, dpr: float, antialias: bool
    ) -> None:
        """Stroke the pixmap for a view about to show this scene (by stroke_band(), as
        build steps), so its first paint only copies it."""
        key = self._key_for(world, width, height, dpr, antialias)
        self._job = _Strokes(world, width, height, dpr, key)

    def stroke_band(self) -> bool:
        """Stroke the next band of the pixmap being made; True while bands remain. The
        last one swaps it in."""
        job = self._job
        if job is None:
            return False
        top = job.height * job.band // job.bands
        bottom = job.height * (job.band + 1) // job.bands
        band = QRect(0, top, job.width, bottom - top)
        self._stroke(job.pixmap, job.world, [band], job.antialias)
        job.band += 1
        if job.band < job.bands:
            return True
        self._job = None
        self._pixmap, self._key, self._world = job.pixmap, job.key, job.world
        self._origin = (job.world.dx(), job.world.dy())
        self.drawn += 1
        self.update()
        return False

    def _on_timer(self) -> None:
        """A zoom's bands, one per timer event; a later zoom replaces the job, a deleted
        scene ends it."""
        if not shiboken6.isValid(self) or self.scene() is None:
            return
        if self.stroke_band():
            self._timer.start(0)

    def _stroke(
        self, pixmap: QPixmap, world: QTransform, rects: list[QRect], antialias: bool
    ) -> None:
        """Clear `rects` (view pixels) of the pixmap and stroke the visible kinds into
        them, each with a rectangle clip of its own (the fast path)."""
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        for rect in rects:
            p.setWorldTransform(QTransform())
            p.setClipRect(rect)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            p.fillRect(rect, Qt.GlobalColor.transparent)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            p.setWorldTransform(world)
            p.setBrush(Qt.BrushStyle.NoBrush)
            for item in self._kinds:
                if item.isVisible():
                    p.setPen(item.pen())
                    p.drawPath(item.path())
        p.end()


class NodeItem(QGraphicsItem):
    """A person: a dot coloured by relationship strength, and the name along its ray."""

    def __init__(
        self,
        person: int,
        name: str,
        band: str | None,
        angle: float,
        is_me: bool,
        font: QFont,
        inward: bool = False,
        room: float = math.inf,
    ) -> None:
        """`inward`: the name reads towards the centre, for someone who brought people in
        (their links to them run outwards along the ray, where the name would be)."""
        super().__init__()
        self.person = person
        self.name = name
        self.is_me = is_me
        self.radius = ME_RADIUS if is_me else NODE_RADIUS
        self.fill = QColor(BAND_COLOURS.get(band or "", NO_BAND))
        self.focus = False  # hovered, searched, current or linked to the hovered person
        self.focus_named = False  # focus, and named whatever the zoom (see MapScene._refocus)
        self.current = False  # the keyboard's person
        self.found = False  # a search hit
        text = name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"
        self.label = text + (" (you)" if is_me and name != NO_ME else "")
        self.label_font = font
        width = QFontMetricsF(font).horizontalAdvance(self.label)
        height = QFontMetricsF(font).height()
        # Names show from LABEL_LOD on, or later on a crowded ring (sub-rings put
        # neighbours' rays closer than a line of text): once the rays are a line apart.
        self.label_lod = max(LABEL_LOD, height / room) if room > 0 else LABEL_LOD
        degrees = math.degrees(angle)
        flipped = 180.0 < degrees % 360.0 < 360.0  # the left half: never upside down
        self.text_left = flipped != inward
        r = self.radius
        gap = r + 4
        if not is_me:
            # local +x points outwards on the right half, -x on the left half
            self.setRotation(degrees + 90.0 if flipped else degrees - 90.0)
        # The name is drawn from `anchor` (scene units from the dot), in a box of the
        # font's size scaled by 1/zoom: the same size on screen at every zoom.
        if is_me:  # the name under the centre, level
            self.anchor = QPointF(0, r + 2)
            self.text_rect = QRectF(-width / 2, 0, width, height)
        elif self.text_left:
            self.anchor = QPointF(-gap, 0)
            self.text_rect = QRectF(-width, -height / 2, width, height)
        else:
            self.anchor = QPointF(gap, 0)
            self.text_rect = QRectF(0, -height / 2, width, height)
        t = self.text_rect
        grown = QRectF(
            t.x() * LABEL_GROW, t.y() * LABEL_GROW, t.width() * LABEL_GROW, t.height() * LABEL_GROW
        ).translated(self.anchor)
        dot = max(r, MAX_DOT) + 5
        self._bounds = QRectF(-dot, -dot, 2 * dot, 2 * dot).united(grown.adjusted(-2, -2, 2, 2))
        self.setAcceptHoverEvents(True)
        self.setZValue(10 if is_me else 5)
        self.setData(0, person)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def draws_at(self, lod: float, always: bool = False) -> bool:
        """Whether this item paints anything at `lod`: its name, a ring, or (mine) the dot."""
        return (
            self.is_me
            or self.focus_named
            or self.current
            or self.found
            or always
            or lod >= self.label_lod
        )

    def sync_contents(self, lod: float, always: bool = False) -> None:
        """Skip the paint call when there is nothing to draw (see DotsItem: a call from
        Qt into Python costs more than the dot itself)."""
        empty = not self.draws_at(lod, always)
        if bool(self.flags() & _NO_CONTENTS) != empty:
            self.setFlag(_NO_CONTENTS, empty)

    def shape_contains(self, local: QPointF) -> bool:
        return math.hypot(local.x(), local.y()) <= self.radius + 3

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        scene = self.scene()
        colours = scene.colours if isinstance(scene, MapScene) else _fallback_colours()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        r = dot_radius(self.radius, lod)
        if self.is_me:  # everyone else's dot is the scene's DotsItem's
            painter.setPen(_outline(colours))
            painter.setBrush(QBrush(colours["me"]))
            painter.drawEllipse(QPointF(0, 0), r, r)
        if self.current or self.found:
            pen = QPen(colours["focus"], 2.5 if self.current else 1.8)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), r + 4, r + 4)
        always = isinstance(scene, MapScene) and scene.all_labels
        if self.draws_at(lod, always):
            painter.setFont(self.label_font)
            painter.setPen(colours["focus_text"] if self.focus or self.found else colours["text"])
            align = Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignHCenter
                if self.is_me
                else Qt.AlignmentFlag.AlignRight
                if self.text_left
                else Qt.AlignmentFlag.AlignLeft
            )
            # The name keeps its size on screen (down to LABEL_LOD, where a ring still
            # leaves SPACING × LABEL_LOD = 11 px per name); an export draws it as is.
            grow = 1.0 if always else min(1.0 / max(lod, 1e-3), LABEL_GROW)
            painter.save()
            painter.translate(self.anchor)
            painter.scale(grow, grow)
            painter.drawText(self.text_rect, int(align), self.label)
            painter.restore()

    def hoverEnterEvent(self, event: object) -> None:
        scene = self.scene()
        if isinstance(scene, MapScene):
            scene.set_hovered(self.person)

    def hoverLeaveEvent(self, event: object) -> None:
        scene = self.scene()
        if isinstance(scene, MapScene) and scene.hovered == self.person:
            scene.set_hovered(None)


def _fallback_colours() -> dict[str, QColor]:
    return colours_for(QPalette())


def colours_for(palette: QPalette) -> dict[str, QColor]:
    """The map's colours from the palette: readable in light and dark."""
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    text = palette.color(QPalette.ColorRole.Text)
    ring = QColor(text)
    ring.setAlpha(40)
    return {
        "background": base,
        "text": text,
        "outline": QColor("#1b1d21") if not dark else QColor("#0c0d0f"),
        "me": palette.color(QPalette.ColorRole.Highlight),
        "focus": QColor("#d6336c") if not dark else QColor("#ff7aa8"),
        "focus_text": QColor("#b01f55") if not dark else QColor("#ffb3cd"),
        "ring": ring,
    }


class MapScene(QGraphicsScene):
    """Builds the items for a MapData and keeps the focus state (hover, search, current)."""

    BATCH = 250  # people placed per step (about 10 ms each), so building never stalls the UI

    def __init__(self, palette: QPalette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.colours = colours_for(palette)
        self.label_font = QFont()
        self.label_font.setPointSizeF(max(7.0, self.label_font.pointSizeF() * 0.85))
        self.data: MapData | None = None
        self.nodes: dict[int, NodeItem] = {}
        self.edge_items: dict[str, EdgeItem] = {}
        self.ring_items: list[QGraphicsEllipseItem] = []
        self.focus_item: EdgeItem | None = None
        self.hovered: int | None = None
        self.current: int | None = None
        self.found: list[int] = []
        self._all_labels = False  # export: every name, whatever the zoom
        # The view this scene will be shown in, as EdgeLayer.prepare() takes it (set by
        # the page before building): world transform, width, height, pixel ratio, AA.
        self.view_for: Callable[[MapScene], tuple[QTransform, int, int, float, bool]] | None = None
        self.view_scale = 0.0  # the zoom the nodes' ItemHasNoContents flags are set for
        self.dots: DotsItem | None = None
        self.edge_layer: EdgeLayer | None = None
        self._by_label: list[NodeItem] | None = None  # the people by the zoom their name fits
        self._label_lods: list[float] = []
        self.hidden_kinds: set[str] = set()
        self._pending: list[int] = []
        self._indexed = True
        self._parents: set[int] = set()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    @property
    def all_labels(self) -> bool:
        return self._all_labels

    @all_labels.setter
    def all_labels(self, on: bool) -> None:
        self._all_labels = on
        self._sync_all()

    def set_view_scale(self, scale: float) -> None:
        """The view's zoom changed: the people whose names now fit (or no longer do)
        paint again (or stop being asked to). Only those whose name's zoom lies between
        the old and the new one can change (a wheel notch: a few, not 2,000)."""
        old, self.view_scale = self.view_scale, scale
        if scale == old or self._all_labels:
            return
        if self._by_label is None:
            self._by_label = sorted(self.nodes.values(), key=lambda n: n.label_lod)
            self._label_lods = [n.label_lod for n in self._by_label]
        low, high = min(old, scale), max(old, scale)
        first = bisect.bisect_left(self._label_lods, low)
        last = bisect.bisect_right(self._label_lods, high)
        for item in self._by_label[first:last]:
            item.sync_contents(scale)

    def _sync_all(self) -> None:
        for item in self.nodes.values():
            item.sync_contents(self.view_scale, self._all_labels)

    # --- building -----------------------------------------------------------------------------

    def start(self, data: MapData) -> None:
        """Replace the map: the links at once (one item per kind), people by `step()`."""
        self.clear()
        self.nodes = {}
        self.dots = None
        self.edge_layer = None
        self._by_label = None
        self.hovered = None
        self.found = []
        self.data = data
        self.setBackgroundBrush(self.colours["background"])
        extent = data.layout.extent() + 220
        self.setSceneRect(QRectF(-extent, -extent, 2 * extent, 2 * extent))
        self.ring_items = []
        for radius in data.layout.rings:
            ring = self.addEllipse(
                QRectF(-radius, -radius, 2 * radius, 2 * radius), _ring_pen(self.colours["ring"])
            )
            ring.setZValue(-10)
            self.ring_items.append(ring)
        self.edge_items = {}
        for z, kind in enumerate(DRAW_ORDER):
            item = EdgeItem(data.paths[kind])
            item.setPen(edge_pen(kind))
            self.addItem(item)
            item.setZValue(z - 5)
            item.setVisible(kind not in self.hidden_kinds)
            self.edge_items[kind] = item
        self.edge_layer = EdgeLayer([self.edge_items[kind] for kind in DRAW_ORDER])
        self.addItem(self.edge_layer)
        self.dots = DotsItem()
        self.addItem(self.dots)
        self.focus_item = EdgeItem(edge_path_of([]))
        self.focus_item.setPen(QPen(Qt.PenStyle.NoPen))
        self.addItem(self.focus_item)
        self.focus_item.setZValue(4)
        order = [data.layout.centre, *data.layout.order]
        self._pending = [p for p in order if p in data.graph.nodes or p == data.layout.centre]
        self._pending.reverse()
        self._indexed = False
        self._parents = set(data.layout.parent.values())
        if self.current not in data.layout.positions:
            self.current = None

    def step(self) -> bool:
        """Place the next batch of people (then index them); False once all is done."""
        data = self.data
        if data is None:
            return False
        if not self._pending:
            if not self._indexed:
                # Qt builds the BSP index on the first query of a scene: 15 ms for 2,000
                # people, which would land in the first paint. Here it is a step of its own.
                self.items(QRectF(0, 0, 1, 1))
                self._indexed = True
                if self.view_for is not None and self.edge_layer is not None:
                    self.edge_layer.prepare(*self.view_for(self))
                return True
            # The links' pixmap for the view this scene is about to be shown in, a band
            # a step, so its first paint copies it (15-30 ms otherwise).
            return self.edge_layer is not None and self.edge_layer.stroke_band()
        for _ in range(min(self.BATCH, len(self._pending))):
            person = self._pending.pop()
            name = data.graph.nodes.get(person, NO_ME)
            x, y = data.layout.positions[person]
            item = NodeItem(
                person,
                name,
                data.bands.get(person),
                data.layout.angle.get(person, 0.0),
                person == data.layout.centre,
                self.label_font,
                person in self._parents,
                data.layout.room(person) if person != data.layout.centre else math.inf,
            )
            item.setPos(x, y)
            item.setToolTip(data.tooltips.get(person, name))
            item.current = person == self.current
            item.sync_contents(self.view_scale, self._all_labels)
            self.addItem(item)
            self.nodes[person] = item
        self._by_label = None
        if not self._pending and self.dots is not None:
            self.dots.set_people(self.nodes.values())
        return True

    def finish(self) -> None:
        while self.step():
            pass

    @property
    def building(self) -> bool:
        return bool(self._pending) or not self._indexed

    def recolour(self, bands: dict[int, str]) -> None:
        """New strength bands for the same people."""
        for person, item in self.nodes.items():
            item.fill = QColor(BAND_COLOURS.get(bands.get(person, ""), NO_BAND))
        if self.dots is not None:
            self.dots.recolour()

    def set_palette(self, palette: QPalette) -> None:
        self.colours = colours_for(palette)
        self.setBackgroundBrush(self.colours["background"])
        for ring in self.ring_items:
            ring.setPen(_ring_pen(self.colours["ring"]))
        if self.edge_layer is not None:
            self.edge_layer.invalidate()
        self.update()

    def set_kind_visible(self, kind: str, visible: bool) -> None:
        if visible:
            self.hidden_kinds.discard(kind)
        else:
            self.hidden_kinds.add(kind)
        if kind in self.edge_items:
            self.edge_items[kind].setVisible(visible)
        self._refocus()

    # --- focus: hover, search, the keyboard's person ------------------------------------------

    def set_hovered(self, person: int | None) -> None:
        self.hovered = person
        self._refocus()

    def set_current(self, person: int | None) -> None:
        for p in (self.current, person):
            item = self.nodes.get(p) if p is not None else None
            if item is not None:
                item.current = p == person
                item.sync_contents(self.view_scale, self._all_labels)
                item.update()
        self.current = person
        self._refocus()

    def set_found(self, people: Iterable[int]) -> None:
        found = list(people)
        for p in {*self.found, *found}:
            item = self.nodes.get(p)
            if item is not None:
                item.found = p in found
                item.sync_contents(self.view_scale, self._all_labels)
                item.update()
        self.found = found

    def _refocus(self) -> None:
        """Emphasise the links of the hovered (else the current) person and name their ends."""
        data = self.data
        if data is None or self.focus_item is None:
            return
        person = self.hovered if self.hovered is not None else self.current
        links: list[tuple[int, int, str]] = []
        focus: set[int] = set()
        if person is not None:
            links = [
                (person, other, kind)
                for other, kind in data.neighbours.get(person, [])
                if kind not in self.hidden_kinds
            ]
            focus = {person, *(o for _p, o, _k in links)}
        # A hub's links are too many to name at once (me, with 400 people on the first
        # ring, would pile 400 names on each other, and drawing them holds a repaint
        # for 30 ms): then only those that fit are named, and the links show the rest.
        named = focus if len(focus) <= FOCUS_NAMES else {person}
        for p, item in self.nodes.items():
            on, name = p in focus, p in named
            if item.focus != on or item.focus_named != name:
                item.focus = on
                item.focus_named = name
                item.sync_contents(self.view_scale, self._all_labels)
                item.update()
        pos = data.layout.positions
        if links:
            self.focus_item.setPath(edge_path_of([(pos[a], pos[b]) for a, b, _k in links]))
            pen = QPen(self.colours["focus"], 2.2)
            pen.setCosmetic(True)
            self.focus_item.setPen(pen)
        else:
            self.focus_item.setPath(edge_path_of([]))

    def node_at(self, point: QPointF) -> NodeItem | None:
        for item in self.items(QRectF(point.x() - 8, point.y() - 8, 16, 16)):
            if isinstance(item, NodeItem) and item.shape_contains(item.mapFromScene(point)):
                return item
        return None

    # --- export -------------------------------------------------------------------------------

    def export_rect(self) -> QRectF:
        return self.itemsBoundingRect().adjusted(-40, -40, 40, 40)


def _ring_pen(colour: QColor) -> QPen:
    pen = QPen(colour, 1.0, Qt.PenStyle.SolidLine)
    pen.setCosmetic(True)
    return pen


def edge_path_of(pairs: list[tuple[tuple[float, float], tuple[float, float]]]) -> QPainterPath:
    path = QPainterPath()
    for a, b in pairs:
        edge_path(path, a, b)
    return path
