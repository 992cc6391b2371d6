"""What the map shows, computed in a worker thread: the graph, its layout, each
person's strength band and tooltip, and the edges already drawn as QPainterPaths.

QPainterPath is plain data (reentrant, no QObject), so building the paths here
keeps thousands of curves off the UI thread, which then only places items.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from netkeeper.services.insights.graph import EDGE_KINDS, Graph
from netkeeper.services.insights.layout import Layout

# Edge kinds in the order they are drawn (the tree last, on top) and named in the legend.
DRAW_ORDER = ("interaction", "group", "relationship", "introduction", "introduced_by")
KIND_TITLES = {
    "introduced_by": "Brought in by",
    "introduction": "Introduced",
    "relationship": "Relationship",
    "group": "Same group",
    "interaction": "Met together",
}
KIND_TIPS = {
    "introduced_by": "Who brought whom into your network: the tree, from you outwards",
    "introduction": "Two people introduced to each other",
    "relationship": "A typed relationship: colleague, friend, mentor…",
    "group": "Members of the same networking group",
    "interaction": "People who were in the same meeting, call or message",
}
assert set(DRAW_ORDER) == set(EDGE_KINDS)


@dataclass(slots=True)
class MapData:
    graph: Graph
    layout: Layout
    bands: dict[int, str]  # strength band per person (absent: no score, e.g. me)
    organisations: dict[int, str]
    tooltips: dict[int, str]
    paths: dict[str, QPainterPath]
    counts: dict[str, int]
    neighbours: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    tag: str | None = None
    group: int | None = None

    @property
    def fingerprint(self) -> str:
        return self.layout.fingerprint


def edge_path(path: QPainterPath, a: tuple[float, float], b: tuple[float, float]) -> None:
    """One edge: straight when it runs along a ray from the centre (the tree, or me),
    otherwise a curve through the bisector of its two ends, at a radius that shrinks
    the farther apart they are: links between neighbours hug the ring, links across
    the map bow towards the middle but leave a clear hole around me, so a link
    between two others never looks like a link with me."""
    (ax, ay), (bx, by) = a, b
    path.moveTo(ax, ay)
    ra, rb = math.hypot(ax, ay), math.hypot(bx, by)
    if ra < 1 or rb < 1:
        path.lineTo(bx, by)
        return
    cos = max(-1.0, min(1.0, (ax * bx + ay * by) / (ra * rb)))
    apart = math.acos(cos) / math.pi  # 0 side by side .. 1 opposite
    sx, sy = ax / ra + bx / rb, ay / ra + by / rb  # the bisector's direction
    norm = math.hypot(sx, sy)
    if norm < 1e-6:  # exactly opposite: bow to one side, the same side every time
        sx, sy, norm = -ay / ra, ax / ra, 1.0
    radius = (ra + rb) / 2 * (0.9 - 0.35 * apart)
    path.quadTo(QPointF(sx / norm * radius, sy / norm * radius), QPointF(bx, by))


def compute(
    tag: str | None,
    group: int | None,
    progress: Callable[[int, int, int], None],
    cancelled: Callable[[], bool],
) -> MapData:
    """Everything the map needs (runs in the worker thread)."""
    from netkeeper.model.db import db
    from netkeeper.services.insights import graph as graph_svc
    from netkeeper.services.insights import layout as layout_svc
    from netkeeper.services.insights.strength import strengths

    g = graph_svc.build(tag=tag, group=group, everyone=True)
    placed = layout_svc.layout(g, progress, cancelled)
    ids = [i for i in g.nodes if i != g.me]
    bands = {i: s.band for i, s in strengths(None, ids).items()} if ids else {}
    organisations = {
        cid: org
        for cid, org in db.execute_sql(
            "SELECT id, organization FROM contact WHERE deleted_at IS NULL AND organization != ''"
        )
        if cid in g.nodes
    }
    paths = {kind: QPainterPath() for kind in DRAW_ORDER}
    counts = dict.fromkeys(DRAW_ORDER, 0)
    neighbours: dict[int, list[tuple[int, str]]] = defaultdict(list)
    pos = placed.positions
    for e in g.edges:
        if cancelled():
            raise layout_svc.LayoutCancelled("layout cancelled")
        edge_path(paths[e.kind], pos[e.a], pos[e.b])
        counts[e.kind] += 1
        neighbours[e.a].append((e.b, e.kind))
        neighbours[e.b].append((e.a, e.kind))
    brought: dict[int, list[str]] = defaultdict(list)
    for child, by in g.introduced_by.items():
        brought[by].append(g.nodes[child])
    labels: dict[tuple[int, int], list[str]] = defaultdict(list)
    for e in g.edges:
        if e.kind == "relationship" and e.label:
            labels[(e.a, e.b)].append(e.label)
    tooltips = {
        i: _tooltip(i, g, placed, bands, organisations, neighbours.get(i, []), brought, labels)
        for i in g.nodes
    }
    return MapData(
        g, placed, bands, organisations, tooltips, paths, counts, dict(neighbours), tag, group
    )


def _tooltip(
    person: int,
    g: Graph,
    placed: Layout,
    bands: dict[int, str],
    organisations: dict[int, str],
    links: list[tuple[int, str]],
    brought_in: dict[int, list[str]],
    labels: dict[tuple[int, int], list[str]],
) -> str:
    """Plain lines: name, organisation, who brought them in, their links by kind."""
    lines = [g.nodes[person] + (" (you)" if person == g.me else "")]
    if organisations.get(person):
        lines.append(organisations[person])
    if person in bands:
        lines.append(f"Relationship: {bands[person]}")
    up = placed.parent.get(person)
    if up is not None and up != placed.centre:
        lines.append(f"Brought in by {g.nodes[up]}")
    if brought_in.get(person):
        lines.append(_names("Brought in", brought_in[person]))
    by_kind: dict[str, list[str]] = defaultdict(list)
    for other, kind in sorted(links, key=lambda link: (link[1], g.nodes[link[0]])):
        if kind == "introduced_by":
            continue
        name = g.nodes[other]
        if kind == "relationship":
            kinds = sorted(labels.get((min(person, other), max(person, other)), []))
            name += f" ({', '.join(kinds)})" if kinds else ""
        by_kind[kind].append(name)
    for kind, title in (
        ("relationship", "Relationships"),
        ("introduction", "Introduced to"),
        ("group", "Same group as"),
        ("interaction", "Met together with"),
    ):
        if by_kind.get(kind):
            lines.append(_names(title, list(dict.fromkeys(by_kind[kind]))))
    if person != g.me and len(lines) <= 2 + (person in bands):
        lines.append("No links to anyone else in your network yet")
    return "\n".join(lines)


def _names(title: str, names: list[str], most: int = 4) -> str:
    shown = ", ".join(names[:most])
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return f"{title}: {shown}{more}"
