"""The files in resources/ that desktops, installers and the frozen app read.

Checked with the freedesktop.org validators when they are installed (Debian:
desktop-file-utils, appstream) and by reading the image headers, so a broken
icon or an app id that drifted from netkeeper.APP_ID fails here, not on a user's
desktop.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import netkeeper
from netkeeper import paths

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DESKTOP = RESOURCES / f"{netkeeper.APP_ID}.desktop"
METAINFO = RESOURCES / f"{netkeeper.APP_ID}.metainfo.xml"
ICONS = RESOURCES / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_resource_path_finds_the_source_resources() -> None:
    assert paths.resource_path(f"{netkeeper.APP_ID}.desktop") == DESKTOP
    assert paths.resource_path("icons/netkeeper.svg").is_file()


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils absent"
)
def test_desktop_file_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no hints or warnings either


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream absent")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_names_the_app() -> None:
    entry = _desktop_entry(DESKTOP)
    assert entry["Name"] == netkeeper.APP_NAME
    assert entry["Icon"] == netkeeper.APP_ID  # looked up in hicolor under the app id
    assert entry["Exec"].split()[0] == "netkeeper"  # install-linux.sh rewrites this word


def test_metainfo_matches_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == netkeeper.APP_ID
    assert root.findtext("name") == netkeeper.APP_NAME
    assert root.find("launchable").text == DESKTOP.name  # type: ignore[union-attr]
    # A version bump must come with a release entry, or software centres show stale notes.
    versions = [release.get("version") for release in root.iter("release")]
    assert netkeeper.__version__ in versions


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icon_has_its_size(size: int) -> None:
    data = (ICONS / "png" / f"netkeeper-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert (width, height) == (size, size)
    assert (depth, colour_type) == (8, 6)  # 8-bit RGBA: the rounded corners are transparent


def test_ico_holds_every_windows_size() -> None:
    data = (ICONS / "netkeeper.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, height = data[6 + 16 * index], data[7 + 16 * index]
        sizes.add((width or 256, height or 256))  # 0 means 256 in an ICO directory
    assert {(s, s) for s in (16, 24, 32, 48, 256)} <= sizes


def test_icns_holds_retina_sizes() -> None:
    data = (ICONS / "netkeeper.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, offset = set(), 8
    while offset < len(data):
        kind, length = struct.unpack(">4sI", data[offset : offset + 8])
        kinds.add(kind)
        offset += length
    # 128, 256, 512 px and 512 pt at 2x (1024 px)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds


def test_svg_master_is_the_one_qt_can_draw() -> None:
    """Qt's SVG renderer supports SVG Tiny only: masks or filters would vanish in the app."""
    text = (ICONS / "netkeeper.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"mask", "filter", "clipPath", "foreignObject", "image"}
    assert root.get("viewBox") == "0 0 256 256"
