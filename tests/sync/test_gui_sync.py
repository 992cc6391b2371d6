"""Sync in the window (pytest-qt): setup with discovery and clear errors, Sync Now in a
worker, status-bar states, the conflicts dialog and the sync log, against real Radicale."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt

from netkeeper.model.db import close_database, open_database
from tests.sync.conftest import add, live_names, vcard

RADICALE = pytest.mark.parametrize("server", ["radicale"], indirect=True)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from PySide6.QtCore import QSettings

    from netkeeper.settings import Settings
    from netkeeper.ui.main_window import MainWindow

    monkeypatch.delenv("NETKEEPER_SYNC_PASSWORD", raising=False)
    from netkeeper.services.sync import secrets

    secrets._session.clear()
    path = tmp_path / "gui.db"
    open_database(path)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(path, settings=settings)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.sync.stop()
    close_database()


def _setup_dialog(qtbot: Any, window: Any) -> Any:
    from netkeeper.ui.sync.setup_dialog import SyncSetupDialog

    dialog = SyncSetupDialog(window)
    qtbot.addWidget(dialog)
    return dialog


def _find(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20_000)


def test_window_without_an_account(window: Any) -> None:
    from PySide6.QtGui import QKeySequence

    assert window.sync.label.text() == "Sync: not set up"
    act = window.named_actions["sync_now"]
    assert act.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert act in window.menus["file"].actions()
    act.trigger()  # does nothing harmful without an account
    assert window.sync.state == "off"


@RADICALE
def test_setup_dialog_errors_then_success(qtbot: Any, window: Any, server: Any) -> None:
    from netkeeper.services.sync import state
    from tests.sync.servers import free_port

    dialog = _setup_dialog(qtbot, window)
    dialog.show()
    # wrong address: nothing listens there
    dialog.url.setText(f"http://127.0.0.1:{free_port()}/")
    dialog.user.setText(server.user)
    dialog.password.setText(server.password)
    _find(qtbot, dialog)
    assert "annot reach 127.0.0.1: nothing answers on port" in dialog.status.text()
    assert dialog.status.property("error")
    assert not dialog.ok.isEnabled()
    # wrong password
    dialog.url.setText(server.url)
    dialog.password.setText("wrong")
    _find(qtbot, dialog)
    assert "efused the user name or password" in dialog.status.text()
    # a CA file that is not there (the certificate problem itself: the next test)
    dialog.password.setText(server.password)
    dialog.ca_file.setText(str(Path(server.root) / "missing-ca.pem"))
    _find(qtbot, dialog)
    assert "o such CA file" in dialog.status.text()
    dialog.ca_file.setText("")
    # right: the books are listed, a new one can be made
    _find(qtbot, dialog)
    assert dialog.books.isEnabled() and dialog.ok.isEnabled()
    new = dialog.books.findData("__new__")
    assert new >= 0
    dialog.books.setCurrentIndex(new)
    dialog.new_book.setText(f"GUI book {id(dialog)}")
    dialog.set_up()
    qtbot.waitUntil(lambda: dialog.account_set_up, timeout=20_000)
    acc = state.require_account()
    assert acc.book_name.startswith("GUI book")


def test_setup_dialog_says_certificate_problem_then_works_with_the_ca_file(
    qtbot: Any, window: Any, tls_server: Any
) -> None:
    from netkeeper.services.sync import state

    dialog = _setup_dialog(qtbot, window)
    dialog.show()
    dialog.url.setText(tls_server.url)
    dialog.user.setText(tls_server.user)
    dialog.password.setText(tls_server.password)
    _find(qtbot, dialog)
    text = dialog.status.text()
    assert text.startswith("⚠ Certificate problem with 127.0.0.1"), text
    assert "CA file" in text and dialog.status.property("error")
    assert not dialog.ok.isEnabled() and not dialog.books.isEnabled()
    dialog.ca_file.setText(str(tls_server.tls.ca))
    _find(qtbot, dialog)
    assert not dialog.status.property("error"), dialog.status.text()
    assert dialog.ok.isEnabled()
    dialog.books.setCurrentIndex(dialog.books.findData("__new__"))
    dialog.new_book.setText(f"TLS GUI {id(dialog)}")
    dialog.set_up()
    qtbot.waitUntil(lambda: dialog.account_set_up, timeout=20_000)
    acc = state.require_account()
    assert acc.ca_file == str(tls_server.tls.ca) and acc.book_url.startswith("https://")


@RADICALE
def test_setup_dialog_plain_http_to_another_machine_needs_the_box(
    qtbot: Any, window: Any, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeeper.services.sync import carddav

    monkeypatch.setattr(carddav, "is_loopback", lambda url: False)
    dialog = _setup_dialog(qtbot, window)
    dialog.show()
    dialog.url.setText(server.url)
    dialog.user.setText(server.user)
    dialog.password.setText(server.password)
    _find(qtbot, dialog)
    assert "unencrypted" in dialog.status.text() and dialog.status.property("error")
    assert "unencrypted" in dialog.allow_http.text()
    assert "the box “Allow plain http://”" in dialog.status.text()
    assert "--allow-http" not in dialog.status.text()
    assert dialog.http_warning.isHidden()
    dialog.allow_http.setChecked(True)
    assert dialog.http_warning.isVisible() and "read your password" in dialog.http_warning.text()
    _find(qtbot, dialog)
    assert dialog.ok.isEnabled(), dialog.status.text()


def _account(server: Any) -> None:
    from netkeeper.services.sync import secrets, state

    url = server.new_book()
    state.create_account(
        server_url=server.url,
        book_url=url,
        book_name="Contacts",
        username=server.user,
        ca_file=None,
        allow_http=False,
    )
    secrets.remember_for_session(secrets.account_key(server.user, url), server.password)
    server.book_url = url


@RADICALE
def test_sync_now_runs_in_a_worker_and_the_views_refresh(
    qtbot: Any, window: Any, server: Any
) -> None:
    _account(server)
    add("Ada Lovelace")
    raw = server.book(server.book_url)
    raw.put(raw.href_for("p1"), vcard("p1", "Bob Phone").replace("\n", "\r\n").encode(), None)
    window.sync.refresh_state()
    changed: list[bool] = []
    window.data_changed.connect(lambda: changed.append(True))
    states: list[str] = []
    window.sync.state_changed.connect(states.append)
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_S, modifier=mods)
    assert window.sync.running or window.sync.last_report is not None
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        pass
    assert "Syncing…" in states
    assert window.sync.state == "idle" and window.sync.label.text().startswith("Synced ")
    assert changed, "the views were told to refresh"
    assert live_names() == ["Ada Lovelace", "Bob Phone"]
    assert len(raw.listing()) == 2


@RADICALE
def test_when_it_runs_at_start_on_the_timer_after_an_edit_and_after_a_5xx(
    qtbot: Any, window: Any, server: Any
) -> None:
    from netkeeper.services.sync import secrets, state
    from netkeeper.ui.sync import controller as ctl
    from tests.sync.proxy import FaultProxy

    assert (ctl.DEFAULT_INTERVAL_MIN, ctl.SETTLE_MS) == (15, 60_000)
    book = server.new_book()
    proxy = FaultProxy(server.url)
    try:
        url = proxy.url + urlsplit(book).path
        state.create_account(
            server_url=proxy.url + "/", book_url=url, book_name="b", username=server.user,
            ca_file=None, allow_http=False,
        )  # fmt: skip
        secrets.remember_for_session(secrets.account_key(server.user, url), server.password)
        window.sync.start()  # as the window does once it is up
        assert window.sync.timer.isActive()
        assert window.sync.timer.interval() == ctl.START_DELAY_MS
        with qtbot.waitSignal(window.sync.finished, timeout=20_000):
            window.sync.sync_now()
        assert window.sync.state == "idle"
        assert window.sync.timer.isActive()
        assert window.sync.timer.interval() == 15 * 60_000  # every 15 minutes
        assert not window.sync.settle.isActive()
        add("Ada Lovelace")
        window.notify_changed()  # a local edit: a run once it has settled
        assert window.sync.settle.isActive() and window.sync.settle.interval() == 60_000
        proxy.rules = [("REPORT", proxy.counts["REPORT"] + 1, "503")]  # the sync-collection
        with qtbot.waitSignal(window.sync.finished, timeout=20_000):
            window.sync.sync_now()
        assert window.sync.state == "attention" and "busy" in window.sync.label.text()
        assert window.sync.timer.isActive()
        assert window.sync.timer.interval() == 5 * 60_000  # retried sooner
        assert not window.sync.settle.isActive()
        with qtbot.waitSignal(window.sync.finished, timeout=20_000):
            window.sync.sync_now()
        assert window.sync.state == "idle" and window.sync.last_report.pushed.created == 1
    finally:
        window.sync.stop()
        proxy.close()


def test_offline_is_said_once_and_retried(qtbot: Any, window: Any) -> None:
    from netkeeper.services.sync import secrets, state
    from tests.sync.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/alice/book/"
    state.create_account(
        server_url=url, book_url=url, book_name="b", username="alice", ca_file=None,
        allow_http=False,
    )  # fmt: skip
    secrets.remember_for_session(secrets.account_key("alice", url), "pw")
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        window.sync.sync_now()
    assert window.sync.state == "offline" and window.sync.label.text() == "Sync: offline"
    assert window.sync.timer.isActive() and window.sync.timer.remainingTime() <= 61_000
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        window.sync.sync_now()
    assert window.sync.timer.remainingTime() > 90_000  # backing off: 2 minutes now


@RADICALE
def test_wrong_password_needs_attention(qtbot: Any, window: Any, server: Any) -> None:
    from netkeeper.services.sync import secrets

    _account(server)
    secrets.remember_for_session(secrets.account_key(server.user, server.book_url), "wrong")
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        window.sync.sync_now()
    assert window.sync.state == "attention" and "password" in window.sync.label.text()
    # It stopped (no retry with the refused password) and asks at the next run.
    asked: list[str] = []

    def ask(acc: Any) -> str:
        asked.append(acc.username)
        return str(server.password)

    window.sync.ask_password = ask
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        window.sync.sync_now()
    assert asked == [server.user]
    assert window.sync.state == "idle" and window.sync.label.text().startswith("Synced ")


@RADICALE
def test_conflicts_dialog_and_sync_log(qtbot: Any, window: Any, server: Any) -> None:
    from netkeeper.services.contacts import get_card, update_contact
    from netkeeper.ui.sync.conflicts_dialog import ConflictsDialog
    from netkeeper.ui.sync.log_dialog import SyncLogDialog

    _account(server)
    cid = add("Ada Lovelace", title="Mathematician")
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        window.sync.sync_now()
    raw = server.book(server.book_url)
    ((href, (etag, data)),) = raw.fetch(list(raw.listing())).items()
    raw.put(href, data.replace(b"TITLE:Mathematician", b"TITLE:Enchantress"), etag)
    card = get_card(cid)
    card.title = "Countess"
    update_contact(cid, card)
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        window.sync.sync_now()
    assert window.sync.state == "attention" and "conflict" in window.sync.label.text()

    dialog = ConflictsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Countess"
    assert dialog.table.item(0, 3).text() == "Enchantress"
    dialog.server.click()
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisible()
    assert get_card(cid).title == "Enchantress"

    log = SyncLogDialog(window)
    qtbot.addWidget(log)
    log.show()
    assert log.table.rowCount() == 2
    texts = [log.details.item(i).text() for i in range(log.details.count())]
    assert any("conflict" in t for t in texts)


def test_the_tray_tooltip_carries_the_sync_state(window: Any) -> None:
    from netkeeper.ui.tray import DueTray

    tray = DueTray(window.settings, parent=window)
    window.sync._set("running", "Syncing…")
    assert tray.tray.toolTip().splitlines()[-1] == "Syncing…"
    tray._set_count(3)  # the due count changes: the sync line stays
    assert tray.tray.toolTip().splitlines() == ["NetKeeper — 3 due today", "Syncing…"]


def test_the_tray_icon_is_marked_while_syncing_and_when_sync_needs_attention(
    window: Any,
) -> None:
    from netkeeper.ui.tray import DueTray, badge_icon

    tray = DueTray(window.settings, parent=window)  # found by the controller's wiring
    tray._set_count(0)

    def icon() -> Any:
        return tray.tray.icon().pixmap(64, 64).toImage()

    plain = badge_icon(tray.base_icon, 0).pixmap(64, 64).toImage()
    assert icon() == plain
    seen = {}
    for state, text in (
        ("running", "Syncing…"),
        ("attention", "Sync needs attention: 1 conflict"),
        ("offline", "Sync: offline"),
        ("idle", "Synced 10:00"),
    ):
        window.sync._set(state, text)
        seen[state] = icon()
    assert seen["running"] != plain and seen["attention"] != plain
    assert seen["running"] != seen["attention"]
    assert seen["offline"] == plain and seen["idle"] == plain  # offline is no alarm
    tray._set_count(2)  # the due count and the mark together
    tray.set_sync_mark("attention")
    both = icon()
    assert (
        both != seen["attention"] and both != badge_icon(tray.base_icon, 2).pixmap(64, 64).toImage()
    )
