"""The search rows an import writes from the values it inserts (search.index_new) are the
rows the database gives back (search.reindex_all), so nobody found before is lost."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest

from netkeeper.model import search
from netkeeper.model.db import db as database
from netkeeper.services.exchange import import_files

GOOGLE = (
    "First Name,Last Name,Nickname,Organization Name,Organization Title,"
    "Organization Department,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Phone 2 - Label,Phone 2 - Value\r\n"
    'Zoë,Müller-Łukasz,Zo,Straße & Söhne,CTO,R&D,"Met in Köln.\r\nTwo lines",Friends,'
    "* Work,zoe@work.example,Home,ZOE@Home.Example,Mobile,+49 30 1234 5678,"
    "Work,(030) 98-76\r\n"
    "سارة,الحربي,,شركة,مديرة,,ملاحظة,,,sara@example.org,,,,٠٢٠ ٧٩٤٦ ٠٩٥٨,,\r\n"
    "Sam 🚀,Rivers,,,,,,,,,,,,+1 555 0100 ext. 7,,+44 20 7946 0958\r\n"
    ",,,,,,,,,,,,,+33 1 23 45 67 89,,\r\n"
)
LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Engines,Analyst,"
    "01 Dec 2020\r\n"
    "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Rear Admiral,05 Jan 2019\r\n"
)
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Ångström\r\nN:Ångström;Jürgen;;;\r\n"
    "ORG:Ümlaut AB;Forskning\r\nTITLE:Chef\r\nNOTE:Trifft man in Malmö\\nauf Kaffee\r\n"
    "EMAIL;TYPE=work:j@example.se\r\nEMAIL:jurgen@example.se\r\n"
    "TEL;TYPE=cell:+46 70 123 45 67\r\nTEL:070-123 45 68\r\n"
    "X-NETKEEPER-HOW-MET:På en konferens\r\nEND:VCARD\r\n"
)


def fts_rows(path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(path) as con:
        return con.execute(
            "SELECT rowid, folded, digits FROM contact_fts ORDER BY rowid"
        ).fetchall()


def write(folder: Path) -> list[str]:
    files = {"google.csv": GOOGLE, "Connections.csv": LINKEDIN, "people.vcf": VCARD}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / n) for n in files]


def test_import_writes_the_rows_a_rebuild_gives(db, db_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_files(write(tmp_path))
    assert [f.created for f in result.files] == [4, 2, 1]
    made = fts_rows(db_file)
    assert len(made) == 7
    with database.atomic():
        search.reindex_all(database)
    assert fts_rows(db_file) == made
    # And what was written is searchable the way people type it.
    assert search.matching_ids(database, "muller lukasz") == [made[0][0]]
    assert search.matching_ids(database, "الحربي") == [made[1][0]]
    assert search.matching_ids(database, "+1 555 0100") == [made[2][0]]
    assert search.matching_ids(database, "konferens") == [made[6][0]]


def test_a_stale_search_row_is_replaced_not_doubled(db, db_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A search row left above the last contact (the id SQLite hands out next) is
    rewritten like any other, not inserted beside (FTS5 would refuse the rowid)."""
    with database.atomic():
        database.execute_sql(
            "INSERT INTO contact_fts (rowid, folded, digits) VALUES (1, 'ghost', ''),"
            " (3, 'ghost', '')"
        )
    import_files(write(tmp_path))
    made = fts_rows(db_file)
    assert [r[0] for r in made] == list(range(1, 8))
    assert not search.matching_ids(database, "ghost")
    with database.atomic():
        search.reindex_all(database)
    assert fts_rows(db_file) == made


def test_the_collector_is_off_during_an_import_and_back_after(  # type: ignore[no-untyped-def]
    db, tmp_path: Path, monkeypatch
) -> None:
    """Off while the cards land, on again afterwards, also when the import fails; and
    the app's frozen start-up objects (ui/tray.py) stay frozen."""
    from netkeeper.services import exchange

    seen: list[bool] = []
    finish = exchange._Import.finish

    def watched(self: exchange._Import) -> None:
        seen.append(gc.isenabled())
        finish(self)

    monkeypatch.setattr(exchange._Import, "finish", watched)
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        import_files(write(tmp_path))
        assert seen == [False] and gc.isenabled()
        assert gc.get_freeze_count() > 0, "nothing thawed"
        monkeypatch.setattr(exchange._Import, "finish", lambda self: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            import_files(write(tmp_path))
        assert gc.isenabled()
        monkeypatch.setattr(exchange._Import, "finish", finish)
        gc.disable()  # an app that runs without the collector keeps it off
        exchange.import_files(write(tmp_path))
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
