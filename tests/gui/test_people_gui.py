"""pytest-qt: people in context in the detail pane, the editor, Log Interaction,
Reminders, the Introductions view, My profile and the first-run "This is me" bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog

from netkeeper.io.card import SocialProfile
from netkeeper.services.people import introductions, ledger, me, my_profile, rapport, relationships


def _people(make_contact: Any) -> dict[str, int]:
    ids = {
        "ada": make_contact("Ada Lovelace", org="Analytical Engines"),
        "bob": make_contact("Bob Babbage"),
        "cy": make_contact("Cy Clerk"),
        "me": make_contact("Mia Self", title="Engineer", org="NetKeeper"),
    }
    me.set_me(ids["me"])
    return ids


def test_detail_pane_shows_how_to_show_up_well(main_window: Any, make_contact: Any) -> None:
    ids = _people(make_contact)
    relationships.relate(ids["ada"], ids["bob"], "mentor")
    relationships.relate(ids["cy"], ids["bob"], "mentee")
    rapport.add_interest(ids["bob"], "chess")
    rapport.add_interest(ids["bob"], "sailing")
    rapport.add_interest(ids["me"], "Sailing")
    q = rapport.ask(ids["bob"], "How was Lisbon?")
    rapport.add_note(ids["bob"], "avoid", "politics")
    rapport.add_note(ids["bob"], "fact", "Dog: Rex")
    ledger.receive(ids["bob"], "advice")
    ledger.receive(ids["bob"], "a book")
    from netkeeper.services.people.profiles import add_profile

    add_profile(ids["bob"], "github", "https://github.com/bob")
    main_window.notify_changed()
    view = main_window.view("contacts")
    view.select_contact(ids["bob"])
    detail = view.detail
    text = detail.body.toPlainText()
    for expected in (
        "Interests",
        "chess",
        "How was Lisbon?",
        "politics",
        "Dog: Rex",
        "Mentor",
        "Ada Lovelace",
        "Mentee",
        "Cy Clerk",
        "Ways to give back",
        "GitHub",
    ):
        assert expected in text, expected
    # Near the top: before the email/phone table and the timeline.
    assert text.index("Interests") < text.index("Timeline")
    page = detail.body.toHtml()
    assert "https://github.com/bob" in page and f"asked:{q}" in page
    assert "sailing</span>" in page or "<b>sailing</b>" in page.replace("font-weight:700", "")
    detail._on_link(QUrl(f"asked:{q}"))
    assert rapport.rapport_of(ids["bob"]).open_questions == []
    assert "How was Lisbon?" not in detail.body.toPlainText()
    # Ada sees Bob from the other side.
    view.select_contact(ids["ada"])
    assert "Mentee" in detail.body.toPlainText()


def test_editor_people_tab_saves_everything(qtbot: Any, make_contact: Any) -> None:
    from netkeeper.services.contacts import get_card
    from netkeeper.ui.contact_editor import ContactEditor

    ids = _people(make_contact)
    editor = ContactEditor(None, ids["bob"])
    qtbot.addWidget(editor)
    tab = editor.people
    tab.profiles.setPlainText("https://www.linkedin.com/in/bob\nmastodon=https://chaos.social/@bob")
    tab.interests.setText("chess, jazz")
    tab.questions.setPlainText("How was Lisbon?\nAnd the boat?")
    tab.avoid.setPlainText("politics")
    tab.facts.setPlainText("Dog: Rex")
    tab.other.set_contact(ids["ada"])
    tab.kind.setCurrentIndex(tab.kind.findData("mentor"))
    tab._add_relationship()
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    assert get_card(ids["bob"]).profiles == [
        SocialProfile("linkedin", "https://www.linkedin.com/in/bob"),
        SocialProfile("mastodon", "https://chaos.social/@bob"),
    ]
    r = rapport.rapport_of(ids["bob"])
    assert r.interests == ["chess", "jazz"]
    assert [x.text for x in r.questions] == ["How was Lisbon?", "And the boat?"]
    assert [t for _i, t in r.avoid] == ["politics"] and [t for _i, t in r.facts] == ["Dog: Rex"]
    assert [(x.full_name, x.kind) for x in relationships.relationships_of(ids["bob"])] == [
        ("Ada Lovelace", "mentor")
    ]
    # Opening it again shows the same, and saving unchanged changes nothing.
    again = ContactEditor(None, ids["bob"])
    qtbot.addWidget(again)
    assert again.people.interests.text() == "chess, jazz"
    # A link whose host says its service is shown bare; it reads back the same.
    assert again.people.profiles.toPlainText().splitlines() == [
        "https://www.linkedin.com/in/bob",
        "https://chaos.social/@bob",
    ]
    again.accept()
    assert rapport.rapport_of(ids["bob"]).interests == ["chess", "jazz"]
    # A bad profile line is refused with the dialog left open.
    bad = ContactEditor(None, ids["bob"])
    qtbot.addWidget(bad)
    bad.people.profiles.setPlainText("x=")
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    orig = QMessageBox.warning
    QMessageBox.warning = staticmethod(lambda *a, **k: shown.append(a[2]))  # type: ignore[assignment]
    try:
        bad.accept()
    finally:
        QMessageBox.warning = orig  # type: ignore[method-assign]
    assert shown and bad.result() != QDialog.DialogCode.Accepted


def test_editor_introduced_by_is_one_mechanism(qtbot: Any, make_contact: Any) -> None:
    from netkeeper.services.reminders import open_reminders
    from netkeeper.ui.contact_editor import ContactEditor

    ids = _people(make_contact)
    editor = ContactEditor(None, ids["cy"])
    qtbot.addWidget(editor)
    editor.introduced_by.set_contact(ids["ada"])
    editor.accept()
    (reminder,) = open_reminders(ids["ada"])
    assert reminder["note"] == "Thank them for the introduction to Cy Clerk"
    (intro,) = introductions.introductions(ids["cy"])
    assert intro["by"]["id"] == ids["ada"]


def test_log_dialog_before_you_talk_and_favours(qtbot: Any, make_contact: Any) -> None:
    from netkeeper.ui.log_dialog import LogInteractionDialog

    ids = _people(make_contact)
    rapport.add_interest(ids["bob"], "sailing")
    rapport.add_interest(ids["me"], "sailing")
    first = rapport.ask(ids["bob"], "How was Lisbon?")
    rapport.ask(ids["bob"], "And the boat?")
    rapport.add_note(ids["bob"], "avoid", "politics")
    dialog = LogInteractionDialog(None, [ids["bob"]])
    qtbot.addWidget(dialog)
    before = dialog.before
    assert not before.isHidden()
    texts = [box.text() for box, _q in before.questions]
    assert texts == ["Ask: How was Lisbon?", "Ask: And the boat?"]
    labels = [before.column.itemAt(i).widget().text() for i in range(before.column.count())]
    assert "Avoid: politics" in labels and "You both like: sailing" in labels
    before.questions[0][0].setChecked(True)
    dialog.favours.got.setText("reviewed my talk")
    dialog.favours.got_kind.setCurrentIndex(dialog.favours.got_kind.findData("advice"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    r = rapport.rapport_of(ids["bob"])
    assert [q.id for q in r.questions if q.asked_on] == [first]
    (entry,) = ledger.entries(ids["bob"])
    assert (entry["direction"], entry["kind"], entry["note"]) == (
        "received",
        "advice",
        "reviewed my talk",
    )
    # Someone with nothing noted: the box takes no room.
    plain = LogInteractionDialog(None, [ids["ada"]])
    qtbot.addWidget(plain)
    assert plain.before.isHidden()


def test_reminders_give_back_list_and_question_tooltip(
    qtbot: Any, make_contact: Any, main_window: Any
) -> None:
    from PySide6.QtCore import Qt

    from netkeeper.services.reminders import add_reminder

    ids = _people(make_contact)
    ledger.receive(ids["ada"], "intro to a client", "introduction")
    ledger.receive(ids["ada"], "advice")
    add_reminder(ids["cy"], dt.date.today(), "send the notes")
    rapport.ask(ids["cy"], "How is the new job?")
    view = main_window.show_view("reminders")
    view.refresh()
    assert not view.give_back.isHidden()
    assert view.give_back.list.count() == 1
    assert "Ada Lovelace" in view.give_back.list.item(0).text()
    model = view.models["today"]
    from netkeeper.ui.reminders_view import Column

    tip = model.data(model.index(0, Column.CONTACT), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Ask: How is the new job?"
    opened: list[int] = []
    main_window.open_contact = opened.append  # type: ignore[method-assign]
    view.give_back._open(view.give_back.list.item(0))
    assert opened == [ids["ada"]]
    ledger.give(ids["ada"], "a referral")
    ledger.give(ids["ada"], "a book")
    view.refresh()
    assert view.give_back.isHidden(), "balanced now: nothing to nag about"


def test_introductions_view_steps_and_dialog(
    qtbot: Any, make_contact: Any, main_window: Any
) -> None:
    from netkeeper.ui.people.introductions_view import IntroduceDialog

    ids = _people(make_contact)
    view = main_window.show_view("introductions")
    assert not view.empty.isHidden()
    dialog = IntroduceDialog(view, ids["ada"])
    qtbot.addWidget(dialog)
    dialog.mode.setCurrentIndex(dialog.mode.findData("proposed"))
    dialog.b.set_contact(ids["bob"])
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    main_window.notify_changed()
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 3)) == "Proposed — ask Ada Lovelace"
    for expected in (
        "Ada Lovelace agreed — ask Bob Babbage",
        "Both agreed — introduce them",
        "Made",
    ):
        view.table.selectRow(0)
        view.next_step()
        assert view.model.data(view.model.index(0, 3)) == expected
    assert not view.step_button.isEnabled()
    other = IntroduceDialog(view)
    qtbot.addWidget(other)
    other.mode.setCurrentIndex(other.mode.findData("other"))
    other.a.set_contact(ids["me"])
    other.b.set_contact(ids["cy"])
    other.accept()
    assert other.result() != QDialog.DialogCode.Accepted, "who introduced you?"
    other.by.set_contact(ids["ada"])
    other.accept()
    assert other.result() == QDialog.DialogCode.Accepted
    main_window.notify_changed()
    assert view.model.rowCount() == 2
    view.open_only.setChecked(True)
    assert view.model.rowCount() == 0


def test_my_profile_counters_consistency_and_qr(
    qtbot: Any, make_contact: Any, tmp_path: Path
) -> None:
    from netkeeper.services.people.profiles import add_profile
    from netkeeper.ui.people.my_profile import MyProfileDialog

    ids = _people(make_contact)
    add_profile(ids["me"], "linkedin", "https://www.linkedin.com/in/mia")
    dialog = MyProfileDialog(None)
    qtbot.addWidget(dialog)
    dialog.headline.set_text("Engineer who keeps networks alive")
    assert dialog.headline.count.text() == "33 / 220"
    dialog.pitch.set_text(" ".join(["word"] * 75))
    assert dialog.pitch.count.text().startswith("75 words · about 30 s")
    dialog._add_version()
    assert dialog.versions[-1].title == "Engineer"
    dialog.platform.setCurrentIndex(dialog.platform.findData("x"))
    dialog.v_about.set_text("x" * 170)
    assert "10 too many" in dialog.v_about.count.text()
    assert "160" in dialog.check.text()
    dialog.v_about.set_text("Builds things. https://www.linkedin.com/in/mia")
    dialog.v_title.setText("CEO")
    assert "title 'CEO' differs from 'Engineer'" in dialog.check.text()
    dialog.v_title.setText("Engineer")
    dialog.v_links.setPlainText("https://elsewhere.example/mia")
    assert "https://elsewhere.example/mia is not on the main profile" in dialog.check.text()
    dialog.v_links.setPlainText("")
    assert dialog.check.text() == "Consistent with the main profile."
    dialog.accept()
    assert my_profile.get_profile()["headline"] == "Engineer who keeps networks alive"
    (saved,) = my_profile.versions()
    assert saved.platform == "x" and saved.title == "Engineer"
    # The QR code: a PNG and an SVG, and the card itself is vCard 4.0 with the links.
    png = my_profile.qr_code(tmp_path / "me.png")
    svg = my_profile.qr_code(tmp_path / "me.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:400]
    card = my_profile.my_vcard()
    assert "VERSION:4.0" in card and "SOCIALPROFILE;SERVICE-TYPE=LinkedIn" in card
    again = MyProfileDialog(None)
    qtbot.addWidget(again)
    again.tabs.setCurrentIndex(2)
    assert not again.qr.pixmap().isNull()


def test_my_profile_without_me_asks_who(qtbot: Any, make_contact: Any) -> None:
    from netkeeper.ui.people.my_profile import MyProfileDialog

    ada = make_contact("Ada Lovelace")
    dialog = MyProfileDialog(None)
    qtbot.addWidget(dialog)
    dialog.who.set_contact(ada)
    dialog._mark_me()
    assert me.me_id() == ada


def test_first_run_this_is_me_bar(qtbot: Any, make_contact: Any, main_window: Any) -> None:
    from netkeeper.ui.people.me_prompt import PickMeDialog

    prompt = main_window.me_prompt
    assert prompt.isHidden(), "an empty address book has nobody to pick"
    ada = make_contact("Ada Lovelace")
    main_window.notify_changed()
    assert not prompt.isHidden()
    pick = PickMeDialog(prompt, ada)
    qtbot.addWidget(pick)
    pick.accept()
    main_window.notify_changed()
    assert me.me_id() == ada and prompt.isHidden()
    me.set_me(None)
    prompt.never()
    main_window.notify_changed()
    assert prompt.isHidden()
    from netkeeper.ui.people.me_prompt import MePrompt

    assert MePrompt(main_window).isHidden(), "Don't ask again is remembered"


def test_my_own_card_is_not_counted_as_a_contact(main_window: Any, make_contact: Any) -> None:
    ids = _people(make_contact)
    main_window.notify_changed()
    view = main_window.view("contacts")
    assert view.count_label.text() == "3 contacts and you"
    me.set_me(None)
    main_window.notify_changed()
    assert view.count_label.text() == "4 contacts"
    assert ids
