"""`netkeeper cadence`, `tag-cadence` and `due` end to end, in-process and as a process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def test_cadence_and_due_json(cli: Any) -> None:
    assert cli("add", "Ada Lovelace", "--tag", "mentors", "--birthday=--02-29").code == 0
    assert cli("add", "Grace Hopper", "--birthday", "1906-12-09").code == 0
    assert cli("log", "Ada", "--kind", "call", "--date", "2026-10-01").code == 0
    r = cli("cadence", "Ada", "--every", "6 weeks")
    assert (r.code, r.out.strip()) == (
        0,
        "Ada Lovelace: keep in touch every 6 weeks; next due 2026-11-12.",
    )
    assert cli("remind", "Grace", "--on", "2026-11-20", "--note", "send the paper").code == 0

    r = cli("due", "--json", "--as-of", "2026-12-01", "--days", "10")
    assert r.code == 0, r.err
    assert r.json() == [
        {
            "contact_id": 1,
            "contact": "Ada Lovelace",
            "kind": "keep-in-touch",
            "due": "2026-11-12",
            "overdue_days": 19,
            "note": "last in touch 2026-10-01",
            "reminder_id": None,
        },
        {
            "contact_id": 2,
            "contact": "Grace Hopper",
            "kind": "follow-up",
            "due": "2026-11-20",
            "overdue_days": 11,
            "note": "send the paper",
            "reminder_id": 1,
        },
        {
            "contact_id": 2,
            "contact": "Grace Hopper",
            "kind": "birthday",
            "due": "2026-12-09",
            "overdue_days": -8,
            "note": "turns 120",
            "reminder_id": None,
        },
    ]
    # Default: nothing ahead, only what is due on the day.
    r = cli("due", "--json", "--as-of", "2026-12-01")
    assert [d["kind"] for d in r.json()] == ["keep-in-touch", "follow-up"]
    # Logging restarts the cadence.
    assert cli("log", "Ada", "--kind", "coffee", "--date", "2026-11-30").code == 0
    r = cli("due", "--json", "--as-of", "2026-12-01")
    assert [d["contact"] for d in r.json()] == ["Grace Hopper"]


def test_off_inherit_pause_and_tag_cadence(cli: Any) -> None:
    cli("add", "Ada Lovelace", "--tag", "mentors")
    cli("log", "Ada", "--kind", "call", "--date", "2026-10-01")
    r = cli("tag-cadence", "mentors", "--every", "1 month")
    assert (r.code, r.out.strip()) == (0, "Tag 'mentors': keep in touch every month.")
    assert "(from a tag); next due 2026-11-01" in cli("cadence", "Ada").out
    assert "paused" in cli("cadence", "Ada", "--pause").out
    assert cli("due", "--json", "--as-of", "2026-12-01").json() == []
    cli("cadence", "Ada", "--resume")
    assert len(cli("due", "--json", "--as-of", "2026-12-01").json()) == 1
    assert "turned off" in cli("cadence", "Ada", "--off").out
    assert cli("due", "--json", "--as-of", "2026-12-01").json() == []
    assert "from a tag" in cli("cadence", "Ada", "--inherit").out
    assert cli("tag-cadence", "mentors", "--off").code == 0
    assert "no keep-in-touch cadence" in cli("cadence", "Ada").out


def test_text_output(cli: Any) -> None:
    cli("add", "Ada Lovelace")
    assert cli("due").out.strip() == "Nothing due."
    cli("remind", "Ada", "--on", "2026-11-20", "--note", "thank her")
    out = cli("due", "--as-of", "2026-11-26").out
    assert out.strip() == "2026-11-20  6 days overdue     follow-up     Ada Lovelace — thank her"


def test_bad_input_is_one_line_and_exit_2(cli: Any, db_file: Path) -> None:
    cli("add", "Ada Lovelace")
    for args in (
        ("cadence", "Ada", "--every", "fortnightly"),
        ("cadence", "Ada", "--every", "first Monday of each month"),
        ("cadence", "Nobody", "--every", "1 week"),
        ("cadence", "Ada", "--every", "1 week", "--off"),
        ("tag-cadence", "nope", "--every", "1 week"),
        ("tag-cadence", "nope"),
        ("due", "--as-of", "2026-02-30"),
        ("due", "--days", "-1"),
        ("due", "--days", "x"),
    ):
        r = cli(*args)
        assert r.code == 2, args
        assert "Traceback" not in r.err and r.err.strip(), args
    assert "Ada" in cli("list").out


def test_due_runs_headless_without_qt(tmp_path: Path) -> None:
    db = tmp_path / "nk.db"
    code = (
        "import sys; from netkeeper.cli import main; "
        f"rc = main(['--db', {str(db)!r}, 'due', '--json']); "
        "assert 'PySide6' not in sys.modules, 'Qt imported'; sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []


def test_advance_notice_for_reminders_and_birthdays(cli: Any) -> None:
    cli("add", "Ada Lovelace", "--birthday=--12-10")
    assert cli("remind", "Ada", "--on", "2026-12-20", "--note", "gift", "--notice", "7").code == 0
    assert cli("due", "--json", "--as-of", "2026-12-05").json() == []
    assert cli("cadence", "Ada", "--date-notice", "5").code == 0
    assert [d["kind"] for d in cli("due", "--json", "--as-of", "2026-12-05").json()] == ["birthday"]
    r = cli("due", "--json", "--as-of", "2026-12-13")
    assert [(d["kind"], d["overdue_days"]) for d in r.json()] == [
        ("birthday", 3),
        ("follow-up", -7),
    ]
    assert cli("cadence", "Ada", "--date-notice", "99").code == 2
    assert cli("remind", "Ada", "--on", "2026-12-20", "--notice", "-1").code == 2


def test_a_monthly_rule_set_on_a_tuesday_first_fires_on_the_first_monday(cli: Any) -> None:
    assert cli("add", "Ada Lovelace").code == 0
    r = cli("remind", "Ada", "--on", "2026-12-01", "--every", "first Monday of each month")
    assert r.code == 0, r.err
    assert "set for 2026-12-07" in r.out
    due = cli("due", "--json", "--as-of", "2026-12-01", "--days", "40").json()
    assert [d["due"] for d in due] == ["2026-12-07"]
    assert cli("due", "--json", "--as-of", "2026-12-01").json() == [], "not on the Tuesday"
    r = cli("remind", "Ada", "--on", "2026-12-01", "--every", "FREQ=MONTHLY;UNTIL=20261101")
    assert r.code == 2 and "never falls" in r.err
