"""The Contacts view: tag sidebar, searchable list, detail pane; or an invitation on first run.

All rows of live contacts are loaded once per refresh as plain tuples
(services.contact_rows); a search keystroke asks FTS5 for matching ids and
filters that Python list, then resets the model. Edits go through the
services and end with `window.notify_changed()`, which refreshes every view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QActionGroup, QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services import ServiceError
from netkeeper.services.contact_rows import (
    ContactRow,
    SortKey,
    aligned_haystacks,
    contact_rows,
    filter_rows,
    name_haystacks,
    row_positions,
    sort_rows,
)
from netkeeper.services.contacts import delete_contacts, restore_contacts
from netkeeper.services.insights.filters import (
    ContactFilter,
    filter_ids,
    menu_counts,
    menu_filters,
    short_label,
)
from netkeeper.services.tags import (
    add_tag,
    contacts_with_tag,
    delete_tag,
    remove_tag,
    tag_counts,
)
from netkeeper.ui.contact_detail import ContactDetail
from netkeeper.ui.contact_models import (
    ID_ROLE,
    TAG_ROLE,
    ContactColumn,
    ContactListModel,
    CountDelegate,
    TagListModel,
)
from netkeeper.ui.first_paint import after_first_paint
from netkeeper.ui.keep_place import remember, restore
from netkeeper.ui.widgets import EmptyState

if TYPE_CHECKING:
    from netkeeper.ui.main_window import MainWindow

SEARCH_DELAY_MS = 60
# Below these widths of the view the tag pane gives way, then the details go under the list.
TAGS_PANE_WIDTH = 600
SIDE_BY_SIDE_WIDTH = 520


class _ContactTable(QTableView):
    """The list itself; Return opens the editor, like F2."""

    def __init__(self, on_return: Any) -> None:
        super().__init__()
        self._on_return = on_return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._on_return()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tabbing in selects the current row, so the details show and F2 has a target."""
        super().focusInEvent(event)
        tabbed = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbed and not self.selectionModel().hasSelection() and self.model().rowCount():
            current = self.currentIndex()
            self.selectRow(current.row() if current.isValid() else 0)


