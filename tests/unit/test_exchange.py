"""Import policy (matching, merging, one transaction, report) and export, on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from netkeeper.io.card import Card, TypedValue
from netkeeper.io.vcard import read_cards
from netkeeper.model.db import close_database, open_database
from netkeeper.services import ServiceError
from netkeeper.services.contacts import create_contact, delete_contacts, get_card
from netkeeper.services.documents import contact_documents, find_ids
from netkeeper.services.exchange import (
    ImportCancelled,
    ImportFileError,
    apply_import,
    export_contacts,
    import_files,
    load_card,
    load_cards,
    plan_import,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def vcf(tmp_path: Path, name: str, *cards: str) -> Path:
    body = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{c.strip()}\r\nEND:VCARD\r\n" for c in cards)
    path = tmp_path / name
    path.write_text(body.replace("\n", "\r\n").replace("\r\r", "\r"), encoding="utf-8")
    return path


def documents() -> list[dict[str, Any]]:
    return contact_documents(find_ids())


def by_name() -> dict[str, dict[str, Any]]:
    return {d["full_name"]: d for d in documents()}


# --------------------------------------------------------------------------- importing


def test_import_lands_every_field(db: object) -> None:
    result = import_files([DATA / "apple_items.vcf", DATA / "v21_quoted_printable.vcf"])
    assert [(f.cards, f.created, f.updated, f.unchanged, f.skipped) for f in result.files] == [
        (1, 1, 0, 0, 0),
        (2, 2, 0, 0, 0),
    ]
    docs = by_name()
    marie = docs["Marie Curie"]
    assert marie["emails"] == [
        {"value": "marie@example.fr", "types": [], "label": "Other", "preferred": True}
    ]
    assert marie["phones"][0]["label"] == "Lab bench"
    assert docs["Jürgen Müller"]["addresses"][0]["locality"] == "Köln"
    # Unmodelled properties are stored per contact, in order, with their groups.
    kept = get_card(marie["id"]).extra
    assert [(p.group, p.name) for p in kept][:4] == [
        ("item4", "X-ABRELATEDNAMES"),
        ("item4", "X-ABLABEL"),
        ("item5", "X-ABDATE"),
        ("item5", "X-ABLABEL"),
    ]


def test_reimport_changes_nothing(db: object) -> None:
    files = sorted(p for p in DATA.glob("*.vcf") if p.name not in ("empty.vcf", "not_a_vcard.vcf"))
    first = import_files(files)
    assert sum(f.created for f in first.files) > 20
    before = documents()
    again = import_files(files)
    assert sum(f.created + f.updated for f in again.files) == 0
    assert sum(f.unchanged for f in again.files) == sum(
        f.created + f.updated + f.unchanged for f in first.files
    )
    assert documents() == before  # not even updated_at moved


def test_plain_sql_loader_agrees_with_the_contacts_service(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(p for p in DATA.glob("*.vcf") if p.name not in ("empty.vcf", "not_a_vcard.vcf"))
    import_files(files)
    ids = find_ids()
    assert len(ids) > 20
    for cid in ids:
        assert load_card(cid) == get_card(cid)
    # In bulk, in any order, across chunks of the IN (...) list, unknown ids left out.
    from netkeeper.services import exchange

    monkeypatch.setattr(exchange, "_LOAD_CHUNK", 7)
    wanted = [*reversed(ids), 10**9]
    bulk = load_cards(wanted)
    assert list(bulk) == list(reversed(ids))
    assert all(bulk[cid] == get_card(cid) for cid in ids)


def test_merge_fills_in_and_never_overwrites(db: object, tmp_path: Path) -> None:
    cid = create_contact(
        Card(
            full_name="Ada Lovelace",
            organization="Analytical Society",
            emails=[TypedValue("Ada@Example.org")],
            notes="Met at the Babbage salon.",
        )
    )
    path = vcf(
        tmp_path,
        "ada.vcf",
        """FN:Augusta Ada King
