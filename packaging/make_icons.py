"""Regenerate every icon file in resources/icons/ from the one SVG master.

Why a script and committed outputs: builds and installs must not need an SVG
toolchain, and a designer changing netkeeper.svg should get every size, the
Windows .ico and the macOS .icns back with one command:

    /work/venv/bin/python packaging/make_icons.py

It renders with Qt's own SVG renderer (PySide6 is already a dependency, so no
extra system package) and writes .ico/.icns with Pillow, a build-time tool only
(`pip install pillow`); the app itself never imports Pillow.
"""

from __future__ import annotations

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
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    """Where the PNG of one size lives; install-linux.sh and the spec read the same names."""
    return PNG_DIR / f"netkeeper-{size}.png"


def render_pngs() -> None:
    """Render the master at each size, straight at that size (no downscaling blur)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(MASTER))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {MASTER}")
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(png_path(size)), "PNG"):
            raise SystemExit(f"cannot write {png_path(size)}")


def write_ico_icns() -> None:
    """Pack the rendered PNGs (not rescaled copies of one) into .ico and .icns."""
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit("Pillow is needed to write .ico/.icns: pip install pillow") from None

    images = {size: Image.open(png_path(size)).convert("RGBA") for size in SIZES}
    largest = images[max(ICO_SIZES)]
    largest.save(
        ICONS / "netkeeper.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[512].save(
        ICONS / "netkeeper.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != 512],
    )


def main() -> int:
    render_pngs()
    write_ico_icns()
    for path in sorted(ICONS.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
