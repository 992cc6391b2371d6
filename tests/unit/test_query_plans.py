"""The per-chunk look-ups behind list documents start from the ids asked for.

SQLite's planner, without statistics, likes to walk every live contact through the
`contact_deleted_at` index and probe the other table for each: invisible on a test
database, minutes at 50,000 contacts. The plan is the same at any size, so checking
it here catches the trap without a big database.
"""

from __future__ import annotations

from netkeeper.model.db import db as database
from netkeeper.services.people import relationships


def _plan(sql: str, params: list[int]) -> list[str]:
    return [row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]


def test_relationships_of_many_walks_the_relationships_of_the_chunk(db: object) -> None:
    ids = list(range(1, 401))  # a full chunk, as the list of every contact asks
    marks = ",".join("?" * len(ids))
    plan = _plan(relationships._QUERY.format(marks=marks), [*ids, *ids])
    searches = [line for line in plan if line.startswith(("SEARCH", "SCAN"))]
    assert searches and all(" r " in searches[i] for i in (0, 2)), plan
    assert not any("contact_deleted_at" in line or line.startswith("SCAN") for line in plan), plan
