"""Where each person sits on the map of who knows whom (no Qt: plain coordinates).

The map is a radial tree around me, not a force layout. Why: the research notes
(shared design notes, section C.3) measured one O(n²) repulsion pass at 1.8 s for
2,000 people in pure Python (0.64 s with numpy, which NetKeeper does not ship), and a
force layout needs 50-100 of them; while "who brought whom into the network" is a
forest (one introducer per person at most), which a radial tree lays out in O(n log n),
readably and with nothing random in it.

- **The tree.** I am the root. Everyone I met myself (or introduced myself) is on the
  first ring; the people someone introduced hang below their introducer, one ring
  further out, inside the introducer's wedge. Each subtree's wedge is proportional to
  its leaves, so no two people on a ring are closer than SPACING.
- **The ego network.** The other links (typed relationships, introductions made, shared
  groups and interactions) decide the order around the circle: first-ring subtrees
  that share links are put side by side (a breadth-first walk of the subtrees' link
  graph, strongest links first, as Cuthill–McKee does for a matrix's bandwidth), so
  those links are short arcs rather than chords across the map. Subtrees with no link
  to the others come last, by name.
- **Crowded rings.** When a ring would need a radius over MAX_RADIUS, its people
  alternate between K concentric sub-rings SUB_GAP apart (neighbours on the same
  sub-ring are then K slots apart), which keeps a 2,000-person map compact.
- **Deterministic, and kept.** There is no randomness: every order is by link
  weight, then name, then id. The result is cached by the graph's fingerprint (a
  hash of its people, links and introducers), so the same data gives the same
  positions, at once, until the data changes.

Coordinates are in scene units (pixels at 100 %): me at (0, 0); angles in radians,
clockwise from the top, as screens draw them (y grows downwards).
"""

from __future__ import annotations

import hashlib
import math
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from netkeeper.services import ServiceError
from netkeeper.services.insights.graph import Graph

SPACING = 22.0  # least distance between two people on one ring
FIRST_RING = 240.0  # radius of the first ring when few people sit on it
RING_GAP = 190.0  # from one ring (its last sub-ring) to the next: room for a name
SUB_GAP = 26.0  # between the sub-rings of a crowded ring
MAX_RADIUS = 900.0  # a first ring wider than this splits into sub-rings
CENTRE = 0  # the node id of the centre when nobody is marked as me (ids start at 1)
TREE_KINDS = frozenset({"introduced_by"})
_CACHE_SIZE = 8

Progress = Callable[[int, int, int], None]
Cancelled = Callable[[], bool]


