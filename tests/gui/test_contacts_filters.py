"""Contacts filtered by Insights (issue 15, items 4 and 6): the Filter menu with counts,
the bar that says what is shown and clears it, search and tags on top of a filter,
and Insights' missing-information and gap lists leading to Contacts filtered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netkeeper.services.insights import diversity as dv
from netkeeper.services.insights.filters import missing_filter
from netkeeper.services.timeline import log_interaction
from netkeeper.ui.contact_models import ContactColumn

TODAY = dt.date.today()


def _names(view: Any) -> list[str]:
    m = view.model
    return [m.index(r, ContactColumn.NAME).data() for r in range(m.rowCount())]


def _settle(qtbot: Any, view: Any) -> None:
    """Let the filter's ids arrive from their worker thread."""
    qtbot.waitUntil(lambda: not view.filter_pending(), timeout=10_000)


def _menu_action(view: Any, starts: str) -> Any:
    view._fill_filter_menu()
    view.wait_filter_counts()
    for action in view.filter_menu.actions():
        if action.text().startswith(starts):
            return action
    raise AssertionError(
        f"no menu entry {starts!r}: {[a.text() for a in view.filter_menu.actions()]}"
    )


@pytest.fixture(params=["light", "dark"])
def palette(request: Any) -> Any:
    from netkeeper.ui.appearance import dark_palette

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    if request.param == "dark":
        app.setPalette(dark_palette())
    yield request.param
    app.setPalette(old)


def test_needs_attention_menu_bar_and_clear(
    qtbot: Any, main_window: Any, make_contact: Any, palette: str
) -> None:
    make_contact("Ada Lovelace", email="ada@example.org", tags=["mentors"], birthday="1815-12-10")
    make_contact("Bob Stone", tags=["mentors"])
    make_contact("Zoë Ünal")
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    assert not view.filter_bar.isVisible()
    entry = _menu_action(view, "No email and no phone")
    assert entry.text().endswith("(2)"), "the menu shows how many each filter holds"
    entry.trigger()
    _settle(qtbot, view)
    assert sorted(_names(view)) == ["Bob Stone", "Zoë Ünal"]
    assert view.filter_bar.isVisible()
    assert "No email and no phone (2 contacts)" in view.filter_label.text()
    assert view.count_label.text() == "2 of 3 contacts"
    # The bar reads in either palette: its text is far from its background.
    bar = view.filter_bar.grab().toImage()
    back = bar.pixelColor(bar.width() // 2, 2).lightness()
    text = view.filter_label.palette().color(view.filter_label.foregroundRole()).lightness()
    assert abs(text - back) > 100, (palette, text, back)
    # A tag and a search narrow the filtered list further.
    view.set_tag("mentors")
    assert _names(view) == ["Bob Stone"]
    assert "1 shown" in view.filter_label.text()
    view.set_tag(None)
    view.search.setText("zo")
    view.apply_filter()
    assert _names(view) == ["Zoë Ünal"]
    view.search.setText("nobody-like-this")
    view.apply_filter()
    assert "among the filtered contacts" in view.no_match.text()
    view.search.clear()
    view.apply_filter()
    # Fixing what was missing drops the contact on the next refresh.
    from netkeeper.model.db import db

    bob = view.model.row_data(_names(view).index("Bob Stone")).id
    db.execute_sql(
        "INSERT INTO phone (contact_id, value, types, position, preferred)"
        " VALUES (?, '+49 30 1234567', '', 0, 0)",
        (bob,),
    )
    main_window.notify_changed()
    _settle(qtbot, view)
    assert _names(view) == ["Zoë Ünal"]
    assert _menu_action(view, "No email and no phone").isChecked()
    view.clear_filter_button.click()
    assert not view.filter_bar.isVisible()
    assert len(_names(view)) == 3 and view.current_filter() is None
    assert _menu_action(view, "All contacts").isChecked()


def test_filter_is_one_shift_tab_from_the_search(
    qtbot: Any, main_window: Any, make_contact: Any
) -> None:
    make_contact("Ada Lovelace")
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=2000)
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.filter_button.hasFocus()
    assert view.filter_button.accessibleName() == "Filter contacts"


def test_opening_a_contact_outside_the_filter_clears_it(
    qtbot: Any, main_window: Any, make_contact: Any
) -> None:
    ada = make_contact("Ada Lovelace", birthday="1815-12-10")
    make_contact("Bob Stone")
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    view.set_filter(missing_filter("no_birthday"))
    _settle(qtbot, view)
    assert _names(view) == ["Bob Stone"]
    main_window.open_contact(ada)
    assert view.current_filter() is None and view.selected_ids() == [ada]


def test_diversity_not_set_filter(qtbot: Any, main_window: Any, make_contact: Any) -> None:
    ada = make_contact("Ada Lovelace")
    make_contact("Bob Stone")
    dv.set_attributes([ada], {"function": "research"})
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    entry = _menu_action(view, "No function")
    assert entry.text().endswith("(1)")
    entry.trigger()
    _settle(qtbot, view)
    assert _names(view) == ["Bob Stone"]
    assert view.filter_label.text().startswith("Diversity: No function")


