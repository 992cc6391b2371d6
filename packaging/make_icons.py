"""Regenerate every icon file in resources/icons/ from the one SVG master.

Why a script and committed outputs: builds and installs must not need an SVG
toolchain, and a designer changing netkeeper.svg should get every size, the
Windows .ico and the macOS .icns back with one command:

    /work/venv/bin/python packaging/make_icons.py

It renders with Qt's own SVG renderer (PySide6 is already a dependency, so no
extra system package) and writes .ico/.icns with Pillow (a dependency of the app too, which
downscales imported photos with it).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
MASTER = ICONS / "netkeeper.svg"
PNG_DIR = ICONS / "png"
# hicolor sizes a desktop looks up, plus 512 for macOS and high-DPI windows.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Pixel sizes inside the .icns (16..512 points at 1x and 2x); 1024 exists only there.
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)
_QT: list[object] = []


def png_path(size: int) -> Path:
    """Where the PNG of one size lives; install-linux.sh and the spec read the same names."""
    return PNG_DIR / f"netkeeper-{size}.png"


def render(size: int) -> bytes:
    """The master drawn straight at this size (no downscaling blur), as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if not _QT:  # QPainter needs a QGuiApplication; one for the whole run
        _QT.append(QGuiApplication.instance() or QGuiApplication([]))
    renderer = QSvgRenderer(str(MASTER))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {MASTER}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes, runtime wants str
    return bytes(data.data())


def render_pngs() -> None:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        png_path(size).write_bytes(render(size))


def write_ico_icns() -> None:
    """Pack images rendered at each size (not rescaled copies of one) into .ico and .icns."""
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit("Pillow is needed to write .ico/.icns: pip install pillow") from None

    def image(size: int) -> Image.Image:
        return Image.open(io.BytesIO(render(size))).convert("RGBA")

    ico = [image(size) for size in ICO_SIZES]
    ico[-1].save(
        ICONS / "netkeeper.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=ico[:-1],
    )
    icns = [image(size) for size in ICNS_SIZES]
    icns[-1].save(ICONS / "netkeeper.icns", format="ICNS", append_images=icns[:-1])


def main() -> int:
    render_pngs()
    write_ico_icns()
    for path in sorted(ICONS.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
