"""The Network map page (issue 15, item 7): built off the UI thread from the demo data,
me in the centre; search highlights and centres; a click or Enter opens the person in
Contacts; filters by tag and group; PNG and SVG export; follows database changes; keeps
its picture when nothing changed; readable in light and dark."""

from __future__ import annotations

import datetime as dt
import math
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from netkeeper.services.insights import graph as graph_svc
from netkeeper.services.insights import layout as layout_svc

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def demo(gui_db: Path) -> Path:
    from netkeeper.services.demo import fill

    fill(60, today=dt.date(2026, 6, 1))
    layout_svc.forget()
    return gui_db


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest) -> Any:
    from netkeeper.ui.appearance import dark_palette

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    if request.param == "dark":
        app.setPalette(dark_palette())
    yield request.param
    app.setPalette(old)


def _map(qtbot: Any) -> Any:
    from netkeeper.ui.map.view import MapView

    view = MapView(None)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.wait()
    return view


def _window_map(qtbot: Any, gui_db: Path, settings: Any) -> tuple[Any, Any]:
    from netkeeper.ui.main_window import MainWindow

    window = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("map")
    assert view is not None and window.current_view_key() == "map"
    view.wait()
    return window, view


def test_builds_from_the_demo_with_me_in_the_centre(qtbot: Any, demo: Path, palette: str) -> None:
    view = _map(qtbot)
    g = graph_svc.build(everyone=True)
    assert g.me is not None
    assert set(view.scene.nodes) == set(g.nodes), "everyone in the network is on the map"
    me = view.scene.nodes[g.me]
    assert me.is_me and (me.pos().x(), me.pos().y()) == (0.0, 0.0)
    assert me.label.endswith("(you)")
    people = len(g.nodes) - 1
    assert view.status.text() == f"{people} people · {len(g.edges)} links"
    # every kind of link has its own item, pen and a count in the legend
    pens = {kind: item.pen() for kind, item in view.scene.edge_items.items()}
    assert len({(p.color().name(), p.style()) for p in pens.values()}) == len(pens)
    for kind, box in view.kind_boxes.items():
        n = sum(1 for e in g.edges if e.kind == kind)
        assert box.text().endswith(f"({n})") and n > 0, kind
    # the whole map fits on screen at first
    assert view.canvas.mapFromScene(view.scene.itemsBoundingRect()).boundingRect().width() <= (
        view.canvas.viewport().width()
    )
    # light and dark: the map's background is the palette's, the names readable on it
    image = view.canvas.viewport().grab().toImage()
    corner = image.pixelColor(5, 5)
    text = view.scene.colours["text"]
    if palette == "dark":
        assert corner.lightness() < 60, corner.name()
        assert text.lightness() > 180
    else:
        assert corner.lightness() > 200, corner.name()
        assert text.lightness() < 80
    assert abs(view.scene.colours["focus_text"].lightness() - corner.lightness()) > 80


def test_hover_shows_details_and_links(qtbot: Any, demo: Path) -> None:
    view = _map(qtbot)
    g = view.data.graph
    child, introducer = next(iter(g.introduced_by.items()))
    item = view.scene.nodes[child]
    assert f"Brought in by {g.nodes[introducer]}" in item.toolTip()
    assert item.toolTip().splitlines()[0] == g.nodes[child]
    view.scene.set_hovered(child)
    linked = {o for o, _k in view.data.neighbours[child]}
    assert introducer in linked
    assert all(view.scene.nodes[p].focus for p in linked | {child})
    assert not view.scene.focus_item.path().isEmpty()
    others = set(view.scene.nodes) - linked - {child}
    assert not any(view.scene.nodes[p].focus for p in others)
    view.scene.set_hovered(None)
    assert view.scene.focus_item.path().isEmpty()


def test_search_highlights_and_centres(qtbot: Any, demo: Path) -> None:
    view = _map(qtbot)
    g = view.data.graph
    person = next(p for p in view.data.layout.order if len(g.nodes[p]) > 4)
    name = g.nodes[person]
    qtbot.keyClicks(view.search, name)
    found = [p for p, item in view.scene.nodes.items() if item.found]
    assert person in found
    assert all(name.casefold() in g.nodes[p].casefold() for p in found)
    current = view.scene.current
    assert current in found
    item = view.scene.nodes[current]
    centre = view.canvas.mapToScene(view.canvas.viewport().rect().center())
    assert math.dist((centre.x(), centre.y()), (item.pos().x(), item.pos().y())) < 5
    assert view.canvas.scale_factor() >= 0.8, "zoomed in far enough to read the names"
    view.search.clear()
    assert not any(item.found for item in view.scene.nodes.values())
    qtbot.keyClicks(view.search, "zzzz-nobody")
    assert view.status.text().startswith("Nobody called")


