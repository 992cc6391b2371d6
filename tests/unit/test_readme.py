"""The README as a reader on a fresh machine uses it: paths that exist, packages that work.

A developer who clones the repository has nothing beside it, so every path the
README names must be inside the checkout. The font list is checked against
what the fonts really cover (fontconfig's own language table), so Japanese and
Chinese names do not show as boxes on a minimal install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PACKAGES = ROOT / "packaging" / "debian-packages.txt"
# Backticked text that names a file or folder of the checkout (or one outside it).
_PATH = re.compile(r"`((?:\.\./|docs/|netkeeper/|packaging/|tests/|bench/|resources/)[^`\s]*)`")


def _listed_packages() -> list[str]:
    lines = PACKAGES.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@pytest.mark.parametrize("page", [README, ROOT / "docs" / "architecture.md"], ids=lambda p: p.name)
def test_every_path_the_developer_pages_name_is_in_the_checkout(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    paths = _PATH.findall(text)
    if page == README:
        assert "docs/architecture.md" in paths, "developers are pointed to the architecture notes"
    outside = [p for p in paths if p.startswith("../")]
    assert outside == [], f"a checkout has nothing beside it: {outside}"
    missing = [p for p in paths if not (ROOT / p.rstrip("/")).exists()]
    assert missing == [], missing


def test_the_readme_spells_out_the_same_qt_packages_as_the_list() -> None:
    text = README.read_text(encoding="utf-8")
    spelled = re.search(r"\(that is: `([^`]*)`", text)
    assert spelled is not None
    qt_section = PACKAGES.read_text(encoding="utf-8").split("# Tests and packaging")[0]
    qt_packages = [ln.strip() for ln in qt_section.splitlines() if ln.strip() and ln[0] != "#"]
    assert spelled[1].split() == qt_packages


def _languages(font_file: str) -> set[str]:
    out = subprocess.run(
        ["fc-query", "--format", "%{lang}\n", font_file],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {lang for line in out.splitlines() for lang in line.split("|")}


@pytest.mark.skipif(
    shutil.which("dpkg-query") is None or shutil.which("fc-query") is None,
    reason="needs Debian's dpkg and fontconfig's fc-query",
)
def test_a_listed_font_covers_japanese_and_chinese() -> None:
    covered: set[str] = set()
    for package in _listed_packages():
        if not package.startswith("fonts-"):
            continue
        files = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True)
        if files.returncode != 0:
            pytest.skip(f"{package} is not installed here (CI installs the list)")
        for name in files.stdout.splitlines():
            if name.endswith((".ttf", ".ttc", ".otf")):
                covered |= _languages(name)
    assert {"ja", "zh-cn", "zh-tw"} <= covered, sorted(covered)
