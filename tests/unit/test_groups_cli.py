"""Networking groups through the command line: the mastermind scenario of issue 12."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


def _add(cli: Any, name: str) -> int:
    r = cli("add", name, "--json")
    assert r.code == 0, r.err
    return int(r.json()["id"])


@pytest.fixture
def mastermind(cli: Any) -> dict[str, int]:
    ids = {n: _add(cli, n) for n in ("Ada Lovelace", "Bob Babbage", "Cy Young", "Di Prince")}
    r = cli(
        "group", "add", "Founders Mastermind", "--kind", "mastermind",
        "--objective", "grow our companies", "--meets", "first Tuesday of each month",
        "--role", "organiser", "--where", "Café Central",
    )  # fmt: skip
    assert r.code == 0, r.err
    for name in ids:
        assert cli("group", "join", "Founders Mastermind", name).code == 0
    return ids


def test_mastermind_meeting_commitments_and_attendance(
    cli: Any, mastermind: dict[str, int]
) -> None:
    ada, bob, cy, di = (
        mastermind[n] for n in ("Ada Lovelace", "Bob Babbage", "Cy Young", "Di Prince")
    )
    today = dt.date.today().isoformat()
    r = cli(
        "group", "meeting", "Founders Mastermind", "--date", today,
        "--present", "Ada Lovelace", "Bob Babbage", "Cy Young", "--absent", "Di Prince",
        "--note", "hot seat: Ada's hiring plan",
    )  # fmt: skip
    assert r.code == 0, r.err

    # One interaction with the three present, and their keep-in-touch dates restart.
    items = cli("timeline", "--json").json()
    assert len(items) == 1
    assert sorted(p["id"] for p in items[0]["participants"]) == sorted([ada, bob, cy])
    assert items[0]["kind"] == "meeting"
    for cid in (ada, bob, cy):
        assert cli("show", str(cid), "--json").json()["last_interaction"] == today
    assert cli("show", str(di), "--json").json()["last_interaction"] is None

    assert cli("group", "commit", "Founders Mastermind", "me", "--what", "send the deck").code == 0
    assert (
        cli("group", "commit", "Founders Mastermind", "Bob Babbage", "--what", "intro to VC").code
        == 0
    )

    doc = cli("group", "show", "Founders Mastermind", "--json").json()
    assert doc["kind"] == "mastermind" and doc["my_role"] == "organiser"
    assert doc["meets"] == "first Tuesday of each month"
    assert doc["where"] == "Café Central"
    next_meeting = dt.date.fromisoformat(doc["next_meeting"])
    assert next_meeting > dt.date.today() and next_meeting.weekday() == 1 and next_meeting.day <= 7
    (meeting,) = doc["meetings"]
    assert sorted(meeting["present"]) == sorted([ada, bob, cy])
    assert meeting["absent"] == [di]
    assert meeting["interaction_id"] == items[0]["id"] if "id" in items[0] else True
    attendance = {m["id"]: (m["attended"], m["missed"]) for m in doc["members"]}
    assert attendance == {ada: (1, 0), bob: (1, 0), cy: (1, 0), di: (0, 1)}
    mine = [c for c in doc["commitments"] if c["owner"] == "me"]
    bobs = [c for c in doc["commitments"] if c["owner"] != "me"]
    assert len(mine) == 1 and mine[0]["status"] == "open"
    assert mine[0]["due"] == doc["next_meeting"], "due defaults to the next meeting"
    assert bobs[0]["owner"] == {"id": bob, "full_name": "Bob Babbage"}

    # due --json lists my commitment and the next meeting (with the group's id), not Bob's.
    days = (next_meeting - dt.date.today()).days
    due = cli("due", "--json", "--days", str(days)).json()
    kinds = {(i["kind"], i["group_id"]) for i in due}
    assert ("commitment", doc["id"]) in kinds
    assert ("group-meeting", doc["id"]) in kinds
    commitment = next(i for i in due if i["kind"] == "commitment")
    assert commitment["note"] == "send the deck" and commitment["contact_id"] is None
    assert commitment["commitment_id"] == mine[0]["id"]
    assert not any("intro to VC" in i["note"] for i in due), "others' commitments are not mine"

    assert cli("group", "done", str(mine[0]["id"])).code == 0
    due = cli("due", "--json", "--days", str(days)).json()
    assert not [i for i in due if i["kind"] == "commitment"]
    shown = cli("show", str(ada), "--json").json()
    assert shown["groups"] == [{"id": doc["id"], "name": "Founders Mastermind", "role": "member"}]


def test_next_meeting_shows_the_day_before_and_on_the_day(
    cli: Any, mastermind: dict[str, int]
) -> None:
    nxt = dt.date.fromisoformat(
        cli("group", "show", "Founders Mastermind", "--json").json()["next_meeting"]
    )

    def meeting_on(as_of: dt.date) -> bool:
        due = cli("due", "--json", "--as-of", as_of.isoformat()).json()
        return any(i["kind"] == "group-meeting" for i in due)

    assert meeting_on(nxt)
    assert meeting_on(nxt - dt.timedelta(days=1))
    assert not meeting_on(nxt - dt.timedelta(days=2))


@pytest.mark.parametrize(
    "args, message",
    [
        (("group", "show", "No Such Group"), "no group"),
        (("group", "meeting", "Founders Mastermind", "--note", "x"), "present"),
        (("group", "commit", "Founders Mastermind", "Eve Outsider", "--what", "x"), "member"),
        (("group", "add", "G", "--kind", "secret society"), "kind"),
        (("group", "join", "Founders Mastermind", "Ada Lovelace", "--role", "boss"), "role"),
        (("group", "done", "99999"), "commitment"),
        (("group", "done", "abc"), "commitment"),
        (("group", "add", "Founders Mastermind"), "already"),
    ],
)
def test_bad_group_input_is_one_line_and_exit_2(
    cli: Any, mastermind: dict[str, int], args: tuple[str, ...], message: str
) -> None:
    _add(cli, "Eve Outsider")
    r = cli(*args)
    assert r.code == 2, (r.out, r.err)
    assert len(r.err.strip().splitlines()) == 1 and message in r.err
    assert "Traceback" not in r.err


def test_group_cadence_moves_members_next_due(cli: Any) -> None:
    cid = _add(cli, "Gus Member")
    assert cli("group", "add", "Alumni", "--kind", "alumni", "--cadence", "3 months").code == 0
    assert cli("group", "join", "Alumni", "Gus Member").code == 0
    out = cli("cadence", "Gus Member").out
    assert "every 3 months" in out and "from a group" in out
    assert cli("group", "leave", "Alumni", "Gus Member").code == 0
    assert "no keep-in-touch cadence" in cli("cadence", str(cid)).out


def test_groups_list(cli: Any, mastermind: dict[str, int]) -> None:
    rows = cli("groups", "--json").json()
    assert [(g["name"], g["members"]) for g in rows] == [("Founders Mastermind", 4)]
    assert "Founders Mastermind" in cli("groups").out


def test_referrals_in_a_group_land_in_the_ledger(cli: Any, mastermind: dict[str, int]) -> None:
    r = cli(
        "group", "referral", "Founders Mastermind", "Bob Babbage", "--given",
        "--what", "introduced to the buyer at Acme",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert cli(
        "group", "referral", "Founders Mastermind", "Cy Young", "--received",
        "--what", "a lead for the audit", "--kind", "business",
    ).code == 0  # fmt: skip
    doc = cli("group", "show", "Founders Mastermind", "--json").json()
    assert [(x["contact"]["full_name"], x["direction"], x["kind"]) for x in doc["referrals"]] == [
        ("Cy Young", "received", "business"),
        ("Bob Babbage", "given", "referral"),
    ], "newest first"
    bob = cli("show", "Bob Babbage", "--json").json()
    assert bob["give_take"]["given"] == 1, "a referral in the group is a favour given to Bob"
    ledger = cli("ledger", "Bob Babbage", "--json").json()
    assert ledger[0]["kind"] == "referral" and ledger[0]["direction"] == "given"
    _add(cli, "Eve Outsider")
    r = cli("group", "referral", "Founders Mastermind", "Eve Outsider", "--given", "--what", "x")
    assert r.code == 2 and "member" in r.err


def test_the_tray_announces_a_meeting_on_the_eve_and_again_on_the_day(
    cli: Any, mastermind: dict[str, int]
) -> None:
    from netkeeper.services.followups import due

    doc = cli("group", "show", "Founders Mastermind", "--json").json()
    day = dt.date.fromisoformat(doc["next_meeting"])
    eve = [i for i in due(day - dt.timedelta(days=1)) if i.kind == "group-meeting"]
    on_the_day = [i for i in due(day) if i.kind == "group-meeting"]
    assert len(eve) == len(on_the_day) == 1
    assert eve[0].key != on_the_day[0].key, "two announcements: the eve and the day"
