"""How fast the network map lays out and paints a 2,000-person network (issue 15).

    QT_QPA_PLATFORM=offscreen python bench/map.py [--contacts 2000] [--relationships 2000]

Builds a fresh network with the services (the demo book: introductions, groups,
interactions, plus typed relationships through services.people.relationships), then
prints medians of 5 runs, beside the load average (the machine may be shared):

- layout: the graph and its positions, cold (the cache emptied first); target ≤ 2 s;
- worker job: all the map computes off the UI thread (graph, layout, strength bands,
  tooltips, the link paths);
- scene build: placing the people on the UI thread (and indexing them, and stroking
  the links' pixmap for the view), and its longest single step;
- paint: the scene rendered into a 1600×1000 QImage as the page first shows it
  (fitted), and at 100 % (no names yet on this crowded first ring: they appear once
  they fit, see ui/map/scene.py), and the page's own view; target ≤ 300 ms;
- UI-thread stall: the longest gap between two ticks of a 5 ms timer while the page
  recomputes and rebuilds the map (new data each time), up to the moment the new
  scene is swapped in; target ≤ 50 ms;
- the same, on to the first paint of the new map and the old scene's deletion
  (bench/ui_probe.py's heartbeat), and that first paint event alone;
- what a user does next, each step one event with the longest stall beside it (the
  heartbeat again): a repaint of the page's view at several zooms, a pan step (40 px
  across, and a drag's diagonal step, which repaints an L-shaped region, at 50 % and
  100 %), a wheel notch in and out, a hover onto a well-linked person
  and off again. Target for every one: no stall over 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def median_ms(run: Callable[[], object], times: int = 5) -> tuple[float, list[float]]:
    laps = []
    for _ in range(times):
        t = time.perf_counter()
        run()
        laps.append((time.perf_counter() - t) * 1000)
    return statistics.median(laps), laps


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def build_network(contacts: int, relationships: int) -> None:
    from netkeeper.model.db import db
    from netkeeper.services.demo import fill
    from netkeeper.services.people.relationships import relate

    fill(contacts)
    ids = [r[0] for r in db.execute_sql("SELECT id FROM contact WHERE NOT is_me ORDER BY id")]
    rnd = random.Random(15)
    with db.atomic():
        made = 0
        while made < relationships:
            a, b = rnd.sample(ids, 2)
            made += bool(relate(a, b, rnd.choice(("colleague", "friend", "mentor"))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--relationships", type=int, default=2000)
    args = parser.parse_args()

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from ui_probe import quiet_offscreen_notices

    quiet_offscreen_notices()
    paints = time_paint_events()
    from netkeeper.model.db import db, open_database
    from netkeeper.services.insights import graph, layout

    folder = Path(tempfile.mkdtemp(prefix="netkeeper-map-bench-"))
    open_database(folder / "map.db")
    t = time.perf_counter()
    build_network(args.contacts, args.relationships)
    print(f"network built in {time.perf_counter() - t:.1f} s; {load()}")

    g = graph.build(everyone=True)
    kinds: dict[str, int] = {}
    for e in g.edges:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    print(f"{len(g.nodes)} people, {len(g.edges)} links: {kinds}")

    def cold_layout() -> None:
        layout.forget()
        layout.layout(graph.build(everyone=True))

    ms, laps = median_ms(cold_layout)
    print(f"layout (graph + positions, cold)   median {ms:7.1f} ms  {_laps(laps)}  target ≤ 2000")
    only, laps = median_ms(lambda: (layout.forget(), layout.layout(g)))
    print(f"  of which the positions           median {only:7.1f} ms  {_laps(laps)}")

    from netkeeper.ui.map.data import compute

    def job() -> object:
        layout.forget()
        return compute(None, None, lambda *_a: None, lambda: False)

    ms, laps = median_ms(job)
    print(f"worker job (all of it, off the UI) median {ms:7.1f} ms  {_laps(laps)}")

    from netkeeper.ui.map.view import MapView

    view = MapView(None)
    view.resize(1600, 1000)
    view.show()
    view.wait()
    data = view.data
    assert data is not None
    from netkeeper.app import settle_heap

    settle_heap()  # as the app does once start-up built the window

    steps: list[float] = []

    from netkeeper.ui.map.scene import MapScene

    def scene_build() -> None:
        # As the page builds a new map: beside the one shown, not attached to a view
        # yet, its links stroked for the view it will go into (MapView.show_data).
        scene = MapScene(view.palette())
        scene.view_scale = view.canvas.scale_factor()
        scene.view_for = view._view_for
        scene.start(data)
        while True:
            t0 = time.perf_counter()
            more = scene.step()
            steps.append((time.perf_counter() - t0) * 1000)
            if not more:
                break

    ms, laps = median_ms(scene_build)
    print(
        f"scene build (UI thread, in steps)  median {ms:7.1f} ms  {_laps(laps)}"
        f"  longest step {max(steps):.1f} ms"
    )
    view.canvas.fit()
    app.processEvents()

    image = QImage(1600, 1000, QImage.Format.Format_ARGB32_Premultiplied)

    def paint(rect: QRectF) -> Callable[[], None]:
        def run() -> None:
            image.fill(0)
            p = QPainter(image)
            p.setRenderHints(
                QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
            )
            view.scene.render(p, QRectF(image.rect()), rect)
            p.end()

        return run

    fitted = view.scene.itemsBoundingRect()
    ms, laps = median_ms(paint(fitted))
    print(f"paint, whole map fitted 1600×1000  median {ms:7.1f} ms  {_laps(laps)}  target ≤ 300")
    at_100 = QRectF(-800, -500 - 600, 1600, 1000)  # the top of the first ring
    ms, laps = median_ms(paint(at_100))
    print(f"paint, at 100 %                    median {ms:7.1f} ms  {_laps(laps)}")
    ms, laps = median_ms(lambda: view.canvas.viewport().grab())
    print(f"paint, the page's own view (grab)  median {ms:7.1f} ms  {_laps(laps)}")

    # The longest UI-thread stall while the page recomputes and rebuilds (new data each
    # time: one more relationship, so the fingerprint changes and the map is rebuilt).
    from netkeeper.services.people.relationships import relate

    ids = sorted(data.graph.nodes)
    gaps: list[float] = []
    for n in range(5):
        relate(ids[10 + n], ids[-10 - n], "friend")
        gaps.append(stall_of_refresh(app, view))
    print(
        f"longest UI-thread stall, refresh   median {statistics.median(gaps):7.1f} ms  "
        f"{_laps(gaps)}  target ≤ 50 (compute and build; the paint after it is above)"
    )
    firsts: list[float] = []
    stalls: list[float] = []
    for n in range(5):
        relate(ids[20 + n], ids[-20 - n], "colleague")
        paints.clear()
        stalls.append(stall_until_painted(app, view))
        firsts.append(paints[0] if paints else float("nan"))
    print(
        f"longest stall, refresh to painted  median {statistics.median(stalls):7.1f} ms  "
        f"{_laps(stalls)}  target ≤ 50 (compute, build, swap, first paint, old scene gone)"
    )
    print(
        f"  its first paint event             median {statistics.median(firsts):7.1f} ms  "
        f"{_laps(firsts)}"
    )
    interaction(app, view, paints)
    print(load())
    view.close()
    db.close()
    return 0


def stall_of_refresh(app: object, view: object) -> float:
    """The longest gap (ms) between ticks of a 5 ms timer from `view.refresh()` until the
    new map is swapped in (the paint that follows is measured on its own)."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from netkeeper.services.insights import layout

    for _ in range(5):  # the previous round's paint, before the clock starts
        app.processEvents()  # type: ignore[attr-defined]
    clock = QElapsedTimer()
    clock.start()
    worst = 0.0
    last = clock.nsecsElapsed()
    done = False

    def tick() -> None:
        nonlocal worst, last
        now = clock.nsecsElapsed()
        worst = max(worst, (now - last) / 1e6)
        last = now

    def finished() -> None:
        nonlocal done
        tick()  # the gap up to the swap, before the paint it schedules
        done = True

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    view.computed.connect(finished)  # type: ignore[attr-defined]
    layout.forget()
    view.refresh()  # type: ignore[attr-defined]
    while not done:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.001)
    view.computed.disconnect(finished)  # type: ignore[attr-defined]
    timer.stop()
    return worst