class _SearchField(QLineEdit):
    """Down arrow moves into the list; Escape clears the search."""

    def __init__(self, table: QTableView) -> None:
        super().__init__()
        self._table = table

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self._table.setFocus(Qt.FocusReason.TabFocusReason)  # which selects a row
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ContactsView(QWidget):
    """Contacts: a tag sidebar, a search field over the list, and the selected contact's details."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self._all: list[ContactRow] = []
        self._all_sorted_as: tuple[SortKey, bool] | None = None
        self._haystacks: dict[int, str] | None = None
        self._positions: dict[int, int] | None = None  # of self._all as sorted now
        self._aligned: list[str] | None = None  # the haystacks in that order too
        self._tag: str | None = None
        # A "Needs attention" or diversity filter (services/insights/filters.py) and the
        # ids behind it, asked of SQL again on every refresh.
        self._filter: ContactFilter | None = None
        self._filter_ids: set[int] | None = None
        self._filter_counts: dict[tuple[str, str], int] = {}
        self._count_actions: dict[tuple[str, str], tuple[QAction, str]] = {}
        self._count_worker: Any = None
        self._filter_run = 0  # the newest look-up of the filter's ids
        self._filter_shown = 0  # the look-up the list shows
        self._wide_state: QByteArray | None = None  # the splitter as it was before narrowing
        self._follows_feed = False  # connected to the shared strength feed yet

        self.tags = QListView()
        self.tags.setObjectName("tagList")
        self.tags.setAccessibleName("Tags")
        self.tag_model = TagListModel(self)
        self.tags.setModel(self.tag_model)
        self.tags.setItemDelegate(CountDelegate(self.tags))
        self.tags.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tags.selectionModel().currentChanged.connect(self._on_tag)
        self.tags.setMinimumWidth(120)
        self.tags.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tags.customContextMenuRequested.connect(self._tag_menu)
        self.tags.setSpacing(1)

        self.model = ContactListModel(self)
        self.table = _ContactTable(self.edit_selected)
        self.table.setObjectName("contactTable")
        self.table.setAccessibleName("Contacts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list (a table's default walks its cells and never lets go).
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ContactColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setIconSize(self.table.iconSize().expandedTo(self._avatar_size()))
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ContactListModel.AVATAR_SIZE + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        # The name keeps its width; the organisation takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ContactColumn.ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        chars = header.fontMetrics().averageCharWidth()
        header.resizeSection(ContactColumn.NAME, ContactListModel.AVATAR_SIZE + 12 + 22 * chars)
        # Dates and the score take what their title or widest value needs in this font
        # (fixed pixels clipped the organisation to a sliver beside the detail pane).
        for column, widest in (
            (ContactColumn.LAST_INTERACTION, "2026-12-31"),
            (ContactColumn.NEXT_FOLLOW_UP, "2026-12-31"),
            (ContactColumn.STRENGTH, "100"),
        ):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            metrics = header.fontMetrics()
            text = max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(widest))
            header.resizeSection(column, text + 2 * metrics.averageCharWidth() + 8)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.search = _SearchField(self.table)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            "Search names, organisations, emails, phones, notes…  (Ctrl+F)"
        )
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.filter_button = QToolButton()
        self.filter_button.setObjectName("filterButton")
        self.filter_button.setText("Filter")
        self.filter_button.setAccessibleName("Filter contacts")
        self.filter_button.setToolTip(
            "Needs attention: contacts missing a way to reach them, a birthday, a photo…"
        )
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.filter_menu = QMenu(self.filter_button)
        self.filter_menu.aboutToShow.connect(self._fill_filter_menu)
        self.filter_button.setMenu(self.filter_menu)
        self._filter_group = QActionGroup(self)
        # What the list is filtered to, always with a way back.
        self.filter_bar = QFrame()
        self.filter_bar.setObjectName("filterBar")
        self.filter_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.filter_label = QLabel()
        self.filter_label.setObjectName("filterLabel")
        self.filter_label.setWordWrap(True)
        self.clear_filter_button = QPushButton("Clear filter")
        self.clear_filter_button.setObjectName("clearFilter")
        self.clear_filter_button.setToolTip("Show all contacts again")
        self.clear_filter_button.clicked.connect(lambda: self.set_filter(None))
        bar_layout = QHBoxLayout(self.filter_bar)
        bar_layout.setContentsMargins(8, 4, 4, 4)
        bar_layout.addWidget(self.filter_label, 1)
        bar_layout.addWidget(self.clear_filter_button)
        self.filter_bar.hide()

        self.no_match = QLabel()
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.setWordWrap(True)
        self.empty = EmptyState(
            import_=lambda: self.window_.import_vcards(),
            add=self.new_contact,
            demo_hint=True,
        )
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.no_match)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        # Stands in for the tag pane when the window is too narrow for it (see _fit_width).
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("tagCombo")
        self.tag_combo.setAccessibleName("Filter by tag")
        self.tag_combo.setModel(self.tag_model)
        self.tag_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag_combo.setMinimumContentsLength(8)
        self.tag_combo.activated.connect(lambda row: self.set_tag(self._tag_at_row(row)))
        self.tag_combo.hide()
        middle_layout.addWidget(self.tag_combo)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(0, 0, 0, 0)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.filter_button)
        middle_layout.addLayout(search_row)
        middle_layout.addWidget(self.filter_bar)
        middle_layout.addWidget(self.list_stack, 1)
        middle_layout.addWidget(self.count_label)

        self.detail = ContactDetail(window)
        self.detail.contact_link_activated.connect(self.select_contact)
        self.detail.edit_requested.connect(self.edit_selected)
        self.detail.tag_link_activated.connect(self.set_tag)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(self.tags)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([170, 700, 430])
        self.splitter.setChildrenCollapsible(False)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # Tab from the search goes to the list, as before; the filter is one Shift+Tab back.
        QWidget.setTabOrder(self.filter_button, self.clear_filter_button)
        QWidget.setTabOrder(self.clear_filter_button, self.search)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.tags)
        QWidget.setTabOrder(self.tags, self.detail)
        self._restore_state(window.settings.qsettings)
        self.refresh()

    @staticmethod
    def _avatar_size() -> Any:
        from PySide6.QtCore import QSize

        return QSize(ContactListModel.AVATAR_SIZE, ContactListModel.AVATAR_SIZE)

    # --- loading and filtering ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload rows and tags from the database, keeping search, tag, selection and the
        scroll position of both lists (a change made elsewhere must not move the user)."""
        list_place = remember(self.table, self._id_at_row, selection=False)
        tags_place = remember(self.tags, self._tag_at_row, selection=False)
        self._all = contact_rows()
        self._all_sorted_as = None
        self._haystacks = None
        self._positions = None
        self._aligned = None
        # Ready before the first keystroke, without delaying the first paint.
        after_first_paint(self.window_, self._build_haystacks)
        self.tag_model.set_tags(len(self._all), tag_counts())
        if self._tag is not None and self._tag not in self.tag_model.tag_names():
            self._tag = None
        self.tags.selectionModel().blockSignals(True)
        self.tags.setCurrentIndex(self.tag_model.index(self.tag_model.row_of(self._tag)))
        self.tags.selectionModel().blockSignals(False)
        if self._filter is not None:
            self._find_filter_ids(self._filter)  # meanwhile the ids as they were
        first_run = not self._all
        self.pages.setCurrentWidget(self.empty if first_run else self.splitter)
        self.apply_filter()
        restore(self.tags, tags_place, self._row_of_tag, selection=False)
        restore(self.table, list_place, self.model.row_of, selection=False)
        self._load_strengths()

    def _id_at_row(self, row: int) -> int:
        return self.model.row_data(row).id

    def _tag_at_row(self, row: int) -> str | None:
        tag = self.tag_model.index(row).data(TAG_ROLE)
        return str(tag) if tag else None

    def _row_of_tag(self, tag: object) -> int | None:
        names = [self.tag_model.index(r).data(TAG_ROLE) for r in range(self.tag_model.rowCount())]
        return names.index(tag) if tag in names else None

    def _load_strengths(self) -> None:
        """Fill the Strength column from the shared feed: every contact's strength is about
        a second at 50,000 contacts, computed once off the UI thread for every view."""
        from netkeeper.ui import strength_feed

        feed = strength_feed.shared()
        if not self._follows_feed:
            feed.ready.connect(self._strengths_ready)
            self._follows_feed = True
        if feed.current() is not None:
            self._strengths_ready()
        else:
            feed.request()  # the column keeps the last figures until the new ones arrive

    def _strengths_ready(self) -> None:
        from netkeeper.ui import strength_feed

        feed = strength_feed.shared()
        found = feed.latest()
        if found is None:
            return
        self.model.set_strengths(found, feed.score_of)
        if self.model.sort_state()[0] == SortKey.STRENGTH:
            self._all_sorted_as = None
            self.apply_filter()

    def apply_filter(self) -> None:
        """Filter the loaded rows by search text and tag, and show them (keeps the selection)."""
        self._search_timer.stop()
        keep = self.selected_ids()
        current = self.current_id()
        text = self.search.text()
        state = self.model.sort_state()
        if self._all_sorted_as != state:
            sort_rows(self._all, *state, self.model.scores)
            self._all_sorted_as = state
            self._positions = self._aligned = None
            # The positions, for the next keystroke; at start-up, after the first paint.
            after_first_paint(self.window_, self._build_haystacks)
        words = text.split()
        if self._haystacks is None and words and all(len(w) < 3 for w in words):
            self._haystacks = name_haystacks(self._all)
        try:
            hay = self._aligned if self._aligned is not None else self._haystacks
            rows = filter_rows(
                self._all, text, self._tag, hay, self._positions, only=self._filter_ids
            )
        except Exception as exc:
            self.window_.statusBar().showMessage(f"Search failed: {exc}", 4000)
            rows = []
        self.model.set_rows(rows, presorted=True)
        if rows or not self._all:
            self.list_stack.setCurrentWidget(self.table)
        else:
            what = f"“{text.strip()}”" if text.strip() else "this filter"
            where = f" with the tag {self._tag}" if self._tag else ""
            among = " among the filtered contacts" if self._filter and text.strip() else ""
            self.no_match.setText(f"No contacts match {what}{where}{among}.")
            self.list_stack.setCurrentWidget(self.no_match)
        shown = len(rows)
        total = len(self._all)
        # Your own card is not one of "your contacts": "199 contacts and you".
        from netkeeper.services.people.me import me_id

        mine = me_id()
        you = " and you" if mine is not None and any(r[0] == mine for r in self._all) else ""
        others = total - bool(you)
        self.count_label.setText(
            f"{others} contact{'s' if others != 1 else ''}{you}"
            if shown == total
            else f"{shown} of {total} contacts"
        )
        self._show_filter_bar(shown)
        self._reselect(keep, current)

    # --- Insights filters ("Needs attention", diversity) ----------------------------------------

    def current_filter(self) -> ContactFilter | None:
        return self._filter

    def set_filter(self, contact_filter: ContactFilter | None) -> None:
        """Show only the contacts behind a filter (None: all again); search and tag still apply.

        The ids come from a worker thread (20-300 ms of SQL at 50,000 contacts, the
        country and generation gaps the most); the bar says so until they arrive, and
        the list shows what it showed before.
        """
        self._filter = contact_filter
        if contact_filter is None:
            self._filter_run += 1  # an answer still on its way is not wanted any more
            self._filter_ids = None
            self.apply_filter()
            return
        self._filter_ids = None
        self._find_filter_ids(contact_filter)
        self._show_filter_bar(self.model.rowCount())

    def filter_pending(self) -> bool:
        """True while the chosen filter's contacts are still being looked up."""
        return self._filter is not None and self._filter_run != self._filter_shown

    def _find_filter_ids(self, contact_filter: ContactFilter) -> None:
        from netkeeper.ui.workers import Worker, start_kept

        self._filter_run += 1
        worker = Worker(lambda _progress, _cancelled: filter_ids(contact_filter))
        worker.setProperty("run", self._filter_run)
        worker.finished.connect(self._filter_ids_ready, Qt.ConnectionType.QueuedConnection)
        start_kept(worker)

    def _filter_ids_ready(self) -> None:
        from netkeeper.ui.workers import Worker

        worker = self.sender()
        if not isinstance(worker, Worker):
            return
        worker.wait()
        run = int(worker.property("run"))
        if run == self._filter_run and self._filter is not None:
            self._filter_shown = run
            if worker.error is not None:  # a busy or damaged database must not break the list
                self.window_.statusBar().showMessage(f"Could not filter: {worker.error}", 5000)
                self._filter = None
                self._filter_ids = None
            else:
                self._filter_ids = set(worker.result)
            self.apply_filter()
        worker.deleteLater()

    def _show_filter_bar(self, shown: int) -> None:
        f = self._filter
        self.filter_bar.setVisible(f is not None)
        self.filter_button.setText("Filter ●" if f is not None else "Filter")
        if f is None:
            return
        if self._filter_ids is None:
            self.filter_label.setText(f"{f.title} (finding them…)")
            return
        n = len(self._filter_ids)
        people = f"{n} contact{'s' if n != 1 else ''}"
        narrowed = f", {shown} shown" if shown != n else ""
        self.filter_label.setText(f"{f.title} ({people}{narrowed})")
        self.filter_label.setToolTip(f.title)

    def _fill_filter_menu(self) -> None:
        """The menu at once, with the counts last known; fresh counts come from a worker
        thread (two grouped queries, ~50-150 ms at 50,000 contacts) and replace them."""
        menu = self.filter_menu
        menu.clear()
        for action in self._filter_group.actions():
            self._filter_group.removeAction(action)
        self._count_actions = {}
        show_all = menu.addAction("All contacts")
        show_all.setCheckable(True)
        show_all.setChecked(self._filter is None)
        show_all.triggered.connect(lambda _c=False: self.set_filter(None))
        self._filter_group.addAction(show_all)
        for title, entries in menu_filters():
            menu.addSection(title)
            for contact_filter in entries:
                key = (contact_filter.kind, contact_filter.key)
                label = short_label(contact_filter)
                action = menu.addAction(self._counted(label, key))
                action.setCheckable(True)
                action.setChecked(contact_filter == self._filter)
                action.triggered.connect(lambda _c=False, f=contact_filter: self.set_filter(f))
                self._filter_group.addAction(action)
                self._count_actions[key] = (action, label)
        if self._filter is not None and not any(
            a.isChecked() for a in self._filter_group.actions()
        ):
            menu.addSection("From Insights")
            gap = menu.addAction(short_label(self._filter))
            gap.setCheckable(True)
            gap.setChecked(True)
            self._filter_group.addAction(gap)
        self._count_filters()

    def _counted(self, label: str, key: tuple[str, str]) -> str:
        n = self._filter_counts.get(key)
        return f"{label}  ({n:,})" if n is not None else f"{label}  (…)"

    def _count_filters(self) -> None:
        if self._count_worker is not None:
            return  # already counting: its answer fills this menu too
        from netkeeper.ui.workers import Worker, start_kept

        worker = Worker(lambda _progress, _cancelled: menu_counts())
        worker.finished.connect(self._counts_ready, Qt.ConnectionType.QueuedConnection)
        self._count_worker = worker
        start_kept(worker)

    def _counts_ready(self) -> None:
        worker, self._count_worker = self._count_worker, None
        if worker is None:
            return
        worker.wait()
        if worker.error is None:
            self._filter_counts = dict(worker.result)
            for key, (action, label) in self._count_actions.items():
                action.setText(self._counted(label, key))
        worker.deleteLater()

    def wait_filter_counts(self) -> None:
        """For tests: let the menu's counting finish and show."""
        if self._count_worker is not None:
            self._count_worker.wait()
            self._counts_ready()

    def _reselect(self, ids: list[int], current: int | None) -> None:
        """Select these contacts again after a reset, as one range per run of adjacent rows.

        Selecting row by row costs a selection-model update each: minutes for
        50,000 selected rows; a handful of ranges costs milliseconds.
        """
        selection_model = self.table.selectionModel()
        rows = sorted(r for r in map(self.model.row_of, ids) if r is not None)
        ranges = QItemSelection()
        last_column = self.model.columnCount() - 1
        runs: list[list[int]] = []  # [first, last] of each run of consecutive rows
        for number in rows:
            if runs and number == runs[-1][1] + 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        for first, last in runs:
            ranges.select(self.model.index(first, 0), self.model.index(last, last_column))
        selection_model.blockSignals(True)
        selection_model.select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if current is not None and (row := self.model.row_of(current)) is not None:
            selection_model.setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        selection_model.blockSignals(False)
        self.table.viewport().update()
        self._on_selection()

    def _build_haystacks(self) -> None:
        if self._haystacks is None:
            self._haystacks = name_haystacks(self._all)
        if self._positions is None and self._all_sorted_as is not None:
            self._positions = row_positions(self._all)
            self._aligned = aligned_haystacks(self._all, self._haystacks)

    def _on_tag(self, index: QModelIndex, _previous: QModelIndex) -> None:
        self._tag = index.data(TAG_ROLE) if index.isValid() else None
        self._sync_tag_combo()
        self.apply_filter()

    def _sync_tag_combo(self) -> None:
        self.tag_combo.blockSignals(True)
        self.tag_combo.setCurrentIndex(self.tags.currentIndex().row())
        self.tag_combo.blockSignals(False)

    # --- narrow windows ---------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_width(event.size().width())

    def _fit_width(self, width: int) -> None:
        """Keep the list readable as the window narrows: the tag pane gives way first (a
        tag box above the search takes its place), then the details move below the list.

        Without this a 480-pixel window squeezed the list to a sliver between the tags
        and the details, and selecting a contact widened the window to fit the details.
        """
        wide = width >= TAGS_PANE_WIDTH
        stacked = width < SIDE_BY_SIDE_WIDTH
        if not wide and self._wide_state is None:
            self._wide_state = self.splitter.saveState()  # what save_state keeps meanwhile
        self.tags.setVisible(wide)
        self.tag_combo.setVisible(not wide)
        if not wide:
            self._sync_tag_combo()
        orientation = Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            if stacked:
                height = max(self.splitter.height(), 2)
                self.splitter.setSizes([0, height * 11 // 20, height * 9 // 20])
            else:
                self.splitter.setSizes([170, max(width - 600, 200), 430])
        if wide and self._wide_state is not None:
            self.splitter.restoreState(self._wide_state)
            self._wide_state = None

    def current_tag(self) -> str | None:
        """The tag the list is filtered by (None: all contacts)."""
        return self._tag

    def set_tag(self, tag: str | None) -> None:
        self.tags.setCurrentIndex(self.tag_model.index(self.tag_model.row_of(tag)))

    # --- selection ------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Ids of the selected contacts in list order (read from ranges, not one index per cell)."""
        rows: set[int] = set()
        selection = self.table.selectionModel().selection()
        for part in (selection.at(i) for i in range(selection.count())):
            rows.update(range(part.top(), part.bottom() + 1))
        return [self.model.row_data(r).id for r in sorted(rows)]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return int(index.data(ID_ROLE))
        ids = self.selected_ids()
        return ids[0] if ids else None

    def _on_selection(self, *_args: Any) -> None:
        ids = self.selected_ids()
        self.detail.show_contact(ids[0] if len(ids) == 1 else None, len(ids))
        has = bool(ids)
        for name in (
            "edit_contact",
            "delete_contacts",
            "tag_contacts",
            "untag_contacts",
            "remind_me",
            "keep_in_touch",
            "edit_diversity",
        ):
            action = self.window_.named_actions.get(name)
            if action is not None:
                action.setEnabled(has or name == "edit_contact")
        export = self.window_.named_actions.get("export_selection")
        if export is not None:
            export.setEnabled(has)

    def select_contact(self, contact_id: int) -> None:
        """Select and show one contact, clearing a search or tag that hides it."""
        hidden = self.model.row_of(contact_id) is None
        if hidden and (self.search.text() or self._tag or self._filter):
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._tag = None
            self._filter = None
            self._filter_ids = None
            self._filter_run += 1
            self.set_tag(None)
            self.apply_filter()
        row = self.model.row_of(contact_id)
        if row is None:
            self.window_.statusBar().showMessage("That contact is in the trash", 4000)
            return
        index = self.model.index(row, ContactColumn.NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # --- actions (the window's QActions land here) ------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def new_contact(self) -> None:
        from netkeeper.ui.contact_editor import ContactEditor

        editor = ContactEditor(self.window_, None)
        if editor.exec() and editor.saved_id is not None:
            self.window_.notify_changed()
            self.select_contact(editor.saved_id)

    def edit_selected(self) -> None:
        from netkeeper.ui.contact_editor import ContactEditor

        cid = self.current_id()
        if cid is None:
            self.new_contact()
            return
        editor = ContactEditor(self.window_, cid)
        if editor.exec():
            self.window_.notify_changed()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        first_row = self.model.row_of(ids[0])
        moved = delete_contacts(ids)
        noun = "contact" if moved == 1 else "contacts"
        self.window_.notify_changed()
        if first_row is not None and self.model.rowCount():
            # The next contact takes the place: Delete, Delete, … walks down the list.
            self.select_contact(self.model.row_data(min(first_row, self.model.rowCount() - 1)).id)

        def undo() -> None:
            restore_contacts(ids)

        self.window_.show_undo(f"Moved {moved} {noun} to the trash", undo)

    def _names(self, ids: list[int]) -> list[str]:
        rows = (self.model.row_of(cid) for cid in ids[:1])
        return [self.model.row_data(r).full_name for r in rows if r is not None]

    def remind_selected(self) -> None:
        """Remind Me… for the selected contacts (one follow-up each)."""
        from netkeeper.ui.remind_dialog import remind

        ids = self.selected_ids()
        if ids:
            remind(self.window_, ids, self._names(ids) if len(ids) == 1 else [])

    def keep_in_touch_selected(self) -> None:
        """Keep in Touch… for the selected contacts: one cadence for all of them."""
        from netkeeper.ui.cadence_dialog import apply_to_contacts

        ids = self.selected_ids()
        if ids:
            apply_to_contacts(self.window_, ids, self._names(ids) if len(ids) == 1 else [])

    def diversity_selected(self) -> None:
        """Diversity… for the selected contacts: function, industry, place, generation…"""
        from netkeeper.ui.insights.diversity_dialog import edit_diversity

        ids = self.selected_ids()
        if ids:
            edit_diversity(self.window_, ids, self._names(ids) if len(ids) == 1 else [])

    def who_can_introduce_selected(self) -> None:
        """Who Can Introduce Me…: the paths through the network to the selected contact."""
        from netkeeper.ui.insights.paths_dialog import show_paths

        ids = self.selected_ids()
        show_paths(self.window_, ids[0] if len(ids) == 1 else None)

    def tag_cadence(self, tag: str) -> None:
        from netkeeper.ui.cadence_dialog import apply_to_tag

        apply_to_tag(self.window_, tag)

    def _tag_menu(self, pos: Any) -> None:
        index = self.tags.indexAt(pos)
        tag = index.data(TAG_ROLE) if index.isValid() else None
        if tag is None:
            return
        menu = QMenu(self)
        menu.addAction("Keep in Touch with Everyone Tagged…", lambda: self.tag_cadence(tag))
        menu.popup(self.tags.viewport().mapToGlobal(pos))

    def tag_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        prompt = QInputDialog(self)
        prompt.setWindowTitle("Tag contacts")
        prompt.setLabelText(f"Tag for {len(ids)} contact{'s' if len(ids) != 1 else ''}:")
        prompt.setComboBoxItems(self.tag_model.tag_names())
        prompt.setComboBoxEditable(True)
        prompt.setTextValue("")  # empty: Enter must not put the first listed tag on everyone
        ok = prompt.exec() == QInputDialog.DialogCode.Accepted
        name = prompt.textValue()
        prompt.deleteLater()
        if not ok or not name.strip():
            return
        known = {t.casefold(): t for t in self.tag_model.tag_names()}
        existing = known.get(" ".join(name.split()).casefold())
        had = set(contacts_with_tag(existing)) if existing else set()
        added = [cid for cid in ids if cid not in had]
        try:
            add_tag(ids, name)
        except ServiceError as exc:
            QMessageBox.warning(self, "Tag contacts", str(exc))
            return
        self.window_.notify_changed()

        def undo() -> None:
            if existing:
                remove_tag(added, existing)
            else:
                delete_tag(name)

        self.window_.show_undo(f"Tagged {len(ids)} with “{name.strip()}”", undo)

    def untag_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        # One query per tag, not per contact: 13 ms instead of 0.6 s for 5,000 selected.
        chosen = set(ids)
        present = [
            t for t in self.tag_model.tag_names() if not chosen.isdisjoint(contacts_with_tag(t))
        ]
        if not present:
            self.window_.statusBar().showMessage("The selected contacts have no tags", 4000)
            return
        name, ok = QInputDialog.getItem(self, "Remove tag", "Tag to remove:", present, 0, False)
        if not ok:
            return
        had = sorted(set(contacts_with_tag(name)).intersection(ids))
        remove_tag(ids, name)
        self.window_.notify_changed()
        self.window_.show_undo(
            f"Removed “{name}” from {len(had)}", lambda: add_tag(had, name) if had else None
        )

    def _context_menu(self, pos: Any) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        from netkeeper.ui.main_window import CONTACT_ACTIONS

        menu = QMenu(self)
        for name in CONTACT_ACTIONS:
            if name is None:
                menu.addSeparator()
            elif name in self.window_.named_actions:
                menu.addAction(self.window_.named_actions[name])
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # --- state ---------------------------------------------------------------------------

    def save_state(self, q: QSettings) -> None:
        # A narrow window's arrangement is not the one to come back to in a wide one.
        state = self._wide_state if self._wide_state is not None else self.splitter.saveState()
        q.setValue("contacts/splitter", state)
        q.setValue("contacts/header", self.table.horizontalHeader().saveState())

    def _restore_state(self, q: QSettings) -> None:
        """Column widths, sort column and splitter from the last session (before any rows load)."""
        splitter = q.value("contacts/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        header = q.value("contacts/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
