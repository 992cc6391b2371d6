"""The import review stores photos at the size the app shows, unless asked to keep them
(issue 10, item 2)."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netkeeper.io.photos import PHOTO_SIDE
from netkeeper.model.db import db
from netkeeper.ui.import_dialog import ImportReviewDialog, run_import


def _camera_card(tmp_path: Path) -> tuple[str, bytes]:
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (30, 90, 160)).save(out, "JPEG", quality=95)
    photo = out.getvalue()
    data = base64.b64encode(photo).decode()
    folded = "\r\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
    path = tmp_path / "camera.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n",
        encoding="ascii",
    )
    return str(path), photo


def _import_with(full_size: bool) -> None:
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportReviewDialog):
            QTimer.singleShot(50, step)
            return
        assert not dialog.full_size_photos.isChecked(), "downscaling is the default"
        dialog.full_size_photos.setChecked(full_size)
        dialog.import_button.click()

    QTimer.singleShot(50, step)


@pytest.mark.parametrize("full_size", [False, True])
def test_the_review_downscales_photos_unless_full_size_is_ticked(
    qtbot: Any, main_window: Any, tmp_path: Path, full_size: bool
) -> None:
    path, original = _camera_card(tmp_path)
    _import_with(full_size)
    assert run_import(main_window, [path]) == 1
    (stored,) = (bytes(r[0]) for r in db.execute_sql("SELECT photo FROM contact"))
    if full_size:
        assert stored == original
    else:
        assert Image.open(io.BytesIO(stored)).size == (PHOTO_SIDE, PHOTO_SIDE * 2 // 3)