def time_paint_events() -> list[float]:
    """Time every paint event of the map's canvas (ms), from here on."""
    from PySide6.QtWidgets import QGraphicsView

    from netkeeper.ui.map.view import MapCanvas

    times: list[float] = []
    own = MapCanvas.paintEvent

    def paint_event(self: QGraphicsView, event: object) -> None:
        t = time.perf_counter()
        own(self, event)  # type: ignore[arg-type]
        times.append((time.perf_counter() - t) * 1000)

    MapCanvas.paintEvent = paint_event  # type: ignore[method-assign]
    return times


def stall_until_painted(app: object, view: object) -> float:
    """The longest UI-thread stall (ms) from `view.refresh()` (new data) until the new
    map is swapped in, painted, and the old scene deleted (0.3 s after the swap)."""
    from ui_probe import until_shown

    from netkeeper.services.insights import layout

    for _ in range(5):
        app.processEvents()  # type: ignore[attr-defined]
    swapped: list[float] = []

    def on_computed() -> None:
        swapped.append(time.perf_counter())

    view.computed.connect(on_computed)  # type: ignore[attr-defined]
    layout.forget()
    _s, stall = until_shown(
        view.refresh,  # type: ignore[attr-defined]
        lambda: bool(swapped) and time.perf_counter() - swapped[0] > 0.3,
    )
    view.computed.disconnect(on_computed)  # type: ignore[attr-defined]
    return stall * 1000


