"""A 480-pixel window: the tag pane gives way first, the list stays readable, and
selecting a contact never widens the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_a_narrow_window_keeps_the_list_readable_and_its_width(
    qtbot: Any, make_contact: Any, main_window: Any
) -> None:
    ids = [
        make_contact(f"Bartholomew Longname-{i:02d}", org="Cobalt Finch Games", tags=["press"])
        for i in range(30)
    ]
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    main_window.resize(480, 700)
    qtbot.waitUntil(lambda: main_window.width() == 480)
    QApplication.processEvents()
    assert view.tags.isHidden() and not view.tag_combo.isHidden()
    view.select_contact(ids[3])
    QApplication.processEvents()
    qtbot.wait(50)
    assert main_window.width() == 480  # the details did not push the window wider
    assert main_window.minimumSizeHint().width() <= 480
    assert view.table.width() >= 300  # a readable list, not a sliver
    assert view.detail.width() >= 300
    assert view.splitter.orientation() == Qt.Orientation.Vertical

    # The tag filter is still there, in the box above the search.
    view.tag_combo.setCurrentIndex(view.tag_model.row_of("press"))
    view.tag_combo.activated.emit(view.tag_model.row_of("press"))
    assert view.current_tag() == "press"

    main_window.resize(1320, 820)
    qtbot.waitUntil(lambda: not view.tags.isHidden())
    assert view.tag_combo.isHidden()
    assert view.splitter.orientation() == Qt.Orientation.Horizontal
    assert view.tags.currentIndex().data() is not None
    assert view.current_tag() == "press"


def test_every_column_of_the_list_fits_a_laptop_window(
    qtbot: Any, make_contact: Any, main_window: Any
) -> None:
    """At 1300 pixels, beside the tags and the detail pane, the list needs no sideways
    scrolling and the organisation is more than a sliver (it was 58 pixels wide)."""
    from netkeeper.ui.contact_models import ContactColumn

    make_contact("Bartholomew Longname", org="Cobalt Finch Games")
    main_window.notify_changed()
    view = main_window.show_view("contacts")
    main_window.resize(1300, 820)
    qtbot.waitUntil(lambda: main_window.width() == 1300)
    QApplication.processEvents()
    assert not view.table.horizontalScrollBar().isVisible()
    header = view.table.horizontalHeader()
    organisation = header.sectionSize(ContactColumn.ORGANIZATION)
    assert organisation >= header.fontMetrics().horizontalAdvance("Cobalt Finch Games")
    for column in (ContactColumn.LAST_INTERACTION, ContactColumn.NEXT_FOLLOW_UP):
        title = str(view.model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