def test_click_and_enter_open_the_contact_in_contacts(
    qtbot: Any, demo: Path, settings: Any
) -> None:
    window, view = _window_map(qtbot, demo, settings)
    person = view.data.layout.order[3]
    view.canvas.show_person(person)
    QApplication.processEvents()
    at = view.canvas.mapFromScene(view.scene.nodes[person].pos())
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.current_view_key() == "contacts"
    assert window.view("contacts").selected_ids() == [person]
    # A drag pans and opens nothing.
    window.show_view("map")
    before = view.canvas.horizontalScrollBar().value()
    qtbot.mousePress(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(view.canvas.viewport(), QPoint(380, 330))
    qtbot.mouseRelease(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(380, 330))
    assert window.current_view_key() == "map"
    assert view.canvas.horizontalScrollBar().value() != before
    # Keyboard only: Home is me, Right walks the first ring, Enter opens.
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Home)
    assert view.scene.current == view.data.layout.centre
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    first = view.scene.current
    assert first == view.data.layout.order[0]
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.scene.current != first and view.data.layout.depth[view.scene.current] == 1
    qtbot.keyClick(view.canvas, Qt.Key.Key_Up)
    assert view.scene.current == view.data.layout.centre
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    assert window.current_view_key() == "contacts"
    assert window.view("contacts").selected_ids() == [first]
    assert window.named_actions["view_map"].shortcut().toString() == "Ctrl+Shift+M"
    # Ctrl+F on the map finds a person on the map; elsewhere it is still Contacts' search.
    window.show_view("map")
    window.named_actions["find"].trigger()
    assert window.current_view_key() == "map"
    assert QApplication.focusWidget() is view.search
    window.show_view("timeline")
    window.named_actions["find"].trigger()
    assert window.current_view_key() == "contacts"


def test_zoom_keys_and_fit(qtbot: Any, demo: Path) -> None:
    view = _map(qtbot)
    fit = view.canvas.scale_factor()
    view.canvas.setFocus()
    qtbot.keyClicks(view.canvas, "++")
    assert view.canvas.scale_factor() == pytest.approx(fit * 1.25**2)
    qtbot.keyClicks(view.canvas, "-")
    assert view.canvas.scale_factor() == pytest.approx(fit * 1.25)
    qtbot.keyClicks(view.canvas, "0")
    assert view.canvas.scale_factor() == pytest.approx(fit)


def test_filter_by_tag_and_group(qtbot: Any, demo: Path) -> None:
    from netkeeper.model.db import db

    view = _map(qtbot)
    tag = graph_svc.tag_names()[0]
    assert view.tag.findData(tag) > 0
    view.set_filter(tag=tag)
    view.wait()
    tagged = {
        r[0]
        for r in db.execute_sql(
            "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            " JOIN contact c ON c.id = ct.contact_id WHERE t.name = ? AND c.deleted_at IS NULL",
            (tag,),
        )
    }
    me = view.data.graph.me
    assert set(view.scene.nodes) == tagged | {me}
    group_id, members = next(
        (gid, set(ids))
        for gid, ids in _groups().items()
        if ids  # a group with people in it
    )
    view.set_filter(group=group_id)
    view.wait()
    assert view.tag.currentData() is None
    assert set(view.scene.nodes) == members | {me}
    view.set_filter()
    view.wait()
    assert len(view.scene.nodes) == len(graph_svc.build(everyone=True).nodes)


def _groups() -> dict[int, list[int]]:
    from netkeeper.model.db import db

    out: dict[int, list[int]] = {}
    for gid, cid in db.execute_sql(
        "SELECT m.group_id, m.contact_id FROM group_member m JOIN contact c ON c.id = m.contact_id"
        " WHERE c.deleted_at IS NULL ORDER BY m.group_id, m.contact_id"
    ):
        out.setdefault(gid, []).append(cid)
    return out


