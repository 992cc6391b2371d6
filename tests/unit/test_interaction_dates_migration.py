"""Schema step "interaction dates" (all_day, the interaction_ahead index): upgrades from the
step before it and from version 1 lose nothing, and planned interactions settle after it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_interaction_dates)


def _fill(path: Path) -> str:
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).strftime("%Y-%m-%d %H:%M:%S")
    con = sqlite3.connect(path)
    con.executescript(
        f"""
        INSERT INTO contact (id, uid, full_name, last_interaction, created_at, updated_at)
            VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', '{ahead}',
                    '2020-01-01 00:00:00', '2020-01-01 00:00:00');
        INSERT INTO interaction (id, kind, occurred_at, note, created_at)
            VALUES (1, 'call', '2026-10-01 12:00:00', 'engines', '2026-10-01 12:30:00');
        INSERT INTO interaction (id, kind, occurred_at, note, created_at)
            VALUES (2, 'coffee', '{ahead}', 'planned', '2026-10-02 08:00:00');
        INSERT INTO interaction_participant VALUES (1, 1);
        INSERT INTO interaction_participant VALUES (2, 1);
        """
    )
    con.commit()
    con.close()
    return ahead


def _check(path: Path) -> None:
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        rows = database.execute_sql(
            "SELECT id, kind, occurred_at, note, all_day FROM interaction ORDER BY id"
        ).fetchall()
        assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
            (1, "call", "engines", 0),
            (2, "coffee", "planned", 0),
        ]
        plan = " ".join(
            str(r)
            for r in database.execute_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM interaction INDEXED BY interaction_ahead"
                " WHERE occurred_at > created_at AND occurred_at <= '2030-01-01'"
            )
        )
        assert "interaction_ahead" in plan
        from netkeeper.services import timeline

        # The old rule counted the planned coffee; settling puts the call back.
        assert timeline.settle() == 1
        (last,) = database.execute_sql("SELECT last_interaction FROM contact").fetchone()
        assert str(last).startswith("2026-10-01")
    finally:
        close_database()


@pytest.mark.parametrize("start", ["previous", "first"])
def test_upgrade_keeps_interactions(tmp_path: Path, start: str) -> None:
    path = tmp_path / "old.db"
    database_at(path, STEP if start == "previous" else 1)
    _fill(path)
    _check(path)