def steps_stall(app: object, steps: list[Callable[[], None]], gap_ms: int = 25) -> float:
    """Run `steps` one per event, `gap_ms` apart, each followed by the paint it asks
    for; the longest UI-thread stall meanwhile (ms), by ui_probe's heartbeat."""
    from PySide6.QtCore import QTimer
    from ui_probe import until_shown

    todo = list(reversed(steps))
    timer = QTimer()
    timer.setInterval(gap_ms)

    def next_step() -> None:
        if todo:
            todo.pop()()

    timer.timeout.connect(next_step)
    settle: list[float] = []

    def done() -> bool:
        if todo:
            return False
        if not settle:
            settle.append(time.perf_counter())
        return time.perf_counter() - settle[0] > 0.1  # the last step's paint

    _s, stall = until_shown(timer.start, done)
    timer.stop()
    return stall * 1000


def interaction(app: object, view: object, paints: list[float]) -> None:
    """Repaint, pan, wheel zoom and hover on the 2,000-person map, as a user does."""
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent, QWheelEvent

    canvas = view.canvas  # type: ignore[attr-defined]
    scene = view.scene  # type: ignore[attr-defined]
    port = canvas.viewport()
    centre = QPointF(port.width() / 2, port.height() / 2)
    dense = scene.data.layout.positions[scene.data.layout.order[0]]  # on the first ring
    canvas.fit()
    fit = canvas.scale_factor()

    def at(scale: float) -> None:
        canvas.fit()
        if scale != fit:
            canvas.scale(scale / fit, scale / fit)
            canvas.centerOn(QPointF(*dense))
        for _ in range(3):
            app.processEvents()  # type: ignore[attr-defined]

    for name, scale in (("fitted", fit), ("50 %", 0.5), ("100 %", 1.0), ("400 %", 4.0)):
        at(scale)
        ms, laps = median_ms(port.repaint)
        print(f"repaint, the page's view, {name:7}  median {ms:7.1f} ms  {_laps(laps)}")

    for name, scale in (("50 %", 0.5), ("100 %", 1.0)):  # fitted, there is nowhere to pan
        for how, (dx, dy) in (("40 px across", (40, 0)), ("a drag 40↘30", (40, 30))):
            at(scale)
            paints.clear()

            def pan(x: int, y: int) -> Callable[[], None]:
                h, v = canvas.horizontalScrollBar(), canvas.verticalScrollBar()
                return lambda: (h.setValue(h.value() + x), v.setValue(v.value() + y))

            steps = [pan(dx, dy) for _ in range(10)] + [pan(-dx, -dy) for _ in range(10)]
            stall = steps_stall(app, steps)
            print(
                f"pan {how}, {name:5} (20 steps) paint median {_median(paints):5.1f} ms"
                f"  longest {max(paints, default=0):5.1f}  longest stall {stall:5.1f} ms"
            )

    at(fit)

    def wheel(notches: int) -> Callable[[], None]:
        def run() -> None:
            event = QWheelEvent(
                centre,
                port.mapToGlobal(centre),
                QPoint(0, 0),
                QPoint(0, 120 * notches),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            app.sendEvent(port, event)  # type: ignore[attr-defined]

        return run

    paints.clear()
    stall = steps_stall(app, [wheel(1) for _ in range(8)] + [wheel(-1) for _ in range(8)], 60)
    print(
        f"wheel zoom, 8 notches in and out   paint median {_median(paints):5.1f} ms"
        f"  longest {max(paints, default=0):5.1f}  longest stall {stall:5.1f} ms"
    )

    at(fit)
    data = scene.data
    linked = sorted(data.neighbours, key=lambda p: (-len(data.neighbours[p]), p))[:10]

    def move_to(point: QPointF) -> Callable[[], None]:
        def run() -> None:
            event = QMouseEvent(
                QEvent.Type.MouseMove,
                point,
                port.mapToGlobal(point),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            )
            app.sendEvent(port, event)  # type: ignore[attr-defined]

        return run

    moves: list[Callable[[], None]] = []
    for person in linked:
        moves.append(move_to(QPointF(canvas.mapFromScene(scene.nodes[person].pos()))))
        moves.append(move_to(QPointF(5, 5)))  # off everyone
    paints.clear()
    stall = steps_stall(app, moves, 60)
    print(
        f"hover on and off 10 linked people  paint median {_median(paints):5.1f} ms"
        f"  longest {max(paints, default=0):5.1f}  longest stall {stall:5.1f} ms"
    )


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _laps(laps: list[float]) -> str:
    return "[" + " ".join(f"{x:.0f}" for x in laps) + "]"


if __name__ == "__main__":
    raise SystemExit(main())
