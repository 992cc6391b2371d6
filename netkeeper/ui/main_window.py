"""A minimal main window listing the contacts (the main-window issue builds the real one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem

from netkeeper import APP_NAME
from netkeeper.services.documents import contact_documents, find_ids


class MainWindow(QMainWindow):
    def __init__(self, db_file: Path) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(900, 600)
        table = QTableWidget(0, 3, self)
        table.setHorizontalHeaderLabels(["Name", "Organisation", "Email"])
        docs = contact_documents(find_ids())
        table.setRowCount(len(docs))
        for row, d in enumerate(docs):
            email = d["emails"][0]["value"] if d["emails"] else ""
            for col, text in enumerate((d["full_name"], d["organization"], email)):
                table.setItem(row, col, QTableWidgetItem(text))
        self.setCentralWidget(table)
        self.statusBar().showMessage(f"{len(docs)} contacts — {db_file}")
