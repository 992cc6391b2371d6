"""Schema step "insights" (diversity attributes, strength override, dismissed Today
suggestions, health snapshots): upgrades from the step before it and from version 1
lose nothing, and the new columns start empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_insights)


ROWS = """
INSERT INTO contact (id, uid, full_name, organization, created_at, updated_at)
    VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', 'Engines', '2020-01-01 00:00:00',
            '2020-01-01 00:00:00');
INSERT INTO contact (id, uid, full_name, created_at, updated_at)
    VALUES (2, 'urn:uuid:bob', '山田 太郎', '2021-01-01 00:00:00', '2021-01-01 00:00:00');
INSERT INTO interaction (id, kind, occurred_at, note, created_at)
    VALUES (1, 'call', '2026-10-01 12:00:00', 'engines', '2026-10-01 12:30:00');
INSERT INTO interaction_participant VALUES (1, 1);
INSERT INTO interaction_participant VALUES (1, 2);
"""


def _check(path: Path) -> None:
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        rows = database.execute_sql(
            "SELECT id, full_name, organization, function, industry, country, city, generation,"
            " seniority, strength_override FROM contact ORDER BY id"
        ).fetchall()
        assert rows == [
            (1, "Ada Lovelace", "Engines", *([None] * 7)),
            (2, "山田 太郎", "", *([None] * 7)),
        ]
        assert database.execute_sql(
            "SELECT interaction_id, contact_id FROM interaction_participant ORDER BY contact_id"
        ).fetchall() == [(1, 1), (1, 2)]
        for table in ("today_dismissal", "health_snapshot"):
            assert database.execute_sql(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    finally:
        close_database()


@pytest.mark.parametrize("start", [STEP, 1], ids=["from the step before", "from version 1"])
def test_upgrade_keeps_everything(tmp_path: Path, start: int) -> None:
    path = tmp_path / "nk.sqlite3"
    database_at(path, start, ROWS)
    _check(path)
