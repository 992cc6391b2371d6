"""Who can introduce me: paths through my network to a person or an organisation.

A path is the people between me and the target: the first is someone I know, each
next one reached through an edge of the map (introduction, typed relationship,
shared group or interaction, same organisation). Its strength is my strength with
the first person times each step's weight (graph.EDGE_WEIGHTS), so short paths
through strong ties come first. Paths are at most MAX_STEPS people long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from netkeeper.model.db import db
from netkeeper.services.insights.graph import EDGE_WEIGHTS, build

MAX_STEPS = 3
MAX_PATHS = 10


@dataclass(frozen=True, slots=True)
class Step:
    id: int
    full_name: str
    via: str

    def document(self) -> dict[str, Any]:
        return {"id": self.id, "full_name": self.full_name, "via": self.via}


@dataclass(frozen=True, slots=True)
class Path:
    steps: tuple[Step, ...]
    strength: int

    def document(self) -> dict[str, Any]:
        return {"steps": [s.document() for s in self.steps], "strength": self.strength}

    @property
    def ask_note(self) -> str:
        target = self.steps[-1].full_name
        return f"Ask {self.steps[0].full_name} for an introduction to {target}"


def targets_for_text(text: str) -> list[int]:
    """Contacts whose name or organisation contains the text (accents and case ignored)."""
    from netkeeper.services.insights.diversity import _fold

    needle = _fold(text)
    if not needle:
        return []
    return [
        cid
        for cid, name, org in db.execute_sql(
            "SELECT id, full_name, organization FROM contact WHERE deleted_at IS NULL"
            " AND NOT is_me ORDER BY id"
        )
        if needle in _fold(name) or needle in _fold(org)
    ]


def paths_to(targets: list[int], as_of: dt.date | None = None) -> list[Path]:
    """The best paths to any of `targets`, best first (ties by the names, for a stable order)."""
    from netkeeper.services.insights.strength import strengths

    graph = build()
    names = graph.nodes | _names(targets)
    adjacency: dict[int, list[tuple[int, str]]] = {}
    for e in graph.edges:
        if graph.me in (e.a, e.b):
            continue
        adjacency.setdefault(e.a, []).append((e.b, e.kind))
        adjacency.setdefault(e.b, []).append((e.a, e.kind))
    org_of = dict(
        db.execute_sql(
            "SELECT id, organization FROM contact WHERE deleted_at IS NULL AND organization != ''"
        ).fetchall()
    )
    by_org: dict[str, list[int]] = {}
    for cid, org in org_of.items():
        by_org.setdefault(org.casefold(), []).append(cid)
    found: list[tuple[list[int], list[str]]] = []
    for target in targets:
        # walk backwards from the target: chains [first, ..., target]
        frontier: list[tuple[list[int], list[str]]] = [([target], [])]
        for _depth in range(MAX_STEPS - 1):
            nxt = []
            for chain, vias in frontier:
                head = chain[0]
                links = list(adjacency.get(head, []))
                org = org_of.get(head)
                if org:
                    links += [(o, "organisation") for o in by_org[org.casefold()] if o != head]
                for other, kind in sorted(set(links)):
                    if other in chain or other == graph.me or other in targets:
                        continue
                    item = ([other, *chain], [kind, *vias])
                    found.append(item)
                    nxt.append(item)
            frontier = nxt
    first_ids = sorted({chain[0] for chain, _v in found})
    strength = strengths(as_of, first_ids) if first_ids else {}
    best: dict[tuple[int, ...], Path] = {}
    for chain, vias in found:
        s = strength.get(chain[0])
        value = float(s.score if s else 0)
        for kind in vias:
            value *= EDGE_WEIGHTS.get(kind, 0.5)
        steps = [Step(chain[0], names.get(chain[0], ""), "you know them")]
        steps += [Step(c, names.get(c, ""), v) for c, v in zip(chain[1:], vias, strict=True)]
        path = Path(tuple(steps), round(value))
        key = tuple(chain)
        if key not in best or best[key].strength < path.strength:
            best[key] = path
    ranked = sorted(
        best.values(), key=lambda p: (-p.strength, len(p.steps), [s.full_name for s in p.steps])
    )
    return ranked[:MAX_PATHS]


def _names(ids: list[int]) -> dict[int, str]:
    from netkeeper.services.names import display_names

    return display_names(ids)


def ask_for_introduction(path: Path, on: dt.date | None = None) -> int:
    """The path's one action: a follow-up with the first person, the note filled in."""
    from netkeeper.services.reminders import add_reminder

    return add_reminder(path.steps[0].id, on or dt.date.today(), path.ask_note)
