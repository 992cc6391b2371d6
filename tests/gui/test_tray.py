"""The tray built directly over a real database, its QTimer driven by a fake clock."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from typing import Any

import pytest

from netkeeper.services import followups, reminders, timeline
from netkeeper.settings import DIGEST_TIME, NOTIFICATIONS
from netkeeper.ui.tray import DueTray, badge_icon, describe_item

D = dt.date(2026, 11, 26)  # Ada's keep-in-touch falls due on this day


class Clock:
    """A fake wall clock the tests move by hand."""

    def __init__(self, when: dt.datetime) -> None:
        self.now = when

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, day: dt.date, hhmm: str) -> None:
        self.now = dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


@pytest.fixture
def ada(make_contact: Callable[..., int]) -> int:
    cid = make_contact("Ada Lovelace")
    followups.set_cadence(cid, "2 weeks")
    timeline.log_interaction(
        [cid], "call", dt.datetime.combine(D - dt.timedelta(weeks=2), dt.time(12))
    )
    assert followups.cadence_of(cid)["next_due"] == D.isoformat()
    return cid


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime.combine(D - dt.timedelta(days=1), dt.time(8, 0)))


@pytest.fixture
def make_tray(qtbot: Any, settings: Any, clock: Clock) -> Callable[[], tuple[DueTray, list]]:
    settings.set(DIGEST_TIME, "09:00")
    trays: list[DueTray] = []

    def make() -> tuple[DueTray, list[tuple[str, str]]]:
        tray = DueTray(settings, clock=clock, interval_ms=5)
        said: list[tuple[str, str]] = []
        tray.announced.connect(lambda title, body: said.append((title, body)))
        trays.append(tray)
        return tray, said

    yield make
    for tray in trays:
        tray.stop()
        tray.deleteLater()


def _tick(qtbot: Any, tray: DueTray) -> None:
    """Let the tray's own QTimer fire at least once, and its sliced check finish."""
    with qtbot.waitSignal(tray.timer.timeout, timeout=2000):
        tray.timer.start()
    tray.timer.stop()
    qtbot.waitUntil(lambda: not tray.busy, timeout=2000)


def test_falls_due_announced_once_then_digest_next_day(
    qtbot: Any, ada: int, clock: Clock, make_tray: Callable[[], Any]
) -> None:
    tray, said = make_tray()
    _tick(qtbot, tray)  # the day before, 08:00
    assert (tray.due_today, said) == (0, [])
    assert "Nothing due today" in tray.actions_by_text()

    clock.set(D, "08:00")  # the day it falls due, before the digest time
    _tick(qtbot, tray)
    assert tray.due_today == 1
    assert said == [
        (
            "Time to get in touch with Ada Lovelace",
            "Ada Lovelace — keep in touch (today)\nlast in touch 2026-11-12",
        )
    ]
    assert tray.tray.toolTip() == "NetKeeper — 1 due today"
    assert "Ada Lovelace — keep in touch (today)" in tray.actions_by_text()

    clock.set(D, "08:30")
    _tick(qtbot, tray)
    clock.set(D, "09:05")  # digest time: Ada was already named today, so nothing more
    _tick(qtbot, tray)
    assert len(said) == 1

    clock.set(D + dt.timedelta(days=1), "07:00")  # next morning: already announced as new
    _tick(qtbot, tray)
    assert len(said) == 1
    clock.set(D + dt.timedelta(days=1), "09:00")
    _tick(qtbot, tray)
    assert said[1] == ("NetKeeper: 1 due today", "Ada Lovelace — keep in touch (1 day overdue)")
    clock.set(D + dt.timedelta(days=1), "18:00")
    _tick(qtbot, tray)
    assert len(said) == 2

    # A restart the same day repeats nothing: what was said is in the database.
    again, said_again = make_tray()
    _tick(qtbot, again)
    assert said_again == []
    assert again.due_today == 1


