"""The contact editor saves every modelled field through the service, and loses nothing else."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from netkeeper.io.card import Card, RawProperty, TypedValue
from netkeeper.services.contacts import create_contact, get_card
from netkeeper.services.documents import contact_documents
from netkeeper.ui.contact_editor import ContactEditor
from netkeeper.ui.widgets import CalendarDateEdit


def test_new_contact_with_every_field(qtbot: Any, gui_db: Path, make_contact: Any) -> None:
    mentor = make_contact("Grace Hopper")
    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.parts["given_name"].setText("Ada")
    editor.parts["family_name"].setText("Lovelace")
    editor._parts_edited("")
    assert editor.full_name.text() == "Ada Lovelace"  # derived while not typed by hand
    editor.nickname.setText("Countess")
    editor.organization.setText("Analytical Engines")
    editor.department.setText("Research")
    editor.job_title.setText("Analyst")
    email = editor.emails.add_row()
    email.value.setText("ada@example.org")
    email.type.setCurrentText("work")
    email.preferred.setChecked(True)
    home = editor.emails.add_row()
    home.value.setText("ada@home.example")
    home.type.setCurrentText("home")
    home.label.setText("private")
    editor.emails.add_row()  # left empty: dropped
    phone = editor.phones.add_row()
    phone.value.setText("+44 20 7946 0000")
    url = editor.urls.add_row()
    url.value.setText("https://ada.example")
    address = editor.addresses.add_row()
    address.fields["street"].setText("12 St James's Square")
    address.fields["locality"].setText("London")
    address.fields["country"].setText("United Kingdom")
    # once filled, the placeholder is gone: the tooltip still says which field it is
    assert all(f.toolTip() == f.placeholderText() != "" for f in address.fields.values())
    editor.birthday.set_value("--12-10")
    editor.anniversary.set_value("1835-07-08")
    editor.tags.setText("mentors, Conference 2026,  ")
    editor.how_met.setPlainText("Babbage's salon")
    editor.introduced_by.set_contact(mentor)
    editor.notes.setPlainText("Writes the first programs.")
    editor.accept()
    assert editor.saved_id is not None
    (doc,) = contact_documents([editor.saved_id])
    assert doc["full_name"] == "Ada Lovelace"
    assert (doc["given_name"], doc["family_name"], doc["nickname"]) == (
        "Ada",
        "Lovelace",
        "Countess",
    )
    assert (doc["organization"], doc["department"], doc["title"]) == (
        "Analytical Engines",
        "Research",
        "Analyst",
    )
    assert [(e["value"], e["types"], e["label"], e["preferred"]) for e in doc["emails"]] == [
        ("ada@example.org", ["work"], None, True),
        ("ada@home.example", ["home"], "private", False),
    ]
    assert doc["phones"][0]["value"] == "+44 20 7946 0000"
    assert doc["phones"][0]["types"] == ["cell"]
    assert doc["urls"][0]["value"] == "https://ada.example"
    assert doc["addresses"][0]["locality"] == "London"
    assert doc["addresses"][0]["types"] == ["home"]
    assert doc["birthday"] == "--12-10"
    assert doc["anniversary"] == "1835-07-08"
    assert sorted(doc["tags"]) == ["Conference 2026", "mentors"]
    assert doc["how_met"] == "Babbage's salon"
    assert doc["introduced_by"] == mentor
    assert doc["notes"] == "Writes the first programs."


def test_edit_keeps_unmodelled_properties_and_uid(qtbot: Any, gui_db: Path) -> None:
    card = Card(
        full_name="Bob Stone",
        given_name="Bob",
        family_name="Stone",
        uid="urn:uuid:kept",
        emails=[TypedValue("bob@example.org", ["work"])],
        extra=[RawProperty("X-SOCIALPROFILE", "https://social.example/bob", [("TYPE", "x")])],
    )
    cid = create_contact(card, tags=["running"])
    editor = ContactEditor(None, cid)
    qtbot.addWidget(editor)
    assert editor.tags.tags() == ["running"]
    editor.full_name.setText("Robert Stone")
    editor._full_name_edited("Robert Stone")
    editor.parts["given_name"].setText("Robert")
    editor._parts_edited("Robert")
    assert editor.full_name.text() == "Robert Stone"  # typed by hand: not overwritten
    editor.emails.rows[0].remove.click()
    editor.accept()
    saved = get_card(cid)
    assert saved.full_name == "Robert Stone" and saved.given_name == "Robert"
    assert saved.uid == "urn:uuid:kept"
    assert saved.emails == []
    assert [(p.name, p.value) for p in saved.extra] == [
        ("X-SOCIALPROFILE", "https://social.example/bob")
    ]
    assert saved.categories == ["running"]


def test_photo_choose_and_remove(qtbot: Any, gui_db: Path, tmp_path: Path) -> None:
    # Noise does not compress: a multi-megabyte PNG that must be scaled down and re-encoded.
    noise = os.urandom(2000 * 1500 * 4)
    image = QImage(noise, 2000, 1500, QImage.Format.Format_RGB32).copy()
    path = tmp_path / "big.png"
    assert image.save(str(path))
    cid = create_contact(Card(full_name="Photo Person"))
    editor = ContactEditor(None, cid)
    qtbot.addWidget(editor)
    editor.set_photo_file(str(path))
    editor.accept()
    saved = get_card(cid)
    assert path.stat().st_size > 1_000_000
    assert saved.photo is not None and saved.photo_mime == "image/jpeg"
    loaded = QImage.fromData(saved.photo)
    assert (loaded.width(), loaded.height()) == (720, 540)
    editor = ContactEditor(None, cid)
    qtbot.addWidget(editor)
    assert editor.remove_photo.isEnabled()
    editor.remove_photo.click()
    editor.accept()
    assert get_card(cid).photo is None


def test_not_an_image_is_refused(
    qtbot: Any, gui_db: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    bogus = tmp_path / "notes.png"
    bogus.write_text("not an image")
    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.set_photo_file(str(bogus))
    assert editor.photo is None
    assert warnings and "not an image" in warnings[0]


def test_empty_contact_is_refused_with_a_message(
    qtbot: Any, gui_db: Path, monkeypatch: Any
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.accept()
    assert editor.saved_id is None
    assert warnings == ["A contact needs a name, an organisation, an email or a phone"]
    assert contact_documents([1]) == []


def test_unknown_introducer_is_refused(qtbot: Any, gui_db: Path, monkeypatch: Any) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.full_name.setText("Someone")
    editor.introduced_by.setEditText("Nobody Known")
    editor.accept()
    assert editor.saved_id is None and "Nobody Known" in warnings[0]


def test_calendar_date_edit_with_and_without_year(qtbot: Any) -> None:
    edit = CalendarDateEdit("Birthday")
    qtbot.addWidget(edit)
    assert edit.value() is None
    edit.set_value("--02-29")
    assert edit.value() == "--02-29"
    edit.year.setValue(1984)
    assert edit.value() == "1984-02-29"
    edit.month.setCurrentIndex(0)
    assert edit.value() is None  # a day without a month is no date
    edit.set_value("2001-07-04")
    assert (edit.day.value(), edit.month.currentIndex(), edit.year.value()) == (4, 7, 2001)
    edit.clear_button.click()
    assert edit.value() is None


def test_tags_edit_completes_the_word_being_typed(qtbot: Any) -> None:
    from netkeeper.ui.widgets import TagsEdit

    edit = TagsEdit(["mentors", "Conference 2026"], ["friends"])
    qtbot.addWidget(edit)
    edit.setText("friends, conf")
    edit.setCursorPosition(len(edit.text()))
    edit._insert("Conference 2026")
    assert edit.tags() == ["friends", "Conference 2026"]


def test_tags_edit_offers_known_tags_while_typing(qtbot: Any) -> None:
    """Typing part of a known tag pops up the completer with it (its model once got freed)."""
    import gc

    from netkeeper.ui.widgets import TagsEdit

    edit = TagsEdit(["investors", "mentors"])
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    gc.collect()
    qtbot.keyClicks(edit, "friends, inv")
    completer = edit._completer
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "investors"
    qtbot.waitUntil(completer.popup().isVisible)


def test_escape_asks_before_discarding_typed_changes(
    qtbot: Any, gui_db: Path, make_contact: Any, monkeypatch: Any
) -> None:
    from PySide6.QtCore import Qt

    ada = make_contact("Ada Lovelace")
    untouched = ContactEditor(None, ada)
    qtbot.addWidget(untouched)
    untouched.show()
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == [] and not untouched.isVisible()  # nothing typed: closes at once

    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.full_name, "Grace Hopper")
    editor.emails.add_row().value.setText("grace@example.org")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert len(asked) == 1 and editor.isVisible()  # kept editing
    assert editor.full_name.text() == "Grace Hopper"
    answer = QMessageBox.StandardButton.Discard
    editor.reject()
    assert len(asked) == 2 and not editor.isVisible()


def test_year_only_or_impossible_dates_are_refused_naming_the_field(
    qtbot: Any, gui_db: Path, monkeypatch: Any
) -> None:
    """A year alone (or 31 February) used to vanish on save without a word."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.full_name.setText("Grace Hopper")
    editor.birthday.year.setValue(1906)
    editor.accept()
    assert editor.saved_id is None and editor.result() == 0
    assert len(warnings) == 1 and warnings[0].startswith("Birthday needs a day and a month")
    assert contact_documents([1]) == []

    editor.birthday.set_value("1906-12-09")
    editor.anniversary.day.setValue(31)
    editor.anniversary.month.setCurrentIndex(2)
    editor.accept()
    assert editor.saved_id is None
    assert len(warnings) == 2 and warnings[1].startswith("Anniversary:") and "31" in warnings[1]

    editor.anniversary.day.setValue(29)  # year unknown: 29 February is a real day
    editor.accept()
    assert editor.saved_id is not None and len(warnings) == 2
    (doc,) = contact_documents([editor.saved_id])
    assert (doc["birthday"], doc["anniversary"]) == ("1906-12-09", "--02-29")


def test_escape_asks_after_typing_only_a_year(qtbot: Any, gui_db: Path, monkeypatch: Any) -> None:
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    editor = ContactEditor(None, None)
    qtbot.addWidget(editor)
    editor.show()
    editor.anniversary.year.setValue(2010)  # not a date yet, but typed
    editor.reject()
    assert asked == ["Discard your changes?"] and editor.isVisible()
