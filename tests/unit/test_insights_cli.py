"""The insights commands and their JSON contracts (issue 15): insights, strength, today,
graph, path, list/show --json strength and band, edit's diversity flags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

TODAY = dt.date.today()


def _one_line_error(r: Any) -> None:
    assert r.code == 2, r.out
    assert r.err.count("\n") == 1 and r.err.startswith("netkeeper: error:"), r.err


@pytest.fixture
def net(cli: Any) -> dict[str, int]:
    ids = {}
    for name, org in (
        ("Me Myself", "Home"),
        ("Ada Lovelace", "Engines"),
        ("Bob Babbage", "Engines"),
        ("Cy Clerk", "Acme"),
        ("Dee Dormant", "Elsewhere"),
    ):
        r = cli("add", name, "--org", org, "--json")
        assert r.code == 0, r.err
        ids[name.split()[0]] = r.json()["id"]
    assert cli("me", "Me Myself").code == 0
    day = (TODAY - dt.timedelta(days=3)).isoformat()
    assert (
        cli("log", "Ada Lovelace", "--with", "Bob Babbage", "--kind", "coffee", "--date", day).code
        == 0
    )
    assert cli("relate", "Bob Babbage", "Cy Clerk", "--as", "colleague").code == 0
    return ids


def test_insights_document(cli: Any, net: dict[str, int]) -> None:
    r = cli("insights", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert set(doc) >= {
        "health",
        "strength",
        "diversity",
        "gaps",
        "give_take",
        "activity",
        "missing",
    }
    assert set(doc["health"]) == {"on_track", "due_soon", "overdue", "losing_touch"}
    assert sum(doc["health"].values()) == 4  # everyone but me, once
    assert set(doc["strength"]) == {"strong", "active", "cooling", "dormant"}
    assert sum(doc["strength"].values()) == 4
    div = doc["diversity"]
    assert set(div) >= {
        "function",
        "industry",
        "country",
        "generation",
        "seniority",
        "mentors",
        "mentees",
    }
    assert set(div["seniority"]) == {"senior", "peer", "junior", "unknown"}
    assert div["seniority"]["unknown"] == 2  # Ada and Bob are active
    assert doc["give_take"] == {"given": 0, "received": 0}
    assert len(doc["activity"]) == 12
    last = doc["activity"][-1]
    assert set(last) == {"month", "interactions", "by_kind", "new_contacts"}
    assert last["month"] == TODAY.strftime("%Y-%m") or TODAY.day <= 3
    assert sum(m["new_contacts"] for m in doc["activity"]) == 4
    assert sum(m["interactions"] for m in doc["activity"]) == 1
    assert set(doc["missing"]) == {
        "no_reach",
        "no_how_met",
        "no_photo",
        "no_birthday",
        "no_cadence",
        "stale",
    }
    assert doc["missing"]["no_reach"] == 4
    assert cli("insights", "--as-of", "2020-01-01", "--json").code == 0
    _one_line_error(cli("insights", "--as-of", "yesterday"))


def test_strength_and_documents(cli: Any, net: dict[str, int]) -> None:
    r = cli("strength", "Ada Lovelace", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert set(doc) >= {
        "score",
        "band",
        "recency",
        "frequency",
        "reciprocity",
        "duration",
        "override",
        "reasons",
    }
    assert doc["override"] is None and doc["reasons"][0].startswith("last real contact 3 days ago")
    shown = cli("show", "Ada Lovelace", "--json").json()
    assert shown["strength"] == doc["score"] and shown["band"] == doc["band"]
    listed = {d["id"]: d for d in cli("list", "--json").json()}
    assert listed[net["Ada"]]["strength"] == doc["score"]
    assert listed[net["Me"]]["strength"] is None
    assert cli("strength", "Dee Dormant", "--set", "80").code == 0
    dee = cli("strength", "Dee Dormant", "--json").json()
    assert (dee["score"], dee["band"], dee["override"]) == (80, "strong", 80)
    assert cli("strength", "Dee Dormant", "--clear").code == 0
    assert cli("strength", "Dee Dormant", "--json").json()["override"] is None
    _one_line_error(cli("strength", "Dee Dormant", "--set", "101"))
    _one_line_error(cli("strength", "Nobody At All"))


def test_edit_diversity_flags_and_gaps(cli: Any, net: dict[str, int]) -> None:
    r = cli(
        "edit",
        "Ada Lovelace",
        "--function",
        "Engineering",
        "--industry",
        "Software",
        "--country",
        "Deutschland",
        "--city",
        "Berlin",
        "--seniority",
        "senior",
        "--generation",
        "millennial",
        "--json",
    )
    assert r.code == 0, r.err
    doc = r.json()
    assert (doc["function"], doc["country"], doc["city"], doc["seniority"]) == (
        "engineering",
        "Germany",
        "Berlin",
        "senior",
    )
    _one_line_error(cli("edit", "Ada Lovelace", "--seniority", "boss"))
    _one_line_error(cli("edit", "Ada Lovelace", "--function", "astrology"))
    assert cli("show", "Ada Lovelace", "--json").json()["seniority"] == "senior"
    div = cli("insights", "--json").json()["diversity"]
    assert div["function"] == {"engineering": 1, "unknown": 1}
    assert div["country"] == {"Germany": 1, "unknown": 1}
    assert div["seniority"] == {"senior": 1, "peer": 0, "junior": 0, "unknown": 1}


def test_today_lists_due_and_suggestions_and_dismiss_sticks(cli: Any, net: dict[str, int]) -> None:
    assert cli("remind", "Cy Clerk", "--on", TODAY.isoformat(), "--note", "send the deck").code == 0
    for n in range(3):
        assert cli("receive", "Bob Babbage", "--what", f"advice {n}").code == 0
    items = cli("today", "--json").json()
    assert all(set(i) >= {"kind", "contact_id", "contact", "reason", "action"} for i in items)
    kinds = {(i["kind"], i["contact_id"]) for i in items}
    assert ("follow-up", net["Cy"]) in kinds
    give = [i for i in items if i["kind"] == "give-back"]
    assert give and give[0]["contact_id"] == net["Bob"] and give[0]["action"] == "follow up"
    assert cli("today", "--dismiss", give[0]["key"]).code == 0
    again = cli("today", "--json").json()
    assert not [i for i in again if i["kind"] == "give-back"]


def test_graph_and_path(cli: Any, net: dict[str, int], tmp_path: Path) -> None:
    doc = cli("graph", "--json").json()
    assert {"nodes", "edges"} == set(doc)
    ids = {n["id"] for n in doc["nodes"]}
    assert {net["Ada"], net["Bob"], net["Cy"]} <= ids
    edges = {(e["a"], e["b"], e["kind"]) for e in doc["edges"]}
    a, b = sorted((net["Ada"], net["Bob"]))
    assert (a, b, "interaction") in edges
    b2, c2 = sorted((net["Bob"], net["Cy"]))
    assert (b2, c2, "relationship") in edges
    dot = tmp_path / "net.dot"
    assert cli("graph", "--dot", str(dot)).code == 0
    assert dot.read_text().startswith("graph netkeeper {")
    paths = cli("path", "Cy Clerk", "--json").json()
    assert paths, "Bob knows Cy, Ada had coffee with Bob"
    assert paths[0]["steps"][-1]["id"] == net["Cy"]
    assert (
        paths[0]["steps"][0]["id"] == net["Bob"] and paths[0]["steps"][1]["via"] == "relationship"
    )
    assert [p["strength"] for p in paths] == sorted((p["strength"] for p in paths), reverse=True)
    assert all(set(s) == {"id", "full_name", "via"} for p in paths for s in p["steps"])
    by_org = cli("path", "acme", "--json").json()
    assert by_org and by_org[0]["steps"][-1]["id"] == net["Cy"]
    assert cli("path", "Nobody Anywhere", "--json").json() == []
    assert cli("path", "Cy Clerk", "--ask").code == 0
    _one_line_error(cli("graph", "--json", "--dot", str(dot)))