class LayoutCancelled(ServiceError):
    """The user stopped the layout; nothing was kept."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Positions and the introduction tree they were drawn from."""

    fingerprint: str
    centre: int  # graph.me, or CENTRE when there is no me
    positions: dict[int, tuple[float, float]]
    angle: dict[int, float]  # direction from the centre (radians, clockwise from the top)
    depth: dict[int, int]  # 0 for the centre, 1 for the first ring, ...
    parent: dict[int, int]  # who brought them in: the introducer, or the centre
    order: list[int]  # everyone but the centre, clockwise, ring by ring
    rings: list[float] = field(default_factory=list)  # radius of each ring (first sub-ring)
    slot: float = 0.0  # the angle one leaf of the tree gets: neighbours' rays are this apart

    def room(self, person: int) -> float:
        """How far apart (scene units) this person's ray and the next one's are at its
        radius: a name fits beside its neighbours' once it is drawn smaller than this."""
        x, y = self.positions[person]
        return math.hypot(x, y) * self.slot if self.slot else math.inf

    def children(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for person in self.order:
            out[self.parent[person]].append(person)
        return out

    def extent(self) -> float:
        """The radius of the circle that holds everyone."""
        return max((math.hypot(x, y) for x, y in self.positions.values()), default=0.0)


def fingerprint(graph: Graph) -> str:
    """A hash of everything the layout depends on: the same data, the same positions."""
    h = hashlib.sha1(usedforsecurity=False)
    h.update(f"me={graph.me}\n".encode())
    for i in sorted(graph.nodes):
        h.update(f"n{i}\t{graph.nodes[i]}\n".encode())
    for e in sorted(graph.edges):
        h.update(f"e{e.a}\t{e.b}\t{e.kind}\t{e.label}\n".encode())
    for child, by in sorted(graph.introduced_by.items()):
        h.update(f"i{child}\t{by}\n".encode())
    return h.hexdigest()


_cache: OrderedDict[str, Layout] = OrderedDict()
_lock = threading.Lock()  # the layout runs in worker threads


def layout(
    graph: Graph, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> Layout:
    """The map's positions for `graph`: from the cache when the data did not change."""
    key = fingerprint(graph)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    result = _compute(graph, key, progress or (lambda _c, _d, _t: None), cancelled)
    with _lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def forget() -> None:
    """Empty the cache (tests and benchmarks measure a cold layout)."""
    with _lock:
        _cache.clear()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).casefold()


def tree_parents(graph: Graph, centre: int) -> dict[int, int]:
    """Who brought each person in: their introducer when that leads back to the centre
    without a loop, else the centre (a loop in the data must not hide anyone)."""
    people = [i for i in graph.nodes if i != centre]
    wanted = {c: b for c, b in graph.introduced_by.items() if c != centre and b in graph.nodes}
    parent: dict[int, int] = {}
    for person in people:
        seen = {person}
        node = person
        while True:
            up = wanted.get(node)
            if up is None or up == centre:
                break
            if up in seen:
                if up == person:  # a loop through this person: cut it here
                    del wanted[person]
                break  # a loop further up is cut when one of its people comes
            seen.add(up)
            node = up
        parent[person] = wanted.get(person, centre)
    return parent


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise LayoutCancelled("layout cancelled")


def _compute(graph: Graph, key: str, progress: Progress, cancelled: Cancelled | None) -> Layout:
    centre = graph.me if graph.me is not None and graph.me in graph.nodes else CENTRE
    names = {i: _fold(n) for i, n in graph.nodes.items()}
    parent = tree_parents(graph, centre)
    total = 4
    progress(0, 0, total)
    children: dict[int, list[int]] = defaultdict(list)
    for person, up in parent.items():
        children[up].append(person)
    for kids in children.values():
        kids.sort(key=lambda i: (names[i], i))

    # Which first-ring subtree each person belongs to.
    top: dict[int, int] = {}
    for root in children[centre]:
        stack = [root]
        while stack:
            node = stack.pop()
            top[node] = root
            stack.extend(children.get(node, ()))
    _check(cancelled)
    progress(1, 1, total)

    # Links between subtrees (not the tree's own edges, not those with me).
    weight: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for e in graph.edges:
        if e.kind in TREE_KINDS or centre in (e.a, e.b):
            continue
        ta, tb = top.get(e.a), top.get(e.b)
        if ta is None or tb is None or ta == tb:
            continue
        weight[ta][tb] += 1
        weight[tb][ta] += 1
    roots = children[centre]
    linked = [r for r in roots if r in weight]
    size = dict.fromkeys(roots, 0)
    for root in top.values():
        size[root] += 1
    ordered: list[int] = []
    placed: set[int] = set()
    components: list[list[int]] = []
    # Start each component at its busiest subtree (most links, then the name).
    for start in sorted(linked, key=lambda r: (-sum(weight[r].values()), names[r], r)):
        if start in placed:
            continue
        part = [start]
        placed.add(start)
        i = 0
        while i < len(part):
            here = part[i]
            i += 1
            for other in sorted(weight[here], key=lambda o: (-weight[here][o], names[o], o)):
                if other not in placed:
                    placed.add(other)
                    part.append(other)
        components.append(part)
    components.sort(key=lambda part: (-sum(size[r] for r in part), names[part[0]], part[0]))
    for part in components:
        ordered += part
    ordered += [r for r in roots if r not in placed]  # already sorted by name
    children[centre] = ordered
    _check(cancelled)
    progress(2, 2, total)

    # Leaves under each node: the width of its wedge.
    leaves: dict[int, int] = {}
    post: list[int] = []
    stack = [centre]
    while stack:
        node = stack.pop()
        post.append(node)
        stack.extend(children.get(node, ()))
    for node in reversed(post):
        below = children.get(node)
        leaves[node] = sum(leaves[k] for k in below) if below else 1
    n_leaves = leaves[centre] if children.get(centre) else 0

    # Angles: each node in the middle of its wedge, clockwise from the top.
    angle: dict[int, float] = {centre: 0.0}
    depth: dict[int, int] = {centre: 0}
    slot = 2 * math.pi / n_leaves if n_leaves else 0.0
    order: list[int] = []
    walk: list[tuple[int, float]] = [(centre, 0.0)]
    while walk:
        up, at = walk.pop()
        spans = []
        for kid in children.get(up, ()):
            angle[kid] = at + slot * leaves[kid] / 2
            depth[kid] = depth[up] + 1
            spans.append((kid, at))
            at += slot * leaves[kid]
        walk.extend(reversed(spans))
    _check(cancelled)
    progress(3, 3, total)

    # Radii: rings wide enough for SPACING between neighbours, split when crowded.
    need = n_leaves * SPACING / (2 * math.pi)
    first = max(FIRST_RING, min(need, MAX_RADIUS))
    split = max(1, math.ceil(need / first - 1e-9))
    by_depth: dict[int, list[int]] = defaultdict(list)
    for node in angle:
        if node != centre:
            by_depth[depth[node]].append(node)
    rings: list[float] = []
    positions: dict[int, tuple[float, float]] = {centre: (0.0, 0.0)}
    base = first
    for d in sorted(by_depth):
        rings.append(base)
        ring = sorted(by_depth[d], key=lambda i: (angle[i], i))
        for k, node in enumerate(ring):
            r = base + (k % split) * SUB_GAP
            a = angle[node]
            positions[node] = (r * math.sin(a), -r * math.cos(a))
        order += ring
        base += (split - 1) * SUB_GAP + RING_GAP
    progress(4, 4, total)
    return Layout(key, centre, positions, angle, depth, {**parent}, order, rings, slot)
