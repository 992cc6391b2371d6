"""Every statement behind `list --json`, `show --json` and Today, checked through its plan.

Without ANALYZE statistics SQLite plans the same at any size, so a plan read on the
demo book is the plan at 50,000 contacts. The trap this catches: a join to `contact`
whose loop the planner starts from every live contact (the `contact_deleted_at`
index, "deleted_at=?" alone) and then probes the small table per contact: invisible
here, minutes on the bench database (relationships_of_many did it, 4.6 s a chunk).
A look-up by a chunk of ids must search by those ids; none may scan a table that
grows with the network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from netkeeper.model.db import db as database

# Tables whose size follows the network; a SCAN of one is a walk over all of it.
_GROWS = re.compile(
    r"\b(SCAN|SEARCH) (contact|interaction|interaction_participant|ledger_entry|relationship"
    r"|interest|question|rapport_note|introduction|email|phone|url|address|social_profile"
    r"|contact_tag|group_member|reminder|c|i|p|l|r|a|b|x|m|ct)\b"
)


def _plans(run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """(statement, plan line) for every SELECT that `run` sends to SQLite."""
    seen: list[tuple[str, Any]] = []
    original = database.execute_sql

    def recording(sql: str, params: Any = None, *args: Any, **kw: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, params))
        return original(sql, params, *args, **kw)

    monkeypatch.setattr(database, "execute_sql", recording)
    run()
    monkeypatch.setattr(database, "execute_sql", original)
    assert seen
    for sql, params in seen:
        for row in original("EXPLAIN QUERY PLAN " + sql, params or ()):
            yield sql, str(row[3])


def _walks_everyone(line: str) -> bool:
    # "deleted_at=? AND rowid=?" is a look-up by id; "deleted_at=?" alone visits them all.
    return "contact_deleted_at (deleted_at=?)" in line


@pytest.fixture
def book(db: object) -> list[int]:
    from netkeeper.services import demo

    demo.fill(60, today=dt.date(2026, 11, 26))
    return [int(r[0]) for r in database.execute_sql("SELECT id FROM contact ORDER BY id")]


def test_documents_for_a_chunk_of_ids_never_walk_every_contact(
    book: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeeper.services.documents import contact_documents

    bad = [
        (sql, line)
        for sql, line in _plans(lambda: contact_documents(book[:40]), monkeypatch)
        if _walks_everyone(line) or (line.startswith("SCAN") and _GROWS.search(line))
    ]
    assert not bad, bad


def test_todays_lists_start_from_their_own_rows(
    book: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today's give-back and due lists read the ledger and the indexes, not every contact."""
    from netkeeper.services.insights import today
    from netkeeper.services.people import ledger

    day = dt.date(2026, 11, 26)
    for run in (lambda: ledger.give_back(day), lambda: today.today(day)):
        bad = [(sql, line) for sql, line in _plans(run, monkeypatch) if _walks_everyone(line)]
        assert not bad, bad
