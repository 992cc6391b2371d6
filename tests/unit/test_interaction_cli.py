"""`netkeeper interaction edit ID …` and `interaction delete ID`, through netkeeper.cli.main."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from netkeeper.cli.interactions import KINDS
from netkeeper.model.tables import INTERACTION_KINDS

TIMELINE_FIELDS = {"id", "kind", "when", "note", "participants"}


def _setup(cli: Any) -> int:
    for name in ("Ada Lovelace", "Bob Babbage", "Cleo Hopper"):
        assert cli("add", name).code == 0
    r = cli("log", "Ada", "--with", "Bob", "--kind", "coffee", "--date", "2026-03-01T10:00",
            "--note", "talked engines")  # fmt: skip
    assert r.code == 0, r.err
    cli("log", "Ada", "--kind", "call", "--date", "2026-01-10T09:00")
    return int(cli("timeline", "--json").json()[0]["id"])


def _last(cli: Any, name: str) -> str | None:
    value: str | None = cli("show", name, "--json").json()["last_interaction"]
    return value


def test_kinds_match_the_model() -> None:
    assert KINDS == INTERACTION_KINDS


def test_timeline_json_items_carry_their_id_and_every_field(cli: Any) -> None:
    iid = _setup(cli)
    items = cli("timeline", "--json").json()
    assert all(set(it) >= TIMELINE_FIELDS for it in items)
    assert items[0]["id"] == iid and items[0]["kind"] == "coffee"


def test_edit_changes_kind_date_note_and_people(cli: Any) -> None:
    iid = _setup(cli)
    r = cli("interaction", "edit", str(iid), "--kind", "meeting", "--note", "new plan",
            "--date", "2026-03-05T15:30", "--with", "Ada", "--with", "Cleo", "--json")  # fmt: skip
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["id"] == iid and doc["kind"] == "meeting" and doc["note"] == "new plan"
    assert sorted(p["full_name"] for p in doc["participants"]) == ["Ada Lovelace", "Cleo Hopper"]
    assert cli("timeline", "--json").json()[0] == doc
    # Bob left the coffee: his last interaction is gone; Cleo's is the edited one.
    assert _last(cli, "Bob") is None
    assert _last(cli, "Cleo") == _last(cli, "Ada")
    assert str(_last(cli, "Cleo")).startswith("2026-03-05")


def test_edit_add_and_remove_people(cli: Any) -> None:
    iid = _setup(cli)
    r = cli("interaction", "edit", str(iid), "--add", "Cleo", "--remove", "Bob")
    assert r.code == 0, r.err
    assert "Updated coffee #" in r.out
    doc = cli("timeline", "--json").json()[0]
    assert sorted(p["full_name"] for p in doc["participants"]) == ["Ada Lovelace", "Cleo Hopper"]
    assert doc["note"] == "talked engines"  # untouched fields stay


def test_edit_moves_the_cadence(cli: Any) -> None:
    iid = _setup(cli)
    cli("cadence", "Ada", "--every", "1 month")
    before = cli("show", "Ada", "--json").json()
    cli("interaction", "edit", str(iid), "--date", "2026-04-01T10:00")
    after = cli("show", "Ada", "--json").json()
    assert after["last_interaction"].startswith("2026-04-01")
    assert before["last_interaction"] != after["last_interaction"]
    assert "next due 2026-05-01" in cli("cadence", "Ada").out


def test_delete_removes_it_and_restores_the_last_interaction(cli: Any, db_file: Path) -> None:
    iid = _setup(cli)
    r = cli("interaction", "delete", str(iid))
    assert r.code == 0, r.err
    assert f"#{iid}" in r.out
    assert iid not in [it["id"] for it in cli("timeline", "--json").json()]
    assert str(_last(cli, "Ada")).startswith("2026-01-10")
    assert _last(cli, "Bob") is None
    with sqlite3.connect(db_file) as con:
        assert con.execute("SELECT count(*) FROM interaction_participant").fetchone() == (1,)


def test_bad_input_is_one_line_and_exit_2(cli: Any, db_file: Path) -> None:
    iid = _setup(cli)
    with sqlite3.connect(db_file) as con:
        before = con.execute("SELECT * FROM interaction ORDER BY id").fetchall()
    for args in (
        ("interaction", "edit", "999", "--note", "x"),
        ("interaction", "delete", "999"),
        ("interaction", "edit", "abc", "--note", "x"),
        ("interaction", "edit", str(iid)),  # nothing to change
        ("interaction", "edit", str(iid), "--date", "yesterday"),
        ("interaction", "edit", str(iid), "--kind", "dinner"),
        ("interaction", "edit", str(iid), "--with", "Nobody Known"),
        ("interaction", "edit", str(iid), "--remove", "Ada", "--remove", "Bob"),
        ("interaction",),
    ):
        r = cli(*args)
        assert r.code == 2, (args, r.out, r.err)
        assert "Traceback" not in r.err
        if "--kind" in args or args == ("interaction",):
            assert "usage:" in r.err  # argparse's own message
        else:
            assert r.err.startswith("netkeeper: error:") and len(r.err.splitlines()) == 1, r.err
    with sqlite3.connect(db_file) as con:
        assert con.execute("SELECT * FROM interaction ORDER BY id").fetchall() == before
