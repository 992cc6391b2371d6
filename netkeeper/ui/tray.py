"""The system-tray icon: today's count, the due items, and notifications.

The promise of NetKeeper is that it tells you whom to reach out to without
opening the app, so the checks run here, on a QTimer in the app itself: no
cron, no separate service that might not be running.

Each tick asks services.followups.summary() once (a count and the top items
from covering indexes, plus what surfaced in the last two weeks), so it stays
well under a frame (16 ms) even with tens of thousands of contacts overdue;
bench/due.py measures it. The clock is injected so tests can drive days and
digest times without waiting.

What gets announced (QSystemTrayIcon.showMessage), and remembered in the
database's announcement table so a restart does not repeat it:
- an item that newly fell due (its key names the occurrence, so a restarted
  cadence is a new item): once, including items that fell due while NetKeeper
  was closed (announced at the next start, if within the look-back);
- the daily digest at the user's time (or at the first check after it): the due
  items not already announced that day. No item is announced twice a day.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from netkeeper import APP_NAME, paths
from netkeeper.services import followups
from netkeeper.services.followups import DueItem
from netkeeper.settings import CLOSE_TO_TRAY, DIGEST_TIME, NOTIFICATIONS, Settings
from netkeeper.ui.first_paint import after_first_paint

MENU_ITEMS = 12
LOOKBACK_DAYS = 14
DIGEST_KEY = "digest"
KEEP_ANNOUNCEMENTS_DAYS = 400  # a yearly birthday key must outlive a year
HIDDEN_EXPLAINED = "tray/hidden_explained"  # the once-only "still running" message was shown
_LABELS = {
    "keep-in-touch": "keep in touch",
    "follow-up": "follow up",
    "birthday": "birthday",
    "anniversary": "anniversary",
    "group-meeting": "group meeting",
    "commitment": "your commitment",
}

Clock = Callable[[], dt.datetime]


def describe_item(item: DueItem) -> str:
    """ "Ada Lovelace — keep in touch (3 days overdue)" for menus and messages."""
    if item.overdue_days > 0:
        when = f"{item.overdue_days} day{'s' if item.overdue_days != 1 else ''} overdue"
    elif item.overdue_days == 0:
        when = "today"
    else:
        n = -item.overdue_days
        when = f"in {n} day{'s' if n != 1 else ''}"
    return f"{item.contact} — {_LABELS[item.kind]} ({when})"


def parse_digest_time(text: str) -> dt.time:
    try:
        hours, minutes = (int(p) for p in text.split(":"))
        return dt.time(hours, minutes)
    except (ValueError, TypeError):
        return dt.time(9, 0)


def app_icon() -> QIcon:
    for name in ("icons/netkeeper.svg", "icons/png/netkeeper-64.png"):
        path = paths.resource_path(name)
        if path.is_file():
            return QIcon(str(path))
    return QIcon()


# The sync state's mark in the icon's top-left corner (the due count has the other):
# blue while a sync runs, amber when it needs attention. Offline is not an error: no mark.
SYNC_MARKS = {"running": ("#1e88e5", "↻"), "attention": ("#f59f00", "!")}


def badge_icon(base: QIcon, count: int, size: int = 64, mark: str | None = None) -> QIcon:
    """The app icon with the number due today in a red disc (none when zero), and the
    sync state's mark (SYNC_MARKS) when there is one."""
    pixmap = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
    if base.isNull():
        pixmap.fill(QColor("#2f6f9f"))
    if count <= 0 and mark not in SYNC_MARKS:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setBold(True)
    if mark in SYNC_MARKS:
        colour, sign = SYNC_MARKS[mark]
        ring = max(2, size // 16)  # a white ring: the mark stands out on the blue icon
        spot = QRect(ring // 2, ring // 2, size // 2, size // 2)
        painter.setBrush(QColor(colour))
        painter.setPen(QPen(QColor("white"), ring))
        painter.drawEllipse(spot)
        font.setPixelSize(int(spot.height() * 0.7))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(spot, Qt.AlignmentFlag.AlignCenter, sign)
    if count > 0:
        text = str(count) if count < 100 else "99+"
        disc = QRect(size // 3, size // 3, size * 2 // 3, size * 2 // 3)
        painter.setBrush(QColor("#d32f2f"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(disc)
        font.setPixelSize(
            int(disc.height() * (0.62 if len(text) == 1 else 0.5 if len(text) == 2 else 0.38))
        )
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class DueTray(QObject):
    """Tray icon, menu and notifications over services.followups.

    Signals:
        open_window(): "Open NetKeeper", a click on the icon, or a message about several items.
        open_contact(int): a due item was chosen in the menu or its notification clicked.
        open_reminders(): a notification about several people, or "… and N more".
        log_requested(): "Log interaction…".
        quit_requested(): "Quit".
        data_changed(): the tray changed data (snooze); views should refresh.
        announced(str, str): a notification was shown (title, body); for tests and logs.
    """

    open_window = Signal()
    open_contact = Signal(int)
    open_reminders = Signal()
    log_requested = Signal()
    quit_requested = Signal()
    data_changed = Signal()
    announced = Signal(str, str)

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = dt.datetime.now,
        interval_ms: int = 60_000,
        icon: QIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.clock = clock
        self.base_icon = icon if icon is not None else app_icon()
        self.due_today = -1
        self.sync_mark: str | None = None
        self.items: list[DueItem] = []
        self._menu_keys: list[str] | None = None
        self._message_contact: int | None = None
        self._message_opens_window = False
        self._pruned_on: dt.date | None = None
        self._digest_day: dt.date | None = None
        self._stamp: tuple[object, ...] | None = None
        self._steps: Iterator[followups.DueSummary | None] | None = None
        self._job_args: tuple[dt.date, bool, bool] = (dt.date.min, False, False)
        self._again = False
        self._result: followups.DueSummary | None = None
        self._stopped = False

        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.tray = QSystemTrayIcon(self)
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._on_activated)
        self.tray.messageClicked.connect(self._on_message_clicked)
        self._set_count(0)
        self._build_menu([], 0)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Show the icon and start the periodic check (call check() once for the start)."""
        self._stopped = False
        self.tray.show()
        self.timer.start()

    def stop(self) -> None:
        """Hide the icon; a sliced check still under way is dropped, not finished on a
        tray that may be gone by its next slice."""
        self._stopped = True
        self.timer.stop()
        self._steps = self._result = None
        self._again = False
        self.tray.hide()

    # --- the check --------------------------------------------------------------------------

    @Slot()
    def check(self) -> None:
        """Refresh the count and menu; announce what newly fell due and the daily digest.

        Synchronous: the start-up check and refreshes after the user changed data.
        """
        self._steps = self._result = None  # a sliced run in progress is superseded
        job = self._job()
        if job is not None:
            self._apply(
                followups.summary(job[0], limit=MENU_ITEMS, lookback_days=LOOKBACK_DAYS), *job
            )

    @Slot()
    def tick(self) -> None:
        """The timer's check, in slices of a few milliseconds (one per event-loop turn).

        Ticks where neither the day, the database (any connection) nor the digest
        changed cost two PRAGMA reads: the summary is only recomputed when it can differ.
        """
        if self._stopped:  # a tick queued before stop()
            return
        if self._steps is not None:
            self._again = True  # still slicing the previous one: run again when it ends
            return
        job = self._job()
        if job is None:
            return
        self._steps = followups.summary_steps(job[0], limit=MENU_ITEMS, lookback_days=LOOKBACK_DAYS)
        self._job_args = job
        self._step()

    @property
    def busy(self) -> bool:
        return self._steps is not None

    def _step(self) -> None:
        if self._steps is None:
            return
        if self._result is not None:
            # Icon, menu and announcements: a slice of their own, after the queries.
            result, self._result, self._steps = self._result, None, None
            self._apply(result, *self._job_args)
            if self._again:
                self._again = False
                QTimer.singleShot(0, self.tick)
            return
        self._result = next(self._steps)
        QTimer.singleShot(0, self._step)

    def _job(self) -> tuple[dt.date, bool, bool] | None:
        """(today, notifications on, digest pending), or None when nothing can have changed."""
        now = self.clock()
        today = now.date()
        notify = self.settings.get(NOTIFICATIONS)
        digest_pending = (
            notify
            and now.time() >= parse_digest_time(self.settings.get(DIGEST_TIME))
            and self._digest_day != today
        )
        if (today, followups.change_stamp(), notify) == self._stamp and not digest_pending:
            return None
        return today, notify, digest_pending

    def _apply(
        self, summary: followups.DueSummary, today: dt.date, notify: bool, digest_pending: bool
    ) -> None:
        self.items = summary.top
        self._set_count(summary.count)
        keys = [i.key for i in summary.top]
        if keys != self._menu_keys:
            self._build_menu(summary.top, summary.count)
        if notify:
            self._announce_news(summary, today, digest_pending)
        if self._pruned_on != today:
            self._pruned_on = today
            followups.forget_announcements(today - dt.timedelta(days=KEEP_ANNOUNCEMENTS_DAYS))
        self._stamp = (today, followups.change_stamp(), notify)

    def _announce_news(
        self, summary: followups.DueSummary, today: dt.date, digest_pending: bool
    ) -> None:
        keys = [i.key for i in summary.top]
        seen = followups.announced_days([i.key for i in summary.recent] + keys + [DIGEST_KEY])
        if seen.get(DIGEST_KEY) == today:
            self._digest_day = today
        fresh = [i for i in summary.recent if i.key not in seen]
        if digest_pending and self._digest_day != today:
            # The digest says everything due today that was not named yet today.
            named = {i.key for i in fresh}
            pending = [i for i in summary.top if seen.get(i.key) != today and i.key not in named]
            items = fresh + pending
            if items:
                self._announce(items, summary.count, digest=True)
            followups.mark_announced([*(i.key for i in items), DIGEST_KEY], today)
            self._digest_day = today
        elif fresh:
            self._announce(fresh, summary.count, digest=False)
            followups.mark_announced([i.key for i in fresh], today)

    def _announce(self, items: Sequence[DueItem], total: int, *, digest: bool) -> None:
        if len(items) == 1 and not digest:
            item = items[0]
            title = {
                "keep-in-touch": f"Time to get in touch with {item.contact}",
                "follow-up": f"Follow up with {item.contact}",
                "birthday": f"{item.contact}'s birthday",
                "anniversary": f"{item.contact}'s anniversary",
                "group-meeting": f"{item.contact} meets",
                "commitment": f"Your commitment to {item.contact}",
            }[item.kind]
            body = describe_item(item) + (f"\n{item.note}" if item.note else "")
            if item.kind == "keep-in-touch" and item.contact_id is not None:
                from netkeeper.services.people.rapport import first_open_question

                question = first_open_question([item.contact_id]).get(item.contact_id)
                if question:
                    body += f"\nAsk: {question}"
            self._message_contact = item.contact_id
        else:
            title = (
                f"{APP_NAME}: {total} due today"
                if digest
                else f"{APP_NAME}: {len(items)} newly due"
            )
            shown = [describe_item(i) for i in items[:5]]
            # The digest names only the first items it holds; "… and N more" counts the day's total.
            more = (max(total, len(items)) if digest else len(items)) - len(shown)
            body = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
            contacts = {i.contact_id for i in items}
            self._message_contact = items[0].contact_id if len(contacts) == 1 else None
        self._message_opens_window = False
        self.tray.showMessage(title, body, self.base_icon, 15_000)
        self.announced.emit(title, body)

    def explain_hidden(self) -> None:
        """The first time closing hides the window, say where NetKeeper went: without a
        word, a user who closed it believes it quit (and never sees a reminder), or looks
        for it in the task bar. Said once per user (HIDDEN_EXPLAINED in the settings)."""
        q = self.settings.qsettings
        if q.value(HIDDEN_EXPLAINED, False, type=bool):
            return
        q.setValue(HIDDEN_EXPLAINED, True)
        q.sync()
        title = f"{APP_NAME} is still running"
        body = (
            "It stays here to remind you of follow-ups. Quit is in this icon's menu; "
            "in Settings, closing the window can quit instead."
        )
        self._message_contact = None
        self._message_opens_window = True
        self.tray.showMessage(title, body, self.base_icon, 10_000)
        self.announced.emit(title, body)

    # --- icon and menu ----------------------------------------------------------------------

    def _set_count(self, count: int) -> None:
        if count == self.due_today:
            return
        self.due_today = count
        self.tray.setIcon(badge_icon(self.base_icon, count, mark=self.sync_mark))
        self._set_tooltip()

    def set_sync_mark(self, state: str | None) -> None:
        """Mark the icon with the sync state ("running", "attention"; others: no mark)."""
        mark = state if state in SYNC_MARKS else None
        if mark == getattr(self, "sync_mark", None):
            return
        self.sync_mark = mark
        self.tray.setIcon(badge_icon(self.base_icon, max(self.due_today, 0), mark=mark))

    def _set_tooltip(self) -> None:
        count = self.due_today
        lines = [
            f"{APP_NAME} — {count} due today" if count > 0 else f"{APP_NAME} — nothing due today"
        ]
        lines += [text for text in getattr(self, "status_lines", {}).values() if text]
        self.tray.setToolTip("\n".join(lines))

    def set_status_line(self, key: str, text: str) -> None:
        """A line of its own in the tooltip (the sync state), kept across count changes."""
        if not hasattr(self, "status_lines"):
            self.status_lines: dict[str, str] = {}
        self.status_lines[key] = text
        self._set_tooltip()

    def _build_menu(self, items: Sequence[DueItem], total: int) -> None:
        self._menu_keys = [i.key for i in items]
        menu = self.menu
        menu.clear()
        opener = menu.addAction(f"Open {APP_NAME}")
        opener.setObjectName("trayOpen")
        font = opener.font()
        font.setBold(True)
        opener.setFont(font)
        opener.triggered.connect(self.open_window)
        menu.addSeparator()
        if items:
            menu.addSection(f"Due ({total})")
            for item in items:
                action = QAction(describe_item(item), menu)
                action.setData(item.contact_id)
                if item.contact_id is not None:  # group items open the window itself
                    action.triggered.connect(
                        lambda _checked=False, cid=item.contact_id: self.open_contact.emit(cid)
                    )
                else:
                    action.triggered.connect(self.open_window)
                menu.addAction(action)
            if total > len(items):
                more = menu.addAction(f"… and {total - len(items)} more")
                more.triggered.connect(self.open_reminders)
        else:
            nothing = menu.addAction("Nothing due today")
            nothing.setEnabled(False)
        menu.addSeparator()
        log = menu.addAction("Log interaction…")
        log.setObjectName("trayLog")
        log.triggered.connect(self.log_requested)
        snooze = menu.addAction("Snooze all until tomorrow")
        snooze.setObjectName("traySnooze")
        snooze.setEnabled(bool(items))
        snooze.triggered.connect(self.snooze_all)
        menu.addSeparator()
        quit_action = menu.addAction("Quit")
        quit_action.setObjectName("trayQuit")
        quit_action.triggered.connect(self.quit_requested)

    def actions_by_text(self) -> dict[str, QAction]:
        return {a.text(): a for a in self.menu.actions() if a.text()}

    # --- user actions -------------------------------------------------------------------------

    @Slot()
    def snooze_all(self) -> None:
        today = self.clock().date()
        followups.snooze_all(today, today + dt.timedelta(days=1))
        self.data_changed.emit()
        self.check()

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_window.emit()

    @Slot()
    def _on_message_clicked(self) -> None:
        if self._message_opens_window:
            self.open_window.emit()
        elif self._message_contact is not None:
            self.open_contact.emit(self._message_contact)
        else:
            self.open_reminders.emit()


class _CloseToTray(QObject):
    """Turns the window manager's close (the title bar's X) into hide while a tray exists.

    Only spontaneous closes: File > Quit, the tray's Quit and QApplication.quit()
    close the window programmatically and must really end the app.
    """

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        on_hidden: Callable[[], None] = lambda: None,
        quit_app: Callable[[], None] = QApplication.quit,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.on_hidden = on_hidden
        self.quit_app = quit_app

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self.window or event.type() != QEvent.Type.Close:
            return False
        if not event.spontaneous():
            return False
        if not self.settings.get(CLOSE_TO_TRAY):
            # With a tray the app does not quit on the last window closed, so with this
            # setting off the close alone left NetKeeper running in the tray anyway.
            QTimer.singleShot(0, self.quit_app)
            return False
        event.ignore()
        self.window.hide()
        self.on_hidden()
        return True


def _bring_to_front(window: QWidget) -> None:
    """Show the window as it was: showNormal() would also un-maximize a maximized one
    each time the tray's Open or a second launch brings it back. Only minimized is undone."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def install(window: Any, instance: QObject | None = None, *, minimized: bool = False) -> DueTray:
    """Wire the tray into the app: the one call app.py makes after building the window.

    With a system tray: the icon shows, closing the window hides it, `minimized`
    starts hidden, and the app lives until Quit. Without one (some desktops,
    Xvfb without a tray host): closing quits as usual and the due items are in
    the window's Reminders view at the next start. Either way the check runs once
    at start (announcing what fell due while NetKeeper was closed) and then every
    minute. `instance` is the SingleInstance listener: a second launch shows the window.
    """
    tray = DueTray(window.settings, parent=window)
    sync = getattr(window, "sync", None)
    if sync is not None:
        tray.set_status_line("sync", sync.text)
        tray.set_sync_mark(sync.state)
    tray.open_window.connect(lambda: _bring_to_front(window))

    def open_contact(contact_id: int) -> None:
        _bring_to_front(window)
        window.open_contact(contact_id)

    tray.open_contact.connect(open_contact)

    def open_reminders() -> None:
        _bring_to_front(window)
        window.show_view("reminders")

    tray.open_reminders.connect(open_reminders)
    tray.log_requested.connect(window.log_interaction)
    tray.quit_requested.connect(window.quit_app)
    tray.data_changed.connect(window.notify_changed)
    window.data_changed.connect(tray.check)
    if instance is not None:
        instance.activated.connect(lambda: _bring_to_front(window))  # type: ignore[attr-defined]
        instance.quit_requested.connect(window.quit_app)  # type: ignore[attr-defined]
    available = QSystemTrayIcon.isSystemTrayAvailable()
    if available:
        QApplication.setQuitOnLastWindowClosed(False)
        window.installEventFilter(
            _CloseToTray(window, window.settings, tray.explain_hidden, window.quit_app)
        )
    if not (available and minimized):
        window.show()
    tray.timer.start()
    if available:
        tray.tray.show()
    # Move everything built so far (Qt wrappers, modules, the window) out of the cyclic
    # collector's reach: measured on 50,000 contacts, a full collection over them paused
    # a check slice for 21 ms; after the freeze the longest collection took 0.4 ms.
    # Objects still die by reference counting; only start-up objects in reference cycles
    # that become garbage later are never collected, a few kilobytes at most.
    gc.freeze()
    after_first_paint(window, tray.tick)  # the start-up check, sliced like the periodic ones
    return tray
