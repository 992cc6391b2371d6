"""The groups-and-events schema step: upgrades from the step before it and from version 1."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from netkeeper.model import migrations
from netkeeper.model.db import close_database, open_database
from tests.schema_at import database_at

STEP = migrations.STEPS.index(migrations._step_groups_and_events) + 1


# What the older release held: a contact with how they met, and an interaction.
ROWS = """
INSERT INTO contact (id, uid, full_name, how_met, created_at, updated_at)
    VALUES (1, 'urn:uuid:ada', 'Ada Lovelace', 'at the Analytical Society',
        '2024-01-01 00:00:00', '2024-01-01 00:00:00');
INSERT INTO interaction (id, kind, occurred_at, note, created_at)
    VALUES (1, 'call', '2024-05-01 10:00:00', 'engines', '2024-05-01 10:00:00');
INSERT INTO interaction_participant VALUES (1, 1);
"""


def _check_upgraded(path: Path) -> None:
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        row = database.execute_sql(
            "SELECT full_name, how_met, met_at_id FROM contact WHERE id = 1"
        ).fetchone()
        assert row == ("Ada Lovelace", "at the Analytical Society", None)
        assert database.execute_sql("SELECT count(*) FROM interaction").fetchone()[0] == 1
        # The new tables work: a group with a member, a meeting, an event met at.
        from netkeeper.services.events import add_event, met
        from netkeeper.services.groups.groups import add_group, join

        gid = add_group("Analytical Society", meets="every 2 weeks")
        join(gid, 1)
        eid = add_event("Exhibition", dt.date(1851, 5, 1))
        met(eid, 1)
        assert database.execute_sql("SELECT met_at_id FROM contact").fetchone()[0] == eid
    finally:
        close_database()


def test_upgrade_from_the_step_before(tmp_path: Path) -> None:
    path = tmp_path / "before.db"
    database_at(path, STEP - 1, ROWS)
    _check_upgraded(path)
    assert list(tmp_path.glob(f"before.db.v{STEP - 1}-*.bak")), "backed up before the step"


def test_upgrade_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    database_at(path, 1, ROWS)
    _check_upgraded(path)


def test_deleting_an_event_keeps_the_contact(tmp_path: Path) -> None:
    path = tmp_path / "nk.db"
    database_at(path, migrations.LATEST, ROWS)
    _check_upgraded(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("DELETE FROM event")
    con.commit()
    assert con.execute("SELECT full_name, met_at_id FROM contact").fetchone() == (
        "Ada Lovelace",
        None,
    )
    assert con.execute("SELECT count(*) FROM event_met").fetchone()[0] == 0
    con.close()


LEDGER_STEP = migrations.STEPS.index(migrations._step_group_ledger) + 1


def test_group_ledger_step_upgrades_from_the_step_before(tmp_path: Path) -> None:
    path = tmp_path / "before-ledger.db"
    database_at(path, LEDGER_STEP - 1, ROWS)
    database = open_database(path)
    try:
        assert migrations.user_version(database) == migrations.LATEST
        from netkeeper.services.groups.groups import add_group, join
        from netkeeper.services.groups.referrals import record_referral, referrals

        gid = add_group("Chapter")
        join(gid, 1)
        record_referral(gid, 1, "given", "a client")
        assert [r["note"] for r in referrals(gid)] == ["a client"]
        assert database.execute_sql("SELECT full_name FROM contact").fetchone()[0] == "Ada Lovelace"
    finally:
        close_database()
