"""A card with no name is shown by its organisation, else its email, else its phone:
in the list, the review, the detail document, the timeline, what is due (the tray) and
the CLI. The stored full_name stays empty, so a name arriving later is simply taken."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from netkeeper.io.card import Card, TypedValue
from netkeeper.services import followups
from netkeeper.services.contact_rows import contact_rows, name_index
from netkeeper.services.contacts import create_contact, get_card
from netkeeper.services.documents import contact_documents
from netkeeper.services.exchange import import_files, plan_import
from netkeeper.services.reminders import add_reminder
from netkeeper.services.timeline import log_interaction, timeline

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:only@example.org\r\nTEL:+44 20 7946 0000\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=cell:+44 20 7946 0111\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Acme Ltd\r\nEMAIL:desk@acme.example\r\nEND:VCARD\r\n"
)


def _nameless(tmp_path: Path) -> Path:
    path = tmp_path / "nameless.vcf"
    path.write_text(CARDS, encoding="utf-8", newline="")
    return path


def test_card_shown_name_falls_back_to_organisation_email_phone() -> None:
    assert Card(full_name="Ada").shown_name() == "Ada"
    assert Card(organization="Acme", emails=[TypedValue("a@x.example")]).shown_name() == "Acme"
    assert Card(emails=[TypedValue("a@x.example")], phones=[TypedValue("1")]).shown_name() == (
        "a@x.example"
    )
    assert Card(phones=[TypedValue(" +44 20 ")]).shown_name() == "+44 20"
    assert Card().shown_name() == ""


def test_review_list_detail_timeline_and_due_show_the_fallback(db: Any, tmp_path: Path) -> None:
    path = _nameless(tmp_path)
    assert sorted(o.name for o in plan_import([path]).outcomes) == [
        "+44 20 7946 0111",
        "Acme Ltd",
        "only@example.org",
    ]
    import_files([path])
    shown = {r.id: r.full_name for r in contact_rows()}
    assert sorted(shown.values()) == ["+44 20 7946 0111", "Acme Ltd", "only@example.org"]
    by_name = {name: cid for cid, name in shown.items()}
    assert [n for _, n, _ in name_index()] == ["+44 20 7946 0111", "Acme Ltd", "only@example.org"]
    email_only, phone_only = by_name["only@example.org"], by_name["+44 20 7946 0111"]

    docs = {d["id"]: d for d in contact_documents(list(shown))}
    assert docs[email_only]["display_name"] == "only@example.org"
    assert docs[email_only]["full_name"] == "", "the stored name stays empty"
    assert docs[phone_only]["display_name"] == "+44 20 7946 0111"

    log_interaction([email_only, phone_only], "call", when=dt.datetime(2026, 11, 2, 9, 0))
    people = timeline()[0]["participants"]
    assert sorted(p["display_name"] for p in people) == ["+44 20 7946 0111", "only@example.org"]

    add_reminder(phone_only, dt.date(2026, 11, 20), "call back")
    followups.set_cadence(email_only, "2 weeks")
    due = followups.due(dt.date(2026, 12, 1))
    assert sorted(item.contact for item in due) == ["+44 20 7946 0111", "only@example.org"]

    # A name that arrives later is the name, not a conflict with the email.
    card = get_card(email_only)
    card.full_name = "Olive Only"
    other = tmp_path / "named.vcf"
    other.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olive Only\r\nEMAIL:only@example.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
        newline="",
    )
    report = import_files([other]).files[0]
    assert (report.updated, report.kept) == (1, [])
    assert contact_documents([email_only])[0]["display_name"] == "Olive Only"


def test_cli_list_and_show_print_the_fallback(cli: Any, tmp_path: Path) -> None:
    assert cli("import", str(_nameless(tmp_path))).code == 0
    lines = cli("list").out.splitlines()
    assert [ln.split(maxsplit=1)[1] for ln in lines] == [
        "only@example.org",
        "+44 20 7946 0111",
        "Acme Ltd  (desk@acme.example)",
    ]
    assert cli("show", "1").out.splitlines()[0] == "only@example.org"
    assert cli("delete", "1").out.startswith("Moved only@example.org (id 1) to the trash")
    assert cli("restore-deleted", "1").out == "Restored only@example.org (id 1).\n"


def test_a_contact_made_in_the_window_with_only_a_phone(db: Any) -> None:
    cid = create_contact(Card(phones=[TypedValue("+1 415 555 2671")]))
    assert [r.full_name for r in contact_rows([cid])] == ["+1 415 555 2671"]


def test_duplicates_without_names_are_shown_by_their_email(db: Any) -> None:
    from netkeeper.services.dedupe import find_duplicates

    a = create_contact(Card(emails=[TypedValue("same@example.org")]))
    b = create_contact(Card(emails=[TypedValue("SAME@example.org")], phones=[TypedValue("12")]))
    create_contact(Card(emails=[TypedValue("sane@example.org")]))  # not a fuzzy name match
    pairs = find_duplicates()
    assert [(p.a, p.b, p.a_name, p.b_name) for p in pairs] == [
        (a, b, "same@example.org", "SAME@example.org")
    ]
