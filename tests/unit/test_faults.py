"""Environment faults and hostile files: named causes, exit 2, nothing half-written
(issue 10, items 8, 10, 11, 12 and Low)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netkeeper.model.db import close_database


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (tmpfs, 2 MiB) that fills up; needs root, else skipped."""
    where = tmp_path / "disk"
    if not _mount_tmpfs(where, "2m"):
        pytest.skip("mounting a small tmpfs needs root on Linux")
    try:
        yield where
    finally:
        close_database()
        subprocess.run(["umount", "-l", str(where)])


def _cards(count: int, note: int = 300) -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nNOTE:{'x' * note} {i}\r\nEND:VCARD\r\n"
        for i in range(count)
    )


def _names(db_file: Path) -> list[str]:
    con = sqlite3.connect(db_file)
    try:
        return sorted(r[0] for r in con.execute("SELECT full_name FROM contact"))
    finally:
        con.close()


def _netkeeper(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netkeeper", *args], capture_output=True, text=True, timeout=120
    )


# ------------------------------------------------------------------ item 8: full or read-only disk


def test_import_onto_a_full_disk_says_so_and_changes_nothing(
    small_disk: Path, tmp_path: Path
) -> None:
    db_file = small_disk / "nk.db"
    assert _netkeeper("--db", str(db_file), "add", "Ada Lovelace").returncode == 0
    big = tmp_path / "big.vcf"
    big.write_text(_cards(8000, 400), encoding="utf-8")
    out = _netkeeper("--db", str(db_file), "import", str(big))
    assert out.returncode == 2, out.stderr
    assert "disk is full" in out.stderr.splitlines()[-1]
    assert "rollback" not in out.stderr and "unexpected" not in out.stderr
    assert _names(db_file) == ["Ada Lovelace"]
    assert not [p for p in small_disk.rglob("*") if p.name.endswith((".partial", ".checking"))]


