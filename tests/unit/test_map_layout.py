"""The map's layout (services/insights/layout.py): me in the centre, introductions as a
tree, linked people side by side, nobody on top of anybody, and the same data always
giving the same positions (cached until the data changes)."""

from __future__ import annotations

import math
import random

import pytest

from netkeeper.services.insights import layout as lay
from netkeeper.services.insights.graph import Edge, Graph, build


def _graph(n: int, seed: int = 7, me: int | None = 1) -> Graph:
    """A random network of n people: a few introducers, relationships, groups."""
    rng = random.Random(seed)
    nodes = {i: f"Person {i:04d}" for i in range(1, n + 1)}
    introduced = {c: rng.randrange(2, c) for c in range(3, n + 1) if rng.random() < 0.25}
    edges = {Edge(min(c, b), max(c, b), "introduced_by") for c, b in introduced.items()}
    for _ in range(n):
        a, b = rng.sample(range(2, n + 1), 2)
        edges.add(Edge(min(a, b), max(a, b), rng.choice(("relationship", "group", "interaction"))))
    return Graph(nodes, sorted(edges), me, introduced)


def _radius(layout: lay.Layout, node: int) -> float:
    x, y = layout.positions[node]
    return math.hypot(x, y)


@pytest.fixture(autouse=True)
def _cold() -> None:
    lay.forget()


def test_me_in_the_centre_and_everyone_placed() -> None:
    g = _graph(300)
    result = lay.layout(g)
    assert result.centre == 1
    assert result.positions[1] == (0.0, 0.0)
    assert set(result.positions) == set(g.nodes)
    assert sorted(result.order) == sorted(set(g.nodes) - {1})
    assert all(_radius(result, i) >= lay.FIRST_RING - 1e-6 for i in result.order)


def test_nobody_sits_on_anybody() -> None:
    result = lay.layout(_graph(600))
    points = list(result.positions.values())
    closest = min(
        math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :] if p is not q
    )
    assert closest >= lay.SPACING - 1e-6


def test_same_data_same_positions_whatever_the_order() -> None:
    g = _graph(400)
    first = lay.layout(g)
    lay.forget()
    shuffled_nodes = list(g.nodes.items())
    random.Random(3).shuffle(shuffled_nodes)
    edges = list(g.edges)
    random.Random(4).shuffle(edges)
    again = lay.layout(
        Graph(dict(shuffled_nodes), sorted(edges), g.me, dict(reversed(g.introduced_by.items())))
    )
    assert again is not first
    assert again.positions == first.positions
    assert again.fingerprint == first.fingerprint


def test_kept_until_the_data_changes() -> None:
    g = _graph(100)
    first = lay.layout(g)
    assert lay.layout(_graph(100)) is first  # equal data: the cached layout, at once
    g.nodes[50] = "Renamed Person"
    changed = lay.layout(g)
    assert changed is not first and changed.fingerprint != first.fingerprint


def test_introductions_read_as_a_tree() -> None:
    #   me(1) -- Ada(2) brought Bob(3) and Cy(4); Bob brought Dee(5); Eve(6) met me herself
    g = Graph(
        {1: "Me", 2: "Ada", 3: "Bob", 4: "Cy", 5: "Dee", 6: "Eve", 7: "Fay"},
        [Edge(2, 3, "introduced_by"), Edge(2, 4, "introduced_by"), Edge(3, 5, "introduced_by")],
        1,
        {3: 2, 4: 2, 5: 3},
    )
    result = lay.layout(g)
    assert result.parent == {2: 1, 3: 2, 4: 2, 5: 3, 6: 1, 7: 1}
    assert result.depth == {1: 0, 2: 1, 3: 2, 4: 2, 5: 3, 6: 1, 7: 1}
    assert result.children()[2] == [3, 4]
    for child, up in result.parent.items():
        if up != 1:
            assert _radius(result, child) > _radius(result, up)
    # A subtree keeps to its introducer's wedge: Ada's people lie between her
    # neighbours on the first ring, not across the map.
    ada = result.angle[2]
    for person in (3, 4, 5):
        gap = abs((result.angle[person] - ada + math.pi) % (2 * math.pi) - math.pi)
        assert gap < math.pi / 2, person
    assert len(result.rings) == 3