def test_insights_lists_lead_to_contacts_filtered(
    qtbot: Any, main_window: Any, make_contact: Any
) -> None:
    from netkeeper.services.people.me import set_me

    set_me(make_contact("Me Myself"))
    eng = [make_contact(f"Eng {n}") for n in range(4)]
    other = make_contact("Sal Seller")
    for cid in [*eng, other]:
        log_interaction([cid], "coffee", TODAY - dt.timedelta(days=2), all_day=True)
    dv.set_attributes(eng, {"function": "engineering", "seniority": "peer"})
    dv.set_attributes([other], {"function": "engineering"})
    main_window.notify_changed()
    insights = main_window.show_view("insights")
    insights.wait()
    qtbot.waitUntil(lambda: insights.data is not None, timeout=10_000)
    texts = [insights.gaps.item(i).text() for i in range(insights.gaps.count())]
    gap = insights.gaps.item(texts.index("5 of 5 active contacts work in engineering"))
    rect = insights.gaps.visualItemRect(gap)
    qtbot.mouseClick(insights.gaps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.current_view_key() == "contacts"
    view = main_window.view("contacts")
    _settle(qtbot, view)
    assert sorted(_names(view)) == ["Eng 0", "Eng 1", "Eng 2", "Eng 3", "Sal Seller"]
    assert "work in engineering" in view.filter_label.text()
    # "Nobody junior to you": the active contacts whose seniority is not set.
    main_window.show_view("insights")
    junior = insights.gaps.item(texts.index("Nobody junior to you"))
    insights.gaps.setCurrentItem(junior)
    qtbot.keyClick(insights.gaps, Qt.Key.Key_Return)
    _settle(qtbot, view)
    assert _names(view) == ["Sal Seller"]
    assert "no seniority set" in view.filter_label.text()
    # Missing information: each line a filter.
    main_window.show_view("insights")
    lines = [insights.missing.item(i).text() for i in range(insights.missing.count())]
    row = next(i for i, t in enumerate(lines) if t.startswith("No birthday"))
    assert lines[row].endswith(": 5")
    insights.missing.itemClicked.emit(insights.missing.item(row))
    _settle(qtbot, view)
    assert main_window.current_view_key() == "contacts"
    assert len(_names(view)) == 5 and "Me Myself" not in _names(view)
    assert "No birthday" in view.filter_label.text()


def test_menu_opens_at_once_and_counts_arrive_from_a_worker(
    qtbot: Any, main_window: Any, make_contact: Any, monkeypatch: Any
) -> None:
    import threading

    from netkeeper.services.insights import filters as fl

    make_contact("Ada Lovelace")
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    gate = threading.Event()
    threads: list[Any] = []
    real = fl.menu_counts

    def slow_counts() -> Any:
        threads.append(threading.current_thread())
        gate.wait(5)
        return real()

    monkeypatch.setattr("netkeeper.ui.contacts_view.menu_counts", slow_counts)
    view._fill_filter_menu()
    texts = [a.text() for a in view.filter_menu.actions()]
    assert "No birthday  (…)" in texts, "the menu does not wait for the counts"
    gate.set()
    qtbot.waitUntil(
        lambda: "No birthday  (1)" in [a.text() for a in view.filter_menu.actions()],
        timeout=5000,
    )
    assert threads and threads[0] is not threading.main_thread()


def test_filter_ids_come_from_a_worker_and_only_the_newest_shows(
    qtbot: Any, main_window: Any, make_contact: Any, monkeypatch: Any
) -> None:
    import threading

    from netkeeper.services.insights import filters as fl

    make_contact("Ada Lovelace", birthday="1815-12-10")
    make_contact("Bob Stone", email="bob@example.org")
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    gate = threading.Event()
    threads: list[Any] = []
    real = fl.filter_ids

    def slow(f: Any) -> Any:
        threads.append(threading.current_thread())
        if f.key == "no_birthday":
            gate.wait(5)  # the first choice answers last
        return real(f)

    monkeypatch.setattr("netkeeper.ui.contacts_view.filter_ids", slow)
    view.set_filter(missing_filter("no_birthday"))
    assert view.filter_pending()
    assert "(finding them…)" in view.filter_label.text()
    assert len(_names(view)) == 2, "the list stays as it was meanwhile"
    view.set_filter(missing_filter("no_reach"))
    _settle(qtbot, view)
    assert _names(view) == ["Ada Lovelace"]
    gate.set()
    qtbot.wait(300)
    assert _names(view) == ["Ada Lovelace"], "the older answer is dropped"
    assert "No email and no phone" in view.filter_label.text()
    assert threads and all(t is not threading.main_thread() for t in threads)
