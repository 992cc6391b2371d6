"""GUI start-up: QApplication, open and migrate the database, show the main window.

Everything Qt starts here, so the headless CLI never pays for it.
"""

from __future__ import annotations

import argparse
import sys

from netkeeper import APP_ID, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netkeeper import paths
    from netkeeper.model.db import DatabaseError, open_database
    from netkeeper.services.backup import daily_backup

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setOrganizationDomain(ORG_DOMAIN)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Title bar, task switcher and dialogs; the same SVG master the installed icons come from.
    app.setWindowIcon(QIcon(str(paths.resource_path("icons/netkeeper.svg"))))

    db_file = paths.db_path(getattr(args, "db", None))
    try:
        open_database(db_file)
        daily_backup(db_file, paths.backups_dir(db_file))
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2

    from netkeeper.ui.main_window import MainWindow

    window = MainWindow(db_file)
    window.show()
    return int(app.exec())