def test_each_kind_can_be_hidden(qtbot: Any, demo: Path) -> None:
    view = _map(qtbot)
    box = view.kind_boxes["interaction"]
    box.setChecked(False)
    assert not view.scene.edge_items["interaction"].isVisible()
    assert view.scene.edge_items["relationship"].isVisible()
    box.setChecked(True)
    assert view.scene.edge_items["interaction"].isVisible()


def test_export_png_and_svg(qtbot: Any, demo: Path, tmp_path: Path, palette: str) -> None:
    view = _map(qtbot)
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    view.export(str(png))
    view.export(str(svg))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 500
    background = image.pixelColor(2, 2)
    assert (background.lightness() < 60) == (palette == "dark")
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    names = set(view.data.graph.nodes.values())
    shown = {t.strip() for t in texts}
    # every name is in the export, whatever the zoom on screen (long ones end in "…")
    assert sum(1 for n in names if n in shown) >= 0.9 * len(names)
    # every person's dot too (ui/map/scene.DotsItem draws them as shapes, not pixels)
    assert len(list(root.iter(f"{SVG}circle"))) >= len(names)
    assert root.find(f"{SVG}title").text == "NetKeeper: who knows whom"


def test_follows_the_database_and_keeps_the_picture(qtbot: Any, demo: Path, settings: Any) -> None:
    from netkeeper.io.card import Card
    from netkeeper.services.contacts import create_contact

    window, view = _window_map(qtbot, demo, settings)
    items_before = dict(view.scene.nodes)
    view.canvas.zoom(2.0)
    scale = view.canvas.scale_factor()
    window.notify_changed()  # nothing the map shows changed
    view.wait()
    assert view.scene.nodes == items_before, "same data: the same items, not rebuilt"
    assert view.canvas.scale_factor() == scale
    newcomer = create_contact(Card(full_name="Zoë Newcomer"))
    window.notify_changed()
    view.wait()
    assert newcomer in view.scene.nodes
    assert view.canvas.scale_factor() == scale, "the zoom stays where the user left it"
    assert "Zoë Newcomer" in view.scene.nodes[newcomer].toolTip()


def test_cancel_keeps_the_last_map(qtbot: Any, demo: Path, monkeypatch: Any) -> None:
    from netkeeper.ui.map import view as view_module

    view = _map(qtbot)
    shown = dict(view.scene.nodes)
    started = threading.Event()

    def slow(tag: Any, group: Any, progress: Any, cancelled: Any) -> Any:
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise layout_svc.LayoutCancelled("layout cancelled")

    monkeypatch.setattr(view_module, "compute", slow)
    view.refresh()
    assert started.wait(5)
    qtbot.waitUntil(view.cancel_button.isVisible, timeout=3000)
    view.cancel_button.click()
    view.wait()
    assert view.status.text().startswith("Layout cancelled")
    assert view.scene.nodes == shown
    assert not view.cancel_button.isVisible()


def test_empty_network(qtbot: Any, gui_db: Path) -> None:
    view = _map(qtbot)
    assert view.pages.currentWidget() is view.empty
    assert "empty" in view.empty.text()


def test_dark_palette_follows_at_runtime(qtbot: Any, demo: Path) -> None:
    from netkeeper.ui.appearance import dark_palette

    view = _map(qtbot)
    assert view.scene.colours["background"].lightness() > 200
    view.setPalette(dark_palette())
    assert view.scene.colours["background"].lightness() < 60
    assert view.scene.backgroundBrush().color() == view.scene.colours["background"]
    view.setPalette(QPalette())
    assert QColor(view.scene.colours["background"]).lightness() > 200


def test_without_me_the_centre_is_you_and_opens_nothing(
    qtbot: Any, gui_db: Path, make_contact: Any
) -> None:
    ada = make_contact("Ada Lovelace")
    make_contact("Bob Babbage", introduced_by=ada)
    view = _map(qtbot)
    centre = view.scene.nodes[layout_svc.CENTRE]
    assert centre.label == "You" and centre.is_me
    assert view.data.layout.parent[ada] == layout_svc.CENTRE
    opened: list[int] = []
    view.contact_activated.connect(opened.append)
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Home)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    assert opened == []
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    assert opened == [ada]


# --- level of detail: what a repaint of a big map asks of Python (see ui/map/scene.py) ---


def _painted(view: Any) -> set[int]:
    """The people Qt will call paint() for (the others are ItemHasNoContents)."""
    from PySide6.QtWidgets import QGraphicsItem

    empty = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    return {p for p, item in view.scene.nodes.items() if not item.flags() & empty}