def test_a_loop_of_introducers_hides_nobody() -> None:
    g = Graph({1: "Me", 2: "Ada", 3: "Bob", 4: "Cy"}, [], 1, {2: 3, 3: 2, 4: 3})
    result = lay.layout(g)
    assert set(result.positions) == {1, 2, 3, 4}
    # exactly one of the loop hangs on me; the other and Cy below it
    assert sorted(up for up in result.parent.values()).count(1) == 1
    for start in (2, 3, 4):
        node, steps = start, 0
        while node != 1 and steps < 5:
            node, steps = result.parent[node], steps + 1
        assert node == 1, f"{start} does not lead back to me"


def test_linked_people_sit_side_by_side() -> None:
    names = {1: "Me", **{i: f"Person {i:02d}" for i in range(2, 40)}}
    # 5 and 33 are linked; by name they would be far apart on the ring.
    g = Graph(names, [Edge(5, 33, "relationship", "colleague")], 1, {})
    order = lay.layout(g).order
    assert abs(order.index(5) - order.index(33)) == 1


def test_crowded_first_ring_splits_into_sub_rings() -> None:
    g = Graph({i: f"P{i:04d}" for i in range(1, 2001)}, [], 1, {})
    result = lay.layout(g)
    assert result.extent() <= lay.MAX_RADIUS + 10 * lay.SUB_GAP
    radii = {round(_radius(result, i)) for i in result.order}
    assert len(radii) > 1


def test_no_me_still_has_a_centre() -> None:
    g = Graph({2: "Ada", 3: "Bob"}, [Edge(2, 3, "group")], None, {})
    result = lay.layout(g)
    assert result.centre == lay.CENTRE
    assert result.positions[lay.CENTRE] == (0.0, 0.0)
    assert result.depth[2] == result.depth[3] == 1


def test_an_empty_network() -> None:
    result = lay.layout(Graph({1: "Me"}, [], 1, {}))
    assert result.positions == {1: (0.0, 0.0)}
    assert result.order == [] and result.rings == []


def test_cancel_stops_it() -> None:
    with pytest.raises(lay.LayoutCancelled):
        lay.layout(_graph(50), cancelled=lambda: True)
    assert lay.layout(_graph(50)).positions  # nothing half-done was cached


def test_from_the_database(db: object) -> None:
    """The graph the services build carries who brought whom, in the right direction."""
    from netkeeper.io.card import Card
    from netkeeper.services.contacts import create_contact
    from netkeeper.services.people.introductions import set_introduced_by
    from netkeeper.services.people.me import set_me

    me = create_contact(Card(full_name="Me Myself"))
    set_me(me)
    ada = create_contact(Card(full_name="Ada Lovelace"))
    bob = create_contact(Card(full_name="Bob Babbage"))
    lone = create_contact(Card(full_name="Lone Wolf"))
    set_introduced_by(ada, bob)  # Bob brought Ada in (Bob's id is the larger)
    g = build(everyone=True)
    assert g.introduced_by == {ada: bob}
    assert lone in g.nodes and lone not in build().nodes
    result = lay.layout(g)
    assert result.parent[ada] == bob and result.parent[bob] == me
    assert result.positions[me] == (0.0, 0.0)


def test_room_between_neighbours_rays() -> None:
    """Sub-rings keep dots apart, but their rays (where names go) come closer: the map
    shows those names only once zoomed in far enough (ui/map/scene.NodeItem.label_lod)."""
    roomy = lay.layout(Graph({i: f"P{i}" for i in range(1, 51)}, [], 1, {}))
    assert all(roomy.room(i) >= lay.SPACING - 1e-6 for i in roomy.order)
    crowded = lay.layout(Graph({i: f"P{i:04d}" for i in range(1, 2001)}, [], 1, {}))
    assert all(crowded.room(i) < lay.SPACING for i in crowded.order)
    assert crowded.room(1) == 0.0  # me, at the centre
