"""Bad input on the command line: one line (after argparse's one-line usage), exit 2, never
"unexpected" (issue 10, items 7 and 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def ada(cli):  # type: ignore[no-untyped-def]
    assert cli("add", "Ada Lovelace").code == 0
    return cli


@pytest.mark.parametrize(
    "args",
    [
        ["show", "99999999999999999999999"],
        ["show", "١٢"],
        ["delete", "１"],
        ["timeline", "--limit", "99999999999999999999"],
        ["timeline", "--limit", "-1"],
        ["log", "Ada", "--kind", "call", "--date", "0001-01-01"],
        ["log", "Ada", "--kind", "call", "--date", "9999-12-31"],
        ["log", "Ada", "--kind", "call", "--date", "9999-12-31T23:59"],
        ["due", "--as-of", "9999-12-31"],
        ["due", "--as-of", "0001-01-01"],
        ["due", "--days", "999999999999"],
        ["due", "--days", "-1"],
        ["cadence", "Ada", "--every", "1000 years"],
        ["cadence", "Ada", "--every", "99999999999999999999 days"],
        ["cadence", "Ada", "--date-notice", "99999999999999999999"],
        ["remind", "Ada", "--on", "2026-01-01", "--notice", "99999999999999999999"],
        ["remind", "Ada", "--on", "9999-12-31", "--every", "1 year"],
    ],
)
def test_out_of_range_input_is_a_usage_error(ada, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    r = ada(*args)
    assert r.code == 2, (args, r.err)
    lines = r.err.strip().splitlines()
    assert 1 <= len(lines) <= 2 and "error" in lines[-1], r.err
    assert "unexpected" not in r.err and "Traceback" not in r.err


def test_a_cadence_from_a_far_future_interaction_cannot_overflow(ada) -> None:  # type: ignore[no-untyped-def]
    assert ada("log", "Ada", "--kind", "call", "--date", "9000-06-01").code == 0
    r = ada("cadence", "Ada", "--every", "400 years")
    assert r.code == 0, r.err
    assert ada("due", "--days", "3660").code == 0


def test_usage_errors_are_the_usage_on_one_line_then_the_error(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (["add"], ["log", "Ada"], ["remind", "Ada"], ["nonsense"], ["due", "--days", "x"]):
        r = cli(*args)
        lines = r.err.strip().splitlines()
        assert r.code == 2
        assert len(lines) == 2, r.err
        assert lines[0].startswith("usage: netkeeper") and ": error: " in lines[1]


def test_arguments_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "nk.db"
    env = dict(os.environ, LC_ALL="C.UTF-8")
    out = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"netkeeper", b"--db", os.fsencode(db), b"add",
         b"Bad \xff\xfe name"],
        capture_output=True,
        env=env,
    )  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert out.stderr.decode().startswith("netkeeper: error:") and b"UTF-8" in out.stderr
    assert out.stderr.count(b"\n") == 1
    assert not db.exists(), "refused before the database is touched"


@pytest.mark.parametrize("birthday", ["１９９０-０１-０２", "١٩٩٠-٠١-٠٢", "--０１-０２"])
def test_birthdays_in_other_digits_are_converted_and_come_up_in_due(cli, birthday: str) -> None:  # type: ignore[no-untyped-def]
    r = cli("add", "Zoë Ng", f"--birthday={birthday}")
    assert r.code == 0, r.err
    doc = cli("show", "Zoë", "--json").json()
    assert doc["birthday"] in ("1990-01-02", "--01-02")
    items = cli("due", "--as-of", "2026-12-30", "--days", "5", "--json").out.splitlines()
    assert any("Zoë Ng" in line and "birthday" in line for line in items)


@pytest.mark.parametrize(
    "every", ["FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=5", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=1,2"]
)
def test_the_shortest_repeat_is_a_day(ada, every: str) -> None:  # type: ignore[no-untyped-def]
    r = ada("remind", "Ada", "--on", "2026-01-01", "--every", every)
    assert r.code == 2 and "shortest repeat is a day" in r.err


def test_a_sub_daily_rule_stored_before_counts_in_days(db: object) -> None:
    """A rule already in a database from before the refusal: done moves it a day, at once."""
    import datetime as dt

    from netkeeper.services.recurrence import next_occurrence

    start = dt.date(2020, 1, 1)
    after = dt.date(2026, 6, 1)
    assert next_occurrence(start, "FREQ=SECONDLY", after) == dt.date(2026, 6, 2)