ORG:Royal Society
TITLE:Mathematician
EMAIL;TYPE=home:ada@example.org
TEL;TYPE=cell:+44 20 7946 0018
NOTE:Wrote the first program.
CATEGORIES:pioneers""",
    )
    result = apply_import([path])
    assert (result.files[0].created, result.files[0].updated) == (0, 1)
    (outcome,) = result.outcomes
    assert outcome.status == "updated" and outcome.contact_id == cid
    assert outcome.reason == "matched by email ada@example.org"
    assert outcome.conflicts == [
        "kept name 'Ada Lovelace'; the file says 'Augusta Ada King'",
        "kept organisation 'Analytical Society'; the file says 'Royal Society'",
    ]
    assert result.files[0].to_json()["kept"] == [
        {"card": 1, "contact": cid, "reason": c} for c in outcome.conflicts
    ]
    (doc,) = documents()
    assert doc["full_name"] == "Ada Lovelace"  # what the user typed stays
    assert doc["organization"] == "Analytical Society"
    assert doc["title"] == "Mathematician"  # missing, so filled in
    assert [e["value"] for e in doc["emails"]] == ["Ada@Example.org"]  # same address, no double
    assert doc["emails"][0]["types"] == ["home"]  # its kind was missing: filled in
    assert [p["value"] for p in doc["phones"]] == ["+44 20 7946 0018"]
    assert doc["notes"] == "Met at the Babbage salon.\n\nWrote the first program."
    assert doc["tags"] == ["pioneers"]


def test_a_new_kept_property_alone_updates_the_contact(db: object, tmp_path: Path) -> None:
    create_contact(Card(full_name="Ada Lovelace", emails=[TypedValue("ada@example.org")]))
    path = vcf(
        tmp_path,
        "social.vcf",
        "FN:Ada Lovelace\nEMAIL:ada@example.org\nIMPP;X-SERVICE-TYPE=Jabber:xmpp:ada@j.example",
    )
    (outcome,) = apply_import([path]).outcomes
    assert outcome.status == "updated" and outcome.changes == ["added IMPP"]
    (doc,) = documents()
    assert [(p.name, p.value) for p in get_card(doc["id"]).extra] == [
        ("IMPP", "xmpp:ada@j.example")
    ]
    assert apply_import([path]).outcomes[0].status == "unchanged"


def test_matching_order_uid_email_phone_name(db: object, tmp_path: Path) -> None:
    by_uid = create_contact(Card(uid="urn:uuid:AAA-1", full_name="Uid Person"))
    by_phone = create_contact(
        Card(full_name="Phone Person", phones=[TypedValue("+44 20 7946 0099")])
    )
    by_name_org = create_contact(Card(full_name="Émile Zola", organization="L'Aurore"))
    path = vcf(
        tmp_path,
        "m.vcf",
        "UID:AAA-1\nFN:Someone Renamed",
        "FN:Other Name\nTEL:+442079460099",
        "FN:emile  zola\nORG:l'aurore",
        "FN:Brand New",
    )
    result = apply_import([path])
    got = [(o.status, o.contact_id, o.reason) for o in result.outcomes]
    assert got[0] == ("unchanged", by_uid, "matched by UID")
    assert got[1][:2] == ("unchanged", by_phone) and got[1][2] == "matched by phone +442079460099"
    assert got[2] == ("unchanged", by_name_org, "matched by name and organisation")
    assert got[3][0] == "new"
    assert len(documents()) == 4


def test_duplicates_within_one_file_merge(db: object, tmp_path: Path) -> None:
    path = vcf(
        tmp_path,
        "dups.vcf",
        "FN:Grace Hopper\nEMAIL:grace@example.mil",
        "FN:Grace Hopper\nEMAIL:grace@example.mil\nTITLE:Rear Admiral",
    )
    result = apply_import([path])
    assert [o.status for o in result.outcomes] == ["new", "duplicate"]
    (doc,) = documents()
    assert doc["title"] == "Rear Admiral"
    assert (result.files[0].created, result.files[0].updated) == (1, 1)


def test_cards_of_one_file_with_different_uids_stay_apart(db: object, tmp_path: Path) -> None:
    """Two contacts sharing an address (a couple, a shared office line) exported together."""
    shared = vcf(
        tmp_path,
        "couple.vcf",
        "UID:A-1\nFN:Pat Smith\nEMAIL:home@smith.example",
        "UID:B-2\nFN:Sam Smith\nEMAIL:home@smith.example",
    )
    assert [o.status for o in apply_import([shared]).outcomes] == ["new", "new"]
    # The same person from another app (another file, another UID) still merges.
    other = vcf(tmp_path, "phone.vcf", "UID:XYZ\nFN:Pat Smith\nEMAIL:home@smith.example")
    (outcome,) = apply_import([other]).outcomes
    assert outcome.status == "unchanged" and outcome.reason == "matched by email home@smith.example"
    assert len(documents()) == 2


def test_trashed_contact_does_not_swallow_a_reimport(db: object, tmp_path: Path) -> None:
    cid = create_contact(Card(uid="T-1", full_name="Trashed", emails=[TypedValue("t@x.org")]))
    delete_contacts([cid])
    result = apply_import([vcf(tmp_path, "t.vcf", "UID:T-1\nFN:Trashed\nEMAIL:t@x.org")])
    assert result.outcomes[0].status == "new"
    (doc,) = documents()
    assert doc["id"] != cid and doc["uid"] != "T-1"


def test_groups_become_tags_on_members(db: object) -> None:
    result = import_files([DATA / "groups.vcf"])
    report = result.files[0]
    assert (report.cards, report.created, report.groups) == (5, 3, 2)
    docs = by_name()
    assert docs["Ada Lovelace"]["tags"] == ["Analysts"]
    assert docs["Charles Babbage"]["tags"] == ["Analysts", "Engine Team"]
    assert docs["Luigi Menabrea"]["tags"] == ["Engine Team"]  # member listed before its card
    assert "Analysts" not in docs and "Engine Team" not in docs  # groups are not contacts
    again = import_files([DATA / "groups.vcf"])
    assert (again.files[0].created, again.files[0].updated) == (0, 0)


def test_categories_become_tags(db: object) -> None:
    import_files([DATA / "escapes_and_commas.vcf"])
    (doc,) = documents()
    assert doc["tags"] == ["conference 2026", "friends", "work, old"]


def test_skipped_cards_are_reported(db: object, tmp_path: Path) -> None:
    path = vcf(tmp_path, "s.vcf", "FN:Kept\nEMAIL:k@x.org", "URL:https://example.org/only-a-url")
    report = import_files([path]).files[0].to_json()
    assert report["cards"] == 2 and report["created"] == 1 and report["skipped"] == 1
    assert report["problems"] == [
        {
            "card": 2,
            "line": None,
            "reason": "the card has no name, organisation, email or phone; skipped",
        }
    ]


def test_a_missing_file_is_refused_before_any_write(db: object) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        import_files([DATA / "groups.vcf", DATA / "no-such.vcf"])
    assert documents() == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("empty.vcf", "the file is empty"), ("not_a_vcard.vcf", "not a vCard file")],
)
def test_an_unreadable_file_is_reported_and_the_others_imported(
    db: object, name: str, message: str
) -> None:
    result = import_files([DATA / "groups.vcf", DATA / name])
    good, bad = result.files
    assert (good.error, good.created) == (None, 3)
    assert bad.error is not None and bad.error.startswith(message) and bad.cards == 0
    assert len(documents()) == 3
    for path in (DATA / name, "x"):
        with pytest.raises(ImportFileError):  # the review's dry run still refuses it
            plan_import([path])


# --------------------------------------------------------------------------- one transaction


def test_cancel_leaves_nothing(db: object, tmp_path: Path) -> None:
    cards = [f"FN:Person {i}\nEMAIL:p{i}@example.org" for i in range(1200)]
    path = vcf(tmp_path, "many.vcf", *cards)
    seen: list[tuple[int, int, int]] = []
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 1100  # after two batches were written

    with pytest.raises(ImportCancelled):
        apply_import([path], cancel=cancel, progress=lambda *a: seen.append(a))
    assert documents() == []
    assert seen and seen[-1][0] == 1000
    full = apply_import([path], progress=lambda *a: seen.append(a))
    assert full.files[0].created == 1200
    assert seen[-1] == (1200, path.stat().st_size, path.stat().st_size)


def test_crash_midway_leaves_nothing(
    db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeeper.services import exchange

    create_contact(Card(full_name="Already Here", emails=[TypedValue("a@x.org")]))
    path = vcf(tmp_path, "c.vcf", "FN:Already Here\nEMAIL:a@x.org\nTITLE:New title", "FN:Boom")
    real = exchange._Import.card
    calls = {"n": 0}

    def failing(self: Any, *args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        real(self, *args)

    monkeypatch.setattr(exchange._Import, "card", failing)
    with pytest.raises(RuntimeError):
        apply_import([path])
    (doc,) = documents()
    assert doc["title"] == ""  # the first card's update was rolled back too


def test_plan_then_apply_with_decisions(db: object, tmp_path: Path) -> None:
    create_contact(Card(full_name="Old Friend", emails=[TypedValue("old@x.org")]))
    path = vcf(
        tmp_path,
        "p.vcf",
        "FN:Old Friend\nEMAIL:old@x.org\nTITLE:Engineer",
        "FN:Newcomer\nEMAIL:new@x.org",
        "FN:Newcomer\nEMAIL:new@x.org",
        "FN:Left Out\nEMAIL:out@x.org",
        "URL:https://nothing.example",
    )
    plan = plan_import([path])
    assert [o.status for o in plan.outcomes] == [
        "updated",
        "new",
        "duplicate",
        "new",
        "skipped",
    ]
    assert plan.outcomes[0].changes == ["added title 'Engineer'"]
    assert len(documents()) == 1  # the plan wrote nothing
    result = apply_import([path], decisions={(str(path), 4): False}, batch_tag="import 2026")
    assert [o.status for o in result.outcomes] == [
        "updated",
        "new",
        "duplicate",
        "skipped",
        "skipped",
    ]
    assert result.outcomes[3].reason == "left out in the review"
    docs = by_name()
    assert set(docs) == {"Old Friend", "Newcomer"}
    assert docs["Old Friend"]["tags"] == ["import 2026"]
    assert docs["Newcomer"]["tags"] == ["import 2026"]


def test_batch_tag_marks_only_what_the_import_changed(db: object, tmp_path: Path) -> None:
    create_contact(Card(full_name="Known Person", emails=[TypedValue("known@x.org")]))
    path = vcf(
        tmp_path, "same.vcf", "FN:Known Person\nEMAIL:known@x.org", "FN:Fresh\nEMAIL:f@x.org"
    )
    result = apply_import([path], batch_tag="Imported 2026-11-26")
    assert [o.status for o in result.outcomes] == ["unchanged", "new"]
    docs = by_name()
    assert docs["Known Person"]["tags"] == [], "recognised but unchanged: not part of the batch"
    assert docs["Fresh"]["tags"] == ["Imported 2026-11-26"]


# --------------------------------------------------------------------------- export


def test_export_gives_back_kept_properties(db: object, tmp_path: Path) -> None:
    import_files([DATA / "apple_items.vcf"])
    out = tmp_path / "out.vcf"
    assert export_contacts(out, version="4.0") == 1
    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")
    for line in (
        "item4.X-ABRELATEDNAMES;TYPE=pref:Pierre Curie",
        "item4.X-ABLABEL:_$!<Spouse>!$_",
        # A social profile is modelled now: written in vCard 4.0's own form (RFC 9554).
        "SOCIALPROFILE;SERVICE-TYPE=X:https://twitter.com/mcurie",
        "IMPP;X-SERVICE-TYPE=Skype;TYPE=HOME;TYPE=pref:skype:marie.curie",
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Manya;1;;;;;;;;;;;;;",
        "RELATED;TYPE=child:urn:uuid:0f6a5e52-2c61-4e8a-9a53-6d0d6a2c0d01",
    ):
        assert line + "\r\n" in text
    ((card, _),) = list(read_cards(out))
    assert card is not None and card.extra == get_card(find_ids()[0]).extra


def test_export_is_atomic_and_by_tag(db: object, tmp_path: Path) -> None:
    import_files([DATA / "groups.vcf"])
    out = tmp_path / "export" / "team.vcf"
    out.parent.mkdir()
    out.write_text("old content that must go entirely")
    assert export_contacts(out, tag="Engine Team") == 2
    names = sorted(c.full_name for c, _ in read_cards(out) if c)
    assert names == ["Charles Babbage", "Luigi Menabrea"]
    assert [p.name for p in out.parent.iterdir()] == ["team.vcf"]  # no temp file left
    assert out.stat().st_mode & 0o777 == 0o600  # personal data, like the database
    with pytest.raises(ServiceError, match="no tag named 'nope'"):
        export_contacts(out, tag="nope")


def test_export_failure_keeps_the_old_file(
    db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeeper.services import exchange

    import_files([DATA / "groups.vcf"])
    out = tmp_path / "export" / "keep.vcf"
    out.parent.mkdir()
    out.write_text("previous export")

    def broken(ids: Any) -> Any:
        yield get_card(ids[0])
        raise RuntimeError("database vanished")

    monkeypatch.setattr(exchange, "export_cards", broken)
    with pytest.raises(RuntimeError):
        export_contacts(out)
    assert out.read_text() == "previous export"
    assert [p.name for p in out.parent.iterdir()] == ["keep.vcf"]


def test_company_kind_survives_the_round_trip(db: object, tmp_path: Path) -> None:
    import_files([DATA / "company.vcf"])
    for version in ("3.0", "4.0"):
        out = tmp_path / f"c{version}.vcf"
        export_contacts(out, version=version)
        kinds = [c.kind for c, _ in read_cards(out) if c]
        assert kinds == ["org", "org"], version


# --------------------------------------------------------------------------- CLI


def test_cli_import_json_contract(cli: Any) -> None:
    res = cli("import", str(DATA / "birthdays.vcf"), str(DATA / "damaged.vcf"), "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert list(doc) == ["files"]
    first, second = doc["files"]
    assert set(first) >= {
        "file",
        "cards",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "problems",
    }
    assert first["file"] == str(DATA / "birthdays.vcf")
    assert (first["cards"], first["created"]) == (7, 7)
    assert first["problems"] == [
        {"card": 6, "line": 30, "reason": "birthday '31-02-1990' is not a date; kept in the notes"}
    ]
    assert (second["cards"], second["created"], second["skipped"]) == (5, 4, 1)
    assert {"card": None, "line": 1, "reason": "text outside any card was ignored"} in second[
        "problems"
    ]
    again = cli("import", str(DATA / "birthdays.vcf"), "--json").json()
    assert again["files"][0]["unchanged"] == 7  # type: ignore[index]


def test_cli_import_human_summary(cli: Any) -> None:
    res = cli("import", str(DATA / "birthdays.vcf"))
    assert res.code == 0
    assert "7 cards: 7 new, 0 updated, 0 unchanged, 0 skipped" in res.out
    assert "card 6: birthday '31-02-1990' is not a date; kept in the notes" in res.out
    assert "yours were kept" not in res.out


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.vcf", "no such file"), ("empty.vcf", "empty"), ("not_a_vcard.vcf", "not a vCard")],
)
def test_cli_import_bad_file_exit_2(cli: Any, db_file: Path, name: str, message: str) -> None:
    res = cli("import", str(DATA / name))
    assert res.code == 2
    assert message in res.err and len(res.err.strip().splitlines()) == 1
    assert "Traceback" not in res.err
    assert not db_file.exists()  # refused before the database was even created


def test_cli_export_stdout_file_and_tag(cli: Any, tmp_path: Path) -> None:
    assert cli("import", str(DATA / "groups.vcf")).code == 0
    res = cli("export")
    assert res.code == 0
    assert res.out.count("BEGIN:VCARD") == 3 and "VERSION:3.0\r\n" in res.out
    out = tmp_path / "e.vcf"
    res = cli("export", "-o", str(out), "--vcard-version", "4.0", "--tag", "Analysts")
    assert res.code == 0 and "Exported 2 contacts" in res.out
    text = out.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:4.0\r\n" in text
    res = cli("export", "--tag", "nobody")
    assert res.code == 2 and "no tag named 'nobody'" in res.err


def test_cli_says_when_it_kept_the_users_values(cli: Any, tmp_path: Path) -> None:
    assert cli("add", "Ada Lovelace", "--email", "ada@example.org", "--org", "Mine").code == 0
    path = vcf(tmp_path, "a.vcf", "FN:Ada Lovelace\nEMAIL:ada@example.org\nORG:Theirs")
    res = cli("import", str(path))
    assert res.code == 0
    assert "1 value differs from your contacts; yours were kept (see --json)" in res.out
    kept = cli("import", str(path), "--json").json()["files"][0]["kept"]  # type: ignore[index]
    assert [k["reason"] for k in kept] == ["kept organisation 'Mine'; the file says 'Theirs'"]


def test_netkeeper_fields_travel_through_its_own_export(db: object, tmp_path: Path) -> None:
    """How we met and who introduced us come back from a NetKeeper export, even when the
    introducer arrives in a later file."""
    ada = create_contact(Card(uid="urn:uuid:ada", full_name="Ada Lovelace"))
    grace = create_contact(
        Card(uid="urn:uuid:grace", full_name="Grace Hopper"),
        how_met="Navy conference, 1952",
        introduced_by=ada,
    )
    both, only_grace = tmp_path / "both.vcf", tmp_path / "grace.vcf"
    export_contacts(both)
    export_contacts(only_grace, contact_ids=[grace])
    text = both.read_bytes().decode("utf-8")
    assert "X-NETKEEPER-HOW-MET:Navy conference\\, 1952\r\n" in text
    assert "X-NETKEEPER-INTRODUCED-BY:urn:uuid:ada\r\n" in text
    close_database()
    open_database(tmp_path / "other.db")
    first = apply_import([only_grace])  # Ada is not there yet: her UID is kept
    assert first.files[0].created == 1
    second = apply_import([both])
    outcomes = {o.name: o for o in second.outcomes}
    assert outcomes["Grace Hopper"].status == "updated"
    assert outcomes["Grace Hopper"].changes == ["added who introduced you"]
    docs = by_name()
    assert docs["Grace Hopper"]["how_met"] == "Navy conference, 1952"
    assert docs["Grace Hopper"]["introduced_by"] == docs["Ada Lovelace"]["id"]
    assert [o.status for o in apply_import([both]).outcomes] == ["unchanged", "unchanged"]


def test_how_we_met_is_filled_in_never_overwritten(db: object, tmp_path: Path) -> None:
    create_contact(Card(full_name="Alan Turing", emails=[TypedValue("alan@x.org")]))
    create_contact(
        Card(full_name="Joan Clarke", emails=[TypedValue("joan@x.org")]), how_met="Bletchley"
    )
    path = vcf(
        tmp_path,
        "h.vcf",
        "FN:Alan Turing\nEMAIL:alan@x.org\nX-NETKEEPER-HOW-MET:Hut 8",
        "FN:Joan Clarke\nEMAIL:joan@x.org\nX-NETKEEPER-HOW-MET:Hut 8",
    )
    alan, joan = apply_import([path]).outcomes
    assert (alan.status, alan.changes) == ("updated", ["added how you met"])
    assert joan.status == "unchanged"
    assert joan.conflicts == ["kept how you met 'Bletchley'; the file says 'Hut 8'"]
    docs = by_name()
    assert (docs["Alan Turing"]["how_met"], docs["Joan Clarke"]["how_met"]) == (
        "Hut 8",
        "Bletchley",
    )
    assert get_card(docs["Alan Turing"]["id"]).extra == []  # not kept twice


def test_repeated_values_with_and_without_a_kind_stay_put(db: object, tmp_path: Path) -> None:
    """Found by the round-trip property test: one card listing the same address twice,
    once with a kind and once without, must not 'add the kind' on every re-import."""
    path = vcf(
        tmp_path,
        "twice.vcf",
        "FN:Ada\nURL;TYPE=work:https://ada.example\nURL:https://ada.example",
    )
    assert apply_import([path]).outcomes[0].status == "new"
    again = apply_import([path]).outcomes[0]
    assert (again.status, again.changes) == ("unchanged", [])
    (doc,) = documents()
    assert [u["types"] for u in doc["urls"]] == [["work"], []]


def test_cli_import_several_files_imports_the_readable_ones(cli: Any, db_file: Path) -> None:
    good, empty, more = DATA / "birthdays.vcf", DATA / "empty.vcf", DATA / "groups.vcf"
    res = cli("import", str(good), str(empty), str(more), str(DATA / "not_a_vcard.vcf"))
    assert res.code == 0, res.err
    assert res.err.splitlines() == [
        f"netkeeper: error: {empty}: the file is empty",
        f"netkeeper: error: {DATA / 'not_a_vcard.vcf'}: not a vCard file (no BEGIN:VCARD found)",
    ]
    assert "7 cards: 7 new" in res.out and f"{more}:" in res.out

    again = cli("import", str(good), str(empty), str(more), "--json")
    assert again.code == 0, again.err
    files = again.json()["files"]  # type: ignore[index]
    assert [f["file"] for f in files] == [str(good), str(empty), str(more)]
    assert [f["error"] for f in files] == [None, "the file is empty", None]
    assert files[0]["unchanged"] == 7 and files[1]["cards"] == 0
    assert str(empty) in again.err


def test_cli_import_exits_2_only_when_no_file_could_be_read(cli: Any, db_file: Path) -> None:
    res = cli("import", str(DATA / "empty.vcf"), str(DATA / "not_a_vcard.vcf"), "--json")
    assert res.code == 2
    assert [f["error"] for f in res.json()["files"]] == [  # type: ignore[index]
        "the file is empty",
        "not a vCard file (no BEGIN:VCARD found)",
    ]
    assert len(res.err.splitlines()) == 2 and "Traceback" not in res.err
    assert not db_file.exists()


def test_cli_import_a_missing_file_stops_everything(cli: Any, db_file: Path) -> None:
    res = cli("import", str(DATA / "birthdays.vcf"), str(DATA / "missing.vcf"), "--json")
    assert res.code == 2
    assert "missing.vcf: no such file" in res.err and res.out == ""
    assert not db_file.exists()  # not even the good file was imported