def test_items_that_fell_due_while_closed_are_announced_once_at_start(
    qtbot: Any, ada: int, make_contact: Callable[..., int], clock: Clock, make_tray: Any
) -> None:
    grace = make_contact("Grace Hopper", birthday="--11-28")
    reminders.add_reminder(grace, D + dt.timedelta(days=1), "send the paper")
    clock.set(D + dt.timedelta(days=3), "08:00")  # NetKeeper was not running since before D
    tray, said = make_tray()
    tray.check()  # what the app does at start
    assert tray.due_today == 3
    ((title, body),) = said
    assert title == "NetKeeper: 3 newly due"
    assert body.splitlines() == [
        "Ada Lovelace — keep in touch (3 days overdue)",
        "Grace Hopper — follow up (2 days overdue)",
        "Grace Hopper — birthday (1 day overdue)",
    ]
    with qtbot.waitSignal(tray.open_reminders):  # a message about several people
        tray.tray.messageClicked.emit()
    tray.check()
    _tick(qtbot, tray)
    second, said_second = make_tray()
    second.check()
    assert len(said) == 1 and said_second == []


def test_menu_items_open_contacts_and_messages_open_them_too(
    qtbot: Any, ada: int, clock: Clock, make_tray: Any
) -> None:
    clock.set(D, "10:00")
    tray, _said = make_tray()
    tray.check()
    action = tray.actions_by_text()["Ada Lovelace — keep in touch (today)"]
    with qtbot.waitSignal(tray.open_contact) as blocker:
        action.trigger()
    assert blocker.args == [ada]
    with qtbot.waitSignal(tray.open_contact) as blocker:
        tray.tray.messageClicked.emit()
    assert blocker.args == [ada]
    for text, signal in (
        ("Open NetKeeper", tray.open_window),
        ("Log interaction…", tray.log_requested),
        ("Quit", tray.quit_requested),
    ):
        with qtbot.waitSignal(signal):
            tray.actions_by_text()[text].trigger()


def test_snooze_all_until_tomorrow(qtbot: Any, ada: int, clock: Clock, make_tray: Any) -> None:
    clock.set(D, "10:00")
    tray, _said = make_tray()
    tray.check()
    assert tray.due_today == 1
    with qtbot.waitSignal(tray.data_changed):
        tray.actions_by_text()["Snooze all until tomorrow"].trigger()
    assert tray.due_today == 0
    assert "Nothing due today" in tray.actions_by_text()
    clock.set(D + dt.timedelta(days=1), "10:00")
    _tick(qtbot, tray)
    assert tray.due_today == 1


def test_notifications_off_still_counts(
    qtbot: Any, ada: int, clock: Clock, settings: Any, make_tray: Any
) -> None:
    settings.set(NOTIFICATIONS, False)
    clock.set(D, "10:00")
    tray, said = make_tray()
    _tick(qtbot, tray)
    assert (tray.due_today, said) == (1, [])


def test_badge_and_labels() -> None:
    from PySide6.QtGui import QIcon

    plain = badge_icon(QIcon(), 0).pixmap(64, 64).toImage()
    badged = badge_icon(QIcon(), 7).pixmap(64, 64).toImage()
    assert plain.pixelColor(48, 48) != badged.pixelColor(48, 48)
    item = followups.DueItem(1, "Ada", "birthday", D, -2, "")
    assert describe_item(item) == "Ada — birthday (in 2 days)"


