"""The Contacts view driven like a user would: search, tags, selection, delete with undo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel

from netkeeper.services.contacts import get_contact
from netkeeper.services.documents import contact_documents
from netkeeper.services.reminders import add_reminder, open_reminders
from netkeeper.services.timeline import log_interaction
from netkeeper.ui.contact_models import ID_ROLE, ContactColumn
from netkeeper.ui.main_window import MainWindow


def _shown_names(view: Any) -> list[str]:
    model = view.model
    return [model.index(r, ContactColumn.NAME).data() for r in range(model.rowCount())]


def _contacts(window: MainWindow) -> Any:
    view = window.view("contacts")
    assert view is not None
    return view


def test_first_run_shows_import_invitation(main_window: MainWindow, monkeypatch: Any) -> None:
    view = _contacts(main_window)
    assert view.pages.currentWidget() is view.empty
    text = " ".join(
        w.text() for w in view.empty.findChildren(type(view.count_label)) if hasattr(w, "text")
    )
    for source in ("iPhone", "Android", "Google", "Outlook"):
        assert source in text
    calls: list[Any] = []
    monkeypatch.setattr(main_window, "import_vcards", lambda paths=None: calls.append(paths))
    view.empty.import_button.click()
    assert calls == [None]


def test_list_shows_contacts_and_leaves_empty_state(
    qtbot: Any, main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    make_contact("Ada Lovelace", org="Engines")
    make_contact("王小明", org="北京大学")
    main_window.notify_changed()
    assert view.pages.currentWidget() is view.splitter
    assert sorted(_shown_names(view)) == ["Ada Lovelace", "王小明"]
    assert view.count_label.text() == "2 contacts"


def test_search_as_you_type_matches_email_and_interaction_notes(
    qtbot: Any, main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    make_contact("Ada Lovelace", email="ada@engines.example")
    bob = make_contact("Bob Stone")
    make_contact("Carol King")
    log_interaction([bob], "coffee", note="discussed the lighthouse survey")
    main_window.notify_changed()
    qtbot.keyClicks(view.search, "engines")
    qtbot.waitUntil(lambda: _shown_names(view) == ["Ada Lovelace"], timeout=2000)
    view.search.clear()
    qtbot.keyClicks(view.search, "lighthouse")
    qtbot.waitUntil(lambda: _shown_names(view) == ["Bob Stone"], timeout=2000)
    assert view.count_label.text() == "1 of 3 contacts"
    view.search.setText("zzzz-nobody")
    qtbot.waitUntil(lambda: view.list_stack.currentWidget() is view.no_match, timeout=2000)
    assert "zzzz-nobody" in view.no_match.text()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(_shown_names(view)) == 3, timeout=2000)


def test_search_as_people_type_it(qtbot: Any, main_window: MainWindow, make_contact: Any) -> None:
    """Accents and case folded, words across fields, phones by digits; each keystroke."""
    view = _contacts(main_window)
    make_contact("Anna Müller", phone="+44 20 7946 0958")
    make_contact("José García", org="Smith & Co")
    make_contact("Zoë Smith")
    main_window.notify_changed()
    for typed, names in [
        ("mu", ["Anna Müller"]),
        ("muller", ["Anna Müller"]),
        ("jose smith", ["José García"]),
        ("zoe smith", ["Zoë Smith"]),
        ("020 7946 0958", ["Anna Müller"]),
    ]:
        view.search.clear()
        qtbot.keyClicks(view.search, typed)
        qtbot.waitUntil(lambda names=names: _shown_names(view) == names, timeout=2000)
    # Sorting by another column keeps the filter right (positions are rebuilt).
    view.search.clear()
    view.table.sortByColumn(ContactColumn.ORGANIZATION, Qt.SortOrder.DescendingOrder)
    qtbot.keyClicks(view.search, "smith")
    qtbot.waitUntil(lambda: _shown_names(view) == ["José García", "Zoë Smith"], timeout=2000)


def test_a_card_without_a_name_is_shown_by_its_email_or_phone(
    main_window: MainWindow, make_contact: Any
) -> None:
    from netkeeper.ui.avatars import initials

    view = _contacts(main_window)
    by_email = make_contact("", email="only@example.org")
    by_phone = make_contact("", phone="+44 20 7946 0111")
    main_window.notify_changed()
    assert sorted(_shown_names(view)) == ["+44 20 7946 0111", "only@example.org"]
    view.select_contact(by_email)
    assert view.detail.name.text() == "only@example.org"
    view.select_contact(by_phone)
    assert view.detail.name.text() == "+44 20 7946 0111"
    assert initials("only@example.org") == "O" and initials("+44 20 7946 0111") == "#"


def test_tag_sidebar_counts_and_filters(main_window: MainWindow, make_contact: Any) -> None:
    view = _contacts(main_window)
    make_contact("Ada Lovelace", tags=["mentors"])
    make_contact("Bob Stone", tags=["mentors", "running"])
    make_contact("Carol King")
    main_window.notify_changed()
    tags = view.tag_model
    rows = {tags.index(r).data(): tags.index(r).data(0x0103) for r in range(tags.rowCount())}
    assert rows == {"All contacts": 3, "mentors": 2, "running": 1}
    view.set_tag("running")
    assert _shown_names(view) == ["Bob Stone"]
    view.set_tag(None)
    assert len(_shown_names(view)) == 3


def test_selection_fills_detail_pane_with_links_that_open_contacts(
    main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace", email="ada@example.org", tags=["mentors"])
    bob = make_contact(
        "Bob Stone", how_met="PyCon 2026 in Lisbon", introduced_by=ada, birthday="--02-29"
    )
    log_interaction([ada, bob], "meeting", note="Planned the workshop")
    add_reminder(bob, dt.date.today(), "Send the slides")
    main_window.notify_changed()
    view.select_contact(bob)
    detail = view.detail
    assert detail.contact_id == bob
    assert detail.name.text() == "Bob Stone"
    text = detail.body.toPlainText()
    for expected in (
        "PyCon 2026 in Lisbon",
        "Ada Lovelace",
        "Send the slides",
        "Planned the workshop",
    ):
        assert expected in text
    assert f"contact:{ada}" in detail.body.toHtml()
    detail._on_link(QUrl(f"contact:{ada}"))
    assert view.selected_ids() == [ada]
    assert "ada@example.org" in detail.body.toPlainText()
    # marking the reminder done from the detail pane goes through the service
    (reminder,) = open_reminders(bob)
    view.select_contact(bob)
    detail._on_link(QUrl(f"done:{reminder['id']}"))
    assert open_reminders(bob) == []
    assert "Send the slides" not in detail.body.toPlainText()


def test_delete_moves_to_trash_and_undo_restores(
    main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Stone")
    make_contact("Carol King")
    main_window.notify_changed()
    view.select_contact(ada)
    view.table.selectionModel().select(
        view.model.index(view.model.row_of(bob), 0),
        view.table.selectionModel().SelectionFlag.Select
        | view.table.selectionModel().SelectionFlag.Rows,
    )
    assert sorted(view.selected_ids()) == sorted([ada, bob])
    main_window.named_actions["delete_contacts"].trigger()
    assert _shown_names(view) == ["Carol King"]
    assert view.selected_ids() == [view.model.row_data(0).id]  # the next one is selected
    assert get_contact(ada, include_deleted=True).deleted_at is not None
    assert "Moved 2 contacts to the trash" in main_window.statusBar().currentMessage()
    trash = main_window.view("trash")
    main_window.show_view("trash")
    assert trash.model.rowCount() == 2
    main_window.show_view("contacts")
    main_window._undo_button.click()
    assert sorted(_shown_names(view)) == ["Ada Lovelace", "Bob Stone", "Carol King"]
    assert get_contact(ada).deleted_at is None


def test_delete_elsewhere_leaves_the_hidden_selection_alone(
    main_window: MainWindow, make_contact: Any
) -> None:
    """Delete in the Timeline once trashed the contact still selected in the Contacts view."""
    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace")
    main_window.notify_changed()
    view.select_contact(ada)
    for key in ("timeline", "duplicates", "trash"):
        main_window.show_view(key)
        main_window.named_actions["delete_contacts"].trigger()
        main_window.named_actions["tag_contacts"].trigger()  # would block on its prompt
        assert get_contact(ada).deleted_at is None
        assert "Contacts view" in main_window.statusBar().currentMessage()
    main_window.show_view("contacts")
    main_window.named_actions["delete_contacts"].trigger()
    assert get_contact(ada, include_deleted=True).deleted_at is not None


def test_tag_and_untag_selection(
    main_window: MainWindow, make_contact: Any, monkeypatch: Any
) -> None:
    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Stone")
    main_window.notify_changed()
    view.table.selectAll()

    def answer(dialog: QInputDialog) -> int:
        dialog.setTextValue("Conference 2026")
        return QInputDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", answer)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Conference 2026", True))
    main_window.named_actions["tag_contacts"].trigger()
    docs = contact_documents([ada, bob])
    assert [d["tags"] for d in docs] == [["Conference 2026"], ["Conference 2026"]]
    assert "Conference 2026" in view.tag_model.tag_names()
    view.select_contact(bob)
    main_window.named_actions["untag_contacts"].trigger()
    docs = contact_documents([ada, bob])
    assert [d["tags"] for d in docs] == [["Conference 2026"], []]
    main_window._undo_button.click()  # untagging is undone
    assert [d["tags"] for d in contact_documents([ada, bob])] == [["Conference 2026"]] * 2


def test_tagging_many_starts_empty_and_can_be_undone(
    main_window: MainWindow, make_contact: Any, monkeypatch: Any
) -> None:
    """Enter in the tag prompt once put the first tag on everyone selected, with no way back."""
    from netkeeper.services.tags import add_tag

    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace")
    bob = make_contact("Bob Stone")
    add_tag([ada], "alumni")
    main_window.notify_changed()
    view.table.selectAll()
    prompts: list[str] = []

    def type_tag(dialog: QInputDialog) -> int:
        prompts.append(dialog.textValue())
        dialog.setTextValue(answer)
        return QInputDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", type_tag)
    answer = "Alumni"  # an existing tag, typed in another case
    main_window.named_actions["tag_contacts"].trigger()
    assert prompts == [""]  # nothing picked up front
    assert [d["tags"] for d in contact_documents([ada, bob])] == [["alumni"], ["alumni"]]
    main_window._undo_button.click()
    assert [d["tags"] for d in contact_documents([ada, bob])] == [["alumni"], []]
    view.table.selectAll()
    answer = "brand new"
    main_window.named_actions["tag_contacts"].trigger()
    main_window._undo_button.click()
    assert view.tag_model.tag_names() == ["alumni"]  # the new tag is gone again


def test_keyboard_ctrl_f_then_down_reaches_the_list(
    qtbot: Any, main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    make_contact("Ada Lovelace")
    make_contact("Bob Stone")
    main_window.notify_changed()
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=2000)
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert view.table.currentIndex().data(ID_ROLE) is not None
    assert view.detail.contact_id == view.table.currentIndex().data(ID_ROLE)


def test_header_click_sorts_and_selection_survives_refresh(
    qtbot: Any, main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace", org="Zeta")
    make_contact("Bob Stone", org="Acme")
    main_window.notify_changed()
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(ContactColumn.ORGANIZATION) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert _shown_names(view) == ["Bob Stone", "Ada Lovelace"]
    view.select_contact(ada)
    make_contact("Carol King", org="Mid")
    main_window.notify_changed()
    assert _shown_names(view) == ["Bob Stone", "Carol King", "Ada Lovelace"]
    assert view.selected_ids() == [ada]


def test_every_control_has_an_accessible_name(main_window: MainWindow, make_contact: Any) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QPushButton

    make_contact("Ada Lovelace")
    main_window.notify_changed()
    view = _contacts(main_window)
    for cls in (QLineEdit, QAbstractItemView):
        for widget in view.findChildren(cls):
            if widget.isVisibleTo(view) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                assert widget.accessibleName(), widget
    for button in view.findChildren(QPushButton):
        assert button.accessibleName() or button.text().replace("&", "")


def test_dark_palette_is_followed(
    qtbot: Any, gui_db: Any, settings: Any, make_contact: Any
) -> None:
    """Nothing in the contacts view paints a light background over a dark theme."""
    from PySide6.QtGui import QColor, QPalette

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    dark = QPalette(old)
    for role, colour in {
        QPalette.ColorRole.Window: "#202022",
        QPalette.ColorRole.Base: "#18181a",
        QPalette.ColorRole.AlternateBase: "#222226",
        QPalette.ColorRole.Text: "#eeeeee",
        QPalette.ColorRole.WindowText: "#eeeeee",
        QPalette.ColorRole.PlaceholderText: "#909090",
    }.items():
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    try:
        make_contact("Ada Lovelace", email="ada@example.org")
        window = MainWindow(gui_db, settings=settings)
        qtbot.addWidget(window)
        window.show()
        view = _contacts(window)
        view.select_contact(view.model.row_data(0).id)
        for widget in (view.table.viewport(), view.detail.body.viewport(), view.tags.viewport()):
            image = widget.grab().toImage()
            corner = image.pixelColor(image.width() - 3, image.height() - 3)
            assert corner.lightness() < 60, (widget, corner.name())
        assert "#909090" in view.detail.body.toHtml()  # dim text comes from the palette
    finally:
        app.setPalette(old)


def test_f2_edits_delete_trashes_and_tab_moves_from_search_to_list(
    qtbot: Any, main_window: MainWindow, make_contact: Any, monkeypatch: Any
) -> None:
    from netkeeper.ui.contact_editor import ContactEditor

    view = _contacts(main_window)
    ada = make_contact("Ada Lovelace")
    make_contact("Bob Stone")
    main_window.notify_changed()
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=2000)
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Tab)
    assert view.table.hasFocus()
    assert view.selected_ids() == [ada]  # tabbing in selects, so the details show at once
    view.select_contact(ada)
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)  # leaves the list, not the next cell
    assert view.tags.hasFocus()
    view.table.setFocus()
    opened: list[int | None] = []
    monkeypatch.setattr(ContactEditor, "exec", lambda self: opened.append(self.contact_id) or 0)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [ada, ada]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert get_contact(ada, include_deleted=True).deleted_at is not None
    assert _shown_names(view) == ["Bob Stone"]
    # Delete while typing in the search field edits the text, it trashes nobody
    view.search.setFocus()
    view.search.setText("Bob")
    view.search.setCursorPosition(0)
    view.select_contact(view.model.row_data(0).id)
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)
    assert view.search.text() == "ob"
    assert get_contact(view.model.row_data(0).id).deleted_at is None


def test_column_widths_and_splitter_come_back(
    qtbot: Any, gui_db: Any, tmp_path: Any, make_contact: Any
) -> None:
    from PySide6.QtCore import QSettings

    from netkeeper.settings import Settings

    make_contact("Ada Lovelace")
    ini = str(tmp_path / "contacts.ini")
    first = MainWindow(gui_db, settings=Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # within the 800x600 offscreen screen, so the geometry comes back as is
    view = _contacts(first)
    view.table.horizontalHeader().resizeSection(ContactColumn.NAME, 300)
    view.table.sortByColumn(ContactColumn.LAST_INTERACTION, Qt.SortOrder.DescendingOrder)
    view.splitter.setSizes([100, 400, 200])
    sizes = view.splitter.sizes()
    first.close()
    second = MainWindow(gui_db, settings=Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(second)
    second.show()
    again = _contacts(second)
    assert again.table.horizontalHeader().sectionSize(ContactColumn.NAME) == 300
    assert again.model.sort_state()[1] is True
    assert again.splitter.sizes() == sizes


def test_detail_shows_kept_vcard_properties(main_window: MainWindow) -> None:
    from netkeeper.io.card import Card, RawProperty
    from netkeeper.services.contacts import create_contact

    cid = create_contact(
        Card(
            full_name="Chen Wei",
            extra=[
                RawProperty("IMPP", "xmpp:chen@chat.example"),
                RawProperty("X-SOCIALPROFILE", "https://social.example/chen", [("TYPE", "x")]),
                RawProperty("NOTE-LIKE", "first\\, second\\nthird"),
                RawProperty("X-BLOB", "A" * 5000),
            ],
        )
    )
    main_window.notify_changed()
    view = _contacts(main_window)
    view.select_contact(cid)
    text = view.detail.body.toPlainText()
    assert "Chat" in text and "xmpp:chen@chat.example" in text
    assert "Social profile" in text and "https://social.example/chen" in text
    assert "first, second\nthird" in text
    assert "AAAAAAAAAA" not in text


def test_scattered_multi_selection_survives_refresh(
    main_window: MainWindow, make_contact: Any
) -> None:
    view = _contacts(main_window)
    for name in ("Ada A", "Bob B", "Cy C", "Di D", "Ed E", "Flo F"):
        make_contact(name)
    main_window.notify_changed()
    flags = view.table.selectionModel().SelectionFlag
    for row in (0, 2, 3, 5):
        view.table.selectionModel().select(view.model.index(row, 0), flags.Select | flags.Rows)
    before = view.selected_ids()
    assert [view.model.row_of(i) for i in before] == [0, 2, 3, 5]
    make_contact("Aaron First")  # lands on row 0: every selected contact moves down one
    main_window.notify_changed()
    assert view.selected_ids() == before
    assert [view.model.row_of(i) for i in before] == [1, 3, 4, 6]


def test_a_very_long_name_does_not_widen_the_detail_pane(
    main_window: MainWindow, make_contact: Any
) -> None:
    """A 40-letter word in a name once set the pane's minimum width and pushed the list away."""
    view = _contacts(main_window)
    short = make_contact("Ada Lovelace")
    long = make_contact("Chidi " + "Wolfeschlegelsteinhausenbergerdorff" * 2 + " Jr.")
    markup = make_contact("<b>Ann</b> Bold")
    main_window.notify_changed()
    name = view.detail.name

    def natural(text: str) -> int:
        """What a plain word-wrapped label of the same font would insist on."""
        plain = QLabel(text)
        plain.setFont(name.font())
        plain.setWordWrap(True)
        return plain.minimumSizeHint().width()

    view.select_contact(short)
    assert name.minimumSizeHint().width() == natural(name.text())  # ordinary words never clip
    view.select_contact(long)
    QApplication.processEvents()
    assert natural(name.text()) > 2 * name.minimumSizeHint().width()
    assert view.detail.minimumSizeHint().width() < natural(name.text())
    assert view.detail.name.toolTip().startswith("Chidi Wolfe")
    view.select_contact(markup)
    assert view.detail.name.textFormat() == Qt.TextFormat.PlainText
    assert view.detail.name.text() == "<b>Ann</b> Bold"


def test_a_long_tag_is_elided_and_keeps_the_counts_in_view(
    qtbot: Any, main_window: MainWindow, make_contact: Any
) -> None:
    """One long tag once made the sidebar scroll sideways, every count out of sight."""
    view = _contacts(main_window)
    long_tag = "Imported from the Google Contacts export of my previous employer in 2026"
    make_contact("Ada Lovelace", tags=[long_tag, "mentors"])
    main_window.notify_changed()
    main_window.show()
    qtbot.waitExposed(main_window)
    QApplication.processEvents()
    assert view.tag_model.tag_names() == [long_tag, "mentors"]
    assert view.tags.horizontalScrollBar().maximum() == 0
    row = view.tags.visualRect(view.tag_model.index(1))
    assert row.right() <= view.tags.viewport().width()
