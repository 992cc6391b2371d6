"""Every sub-command of the foundation, end to end on a temp database file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import netkeeper

CONTACT_FIELDS = {
    "id", "uid", "full_name", "given_name", "family_name", "additional_names",
    "honorific_prefix", "honorific_suffix", "nickname", "organization", "department", "title",
    "birthday", "anniversary", "emails", "phones", "urls", "addresses", "notes", "tags", "photo",
    "how_met", "introduced_by", "last_interaction", "created_at", "updated_at",
}  # fmt: skip


def test_version_prints_the_package_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "netkeeper", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"NetKeeper {netkeeper.__version__}"


def test_add_then_list_json_returns_the_document(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("add", "Ada Lovelace", "--email", "ada@example.org", "--tag", "mentors",
            "--phone", "+44 20 7946 0000", "--org", "Analytical Society", "--title", "Countess",
            "--birthday", "1815-12-10")  # fmt: skip
    assert r.code == 0, r.err
    docs = cli("list", "--json").json()
    assert len(docs) == 1
    doc = docs[0]
    assert set(doc) >= CONTACT_FIELDS
    assert doc["full_name"] == "Ada Lovelace"
    assert (doc["given_name"], doc["family_name"]) == ("Ada", "Lovelace")
    assert doc["emails"] == [
        {"value": "ada@example.org", "types": [], "label": None, "preferred": True}
    ]
    assert doc["phones"][0]["value"] == "+44 20 7946 0000"
    assert doc["tags"] == ["mentors"]
    assert doc["birthday"] == "1815-12-10"
    assert doc["organization"] == "Analytical Society"
    assert doc["photo"] is None and doc["introduced_by"] is None


def test_yearless_birthday_and_bad_dates(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "Charles Babbage", "--birthday=--12-26").code == 0
    assert cli("show", "Charles", "--json").json()["birthday"] == "--12-26"
    bad = cli("add", "Nobody", "--birthday", "1990-02-31")
    assert bad.code == 2
    assert bad.err.startswith("netkeeper: error:") and "not a date" in bad.err
    assert "Traceback" not in bad.err
    assert len(cli("list", "--json").json()) == 1


def test_list_search_and_tag_filters(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace", "--tag", "mentors", "--org", "Analytical Society")
    cli("add", "Grace Hopper", "--org", "US Navy")
    assert [d["full_name"] for d in cli("list", "--json", "--search", "navy").json()] == [
        "Grace Hopper"
    ]
    assert [d["full_name"] for d in cli("list", "--json", "--tag", "MENTORS").json()] == [
        "Ada Lovelace"
    ]
    human = cli("list").out
    assert "Ada Lovelace" in human and "Grace Hopper" in human


def test_show_errors_unknown_and_ambiguous(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    cli("add", "Ada Byron")
    unknown = cli("show", "Zed")
    assert unknown.code == 2 and "no contact matches 'Zed'" in unknown.err
    ambiguous = cli("show", "Ada")
    assert ambiguous.code == 2 and "several contacts" in ambiguous.err
    assert cli("show", "Byron").code == 0


def test_log_and_timeline(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    cli("add", "Charles Babbage")
    r = cli("log", "Ada", "--with", "Charles", "--kind", "coffee",
            "--date", "2026-03-01T09:30", "--note", "the engine")  # fmt: skip
    assert r.code == 0, r.err
    cli("log", "Charles", "--kind", "call", "--date", "2026-04-01")
    items = cli("timeline", "--json").json()
    assert [i["kind"] for i in items] == ["call", "coffee"]
    assert set(items[0]) >= {"id", "kind", "when", "note", "participants"}
    # A date without a time is a day (all_day), shown as the date; a time is not.
    assert (items[0]["all_day"], items[0]["date"]) == (True, "2026-04-01")
    assert (items[1]["all_day"], items[1]["date"]) == (False, "2026-03-01")
    assert [p["full_name"] for p in items[1]["participants"]] == [
        "Ada Lovelace",
        "Charles Babbage",
    ]
    assert [i["kind"] for i in cli("timeline", "Ada", "--json").json()] == ["coffee"]
    assert cli("show", "Ada", "--json").json()["last_interaction"] == "2026-03-01"
    bad = cli("log", "Ada", "--kind", "call", "--date", "yesterday-ish")
    assert bad.code == 2 and "not a date" in bad.err
    assert cli("log", "Ada", "--kind", "telepathy").code == 2


def test_remind(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    r = cli("remind", "Ada", "--on", "2026-12-01", "--every", "2 weeks", "--note", "slides")
    assert r.code == 0, r.err
    assert "2026-12-01" in r.out
    assert "Reminder 2026-12-01: slides" in cli("show", "Ada").out
    assert cli("remind", "Ada", "--on", "someday").code == 2
    assert cli("remind", "Ada", "--on", "2026-12-01", "--every", "often").code == 2


def test_delete_and_restore_deleted(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    assert cli("delete", "Ada").code == 0
    assert cli("list", "--json").json() == []
    assert cli("show", "Ada").code == 2
    assert cli("restore-deleted", "Ada").code == 0
    assert [d["full_name"] for d in cli("list", "--json").json()] == ["Ada Lovelace"]
    assert cli("restore-deleted", "Ada").code == 2, "nothing left in the trash"


def test_backup_and_restore_backup(cli, db_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    backup = tmp_path / "copy.db"
    assert cli("backup", "-o", str(backup)).code == 0
    con = sqlite3.connect(backup)
    assert con.execute("SELECT full_name FROM contact").fetchall() == [("Ada Lovelace",)]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "one self-contained file"
    con.close()
    cli("add", "Grace Hopper")
    r = cli("restore-backup", str(backup))
    assert r.code == 0, r.err
    assert [d["full_name"] for d in cli("list", "--json").json()] == ["Ada Lovelace"]
    kept = list(tmp_path.glob("netkeeper.db.replaced-*"))
    assert len(kept) == 1
    con = sqlite3.connect(kept[0])
    assert {r[0] for r in con.execute("SELECT full_name FROM contact")} == {
        "Ada Lovelace",
        "Grace Hopper",
    }
    con.close()


def test_restore_backup_refuses_what_is_not_a_netkeeper_database(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    r = cli("restore-backup", str(junk))
    assert r.code == 2 and "not a NetKeeper backup" in r.err
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE songs (id INTEGER)")
    con.commit()
    con.close()
    assert cli("restore-backup", str(other)).code == 2
    assert cli("restore-backup", str(tmp_path / "missing.db")).code == 2
    assert [d["full_name"] for d in cli("list", "--json").json()] == ["Ada Lovelace"]


def test_daily_backup_keeps_the_last_seven(db: object, db_file: Path, tmp_path: Path) -> None:
    import datetime as dt

    from netkeeper.services.backup import daily_backup

    folder = tmp_path / "backups"
    for day in range(10):
        daily_backup(db_file, folder, today=dt.date(2026, 1, 1) + dt.timedelta(days=day))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"netkeeper-2026-01-{d:02d}.db" for d in range(4, 11)]
    assert daily_backup(db_file, folder, today=dt.date(2026, 1, 10)) is None, "once a day"


def test_unreadable_database_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    out = subprocess.run(
        [sys.executable, "-m", "netkeeper", "--db", str(bad), "list"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("netkeeper: error:")
    assert "Traceback" not in out.stderr


def test_db_from_environment_and_default_location(
    tmp_path: Path,
    monkeypatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from netkeeper import paths
    from netkeeper.cli import main

    env_db = tmp_path / "env.db"
    monkeypatch.setenv("NETKEEPER_DB", str(env_db))
    assert main(["add", "Ada Lovelace"]) == 0
    assert env_db.exists()
    monkeypatch.delenv("NETKEEPER_DB")
    assert main(["list", "--json"]) == 0
    assert paths.default_db_path().exists()
    assert paths.default_db_path().parent.name == "NetKeeper"
