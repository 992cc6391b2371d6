"""Settings ▸ Sync: set up the CardDAV account, or see and remove the one there is.

Discovery and setup talk to the server, so they run in a worker thread; the
dialog shows each discovery step as it happens and, when it fails, one clear
sentence: the address is wrong or unreachable, the password was refused, or the
certificate could not be verified (with the way out: a CA file).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netkeeper.services.sync import accounts, secrets, state
from netkeeper.ui.workers import Worker

NEW_BOOK = "__new__"


class SyncSetupDialog(QDialog):
    """Set up sync: address, user, password → Find address books → choose → Set up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync with a CardDAV server")
        self.setObjectName("syncSetupDialog")
        self.setMinimumWidth(520)
        self.worker: Worker | None = None
        self.found: accounts.Found | None = None
        self.account_set_up = False
        self._step_text = ""

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Keep NetKeeper, your phone and other computers on the same contacts through"
            " a CardDAV server (Nextcloud, Radicale, Baïkal, Fastmail, iCloud with an app"
            " password, mailbox.org …). Interactions and reminders stay on this computer."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setObjectName("syncUrl")
        self.url.setPlaceholderText("https://cloud.example.org  or just  example.org")
        form.addRow("Server &address:", self.url)
        self.user = QLineEdit()
        self.user.setObjectName("syncUser")
        form.addRow("&User name:", self.user)
        self.password = QLineEdit()
        self.password.setObjectName("syncPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Password:", self.password)
        ca_row = QHBoxLayout()
        self.ca_file = QLineEdit()
        self.ca_file.setObjectName("syncCaFile")
        self.ca_file.setPlaceholderText("only for a server with its own certificate authority")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_ca)
        ca_row.addWidget(self.ca_file)
        ca_row.addWidget(browse)
        ca_label = QLabel("&CA file:")
        ca_label.setBuddy(self.ca_file)
        form.addRow(ca_label, ca_row)
        self.allow_http = QCheckBox("Allow plain http:// to another computer (unencrypted)")
        self.allow_http.setObjectName("syncAllowHttp")
        form.addRow("", self.allow_http)
        self.http_warning = QLabel(
            "⚠ Anyone on the network between here and the server can read your password"
            " and contacts. Only for a server on a network you trust."
        )
        self.http_warning.setObjectName("syncHttpWarning")
        self.http_warning.setWordWrap(True)
        self.http_warning.setVisible(False)
        self.allow_http.toggled.connect(self.http_warning.setVisible)
        form.addRow("", self.http_warning)
        layout.addLayout(form)

        self.find_button = QPushButton("&Find address books")
        self.find_button.setObjectName("syncFind")
        self.find_button.clicked.connect(self.find_books)
        layout.addWidget(self.find_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel("")
        self.status.setObjectName("syncSetupStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        book_form = QFormLayout()
        self.books = QComboBox()
        self.books.setObjectName("syncBooks")
        self.books.setEnabled(False)
        self.books.currentIndexChanged.connect(self._book_changed)
        book_form.addRow("Address &book:", self.books)
        self.new_book = QLineEdit("NetKeeper")
        self.new_book.setObjectName("syncNewBook")
        self.new_book.setVisible(False)
        book_form.addRow("", self.new_book)
        layout.addLayout(book_form)

        self.keep_session = QRadioButton("Ask for the password once per session")
        self.keep_file = QRadioButton(
            "Keep the password in a file only I can read (less safe than a keyring)"
        )
        self.keep_session.setChecked(True)
        self.no_keyring = QWidget()
        nk = QVBoxLayout(self.no_keyring)
        nk.setContentsMargins(0, 0, 0, 0)
        nk.addWidget(QLabel("This system has no keyring for passwords:"))
        nk.addWidget(self.keep_session)
        nk.addWidget(self.keep_file)
        self.no_keyring.setVisible(not secrets.keyring_available())
        layout.addWidget(self.no_keyring)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Set up")
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.set_up)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.poll = QTimer(self)
        self.poll.setInterval(100)
        self.poll.timeout.connect(self._show_step)
        for edit in (self.url, self.user, self.password):
            edit.textEdited.connect(self._inputs_changed)

    # ------------------------------------------------------------------ inputs

    def _browse_ca(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "CA certificate", "", "Certificates (*.pem *.crt *.cer);;All files (*)"
        )
        if name:
            self.ca_file.setText(name)

    def _inputs_changed(self) -> None:
        self.found = None
        self.books.clear()
        self.books.setEnabled(False)
        self.ok.setEnabled(False)

    def _book_changed(self) -> None:
        self.new_book.setVisible(self.books.currentData() == NEW_BOOK)

    def _say(self, text: str, error: bool = False) -> None:
        if error and text:
            text = "⚠ " + text[0].upper() + text[1:]
        self.status.setText(text)
        self.status.setProperty("error", error)
        # A red that keeps its contrast on the palette in use (4.5:1 on either).
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        red = "#ff7b72" if dark else "#c62828"
        self.status.setStyleSheet(f"color: {red}; font-weight: bold;" if error else "")
        self.status.setAccessibleDescription("error" if error else "")

    # ------------------------------------------------------------------ work

    def _run(self, job: Any, done: Any) -> None:
        self.find_button.setEnabled(False)
        self.ok.setEnabled(False)
        self.worker = Worker(job, self)
        self.worker.finished.connect(lambda: self._finished(done))
        self.worker.start()
        self.poll.start()

    def _show_step(self) -> None:
        if self._step_text:
            self._say(self._step_text)

    def _finished(self, done: Any) -> None:
        self.poll.stop()
        worker, self.worker = self.worker, None
        assert worker is not None
        worker.wait()
        self.find_button.setEnabled(True)
        self._step_text = ""
        if worker.error is not None:
            # The services speak the command line's language; here the option is a box.
            text = str(worker.error).replace("(--allow-http)", "(the box “Allow plain http://”)")
            self._say(text, error=True)
            self.ok.setEnabled(self.found is not None)
            return
        done(worker.result)

    def find_books(self) -> None:
        url, user, password = self.url.text(), self.user.text().strip(), self.password.text()
        if not url.strip() or not user or not password:
            self._say("Give the server's address, your user name and your password.", True)
            return
        ca, allow = self.ca_file.text().strip() or None, self.allow_http.isChecked()
        self._say("Looking for the server…")

        def step(text: str) -> None:
            self._step_text = text + "…"

        def job(progress: Any, cancelled: Any) -> accounts.Found:
            return accounts.find_books(
                url, user, password, ca_file=ca, allow_http=allow, progress=step
            )

        self._run(job, self._show_books)

    def _show_books(self, found: accounts.Found) -> None:
        self.found = found
        self.books.clear()
        for b in found.books:
            self.books.addItem(b.name, b.name)
        if found.home is not None:
            self.books.addItem("New address book…", NEW_BOOK)
        self.books.setEnabled(True)
        n = len(found.books)
        self._say(
            f"Found {n} address book{'s' * (n != 1)}." if n else "No address book yet: create one."
        )
        self.ok.setEnabled(True)
        self._book_changed()

    def set_up(self) -> None:
        if self.found is None:
            self.find_books()
            return
        data = self.books.currentData()
        book = None if data == NEW_BOOK else data
        new = self.new_book.text().strip() if data == NEW_BOOK else None
        if data == NEW_BOOK and not new:
            self._say("Name the new address book.", True)
            return
        url, user, password = self.found.url, self.user.text().strip(), self.password.text()
        ca, allow = self.ca_file.text().strip() or None, self.allow_http.isChecked()
        to_file = self.no_keyring.isVisible() and self.keep_file.isChecked()
        self._say("Setting up…")

        def job(progress: Any, cancelled: Any) -> Any:
            return accounts.setup(
                url,
                user,
                password,
                book=book,
                new_book=new,
                ca_file=ca,
                allow_http=allow,
                password_to_file=to_file,
            )

        self._run(job, self._set_up_done)

    def _set_up_done(self, result: Any) -> None:
        self.account_set_up = True
        self.accept()


class SyncAccountDialog(QDialog):
    """The account there is: what it syncs with, and a way to remove it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync")
        self.setObjectName("syncAccountDialog")
        self.forgotten = False
        acc = state.require_account()
        doc = accounts.status()
        layout = QVBoxLayout(self)
        last = doc["last_sync"] or "never"
        info = QLabel(
            f"Syncing with <b>{acc.book_name}</b> at {acc.server_url} as {acc.username}.<br>"
            f"Last sync: {last}; {doc['synced_contacts']} contacts synced."
        )
        info.setWordWrap(True)
        layout.addWidget(info)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove = self.buttons.addButton(
            "&Remove account…", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.remove.clicked.connect(self.forget)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def forget(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Remove the sync account",
            "Stop syncing and remove the account? Your contacts stay here as they are.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            accounts.forget()
            self.forgotten = True
            self.accept()