def test_export_onto_a_full_disk_leaves_no_partial_file(small_disk: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "nk.db"  # the database on a roomy disk, the export on the full one
    cards = tmp_path / "cards.vcf"
    cards.write_text(_cards(8000, 400), encoding="utf-8")
    assert _netkeeper("--db", str(db_file), "import", str(cards)).returncode == 0
    out = _netkeeper("--db", str(db_file), "export", "-o", str(small_disk / "out.vcf"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "disk is full" in out.stderr
    assert list(small_disk.iterdir()) == []
    ics = _netkeeper("--db", str(db_file), "due", "--ics", str(small_disk / "x.ics"))
    assert ics.returncode in (0, 2) and "Traceback" not in ics.stderr


def test_a_read_only_database_is_named_as_such(tmp_path: Path) -> None:
    where = tmp_path / "ro"
    if not _mount_tmpfs(where, "4m"):
        pytest.skip("mounting a tmpfs needs root on Linux")
    try:
        db_file = where / "nk.db"
        assert _netkeeper("--db", str(db_file), "add", "Ada Lovelace").returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        card = tmp_path / "g.vcf"
        card.write_text(_cards(1), encoding="utf-8")
        for args in (["import", str(card)], ["add", "Grace Hopper"]):
            out = _netkeeper("--db", str(db_file), *args)
            assert out.returncode == 2
            assert "read-only" in out.stderr and out.stderr.count("\n") == 1
    finally:
        subprocess.run(["umount", "-l", str(where)])


def test_a_backups_folder_that_cannot_be_created_does_not_stop_writing(
    tmp_path: Path,
) -> None:
    db_file = tmp_path / "nk.db"
    (tmp_path / "backups").write_text("a file where the folder should be")
    out = _netkeeper("--db", str(db_file), "add", "Ada Lovelace")
    assert out.returncode == 0, out.stderr
    assert "warning" in out.stderr and "backup" in out.stderr
    assert _names(db_file) == ["Ada Lovelace"]


def test_an_interrupted_upgrade_does_not_pile_up_backups(tmp_path: Path) -> None:
    from netkeeper.model import migrations

    db_file = tmp_path / "nk.db"
    con = sqlite3.connect(db_file)
    con.executescript(migrations._V1_SCHEMA)
    con.execute(
        "INSERT INTO contact (uid, full_name, created_at, updated_at)"
        " VALUES ('u1', 'Ada', '2020-01-01', '2020-01-01')"
    )
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    # Every attempt dies in the last step, as a kill or a full disk would.
    script = (
        "import sys\n"
        "from netkeeper.model import migrations\n"
        "def boom(db): raise RuntimeError('killed')\n"
        "migrations.STEPS[-1] = boom\n"
        "from netkeeper.model.db import open_database\n"
        f"try: open_database({str(db_file)!r})\n"
        "except RuntimeError: sys.exit(3)\n"
    )
    for _ in range(3):
        assert subprocess.run([sys.executable, "-c", script]).returncode == 3
    assert len(list(tmp_path.glob("nk.db.v1-*.bak"))) == 1
    assert not list(tmp_path.glob("*.partial"))


# ------------------------------------------------------------------ item 10: codecs as charsets


@pytest.mark.parametrize("charset", ["unicode_escape", "raw_unicode_escape", "punycode", "hex"])
def test_a_charset_that_is_not_a_text_encoding_costs_no_more_than_its_property(
    cli, tmp_path: Path, charset: str
) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "codec.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=" + charset.encode() + b":\\ud800\xe9\xff;Ada\r\n"
        b"EMAIL:ada@example.org\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n"
    )
    r = cli("import", "--json", str(card))
    assert r.code == 0, r.err
    report = r.json()
    assert [f["created"] for f in report["files"]] == [2]
    reasons = [p["reason"] for f in report["files"] for p in f["problems"]]
    assert any("not a text encoding" in reason for reason in reasons)
    docs = cli("list", "--json").json()
    assert sorted(d["full_name"] for d in docs)[1] == "Grace Hopper"
    ada = next(d for d in docs if d["emails"])
    assert "\ud800" not in ada["full_name"] + ada["given_name"] + ada["family_name"]


# ------------------------------------------------------------------ item 11: permissions


def test_ics_and_exports_are_private_whatever_the_umask(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace", "--birthday", "1815-12-10")
    old = os.umask(0)
    try:
        assert cli("due", "--ics", str(tmp_path / "due.ics"), "--days", "30").code == 0
        assert cli("export", "-o", str(tmp_path / "all.vcf")).code == 0
        assert cli("backup", "-o", str(tmp_path / "copy.db")).code == 0
    finally:
        os.umask(old)
    for name in ("due.ics", "all.vcf", "copy.db"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_an_existing_database_readable_by_others_is_tightened_on_open(cli, db_file: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", "Ada Lovelace")
    close_database()
    for name in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        if name.exists():
            os.chmod(name, 0o644)
    assert cli("list").code == 0
    for name in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        if name.exists():
            assert stat.S_IMODE(name.stat().st_mode) == 0o600, name


# ------------------------------------------------------------------ item 12: terminal escapes


def test_control_characters_are_shown_not_obeyed_and_json_stays_exact(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    evil = "Ada \x1b]0;owned\x07\x1b[2J\u202eLovelace\x9b"
    card = tmp_path / "evil.vcf"
    card.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{evil}\r\nORG:\x1b[31mRed Corp\r\n"
        f"NOTE:line one\\nline two \x1b[8mhidden\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert cli("import", str(card)).code == 0
    for out in (cli("list").out, cli("show", "1").out):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\x9b" not in out
        assert "\\x1b" in out
    shown = cli("show", "1").out
    assert "line one\nline two" in shown, "line breaks in notes stay line breaks"
    assert cli("show", "1", "--json").json()["full_name"] == evil


# ------------------------------------------------------------------ Low: --db that is not a file


def test_db_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["list"], ["add", "Ada"], ["check"]):
        out = _netkeeper("--db", str(fifo), *args)  # used to hang for ever
        assert out.returncode == 2 and "not a regular file" in out.stderr


def test_db_that_is_a_device_or_folder_is_refused(tmp_path: Path) -> None:
    journal = Path(os.devnull + "-journal")
    before = journal.stat().st_mtime_ns if journal.exists() else None  # another program's?
    out = _netkeeper("--db", os.devnull, "add", "Ada")
    assert out.returncode == 2 and "not a regular file" in out.stderr
    assert (journal.stat().st_mtime_ns if journal.exists() else None) == before
    out = _netkeeper("--db", str(tmp_path), "list")
    assert out.returncode == 2 and "folder" in out.stderr
