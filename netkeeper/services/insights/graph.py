"""Who knows whom: people as nodes (me among them), edges of five kinds.

- introduction: two people I (or someone) introduced to each other;
- introduced_by: who brought whom into the network (a forest: the tree of the map);
- relationship: a typed relationship (mentor, colleague, ...), its kind in `label`;
- group: two members of the same networking group (groups up to MAX_CLIQUE members);
- interaction: two people in the same interaction (up to MAX_CLIQUE participants).

Each pair appears once per kind, the smaller id as `a`, sorted: the same data always
gives the same graph, so a layout computed from it is deterministic too.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from netkeeper.model.db import db

MAX_CLIQUE = 12
EDGE_KINDS = ("introduction", "introduced_by", "relationship", "group", "interaction")
# How much a step through each kind is worth when ranking introduction paths.
EDGE_WEIGHTS = {
    "relationship": 0.9,
    "introduction": 0.8,
    "introduced_by": 0.8,
    "interaction": 0.7,
    "group": 0.6,
    "event": 0.5,
    "organisation": 0.5,
}


@dataclass(frozen=True, slots=True, order=True)
class Edge:
    a: int
    b: int
    kind: str
    label: str = ""

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"a": self.a, "b": self.b, "kind": self.kind}
        if self.label:
            doc["label"] = self.label
        return doc


@dataclass(slots=True)
class Graph:
    nodes: dict[int, str] = field(default_factory=dict)  # id -> shown name
    edges: list[Edge] = field(default_factory=list)
    me: int | None = None
    # child -> who brought them into the network (the direction the introduced_by
    # edges, stored smaller id first, do not keep); only among `nodes`.
    introduced_by: dict[int, int] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        return {
            "nodes": [
                {"id": i, "full_name": n, "is_me": i == self.me} for i, n in self.nodes.items()
            ],
            "edges": [e.document() for e in self.edges],
        }

    def neighbours(self) -> dict[int, list[Edge]]:
        out: dict[int, list[Edge]] = defaultdict(list)
        for e in self.edges:
            out[e.a].append(e)
            out[e.b].append(e)
        return out

    def dot(self) -> str:
        """Graphviz text, one style per edge kind."""
        styles = {
            "introduction": 'color="#d9822b"',
            "introduced_by": 'color="#d9822b", style=bold, dir=forward',
            "relationship": 'color="#2b6cd9"',
            "group": 'color="#3a9a5b", style=dashed',
            "interaction": 'color="#888888", style=dotted',
        }

        def q(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        lines = ["graph netkeeper {", "  node [shape=ellipse];"]
        for i, name in self.nodes.items():
            extra = ", shape=doublecircle" if i == self.me else ""
            lines.append(f"  n{i} [label={q(name)}{extra}];")
        for e in self.edges:
            label = f", label={q(e.label)}" if e.label else ""
            lines.append(f"  n{e.a} -- n{e.b} [{styles[e.kind]}{label}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _live_names() -> dict[int, str]:
    from netkeeper.services.names import shown_name_sql

    return {
        cid: name
        for cid, name in db.execute_sql(
            f"SELECT c.id, {shown_name_sql('c')} FROM contact c WHERE c.deleted_at IS NULL"
        )
    }


def build(tag: str | None = None, group: int | None = None, *, everyone: bool = False) -> Graph:
    """The graph of the live network; with `tag` or `group`, only those people (and me).

    Nodes are the people with at least one edge, and me; with `everyone`, every live
    contact (the map's ego network: each of them knows me, links or not).
    """
    from netkeeper.services.people.me import me_id

    names = _live_names()
    me = me_id()
    edges: set[Edge] = set()
    introducers: dict[int, int] = {}

    def add(a: int, b: int, kind: str, label: str = "") -> None:
        if a != b and a in names and b in names:
            lo, hi = (a, b) if a < b else (b, a)
            edges.add(Edge(lo, hi, kind, label))

    for a, b in db.execute_sql("SELECT a_id, b_id FROM introduction WHERE status = 'made'"):
        add(a, b, "introduction")
    for cid, by in db.execute_sql(
        "SELECT id, introduced_by_id FROM contact WHERE introduced_by_id IS NOT NULL"
    ):
        add(cid, by, "introduced_by")
        if cid != by and cid in names and by in names:
            introducers[cid] = by
    for a, b, kind in db.execute_sql("SELECT contact_id, other_id, kind FROM relationship"):
        add(a, b, "relationship", kind)
    members: dict[int, list[int]] = defaultdict(list)
    for gid, cid in db.execute_sql(
        "SELECT group_id, contact_id FROM group_member ORDER BY group_id, contact_id"
    ):
        members[gid].append(cid)
    for ids in members.values():
        if len(ids) <= MAX_CLIQUE:
            for a, b in itertools.combinations(ids, 2):
                add(a, b, "group")
    for _iid, text in db.execute_sql(
        "SELECT interaction_id, group_concat(contact_id) FROM interaction_participant"
        " GROUP BY interaction_id HAVING count(*) BETWEEN 2 AND ?",
        (MAX_CLIQUE,),
    ):
        ids = sorted(int(x) for x in text.split(","))
        for a, b in itertools.combinations(ids, 2):
            add(a, b, "interaction")
    keep: set[int] | None = None
    if tag is not None:
        keep = {
            r[0]
            for r in db.execute_sql(
                "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
                " WHERE t.name = ?",
                (tag,),
            )
        }
    if group is not None:
        in_group = set(members.get(group, []))
        keep = in_group if keep is None else keep & in_group
    if keep is not None:
        if me is not None:
            keep.add(me)
        edges = {e for e in edges if e.a in keep and e.b in keep}
    in_edges = {e.a for e in edges} | {e.b for e in edges}
    if everyone:
        in_edges |= set(names) if keep is None else keep & set(names)
    if me is not None and me in names:
        in_edges.add(me)
    nodes = {i: names[i] for i in sorted(in_edges)}
    introducers = {c: b for c, b in sorted(introducers.items()) if c in nodes and b in nodes}
    return Graph(nodes, sorted(edges), me, introducers)


def tag_names() -> list[str]:
    """Tags worn by at least one live contact, for the map's filter (by name, case ignored)."""
    return [
        r[0]
        for r in db.execute_sql(
            "SELECT t.name FROM tag t WHERE EXISTS (SELECT 1 FROM contact_tag ct"
            " JOIN contact c ON c.id = ct.contact_id AND c.deleted_at IS NULL"
            " WHERE ct.tag_id = t.id) ORDER BY t.name COLLATE NOCASE"
        )
    ]
