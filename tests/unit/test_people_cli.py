"""The people commands and their JSON contracts (issue 11): me, relate, rapport, give,
receive, ledger, introduce, intros, edit, add --introduced-by/--profile, show --json."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def people(cli: Any) -> dict[str, int]:
    ids = {}
    for name in ("Ada Lovelace", "Bob Babbage", "Cy Clerk", "Me Myself"):
        r = cli("add", name, "--json")
        assert r.code == 0, r.err
        ids[name.split()[0]] = r.json()["id"]
    assert cli("me", "Me Myself").code == 0
    return ids


def _one_line_error(r: Any) -> None:
    assert r.code == 2, r.out
    assert r.err.count("\n") == 1 and r.err.startswith("netkeeper: error:"), r.err
    assert "Traceback" not in r.err


def test_me_is_named_and_marked(cli: Any, people: dict[str, int]) -> None:
    me = cli("show", "me", "--json").json()
    assert me["id"] == people["Me"] and me["is_me"] is True
    assert cli("show", "Ada Lovelace", "--json").json()["is_me"] is False
    assert cli("me", "Ada Lovelace").code == 0
    assert cli("show", "me", "--json").json()["id"] == people["Ada"]
    assert cli("show", "Me Myself", "--json").json()["is_me"] is False, "one me at a time"
    assert cli("me", "--clear").code == 0
    _one_line_error(cli("show", "me"))


def test_me_is_never_due_nor_a_duplicate(cli: Any, people: dict[str, int], db_file: Any) -> None:
    assert cli("cadence", "me", "--every", "1 week").code == 0
    assert cli("remind", "me", "--on", "2026-01-01", "--note", "self").code == 0
    assert cli("add", "Me Myself").code == 0  # a second card with my name
    due = cli("due", "--json").json()
    assert all(item["contact_id"] != people["Me"] for item in due), due
    from netkeeper.model.db import open_database
    from netkeeper.services.dedupe import find_duplicates

    assert cli("add", "Ada Lovelace").code == 0  # a real duplicate, for contrast
    open_database(db_file)
    pairs = [(p.a, p.b) for p in find_duplicates()]
    assert any(people["Ada"] in pair for pair in pairs)
    assert all(people["Me"] not in pair for pair in pairs)


def test_relationships_on_both_sides(cli: Any, people: dict[str, int]) -> None:
    r = cli("relate", "Ada Lovelace", "Bob Babbage", "--as", "mentor", "--note", "since 2020")
    assert r.code == 0, r.err
    assert cli("relate", "Bob Babbage", "Ada Lovelace", "--as", "mentee").code == 0  # same fact
    assert cli("relate", "Cy Clerk", "Bob Babbage", "--as", "colleague").code == 0
    assert cli("relate", "me", "Cy Clerk", "--as", "custom:co-founder").code == 0
    bob = cli("show", "Bob Babbage", "--json").json()
    assert bob["relationships"] == [
        {"id": people["Ada"], "full_name": "Ada Lovelace", "kind": "mentor", "note": "since 2020"},
        {"id": people["Cy"], "full_name": "Cy Clerk", "kind": "colleague", "note": ""},
    ]
    ada = cli("show", "Ada Lovelace", "--json").json()
    assert ada["relationships"] == [
        {"id": people["Bob"], "full_name": "Bob Babbage", "kind": "mentee", "note": "since 2020"}
    ]
    cy = cli("show", "Cy Clerk", "--json").json()
    assert {r["kind"] for r in cy["relationships"]} == {"colleague", "co-founder"}
    assert cli("relate", "Ada Lovelace", "Bob Babbage", "--as", "mentor", "--remove").code == 0
    assert cli("show", "Bob Babbage", "--json").json()["relationships"][0]["kind"] == "colleague"
    _one_line_error(cli("relate", "Ada Lovelace", "Ada Lovelace", "--as", "friend"))
    _one_line_error(cli("relate", "Ada Lovelace", "Bob Babbage", "--as", "wizard"))
    _one_line_error(cli("relate", "Ada Lovelace", "Bob Babbage", "--as", "friend", "--remove"))


def test_rapport(cli: Any, people: dict[str, int]) -> None:
    r = cli(
        "rapport",
        "Bob Babbage",
        "--interest",
        "chess",
        "--interest",
        "Jazz",
        "--ask",
        "How was Lisbon?",
        "--ask",
        "Did the grant come through?",
        "--avoid",
        "politics",
        "--fact",
        "Dog: Rex",
    )
    assert r.code == 0, r.err
    assert cli("rapport", "me", "--interest", "jazz").code == 0
    doc = cli("show", "Bob Babbage", "--json").json()
    assert doc["interests"] == ["chess", "Jazz"]
    assert [q["text"] for q in doc["questions"]] == [
        "How was Lisbon?",
        "Did the grant come through?",
    ]
    assert all(q["asked_on"] is None for q in doc["questions"])
    assert doc["avoid"] == ["politics"] and doc["facts"] == ["Dog: Rex"]
    first = doc["questions"][0]["id"]
    assert (
        cli("rapport", "Bob Babbage", "--asked", str(first), "--remove-interest", "chess").code == 0
    )
    doc = cli("show", "Bob Babbage", "--json").json()
    assert doc["questions"][0]["asked_on"] == dt.date.today().isoformat()
    assert doc["questions"][1]["asked_on"] is None
    assert doc["interests"] == ["Jazz"]
    shared = cli("rapport", "Bob Babbage", "--json").json()
    assert shared["shared_interests"] == ["Jazz"]
    _one_line_error(cli("rapport", "Bob Babbage", "--asked", "9999"))
    _one_line_error(cli("rapport", "Ada Lovelace", "--asked", str(first)))  # Bob's question
    _one_line_error(cli("rapport", "Bob Babbage", "--asked", "x"))


def test_give_and_take(cli: Any, people: dict[str, int]) -> None:
    assert cli("give", "Bob Babbage", "--what", "intro to a VC", "--kind", "introduction").code == 0
    assert cli("receive", "Bob Babbage", "--what", "hiring advice", "--kind", "advice").code == 0
    assert (
        cli("receive", "Bob Babbage", "--what", "a book", "--kind", "gift", "--date", "2026-01-02")
    ).code == 0
    assert cli("receive", "Cy Clerk", "--what", "a referral", "--kind", "referral").code == 0
    rows = cli("ledger", "--json").json()
    today = dt.date.today().isoformat()
    assert rows == [
        {
            "contact_id": people["Bob"],
            "contact": "Bob Babbage",
            "given": 1,
            "received": 2,
            "last_given": today,
            "last_received": today,
        },
        {
            "contact_id": people["Cy"],
            "contact": "Cy Clerk",
            "given": 0,
            "received": 1,
            "last_given": None,
            "last_received": today,
        },
    ]
    entries = cli("ledger", "Bob Babbage", "--json").json()
    assert [(e["direction"], e["kind"], e["note"]) for e in entries][-1] == (
        "received",
        "gift",
        "a book",
    )
    assert set(entries[0]) == {"id", "date", "direction", "kind", "note"}
    assert cli("show", "Bob Babbage", "--json").json()["give_take"] == {"given": 1, "received": 2}
    assert cli("show", "Ada Lovelace", "--json").json()["give_take"] == {"given": 0, "received": 0}
    _one_line_error(cli("give", "Bob Babbage", "--what", "x", "--kind", "bribe"))
    _one_line_error(cli("give", "Bob Babbage", "--what", "  "))
    _one_line_error(cli("give", "Bob Babbage", "--what", "x", "--date", "yesterday-ish"))


def test_introductions_made_by_me(cli: Any, people: dict[str, int]) -> None:
    r = cli("introduce", "Ada Lovelace", "Cy Clerk", "--note", "both love engines")
    assert r.code == 0, r.err
    (intro,) = cli("intros", "--json").json()
    me = {"id": people["Me"], "full_name": "Me Myself"}
    assert intro == {
        "id": intro["id"],
        "date": dt.date.today().isoformat(),
        "a": {"id": people["Ada"], "full_name": "Ada Lovelace"},
        "b": {"id": people["Cy"], "full_name": "Cy Clerk"},
        "by": me,
        "status": "made",
        "note": "both love engines",
    }
    for name in ("Ada Lovelace", "Cy Clerk"):
        timeline = cli("timeline", name, "--json").json()
        assert timeline[0]["kind"] == "introduction"
        assert {p["full_name"] for p in timeline[0]["participants"]} == {"Ada Lovelace", "Cy Clerk"}
    soon = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    due = cli("due", "--days", "14", "--json").json()
    asks = {(d["contact"], d["note"]) for d in due if d["due"] == soon}
    assert asks == {
        ("Ada Lovelace", "Ask how the introduction to Cy Clerk went"),
        ("Cy Clerk", "Ask how the introduction to Ada Lovelace went"),
    }
    ada = cli("show", "Ada Lovelace", "--json").json()
    assert ada["introductions"] == [
        {
            "id": intro["id"],
            "other": {"id": people["Cy"], "full_name": "Cy Clerk"},
            "by": me,
            "date": dt.date.today().isoformat(),
            "status": "made",
        }
    ]
    _one_line_error(cli("introduce", "Ada Lovelace", "Ada Lovelace"))
    _one_line_error(cli("introduce", "me", "Ada Lovelace"))  # who introduced me?


def test_proposed_introduction_double_opt_in(cli: Any, people: dict[str, int]) -> None:
    assert cli("introduce", "Bob Babbage", "Cy Clerk", "--proposed").code == 0
    (intro,) = cli("intros", "--json").json()
    assert intro["status"] == "proposed"

    def open_steps() -> list[tuple[str, str]]:
        return [(d["contact"], d["note"]) for d in cli("due", "--json").json()]

    assert open_steps() == [
        ("Bob Babbage", "Ask whether they would like an introduction to Cy Clerk")
    ]
    assert cli("timeline", "Bob Babbage", "--json").json() == [], "nothing happened yet"
    for status, step in (
        ("asked", ("Cy Clerk", "Ask whether they would like an introduction to Bob Babbage")),
        ("agreed", ("Bob Babbage", "Introduce them to Cy Clerk")),
    ):
        assert cli("introduce", "--advance", str(intro["id"])).code == 0
        assert cli("intros", "--json").json()[0]["status"] == status
        assert open_steps() == [step]
    assert cli("introduce", "--advance", str(intro["id"])).code == 0
    assert cli("intros", "--json").json()[0]["status"] == "made"
    assert open_steps() == []  # the follow-ups are 14 days out
    assert cli("timeline", "Bob Babbage", "--json").json()[0]["kind"] == "introduction"
    _one_line_error(cli("introduce", "--advance", str(intro["id"])))
    _one_line_error(cli("introduce", "--advance", "999"))


def test_introduced_to_me_thank_then_tell(cli: Any, people: dict[str, int]) -> None:
    assert cli("introduce", "me", "Cy Clerk", "--by", "Ada Lovelace").code == 0
    (intro,) = cli("intros", "--json").json()
    assert intro["by"] == {"id": people["Ada"], "full_name": "Ada Lovelace"}
    assert {intro["a"]["id"], intro["b"]["id"]} == {people["Me"], people["Cy"]}
    assert cli("show", "Cy Clerk", "--json").json()["introduced_by"] == people["Ada"]
    notes = [(d["contact"], d["note"]) for d in cli("due", "--json").json()]
    assert notes == [("Ada Lovelace", "Thank them for the introduction to Cy Clerk")]
    assert cli("log", "Cy Clerk", "--kind", "coffee").code == 0
    due = cli("due", "--days", "14", "--json").json()
    assert ("Ada Lovelace", "Tell them how it went with Cy Clerk") in [
        (d["contact"], d["note"]) for d in due
    ]
    assert cli("log", "Cy Clerk", "--kind", "call").code == 0  # told once, not again
    due = cli("due", "--days", "14", "--json").json()
    assert sum(d["note"].startswith("Tell them") for d in due) == 1


def test_add_introduced_by_is_the_same_mechanism(cli: Any, people: dict[str, int]) -> None:
    r = cli("add", "Dee Newer", "--introduced-by", "Ada Lovelace", "--json")
    assert r.code == 0, r.err
    dee = r.json()
    assert dee["introduced_by"] == people["Ada"]
    assert dee["introductions"][0]["by"] == {"id": people["Ada"], "full_name": "Ada Lovelace"}
    assert [(d["contact"], d["note"]) for d in cli("due", "--json").json()] == [
        ("Ada Lovelace", "Thank them for the introduction to Dee Newer")
    ]
    _one_line_error(cli("add", "Eve", "--introduced-by", "Nobody At All"))
    assert cli("show", "Eve", "--json").code == 2, "nothing half-written"


def test_edit_every_flag(cli: Any, people: dict[str, int]) -> None:
    assert cli("add", "Zed", "--email", "z@x.org", "--phone", "+44 20 7946 0018").code == 0
    r = cli(
        "edit",
        "Zed",
        "--name",
        "Zed Zebra",
        "--org",
        "Zoo",
        "--title",
        "Keeper",
        "--birthday=--02-29",
        "--how-met",
        "at the zoo",
        "--tag",
        "animals",
        "--add-email",
        "zed@zoo.org",
        "--remove-email",
        "z@x.org",
        "--add-phone",
        "+1 212 555 0100",
        "--remove-phone",
        "+442079460018",
        "--add-profile",
        "github=https://github.com/zed",
        "--introduced-by",
        "Bob Babbage",
        "--json",
    )
    assert r.code == 0, r.err
    doc = r.json()
    assert (doc["full_name"], doc["given_name"], doc["family_name"]) == (
        "Zed Zebra",
        "Zed",
        "Zebra",
    )
    assert (doc["organization"], doc["title"], doc["birthday"]) == ("Zoo", "Keeper", "--02-29")
    assert doc["how_met"] == "at the zoo" and doc["tags"] == ["animals"]
    assert [e["value"] for e in doc["emails"]] == ["zed@zoo.org"]
    assert [p["value"] for p in doc["phones"]] == ["+1 212 555 0100"]
    assert doc["profiles"] == [{"service": "github", "url": "https://github.com/zed"}]
    assert doc["introduced_by"] == people["Bob"]
    again = cli("edit", "Zed Zebra", "--introduced-by", "none", "--profile", "x=https://x.com/zed")
    assert again.code == 0
    doc = cli("show", "Zed Zebra", "--json").json()
    assert doc["introduced_by"] is None
    assert doc["profiles"] == [{"service": "x", "url": "https://x.com/zed"}]
    before = cli("show", "Zed Zebra", "--json").json()
    _one_line_error(cli("edit", "Zed Zebra", "--title", "Boss", "--remove-email", "no@x.org"))
    _one_line_error(cli("edit", "Zed Zebra", "--title", "Boss", "--introduced-by", "Nobody X"))
    _one_line_error(cli("edit", "Zed Zebra", "--birthday", "31 Feb"))
    after = cli("show", "Zed Zebra", "--json").json()
    assert after == before, "a refused edit changes nothing"
