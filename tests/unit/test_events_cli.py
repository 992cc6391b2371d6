"""Events and conferences through the command line: the conference scenario of issue 12."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import vobject


def _add(cli: Any, *args: str) -> int:
    r = cli("add", *args, "--json")
    assert r.code == 0, r.err
    return int(r.json()["id"])


def test_conference_plan_met_follow_up(cli: Any) -> None:
    start = dt.date.today() - dt.timedelta(days=3)
    end = start + dt.timedelta(days=1)
    r = cli(
        "event", "add", "PyCon Europe", "--date", start.isoformat(), "--until", end.isoformat(),
        "--where", "Prague",
    )  # fmt: skip
    assert r.code == 0, r.err
    known = [_add(cli, n) for n in ("Ann Known", "Ben Known", "Cat Known", "Dan Known")]
    for cid in known[:3]:
        assert cli("event", "plan", "PyCon Europe", str(cid), "--note", "ask about talks").code == 0
    for cid in known[1:4]:  # three of the known ones met
        assert cli("event", "met", "PyCon Europe", str(cid)).code == 0
    # Two captured new during the event.
    assert cli("event", "capture", "PyCon Europe", "Eve New", "--org", "Acme").code == 0
    new = _add(cli, "Fay New", "--met-at", "PyCon Europe")

    doc = cli("event", "show", "PyCon Europe", "--json").json()
    assert doc["date"] == start.isoformat() and doc["until"] == end.isoformat()
    assert doc["where"] == "Prague"
    assert [p["full_name"] for p in doc["planned"]] == ["Ann Known", "Ben Known", "Cat Known"]
    assert doc["planned"][0]["note"] == "ask about talks"
    assert len(doc["met"]) == 5 and doc["followed_up"] == []
    fay = cli("show", str(new), "--json").json()
    assert fay["met_at"] == {"id": doc["id"], "name": "PyCon Europe"}
    assert "PyCon Europe" in fay["tags"]

    r = cli("event", "followup", "PyCon Europe", "--in", "2 days", "--json")
    assert r.code == 0, r.err
    assert len(r.json()["created"]) == 5
    due = cli("due", "--json", "--days", "2").json()
    notes = [i for i in due if i["kind"] == "follow-up" and i["note"] == "Met at PyCon Europe"]
    assert len(notes) == 5
    assert {i["due"] for i in notes} == {(dt.date.today() + dt.timedelta(days=2)).isoformat()}
    assert len(cli("event", "show", "PyCon Europe", "--json").json()["followed_up"]) == 5

    # A coffee with one of them takes them out of a second follow-up round.
    assert cli("log", "Ben Known", "--kind", "coffee").code == 0
    second = cli("event", "followup", "PyCon Europe", "--json").json()
    assert known[1] not in second["created"] + second["moved"]
    assert len(second["created"] + second["moved"]) == 4
    assert second["created"] == [], "no second follow-up for anyone"
    due = cli("due", "--json", "--days", "5").json()
    assert len([i for i in due if i["note"] == "Met at PyCon Europe"]) == 5


@pytest.mark.parametrize(
    "args, message",
    [
        (("event", "add", "X", "--date", "2026-05-02", "--until", "2026-05-01"), "until"),
        (("event", "show", "Nothing Like It"), "no event"),
        (("event", "met", "Nothing Like It", "1"), "no event"),
        (("event", "add", "X", "--date", "someday"), "date"),
        (("add", "Someone", "--met-at", "Nothing Like It"), "no event"),
    ],
)
def test_bad_event_input_is_one_line_and_exit_2(
    cli: Any, args: tuple[str, ...], message: str
) -> None:
    _add(cli, "Ann Known")
    r = cli(*args)
    assert r.code == 2, (r.out, r.err)
    assert len(r.err.strip().splitlines()) == 1 and message in r.err.lower()
    assert cli("list", "--json").json()[0]["full_name"] == "Ann Known"
    assert len(cli("list", "--json").json()) == 1, "nothing half-written"


def test_events_ics_has_group_meetings_and_events(cli: Any, tmp_path: Path) -> None:
    assert cli("event", "add", "Summit", "--date", "2027-03-01", "--until", "2027-03-03").code == 0
    assert cli("group", "add", "Lean Coffee", "--meets", "every 2 weeks").code == 0
    target = tmp_path / "nk.ics"
    r = cli("events", "--ics", str(target))
    assert r.code == 0, r.err
    cal = vobject.readOne(target.read_text(encoding="utf-8"))
    summaries = [e.summary.value for e in cal.vevent_list]
    assert "Summit" in summaries
    assert summaries.count("Lean Coffee meeting") >= 10  # six months of fortnightly meetings
    summit = next(e for e in cal.vevent_list if e.summary.value == "Summit")
    assert summit.dtstart.value == dt.date(2027, 3, 1)
    assert summit.dtend.value == dt.date(2027, 3, 4), "DTEND is exclusive"


def test_met_at_round_trips_through_vcard(cli: Any, tmp_path: Path) -> None:
    assert cli("event", "add", "Meetup", "--date", "2026-01-10").code == 0
    _add(cli, "Mo Met", "--met-at", "Meetup", "--email", "mo@example.org")
    out = tmp_path / "out.vcf"
    assert cli("export", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert "X-NETKEEPER-MET-AT:Meetup" in text
    # Into a second database that has the event: linked back; re-import changes nothing.
    other = tmp_path / "other.db"
    from netkeeper.cli import main

    assert main(["--db", str(other), "event", "add", "Meetup", "--date", "2026-01-10"]) == 0
    assert main(["--db", str(other), "import", str(out)]) == 0
    assert main(["--db", str(other), "export", "-o", str(tmp_path / "again.vcf")]) == 0
    again = (tmp_path / "again.vcf").read_text(encoding="utf-8")
    assert again.count("X-NETKEEPER-MET-AT") == 1
