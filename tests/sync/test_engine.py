"""The sync engine's rules, driven against the in-memory server (tests/sync/fake.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeeper.io.card import Card
from netkeeper.io.vcard import read_cards
from netkeeper.model.db import db
from netkeeper.services.contacts import delete_contacts, get_card, update_contact
from netkeeper.services.sync import state
from netkeeper.services.sync.engine import resolve_conflict
from netkeeper.services.sync.remote import AuthFailed
from tests.sync.conftest import add, live_names, run, vcard
from tests.sync.fake import FakeBook


def server_cards(book: FakeBook) -> dict[str, Card]:
    out = {}
    for href, (_, data) in book.cards.items():
        ((card, _),) = list(read_cards(data))
        assert card is not None
        out[href] = card
    return out


def server_names(book: FakeBook) -> list[str]:
    return sorted(c.full_name for c in server_cards(book).values())


def by_name(book: FakeBook, name: str) -> tuple[str, Card]:
    (found,) = [(h, c) for h, c in server_cards(book).items() if c.full_name == name]
    return found


def cid_of(name: str) -> int:
    (cid,) = db.execute_sql(
        "SELECT id FROM contact WHERE full_name = ? AND deleted_at IS NULL", (name,)
    ).fetchone()
    return int(cid)


def nothing_moved(report: object) -> bool:
    doc = report.to_json()  # type: ignore[attr-defined]
    zero = {"created": 0, "updated": 0, "deleted": 0}
    return doc["pulled"] == zero and doc["pushed"] == zero and not doc["errors"]


def test_first_sync_with_overlapping_contacts_doubles_nothing(nk: Path) -> None:
    add("Ada Lovelace", email="ada@example.org")
    add("Bob Local", phone="+44 20 7946 0001")
    add("Grace Hopper", email="grace@navy.example")
    book = FakeBook()
    # The phone knows Ada by the same email, Bob by his phone in another format,
    # Grace under her UID-less card with the same name, and Carol only there.
    book.server_put(
        "/book/a.vcf",
        vcard("phone-ada", "Ada Lovelace", "EMAIL:ADA@example.org", "TEL:+1 555 0100"),
    )
    book.server_put("/book/b.vcf", vcard("phone-bob", "Bob L.", "TEL:+442079460001"))
    book.server_put("/book/g.vcf", vcard(None, "Grace Hopper", "TITLE:Rear Admiral"))
    book.server_put("/book/c.vcf", vcard("phone-carol", "Carol Server"))

    report = run(book, nk)

    assert report.status == "ok", report.errors
    assert live_names() == ["Ada Lovelace", "Bob Local", "Carol Server", "Grace Hopper"]
    assert len(book.cards) == 4
    assert report.pulled.created == 1 and report.pushed.created == 0
    ada = get_card(cid_of("Ada Lovelace"))
    assert sorted(p.value for p in ada.phones) == ["+1 555 0100"]
    assert get_card(cid_of("Grace Hopper")).title == "Rear Admiral"
    # The server's Ada got NetKeeper's email kind; the UIDs on the server stay the phone's.
    assert by_name(book, "Ada Lovelace")[1].uid == "phone-ada"
    # Bob's name differs on both sides: a visible conflict, not a silent pick.
    (conflict,) = report.conflicts
    assert conflict["field"] == "full_name"
    assert (conflict["mine"], conflict["server"]) == ("Bob Local", "Bob L.")
    # A second run finds nothing to do, and a third one neither.
    assert nothing_moved(run(book, nk))
    assert nothing_moved(run(book, nk))


def test_first_sync_pushes_local_contacts_and_a_second_install_gets_them(
    nk: Path, tmp_path: Path
) -> None:
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.followups import set_cadence

    intro = add("Ivy Introducer", email="ivy@example.org")
    cid = add("Ada Lovelace", email="ada@example.org", notes="met at the Analytical Society")
    update_contact(cid, how_met="PyCon 2026", introduced_by=intro)
    set_cadence(cid, "3 months")
    book = FakeBook()
    report = run(book, nk)
    assert report.pushed.created == 2 and report.backup
    _, ada = by_name(book, "Ada Lovelace")
    props = {p.name: p.value for p in ada.extra}
    assert props["X-NETKEEPER-HOW-MET"] == "PyCon 2026"
    assert props["X-NETKEEPER-CADENCE"] == "3 months"

    close_database()
    second = tmp_path / "second.db"
    open_database(second)
    state.create_account(
        server_url="https://dav.example",
        book_url="https://dav.example/book/",
        book_name="Contacts",
        username="ada",
        ca_file=None,
        allow_http=False,
    )
    report = run(book, second)
    assert report.pulled.created == 2
    row = db.execute_sql(
        "SELECT c.how_met, c.cadence, i.full_name FROM contact c"
        " JOIN contact i ON i.id = c.introduced_by_id WHERE c.full_name = 'Ada Lovelace'"
    ).fetchone()
    assert row == ("PyCon 2026", "3 months", "Ivy Introducer")
    assert get_card(cid_of("Ada Lovelace")).notes == "met at the Analytical Society"
    # The second install's edit reaches the first one.
    ada2 = cid_of("Ada Lovelace")
    card = get_card(ada2)
    card.title = "Countess"
    update_contact(ada2, card)
    assert run(book, second).pushed.updated == 1
    close_database()
    open_database(nk)
    assert run(book, nk).pulled.updated == 1
    assert get_card(cid).title == "Countess"


def test_edit_on_each_side_travels(nk: Path) -> None:
    cid = add("Ada Lovelace", email="ada@example.org")
    book = FakeBook()
    run(book, nk)
    card = get_card(cid)
    card.organization = "Analytical Engines Ltd"
    update_contact(cid, card)
    report = run(book, nk)
    assert report.pushed.updated == 1 and report.pulled.updated == 0
    href, server = by_name(book, "Ada Lovelace")
    assert server.organization == "Analytical Engines Ltd"

    text = book.cards[href][1].decode().replace("ORG:Analytical Engines Ltd", "ORG:Babbage & Co")
    book.server_put(href, text.replace("\r\n", "\n"))
    report = run(book, nk)
    assert report.pulled.updated == 1 and report.pushed.updated == 0
    assert get_card(cid).organization == "Babbage & Co"
    assert nothing_moved(run(book, nk))


def _edit_server(book: FakeBook, href: str, old: str, new: str) -> None:
    text = book.cards[href][1].decode()
    assert old in text, text
    book.server_put(href, text.replace(old, new).replace("\r\n", "\n"))


def test_both_sides_edit_different_fields_merge(nk: Path) -> None:
    cid = add("Ada Lovelace", email="ada@example.org", title="Mathematician")
    book = FakeBook()
    run(book, nk)
    href, _ = by_name(book, "Ada Lovelace")
    _edit_server(book, href, "TITLE:Mathematician", "TITLE:Countess\nTEL:+44 1234 567890")
    card = get_card(cid)
    card.organization = "Analytical Society"
    card.emails[0].value = "ada@lovelace.example"
    update_contact(cid, card)

    report = run(book, nk)

    assert not report.conflicts
    mine = get_card(cid)
    assert (mine.title, mine.organization) == ("Countess", "Analytical Society")
    assert [e.value for e in mine.emails] == ["ada@lovelace.example"]
    assert [p.value for p in mine.phones] == ["+44 1234 567890"]
    _, server = by_name(book, "Ada Lovelace")
    assert (server.title, server.organization) == ("Countess", "Analytical Society")
    assert [e.value for e in server.emails] == ["ada@lovelace.example"]
    assert nothing_moved(run(book, nk))


@pytest.mark.parametrize(
    ("keep", "expected"),
    [("mine", "Countess"), ("server", "Enchantress"), ("both", "Countess / Enchantress")],
)
def test_both_sides_edit_one_field_is_a_conflict_until_resolved(
    nk: Path, keep: str, expected: str
) -> None:
    cid = add("Ada Lovelace", email="ada@example.org", title="Mathematician")
    book = FakeBook()
    run(book, nk)
    href, _ = by_name(book, "Ada Lovelace")
    _edit_server(book, href, "TITLE:Mathematician", "TITLE:Enchantress")
    card = get_card(cid)
    card.title = "Countess"
    card.nickname = "Ada"
    update_contact(cid, card)

    report = run(book, nk)

    (conflict,) = report.conflicts
    assert conflict["field"] == "title" and conflict["contact_id"] == cid
    assert (conflict["mine"], conflict["server"]) == ("Countess", "Enchantress")
    # Neither value is lost while the user decides; the nickname went up anyway.
    assert get_card(cid).title == "Countess"
    _, server = by_name(book, "Ada Lovelace")
    assert (server.title, server.nickname) == ("Enchantress", "Ada")
    again = run(book, nk)
    assert nothing_moved(again) and not again.conflicts
    assert [c.id for c in state.open_conflicts(state.require_account().id)] == [conflict["id"]]

    resolve_conflict(conflict["id"], keep)
    run(book, nk)
    assert get_card(cid).title == expected
    assert by_name(book, "Ada Lovelace")[1].title == expected
    assert not state.open_conflicts(state.require_account().id)
    assert nothing_moved(run(book, nk))


def test_delete_on_each_side(nk: Path) -> None:
    for name in ("Ada Lovelace", "Bob Babbage", "Carol Clerk", "Dan Dee", "Eve Early"):
        add(name)
    book = FakeBook()
    run(book, nk)
    delete_contacts([cid_of("Ada Lovelace")])
    report = run(book, nk)
    assert report.pushed.deleted == 1
    assert "Ada Lovelace" not in server_names(book)

    href, _ = by_name(book, "Bob Babbage")
    book.server_delete(href)
    report = run(book, nk)
    assert report.pulled.deleted == 1
    assert live_names() == ["Carol Clerk", "Dan Dee", "Eve Early"]
    # Deleted here means in the trash: undoable.
    assert db.execute_sql(
        "SELECT count(*) FROM contact WHERE full_name = 'Bob Babbage' AND deleted_at IS NOT NULL"
    ).fetchone() == (1,)
    assert nothing_moved(run(book, nk))


def test_deleted_on_server_but_edited_here_is_kept_and_sent_back(nk: Path) -> None:
    for name in ("Ada Lovelace", "Bob Babbage", "Carol Clerk", "Dan Dee", "Eve Early"):
        add(name)
    book = FakeBook()
    run(book, nk)
    href, _ = by_name(book, "Ada Lovelace")
    book.server_delete(href)
    cid = cid_of("Ada Lovelace")
    card = get_card(cid)
    card.title = "Countess"
    update_contact(cid, card)

    report = run(book, nk)

    assert any("Ada Lovelace" in n and "sent back" in n for n in report.notices)
    assert "Ada Lovelace" in live_names()
    assert by_name(book, "Ada Lovelace")[1].title == "Countess"
    assert len(book.cards) == 5
    assert nothing_moved(run(book, nk))


def test_deleted_here_but_edited_on_server_comes_back(nk: Path) -> None:
    for name in ("Ada Lovelace", "Bob Babbage", "Carol Clerk", "Dan Dee", "Eve Early"):
        add(name)
    book = FakeBook()
    run(book, nk)
    cid = cid_of("Ada Lovelace")
    delete_contacts([cid])
    href, _ = by_name(book, "Ada Lovelace")
    _edit_server(book, href, "FN:Ada Lovelace", "FN:Ada Lovelace\nTITLE:Countess")

    report = run(book, nk)

    assert any("Ada Lovelace" in n and "trash" in n for n in report.notices)
    assert cid_of("Ada Lovelace") == cid  # the same contact, with its history
    assert get_card(cid).title == "Countess"
    assert len(book.cards) == 5
    assert nothing_moved(run(book, nk))


def test_expired_token_falls_back_to_a_complete_listing(nk: Path) -> None:
    for name in ("Ada Lovelace", "Bob Babbage", "Carol Clerk", "Dan Dee", "Eve Early"):
        add(name)
    book = FakeBook()
    run(book, nk)
    href, _ = by_name(book, "Bob Babbage")
    book.server_delete(href)
    book.server_put("/book/new.vcf", vcard("new-1", "Nora New"))
    book.expire_tokens()

    report = run(book, nk)

    assert report.token_reset
    assert report.pulled.created == 1 and report.pulled.deleted == 1
    assert live_names() == ["Ada Lovelace", "Carol Clerk", "Dan Dee", "Eve Early", "Nora New"]
    assert "listing" in book.requests
    after = run(book, nk)
    assert nothing_moved(after) and not after.token_reset


def test_interrupted_recovery_listing_deletes_nothing_and_resumes(nk: Path) -> None:
    for name in ("Ada Lovelace", "Bob Babbage", "Carol Clerk"):
        add(name)
    book = FakeBook()
    run(book, nk)
    book.expire_tokens()
    book.offline_after = 2  # the token refusal and the token read, then the server is gone
    report = run(book, nk)
    assert report.status == "offline" and report.token_reset
    assert live_names() == ["Ada Lovelace", "Bob Babbage", "Carol Clerk"]
    assert state.require_account().full_listing  # the next run lists everything again
    book.offline_after = None
    assert run(book, nk).status == "ok"
    assert live_names() == ["Ada Lovelace", "Bob Babbage", "Carol Clerk"]


def test_a_create_whose_answer_was_lost_is_adopted_not_doubled(nk: Path) -> None:
    add("Ada Lovelace", email="ada@example.org")
    add("Bob Babbage")
    book = FakeBook()
    book.lose_put_answers = 1  # the first card is stored, then the connection drops
    report = run(book, nk)
    assert report.status == "offline"
    assert len(book.cards) == 1
    report = run(book, nk)
    assert report.status == "ok", report.errors
    assert len(book.cards) == 2
    assert sorted(book.uids()) == sorted(r[0] for r in db.execute_sql("SELECT uid FROM contact"))
    assert live_names() == ["Ada Lovelace", "Bob Babbage"]
    assert nothing_moved(run(book, nk))


def test_server_assigned_href_and_uid_are_followed(nk: Path) -> None:
    cid = add("Ada Lovelace", email="ada@example.org")
    book = FakeBook(assign_href=True, rewrite_uid=True)
    run(book, nk)
    ((href, (_, data)),) = book.cards.items()
    assert href == "/book/server-1.vcf" and b"UID:server-uid-1" in data
    (item,) = state.items(state.require_account().id).values()
    assert (item.href, item.uid, item.contact_id) == (href, "server-uid-1", cid)
    assert nothing_moved(run(book, nk))
    card = get_card(cid)
    card.title = "Countess"
    update_contact(cid, card)
    assert run(book, nk).pushed.updated == 1
    assert list(book.cards) == [href] and b"TITLE:Countess" in book.cards[href][1]
    assert b"UID:server-uid-1" in book.cards[href][1]
    assert live_names() == ["Ada Lovelace"]


def test_server_going_away_between_batches_loses_and_doubles_nothing(nk: Path) -> None:
    book = FakeBook()
    for i in range(25):
        book.server_put(f"/book/{i}.vcf", vcard(f"u{i}", f"Person {i:02d}"))
    for i in range(5):
        add(f"Local {i}")
    book.offline_after = 4  # token, listing, two fetch batches, then gone
    report = run(book, nk, batch_size=10)
    assert report.status == "offline"
    assert len(live_names()) == 5 + 20
    book.offline_after = None
    report = run(book, nk, batch_size=10)
    assert report.status == "ok"
    assert len(live_names()) == 30 and len(book.cards) == 30
    assert nothing_moved(run(book, nk, batch_size=10))


def test_mass_delete_guard_stops_and_asks(nk: Path) -> None:
    for i in range(10):
        add(f"Person {i}")
    book = FakeBook()
    run(book, nk)
    for href in list(book.cards)[:3]:
        book.server_delete(href)
    report = run(book, nk)
    assert report.status == "blocked"
    assert report.deletions_blocked == {
        "here": 3,
        "here_total": 10,
        "server": 0,
        "server_total": 10,
    }
    assert len(live_names()) == 10
    report = run(book, nk, allow_mass_delete=True)
    assert report.status == "ok" and report.pulled.deleted == 3
    assert len(live_names()) == 7


def test_mass_delete_guard_catches_an_emptied_local_side(nk: Path) -> None:
    ids = [add(f"Person {i}") for i in range(2)]
    book = FakeBook()
    run(book, nk)
    delete_contacts(ids)
    report = run(book, nk)
    assert report.status == "blocked" and len(book.cards) == 2


def test_deleting_one_of_a_few_is_not_a_mass_delete(nk: Path) -> None:
    ids = [add(f"Person {i}") for i in range(3)]
    book = FakeBook()
    run(book, nk)
    delete_contacts(ids[:1])
    assert run(book, nk).pushed.deleted == 1


def test_backup_before_the_first_sync_only(nk: Path) -> None:
    add("Ada Lovelace")
    book = FakeBook()
    first = run(book, nk)
    assert first.backup and Path(first.backup).is_file()
    assert run(book, nk).backup is None
    assert len(list((nk.parent / "backups").glob("netkeeper-before-sync-*.db"))) == 1


def test_unknown_properties_and_photos_survive_both_ways(nk: Path) -> None:
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    book = FakeBook()
    book.server_put(
        "/book/a.vcf",
        vcard(
            "phone-ada",
            "Ada Lovelace",
            "X-PHONETIC-FIRST-NAME:Ay-da",
            "item1.X-ABDATE:1842-01-01",
            "item1.X-ABLabel:_$!<Anniversary>!$_",
            "IMPP;X-SERVICE-TYPE=Skype:skype:ada.l",
            "PHOTO;ENCODING=b;TYPE=PNG:" + base64.b64encode(png).decode(),
        ),
    )
    run(book, nk)
    cid = cid_of("Ada Lovelace")
    card = get_card(cid)
    assert card.photo == png
    card.title = "Countess"
    update_contact(cid, card)
    run(book, nk)
    _, server = by_name(book, "Ada Lovelace")
    assert server.title == "Countess" and server.photo == png
    names = {(p.group, p.name, p.value) for p in server.extra}
    assert (None, "X-PHONETIC-FIRST-NAME", "Ay-da") in names
    assert ("item1", "X-ABDATE", "1842-01-01") in names
    assert (None, "IMPP", "skype:ada.l") in names

    other = add("Bob Babbage")
    card = get_card(other)
    card.photo, card.photo_mime = png, "image/png"
    update_contact(other, card)
    run(book, nk)
    assert by_name(book, "Bob Babbage")[1].photo == png


def test_dry_run_changes_nothing_on_either_side(nk: Path) -> None:
    add("Ada Lovelace")
    book = FakeBook()
    book.server_put("/book/c.vcf", vcard("phone-carol", "Carol Server"))
    report = run(book, nk, dry_run=True)
    assert report.pulled.created == 1 and report.pushed.created == 1
    assert live_names() == ["Ada Lovelace"] and len(book.cards) == 1
    assert not state.items(state.require_account().id)
    assert not state.log_entries()
    assert run(book, nk).pulled.created == 1


def test_refused_login_stops_with_auth(nk: Path) -> None:
    add("Ada Lovelace")

    class Locked(FakeBook):
        def listing(self) -> dict[str, str | None]:
            raise AuthFailed("the server refused the user name or password")

    report = run(Locked(), nk)
    assert report.status == "auth" and report.errors
    assert not state.items(state.require_account().id)


def test_stale_etag_on_update_merges_and_retries(nk: Path) -> None:
    cid = add("Ada Lovelace", email="ada@example.org")
    book = FakeBook()
    run(book, nk)
    href, _ = by_name(book, "Ada Lovelace")
    card = get_card(cid)
    card.title = "Countess"
    update_contact(cid, card)

    # Another client edits between our listing and our PUT.
    original_fetch = book.fetch
    edited = []

    def fetch_then_edit(hrefs):  # type: ignore[no-untyped-def]
        got = original_fetch(hrefs)
        if not edited:
            edited.append(True)
            _edit_server(book, href, "FN:Ada Lovelace", "FN:Ada Lovelace\nNICKNAME:Ada")
        return got

    book.fetch = fetch_then_edit  # type: ignore[method-assign]
    book.server_put("/book/z.vcf", vcard("z", "Zed"))  # so the run fetches something first
    report = run(book, nk)
    assert report.status == "ok", report.errors
    _, server = by_name(book, "Ada Lovelace")
    assert (server.title, server.nickname) == ("Countess", "Ada")
    assert get_card(cid).nickname == "Ada"


def test_the_log_records_each_run(nk: Path) -> None:
    add("Ada Lovelace")
    book = FakeBook()
    run(book, nk)
    (entry,) = state.log_entries()
    assert entry["status"] == "ok"
    assert entry["pushed"] == {"created": 1, "updated": 0, "deleted": 0}
    assert entry["changes"][0]["side"] == "server" and entry["changes"][0]["name"] == "Ada Lovelace"


def test_the_log_keeps_90_days(nk: Path) -> None:
    import datetime as dt

    from netkeeper.model.tables import utcnow

    acc = state.require_account()
    now = utcnow()
    for days in (400, 91, 89, 1):
        state.write_log(acc.id, now - dt.timedelta(days=days), f"ok-{days}", {}, [])
    run(FakeBook(), nk)  # a new run drops what is older than 90 days
    assert [e["status"] for e in state.log_entries()] == ["ok", "ok-1", "ok-89"]
    assert state.LOG_DAYS == 90