def _fits(view: Any, scale: float) -> set[int]:
    return {p for p, item in view.scene.nodes.items() if item.label_lod <= scale}


def _near(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= (
        tolerance
    )


def test_zoomed_out_only_people_with_something_to_show_are_painted(
    qtbot: Any, demo: Path, palette: str
) -> None:
    view = _map(qtbot)
    scene, canvas = view.scene, view.canvas
    me = view.data.layout.centre
    scale = canvas.scale_factor()
    assert scale < min(item.label_lod for item in scene.nodes.values()), "fitted: no names fit"
    assert _painted(view) == {me}
    # Every other dot is the dots layer's, in the person's strength colour, on screen.
    image = canvas.viewport().grab().toImage()
    others = [p for p in view.data.layout.order if p in scene.nodes][:12]
    for person in others:
        at = canvas.mapFromScene(scene.nodes[person].pos())
        assert _near(image.pixelColor(at), scene.nodes[person].fill), person
    # Hovering names the person and their links; the current and found people too.
    person = others[0]
    linked = {o for o, _k in view.data.neighbours.get(person, [])}
    scene.set_hovered(person)
    assert _painted(view) == {me, person} | linked
    scene.set_hovered(None)
    assert _painted(view) == {me}
    scene.set_current(others[1])  # the keyboard's person: named, with their links
    scene.set_found([others[2]])
    current_links = {o for o, _k in view.data.neighbours.get(others[1], [])}
    assert _painted(view) == {me, others[1], others[2]} | current_links
    scene.set_current(None)
    scene.set_found([])
    # Zoomed in, the people whose names fit paint again, and only they.
    canvas.zoom(8.0)
    big = canvas.scale_factor()
    assert big > scale and _fits(view, big) - {me}
    assert _painted(view) == {me} | _fits(view, big)
    # Notch by notch (only the people whose name's zoom is crossed are looked at).
    for factor in [1.25] * 12 + [0.8] * 14:
        canvas.zoom(factor)
        assert _painted(view) == {me} | _fits(view, canvas.scale_factor()), factor
    # A zoom from outside the canvas's own methods is caught at the next paint.
    canvas.fit()
    assert _painted(view) == {me}
    canvas.scale(big / canvas.scale_factor(), big / canvas.scale_factor())
    canvas.viewport().grab()
    assert _painted(view) == {me} | _fits(view, big)


def test_a_hub_names_only_itself_when_hovered(qtbot: Any, demo: Path, monkeypatch: Any) -> None:
    from netkeeper.ui.map import scene as scene_module

    view = _map(qtbot)
    scene = view.scene
    hub, few = sorted(view.data.neighbours, key=lambda p: -len(view.data.neighbours[p]))[:2]
    limit = len(view.data.neighbours[few]) + 1
    assert len(view.data.neighbours[hub]) + 1 > limit
    monkeypatch.setattr(scene_module, "FOCUS_NAMES", limit)
    scene.set_hovered(hub)
    linked = {o for o, _k in view.data.neighbours[hub]}
    assert all(scene.nodes[p].focus for p in linked), "a hub's links are all emphasised"
    assert {p for p, item in scene.nodes.items() if item.focus_named} == {hub}
    scene.set_hovered(few)
    named = {few} | {o for o, _k in view.data.neighbours[few]}
    assert {p for p, item in scene.nodes.items() if item.focus_named} == named


def test_new_strength_colours_reach_the_dots(qtbot: Any, demo: Path) -> None:
    from netkeeper.ui.map.scene import BAND_COLOURS

    view = _map(qtbot)
    canvas, scene = view.canvas, view.scene
    person = next(p for p in view.data.layout.order if view.data.bands.get(p) != "strong")
    at = canvas.mapFromScene(scene.nodes[person].pos())
    before = canvas.viewport().grab().toImage().pixelColor(at)
    assert not _near(before, QColor(BAND_COLOURS["strong"]))
    scene.recolour({p: "strong" for p in scene.nodes})
    after = canvas.viewport().grab().toImage().pixelColor(at)
    assert _near(after, QColor(BAND_COLOURS["strong"]))


def test_links_on_screen_follow_the_legend(qtbot: Any, demo: Path, palette: str) -> None:
    """The links' own paint (clipped to the device, ui/map/scene.EdgeItem) draws them,
    and a kind unticked in the legend leaves the screen."""
    view = _map(qtbot)
    canvas, data = view.canvas, view.data
    for kind, box in view.kind_boxes.items():
        box.setChecked(kind == "introduced_by")
    canvas.resetTransform()  # 100 %: a tree link is many pixels long
    pos = data.layout.positions
    child, parent = next((c, p) for c, p in data.layout.parent.items() if p != data.layout.centre)
    (ax, ay), (bx, by) = pos[child], pos[parent]
    middle = ((ax + bx) / 2, (ay + by) / 2)
    canvas.centerOn(*middle)
    QApplication.processEvents()
    orange = QColor("#e8772e")

    def orange_near() -> bool:
        image = canvas.viewport().grab().toImage()
        at = canvas.mapFromScene(*middle)
        return any(
            _near(image.pixelColor(at.x() + dx, at.y() + dy), orange, 60)
            for dx in range(-2, 3)
            for dy in range(-2, 3)
        )

    assert orange_near()
    view.kind_boxes["introduced_by"].setChecked(False)
    assert not orange_near()


def test_the_links_layer_is_drawn_once_and_reused(qtbot: Any, demo: Path, palette: str) -> None:
    """ui/map/scene.EdgeLayer: a hover reuses the links' pixmap, a pan scrolls it and
    draws only the strip that came into view (the same picture as drawing it whole),
    a zoom draws it anew in bands, a kind hidden or a new palette at once."""
    from netkeeper.ui.appearance import dark_palette

    view = _map(qtbot)
    canvas, scene = view.canvas, view.scene
    layer = scene.edge_layer
    assert layer is not None
    port = canvas.viewport()
    assert layer.drawn == 1 and not layer.pending, "stroked while the scene was built"
    port.grab()
    assert layer.drawn == 1 and not layer.pending, "the first paint copies it"
    canvas.zoom(3.0)
    port.grab()
    qtbot.waitUntil(lambda: not layer.pending, timeout=3000)
    port.grab()
    drawn = layer.drawn
    assert drawn == 2
    scene.set_hovered(view.data.layout.order[0])
    port.grab()
    scene.set_hovered(None)
    assert layer.drawn == drawn, "a hover does not draw the links again"
    bar = canvas.horizontalScrollBar()
    assert bar.maximum() > bar.value() + 40
    bar.setValue(bar.value() + 40)
    panned = port.grab().toImage()
    assert layer.drawn == drawn and layer.strips == 1, "a pan draws one strip"
    layer.invalidate()
    whole = port.grab().toImage()
    assert layer.drawn == drawn + 1
    # The scrolled pixmap and its strip are the picture drawn whole (but for a few pixels
    # where a line crosses into the strip, rounded a shade apart).
    a, b = bytes(panned.constBits()), bytes(whole.constBits())
    assert len(a) == len(b)
    assert sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > 24) == 0
    assert sum(1 for x, y in zip(a, b, strict=True) if x != y) <= 48
    # A zoom's first frame scales the pixmap there is; the new one follows, in bands
    # stroked one per event, and is then the picture drawn whole.
    canvas.zoom(1.25)
    port.grab()
    assert layer.drawn == drawn + 1
    qtbot.waitUntil(lambda: layer.drawn == drawn + 2, timeout=3000)
    banded = port.grab().toImage()
    layer.invalidate()
    assert port.grab().toImage() == banded
    assert layer.drawn == drawn + 3
    # A kind hidden is drawn at once (no frame shows the links it hid).
    view.kind_boxes["relationship"].setChecked(False)
    port.grab()
    assert layer.drawn == drawn + 4
    light = QApplication.style().standardPalette()
    view.setPalette(dark_palette() if palette == "light" else light)
    port.grab()
    assert layer.drawn == drawn + 5
    # A rebuilt map (new data) has its pixmap stroked, for the view as it will be,
    # before it is swapped in: its first paint copies it.
    from netkeeper.io.card import Card
    from netkeeper.services.contacts import create_contact

    create_contact(Card(full_name="Zoë Newcomer"))
    view.refresh()
    view.wait()
    rebuilt = view.scene.edge_layer
    assert rebuilt is not None and rebuilt is not layer
    assert rebuilt.drawn == 1
    port.grab()
    assert rebuilt.drawn == 1 and not rebuilt.pending
