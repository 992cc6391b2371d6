"""ui/first_paint: start-up work waits for the window's first paint, but not forever."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from netkeeper.ui import first_paint


def test_work_waits_for_the_first_paint_then_runs_once(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    ran: list[str] = []
    first_paint.after_first_paint(window, lambda: ran.append("index"))
    first_paint.after_first_paint(window, lambda: ran.append("tray"))
    qtbot.wait(50)
    assert ran == []  # zero-timers would have run by now
    window.show()
    qtbot.waitUntil(lambda: ran == ["index", "tray"], timeout=first_paint.FALLBACK_MS // 2)
    first_paint.after_first_paint(window, lambda: ran.append("later"))  # painted already
    qtbot.waitUntil(lambda: ran[-1:] == ["later"], timeout=500)
    window.update()
    qtbot.wait(50)
    assert ran == ["index", "tray", "later"]


def test_a_window_that_stays_hidden_still_runs_it(qtbot: Any) -> None:
    """Started minimized to the tray: the first check must not wait for a paint."""
    window = QWidget()
    qtbot.addWidget(window)
    ran: list[str] = []
    first_paint.after_first_paint(window, lambda: ran.append("tray"))
    qtbot.waitUntil(lambda: ran == ["tray"], timeout=first_paint.FALLBACK_MS * 3)


def test_the_contact_list_paints_before_its_search_index_is_built(
    qtbot: Any, gui_db: Any, settings: Any, make_contact: Any
) -> None:
    """Issue 9, item 6: the index (~150 ms at 50,000 contacts) waited in front of the paint."""
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.main_window import MainWindow

    make_contact("Ada Lovelace")
    window = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(window)
    view = window.view("contacts")
    for _ in range(3):
        QApplication.processEvents()  # zero-timers queued while building would run here
    assert view._haystacks is None and view._positions is None
    window.show()
    qtbot.waitUntil(lambda: view._haystacks is not None and view._positions is not None)
