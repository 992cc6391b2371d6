"""The sync screenshots in docs/screenshots/, taken from the real app on a real X server.

    python docs/screenshots/sync_shots.py [--display :63] [--dark]

Starts Xvfb, openbox and trayer (a tray host) on DISPLAY, a Radicale over http,
one over https with a CA of its own, and a slow proxy in front of the first
(a distant server, so discovery and a running sync stay on screen long enough);
then runs NetKeeper's own GUI entry point (netkeeper.app.run_gui) on a fresh
database, types into the setup dialog with real key events and clicks its
buttons, and captures the whole screen with ImageMagick's `import -window root`
at each state: the window manager's frames, the tray and its tooltip included.
Everything it started is stopped at the end. Needs: xvfb openbox trayer
imagemagick xdotool (apt), and the test extra (radicale, cryptography).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))

Step = Callable[[], bool] | float
# In the dark palette only these are kept (the README links them): the red error
# text and the status bar are what a palette can spoil.
DARK_KEPT = {"sync-setup-certificate", "sync-state-conflict"}


def _start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    from tests.sync.servers import _die_with_parent

    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,  # gone with this script, however it ends
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--display", default=":63")
    parser.add_argument("--dark", action="store_true", help="the dialogs in the dark palette")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="netkeeper-shots-"))
    env = {**os.environ, "DISPLAY": args.display}
    # A home of its own: no settings, keyring or single-instance socket of the user's.
    for name, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_DATA_HOME", "data"), ("XDG_RUNTIME_DIR", "run")):  # fmt: skip
        (tmp / sub).mkdir(mode=0o700)
        env[name] = str(tmp / sub)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("NETKEEPER_SYNC_PASSWORD", None)
    os.environ.clear()
    os.environ.update(env)
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(
            _start(["Xvfb", args.display, "-screen", "0", "1180x700x24", "-nolisten", "tcp"], env)
        )
        time.sleep(1.5)
        started.append(_start(["openbox"], env))
        time.sleep(1.0)
        started.append(_start(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
             "--height", "28", "--SetDockType", "true", "--expand", "false"], env,
        ))  # fmt: skip
        time.sleep(1.0)
        return Shots(tmp, args.dark).run()
    finally:
        for proc in reversed(started):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


class Shots:
    def __init__(self, tmp: Path, dark: bool) -> None:
        self.tmp = tmp
        self.dark = dark
        self.suffix = "-dark" if dark else ""
        self.taken: list[str] = []

    # ------------------------------------------------------------------ servers and data

    def servers(self) -> None:
        from tests.sync.proxy import FaultProxy
        from tests.sync.servers import Server
        from tests.sync.tls import make_certificates

        self.plain = Server("radicale", self.tmp / "radicale")
        self.plain.start()
        self.tls = Server(
            "radicale", self.tmp / "radicale-tls", tls=make_certificates(self.tmp / "certs")
        )
        self.tls.start()
        self.proxy = FaultProxy(self.plain.url)
        # The phone's address book, already on the server: one person is on both sides.
        book_url = self.plain.new_book("Contacts")
        self.plain.book_url = book_url
        phone = self.plain.book(book_url)
        for uid, lines in {
            "phone-1": ["FN:Grace Hopper", "N:Hopper;Grace;;;", "EMAIL:grace@navy.example",
                        "TITLE:Rear Admiral", "TEL;TYPE=cell:+1 202 555 0142"],
            "phone-2": ["FN:Ada Lovelace", "N:Lovelace;Ada;;;", "EMAIL:ada@example.org",
                        "TEL;TYPE=cell:+44 20 7946 0018"],
            "phone-3": ["FN:佐藤 美咲", "N:佐藤;美咲;;;", "ORG:Kyoto Robotics",
                        "EMAIL:misaki.sato@example.jp"],
        }.items():  # fmt: skip
            card = "\r\n".join(
                ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", *lines, "END:VCARD", ""]
            )
            phone.put(phone.href_for(uid), card.encode(), None)
        phone.session.close()

    def database(self) -> Path:
        from netkeeper.io.card import Card, TypedValue
        from netkeeper.model.db import close_database, open_database
        from netkeeper.services.contacts import create_contact

        path = self.tmp / "netkeeper.db"
        open_database(path)
        people = [
            ("Ada Lovelace", "Analytical Engines Ltd", "ada@example.org"),
            ("Alan Turing", "Bletchley Park", "alan@example.org"),
            ("Katherine Johnson", "NASA Langley", "kj@example.gov"),
            ("Hedy Lamarr", "Frequency Hopping Inc.", "hedy@example.com"),
            ("Radia Perlman", "Spanning Tree Co.", "radia@example.net"),
            ("Tim Berners-Lee", "W3C", "timbl@example.org"),
            ("Margaret Hamilton", "Hamilton Technologies", "margaret@example.com"),
            ("Линус Торвальдс", "Kernel.org", "linus@example.org"),
            ("Priya Raghunathan", "Bengaluru Systems", "priya@example.in"),
        ]
        for name, org, email in people:
            card = Card(full_name=name, organization=org)
            card.emails.append(TypedValue(email, ["work"]))
            create_contact(card)
        close_database()
        return path

    # ------------------------------------------------------------------ capture

    def shot(self, name: str, widget: Any = None, margin: int = 8) -> None:
        """The screen (or the part where `widget`'s window is, frame included) as a PNG."""
        from PySide6.QtWidgets import QApplication

        if self.dark and name not in DARK_KEPT:
            return
        QApplication.processEvents()
        time.sleep(0.4)
        QApplication.processEvents()
        target = SHOTS / f"{name}{self.suffix}.png"
        cmd = ["import", "-window", "root"]
        if widget is not None:
            g = widget.window().frameGeometry()
            x, y = max(0, g.x() - margin), max(0, g.y() - margin)
            cmd += ["-crop", f"{g.width() + 2 * margin}x{g.height() + 2 * margin}+{x}+{y}"]
        subprocess.run([*cmd, "+repage", str(target)], check=True)
        subprocess.run(["mogrify", "-strip", "-depth", "8", str(target)], check=False)
        self.taken.append(target.name)
        print(f"  {target.relative_to(ROOT)}", flush=True)

    def hover_tray(self) -> Iterator[Step]:
        """Rest the pointer on the tray icon until its tooltip shows (away first, so it is
        asked anew: a tooltip keeps the text it had when it appeared)."""
        from netkeeper.ui.tray import DueTray

        tray = self.window.findChild(DueTray)
        g = tray.tray.geometry()
        subprocess.run(["xdotool", "mousemove", "600", "400"], check=True)
        yield 1.2
        x, y = g.center().x(), g.center().y()
        subprocess.run(["xdotool", "mousemove", str(x - 2), str(y - 2)], check=True)
        yield 0.3
        subprocess.run(["xdotool", "mousemove", str(x), str(y)], check=True)
        yield 1.8

    # ------------------------------------------------------------------ the script

    def run(self) -> int:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication(["netkeeper"])
        if self.dark:
            from netkeeper.settings import Settings
            from netkeeper.ui.appearance import COLOR_SCHEME_KEY

            q = Settings().qsettings  # the file run_gui's Settings() reads
            q.setValue(COLOR_SCHEME_KEY, "dark")
            q.sync()
        self.servers()
        db_file = self.database()
        steps = self.script()
        state: dict[str, Any] = {"wait": None, "until": 0.0, "deadline": 0.0, "failed": None}

        def tick() -> None:
            try:
                wait = state["wait"]
                now = time.monotonic()
                if isinstance(wait, float) and now < state["until"]:
                    return
                if callable(wait) and not wait():
                    if now > state["deadline"]:
                        raise TimeoutError(f"waited too long at {wait.__qualname__}")
                    return
                nxt = next(steps)
                state["wait"] = nxt
                state["until"] = now + nxt if isinstance(nxt, float) else 0.0
                state["deadline"] = now + 90
            except StopIteration:
                timer.stop()
                self.quit()
            except Exception as exc:  # report, and still close everything
                state["failed"] = exc
                timer.stop()
                self.quit()

        timer = QTimer()
        timer.setInterval(100)
        timer.timeout.connect(tick)
        timer.start()
        from netkeeper.app import run_gui

        try:
            run_gui(argparse.Namespace(db=str(db_file), minimized=False, demo=False))
        finally:
            self.proxy.close()
            self.plain.stop()
            self.tls.stop()
        app.processEvents()
        if state["failed"] is not None:
            raise state["failed"]
        print(f"{len(self.taken)} screenshots")
        return 0

    def quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        for w in QApplication.topLevelWidgets():
            if w.isModal() and w.isVisible():
                w.close()
        self.window.quit_app() if hasattr(self, "window") else QApplication.quit()

    def script(self) -> Iterator[Step]:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from netkeeper.ui.main_window import MainWindow
        from tests.sync.servers import free_port

        def main_window() -> Any:
            for w in QApplication.topLevelWidgets():
                if isinstance(w, MainWindow) and w.isVisible():
                    return w
            return None

        yield lambda: main_window() is not None
        self.window = window = main_window()
        window.move(10, 40)
        window.resize(1160, 600)
        window.show_view("contacts")
        yield 1.5

        # Settings ▸ Sync: the setup dialog (modal: this script goes on in its event loop).
        from PySide6.QtCore import QTimer

        from netkeeper.ui import sync as sync_ui

        QTimer.singleShot(0, lambda: sync_ui.open_setup(window))
        yield lambda: _modal("syncSetupDialog") is not None
        dialog = _modal("syncSetupDialog")
        dialog.move(120, 90)
        yield 0.8

        def fill(url: str, password: str, ca: str = "") -> Iterator[Step]:
            """Type into the fields as a user would: X key events from xdotool."""
            fields = [(dialog.url, url), (dialog.password, password), (dialog.ca_file, ca)]
            if not dialog.user.text():
                fields.insert(1, (dialog.user, self.plain.user))
            for edit, text in fields:
                for _attempt in range(4):  # a loaded machine can lose a key now and then
                    dialog.activateWindow()
                    edit.setFocus()
                    edit.selectAll()
                    QTest.keyClick(edit, Qt.Key.Key_Delete)
                    yield 0.3
                    if not text:
                        break
                    subprocess.Popen(["xdotool", "type", "--delay", "25", text])
                    yield 0.6 + 0.06 * len(text)
                    if edit.text() == text:
                        break
                else:
                    raise RuntimeError(f"typing {text!r} gave {edit.text()!r}")

        def find() -> None:
            QTest.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)

        def idle() -> bool:
            return dialog.worker is None

        yield from fill(f"http://127.0.0.1:{free_port()}/", self.plain.password)
        find()
        yield idle
        self.shot("sync-setup-wrong-address", dialog)
        yield from fill(self.plain.url, "not-my-password")
        find()
        yield idle
        self.shot("sync-setup-wrong-password", dialog)
        yield from fill(self.tls.url, self.tls.password)
        find()
        yield idle
        self.shot("sync-setup-certificate", dialog)

        # Discovery through the slow proxy: each step is on screen for a while.
        self.proxy.slow = 1.2
        yield from fill(self.proxy.url + "/", self.plain.password)
        find()
        yield lambda: "Listing the address books" in dialog.status.text()
        self.shot("sync-setup-discovery", dialog)
        yield idle
        self.proxy.slow = 0.0
        dialog.books.setCurrentIndex(max(0, dialog.books.findText("Contacts")))
        yield 0.3
        self.shot("sync-setup", dialog)

        # Set up: the dialog closes and the first sync starts (slowed again to be seen).
        self.proxy.slow = 0.6
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        yield lambda: _modal("syncSetupDialog") is None
        yield lambda: window.sync.state == "running"
        yield 1.0
        yield from self.hover_tray()
        self.shot("sync-state-syncing")
        yield lambda: window.sync.state != "running"
        self.proxy.slow = 0.0
        yield 0.5
        yield from self.hover_tray()
        self.shot("sync-state-idle")

        # A conflict: the phone and this computer change Grace Hopper's title.
        from netkeeper.model.db import db
        from netkeeper.services.contacts import get_card, update_contact
        from netkeeper.services.sync import state as sync_state

        acc = sync_state.require_account()
        phone = self.plain.book(acc.book_url.replace(self.proxy.url, self.plain.url.rstrip("/")))
        ((href, (etag, data)),) = [
            (h, v) for h, v in phone.fetch(list(phone.listing())).items() if b"Grace" in v[1]
        ]
        phone.put(href, data.replace(b"TITLE:Rear Admiral", b"TITLE:Commodore"), etag)
        phone.session.close()
        (cid,) = db.execute_sql(
            "SELECT id FROM contact WHERE full_name = 'Grace Hopper'"
        ).fetchone()
        card = get_card(cid)
        card.title = "Rear Admiral (ret.)"
        update_contact(cid, card)
        window.notify_changed()
        window.sync.sync_now()
        yield lambda: window.sync.state == "attention"
        yield 0.5
        yield from self.hover_tray()
        self.shot("sync-state-conflict")

        QTimer.singleShot(0, window.named_actions["sync_conflicts"].trigger)
        yield lambda: _modal("syncConflictsDialog") is not None
        conflicts = _modal("syncConflictsDialog")
        conflicts.move(120, 120)
        conflicts.table.selectRow(0)
        yield 0.8
        self.shot("sync-conflicts", conflicts)
        conflicts.reject()
        yield lambda: _modal("syncConflictsDialog") is None

        # A refused password (changed on the server): needs attention.
        from netkeeper.services.sync import accounts, secrets

        key = accounts.key_of(acc)
        real = secrets.get_password(key, accounts.db_folder())
        secrets.remember_for_session(key, "changed-on-the-server")
        window.sync.sync_now()
        yield lambda: window.sync.state == "attention" and "password" in window.sync.text
        yield 0.5
        yield from self.hover_tray()
        self.shot("sync-state-error")
        assert real
        secrets.remember_for_session(key, real)

        # The server goes away: offline, said once, retried later.
        self.proxy.close()
        window.sync.sync_now()
        yield lambda: window.sync.state == "offline"
        yield 0.3
        yield from self.hover_tray()
        self.shot("sync-state-offline")

        QTimer.singleShot(0, window.named_actions["sync_log"].trigger)
        yield lambda: _modal("syncLogDialog") is not None
        log = _modal("syncLogDialog")
        log.move(100, 90)
        log.table.selectRow(log.table.rowCount() - 1)  # the first sync: what went where
        yield 0.8
        self.shot("sync-log", log)
        log.reject()
        yield 0.3


def _modal(name: str) -> Any:
    from PySide6.QtWidgets import QApplication

    for w in QApplication.topLevelWidgets():
        if w.objectName() == name and w.isVisible():
            return w
    return None


if __name__ == "__main__":
    sys.exit(main())