def test_start_at_login_in_settings_writes_the_autostart_entry(
    qtbot: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from netkeeper.ui.settings_dialog import SettingsDialog

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    entry = tmp_path / "cfg" / "autostart" / "io.netkeeper.NetKeeper.desktop"
    dialog = SettingsDialog(settings, tmp_path / "nk.db")
    qtbot.addWidget(dialog)
    dialog.start_at_login.setChecked(True)
    dialog.save()
    assert entry.is_file() and "--minimized" in entry.read_text()
    dialog.start_at_login.setChecked(False)
    dialog.save()
    assert not entry.exists()


class _FakeClose:
    """A close event as the window manager sends it (spontaneous), which Python cannot build."""

    def __init__(self) -> None:
        self.ignored = False

    def type(self) -> Any:
        from PySide6.QtCore import QEvent

        return QEvent.Type.Close

    def spontaneous(self) -> bool:
        return True

    def ignore(self) -> None:
        self.ignored = True


@pytest.fixture
def window(qtbot: Any, gui_db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui.main_window import MainWindow

    win = MainWindow(gui_db, settings=settings)
    qtbot.addWidget(win)
    yield win
    QApplication.setQuitOnLastWindowClosed(True)
    gc.unfreeze()  # install() froze the test process's objects, as it does the app's


@pytest.mark.parametrize("available", [True, False])
def test_install_minimized_close_to_tray_and_open_contact(
    qtbot: Any, window: Any, ada: int, monkeypatch: pytest.MonkeyPatch, available: bool
) -> None:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QApplication

    from netkeeper.ui import tray as tray_module

    monkeypatch.setattr(
        tray_module.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: available)
    )
    tray = tray_module.install(window, minimized=True)
    # Without a tray, --minimized would leave no way back in: the window shows anyway.
    assert window.isVisible() is (not available)
    assert QApplication.quitOnLastWindowClosed() is (not available)
    tray.open_contact.emit(ada)
    assert window.isVisible() and window.current_view_key() == "contacts"
    tray.open_reminders.emit()
    assert window.current_view_key() == "reminders"
    filters = window.findChildren(tray_module._CloseToTray)
    assert len(filters) == (1 if available else 0)
    if available:
        event = _FakeClose()
        assert filters[0].eventFilter(window, event) is True
        assert event.ignored and not window.isVisible()
        # A programmatic close (File > Quit, QApplication.quit) is not held back.
        assert filters[0].eventFilter(window, QCloseEvent()) is False
    tray.stop()


def test_changes_from_another_process_reach_the_next_tick(
    qtbot: Any, ada: int, gui_db: Any, clock: Clock, make_tray: Any
) -> None:
    import subprocess
    import sys

    clock.set(D, "10:00")
    tray, _said = make_tray()
    _tick(qtbot, tray)
    _tick(qtbot, tray)  # nothing changed: served without recomputing
    assert tray.due_today == 1
    log = [sys.executable, "-m", "netkeeper", "--db", str(gui_db), "log", "Ada", "--kind", "call"]
    log += ["--date", D.isoformat()]
    subprocess.run(log, check=True, capture_output=True)
    _tick(qtbot, tray)
    assert tray.due_today == 0


def test_timer_check_runs_in_slices_between_event_loop_turns(
    qtbot: Any, ada: int, clock: Clock, make_tray: Any
) -> None:
    clock.set(D, "10:00")
    tray, said = make_tray()
    tray.tick()
    assert tray.busy and tray.due_today == 0  # first slice done, the rest queued
    qtbot.waitUntil(lambda: not tray.busy, timeout=2000)
    assert tray.due_today == 1 and len(said) == 1
    tray.tick()
    assert not tray.busy  # nothing changed: no slices at all


def test_a_tick_during_a_sliced_check_runs_again_after_it(
    qtbot: Any, ada: int, clock: Clock, make_tray: Any
) -> None:
    clock.set(D - dt.timedelta(days=1), "10:00")
    tray, _said = make_tray()
    tray.tick()
    assert tray.busy
    clock.set(D, "10:00")  # the day changes while the first check is still slicing
    tray.tick()
    qtbot.waitUntil(lambda: not tray.busy and tray.due_today == 1, timeout=2000)


def test_digest_more_line_adds_up_to_the_total_due(
    qtbot: Any, make_tray: Callable[[], Any]
) -> None:
    """A digest of 50 named five, then "… and 25 more": it counted only the items it held."""
    from netkeeper.services.followups import DueItem

    tray, said = make_tray()
    items = [DueItem(i, f"Person {i}", "follow-up", D, 1, "") for i in range(30)]
    tray._announce(items, 50, digest=True)
    title, body = said[-1]
    assert title == "NetKeeper: 50 due today"
    assert body.count("\n") == 5 and body.endswith("… and 45 more")
    tray._announce(items[:7], 50, digest=False)  # newly due: counts the new ones only
    assert said[-1][1].endswith("… and 2 more")


def test_birthday_done_for_this_year_drops_the_count_at_the_next_tick(
    qtbot: Any, clock: Clock, make_contact: Callable[..., int], make_tray: Any
) -> None:
    eve = make_contact("Eve Forty", birthday="1986-11-26")
    clock.set(D, "10:00")
    tray, _said = make_tray()
    tray.check()
    assert tray.due_today == 1
    assert [a.data() for a in tray.menu.actions() if a.data() is not None] == [eve]
    (item,) = tray.items
    followups.mark_dates_done([followups.date_key(item)])
    _tick(qtbot, tray)  # the write moved change_stamp(): the tick recomputes
    assert tray.due_today == 0
    assert "Nothing due today" in tray.actions_by_text()


def test_open_from_tray_keeps_a_maximized_window_maximized(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """showNormal() un-maximized the window every time the tray (or a second launch) opened it."""
    from netkeeper.ui import tray as tray_module

    monkeypatch.setattr(
        tray_module.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True)
    )
    tray = tray_module.install(window)
    window.showMaximized()
    window.hide()  # closed to the tray
    tray.open_window.emit()
    assert window.isVisible() and window.isMaximized()
    window.showMinimized()
    tray.open_window.emit()
    assert window.isVisible() and not window.isMinimized() and window.isMaximized()
    tray.stop()


def test_first_close_to_tray_says_it_is_still_running_once(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing hid the window without a word: users took it for a quit (or a crash)."""
    from netkeeper.ui import tray as tray_module

    monkeypatch.setattr(
        tray_module.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True)
    )
    tray = tray_module.install(window)
    said: list[str] = []
    tray.announced.connect(lambda title, _body: said.append(title))
    opened: list[str] = []
    tray.open_window.connect(lambda: opened.append("window"))
    tray.open_reminders.connect(lambda: opened.append("reminders"))
    (hide_on_close,) = window.findChildren(tray_module._CloseToTray)
    assert hide_on_close.eventFilter(window, _FakeClose()) is True
    assert said == ["NetKeeper is still running"]
    tray._on_message_clicked()  # a click on that message opens the window
    assert opened == ["window"] and window.isVisible()
    assert hide_on_close.eventFilter(window, _FakeClose()) is True
    assert said == ["NetKeeper is still running"]  # once, not at every close
    tray.stop()


def test_closing_quits_when_close_to_tray_is_off(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the setting off, closing only hid the window: the tray kept the app running."""
    from netkeeper.settings import CLOSE_TO_TRAY
    from netkeeper.ui import tray as tray_module

    monkeypatch.setattr(
        tray_module.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True)
    )
    quits: list[str] = []
    monkeypatch.setattr(window, "quit_app", lambda: quits.append("quit"))
    window.settings.set(CLOSE_TO_TRAY, False)
    tray = tray_module.install(window)
    (hide_on_close,) = window.findChildren(tray_module._CloseToTray)
    event = _FakeClose()
    assert hide_on_close.eventFilter(window, event) is False and not event.ignored
    qtbot.waitUntil(lambda: quits == ["quit"], timeout=2000)
    tray.stop()


def test_a_tray_stopped_while_slicing_does_not_finish_on_a_deleted_icon(
    qtbot: Any, ada: int, settings: Any, clock: Clock
) -> None:
    clock.set(D, "10:00")
    tray = DueTray(settings, clock=clock, interval_ms=5)
    said: list[tuple[str, str]] = []
    tray.announced.connect(lambda title, body: said.append((title, body)))
    tray.tick()
    tray.tick()  # queued to run again after the first check
    assert tray.busy
    tray.stop()
    tray.deleteLater()  # as the window does on quit; the queued slices must not touch it
    qtbot.wait(50)  # any exception in a slice would fail the test (pytest-qt)
    assert said == []
