"""Keep the user's place in a list across a model reset: what is selected and what is on top.

Every view reloads its rows when the database changes (often because of another
process), and a reset model forgets the selection and lets the view jump. The
place is remembered by item identity (a contact id, an interaction id, a
reminder key), not by row number: rows added above the top one must not push
what the user was reading off screen, and the selected contact must stay
selected wherever it moved.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint
from PySide6.QtWidgets import QAbstractItemView

KeyOf = Callable[[int], Any]  # row -> identity (hashable)
RowOf = Callable[[Any], "int | None"]  # identity -> row, None when it is gone


@dataclass
class Place:
    """What was on top (and by how many pixels it was scrolled past) and what was selected."""

    top: Hashable | None = None
    top_offset: int = 0
    scroll: int = 0
    horizontal: int = 0
    selected: tuple[Hashable, ...] = ()
    current: Hashable | None = None


def remember(view: QAbstractItemView, key_of: KeyOf, *, selection: bool = True) -> Place:
    """The place in `view` now, by identity."""
    model = view.model()
    place = Place(
        scroll=view.verticalScrollBar().value(),
        horizontal=view.horizontalScrollBar().value(),
    )
    if model is None or not model.rowCount():
        return place
    top = view.indexAt(QPoint(1, 1))
    if top.isValid():
        place.top = key_of(top.row())
        place.top_offset = view.visualRect(top).top()
    if selection:
        selection_model = view.selectionModel()
        rows = sorted({i.row() for i in selection_model.selectedRows()})
        place.selected = tuple(key_of(r) for r in rows if r < model.rowCount())
        current = view.currentIndex()
        if current.isValid() and current.row() < model.rowCount():
            place.current = key_of(current.row())
    return place


def restore(
    view: QAbstractItemView, place: Place, row_of: RowOf, *, selection: bool = True
) -> None:
    """Put `view` back at `place` after its model was reset (items gone are skipped)."""
    model = view.model()
    nothing = place.top is None and not place.selected and not place.scroll
    if model is None or (nothing and not place.horizontal):
        return  # the first load (start-up): nothing to put back, no layout to force
    view.doItemsLayout()  # the reset's layout is deferred; scrolling needs it now
    if selection:
        rows = sorted(r for r in map(row_of, place.selected) if r is not None)
        _select_rows(view, rows)
        current = row_of(place.current) if place.current is not None else None
        if current is not None:
            view.selectionModel().setCurrentIndex(
                model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
    view.horizontalScrollBar().setValue(place.horizontal)
    top = row_of(place.top) if place.top is not None else None
    bar = view.verticalScrollBar()
    if top is None:
        bar.setValue(min(place.scroll, bar.maximum()))
        return
    index = model.index(top, 0)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
    if view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel:
        bar.setValue(bar.value() - place.top_offset)


def _select_rows(view: QAbstractItemView, rows: Sequence[int]) -> None:
    """Select whole rows as one range per run of adjacent rows (50,000 rows in milliseconds)."""
    model = view.model()
    ranges = QItemSelection()
    last_column = max(0, model.columnCount() - 1)
    start = previous = None
    for row in [*rows, None]:
        if start is not None and previous is not None and (row is None or row != previous + 1):
            ranges.select(model.index(start, 0), model.index(previous, last_column))
            start = None
        if row is not None and start is None:
            start = row
        previous = row
    view.selectionModel().select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)


@contextmanager
def kept_place(
    view: QAbstractItemView, key_of: KeyOf, row_of: RowOf, *, selection: bool = True
) -> Iterator[Place]:
    """`with kept_place(table, key_of, row_of): model.set_rows(...)` keeps scroll and selection.

    `key_of` is read before the reset and `row_of` after it, so both may simply
    consult the model. With `selection=False` only the scroll position is kept (the
    caller restores the selection its own way).
    """
    place = remember(view, key_of, selection=selection)
    yield place
    restore(view, place, row_of, selection=selection)
