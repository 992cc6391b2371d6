"""One running NetKeeper per user and database: a second launch brings the first to the front.

Two copies of the app over one SQLite file would each run the tray's checks
and announce everything twice, and a user who clicks the launcher while
NetKeeper sits in the tray expects the window, not a second icon. The first
instance listens on a QLocalServer (a Unix socket or a Windows named pipe); a
later launch connects, sends one line, and exits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from netkeeper.instance import ACTIVATE, QUIT, server_name

__all__ = ["SingleInstance", "claim_or_activate", "server_name"]
_MESSAGE = ACTIVATE


class SingleInstance(QObject):
    """The first instance's listener; also tells an already running instance to activate.

    Signals:
        activated(): another launch asked this instance to show its window.
        quit_requested(): `netkeeper restore-backup --close-app` asked it to close,
            because the file is about to be replaced underneath it.
    """

    activated = Signal()
    quit_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def notify_running(self, timeout_ms: int = 1000) -> bool:
        """True when another instance answered (it has been asked to come to the front)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_MESSAGE)
        socket.flush()
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the running instance; False if the name cannot be taken."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A socket file left behind by a crash: nobody answered notify_running(),
            # so it is stale and safe to remove.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    @Slot()
    def _on_connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            # The other launch writes its one line right after connecting; waiting for it
            # here (milliseconds, local) avoids Python callbacks on a socket Qt may delete.
            if socket.bytesAvailable() or socket.waitForReadyRead(500):
                data = bytes(socket.readAll().data())
                if data.startswith(_MESSAGE.strip()):
                    self.activated.emit()
                elif data.startswith(QUIT.strip()):
                    self.quit_requested.emit()
            socket.disconnectFromServer()
            socket.deleteLater()


def claim_or_activate(db_file: Path | str) -> SingleInstance | None:
    """The app's start-up step: None when another instance was activated (so exit)."""
    instance = SingleInstance(server_name(db_file))
    if instance.notify_running():
        return None
    instance.listen()
    return instance
