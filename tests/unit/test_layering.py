"""The layering rule of docs/architecture: imports point down, Qt stays in the UI.

Walks every module with `ast` so a forbidden import fails here, not in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import netkeeper

PACKAGE = Path(netkeeper.__file__).parent

FORBIDDEN = {
    "model": ("PySide6", "netkeeper.io", "netkeeper.services", "netkeeper.ui", "vobject"),
    "io": ("PySide6", "netkeeper.model", "netkeeper.services", "netkeeper.ui"),
    "services": ("PySide6", "netkeeper.ui", "netkeeper.settings", "netkeeper.app"),
    "ui": ("vobject", "netkeeper.io.vcard"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_layers_import_only_downwards() -> None:
    problems = []
    for layer, banned in FORBIDDEN.items():
        folder = PACKAGE / layer
        assert folder.is_dir(), layer
        for path in folder.rglob("*.py"):
            for line, module in _imports(path):
                if any(module == b or module.startswith(b + ".") for b in banned):
                    problems.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert not problems, "\n".join(problems)


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    """The walker itself must see both import forms, or the test above proves nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text("import PySide6.QtCore\nfrom netkeeper.ui import x\n")
    assert [m for _, m in _imports(sample)] == ["PySide6.QtCore", "netkeeper.ui"]


def test_headless_commands_never_load_qt(tmp_path: Path) -> None:
    """Run real sub-commands in a fresh interpreter and check no PySide6 module got loaded."""
    db = tmp_path / "x.db"
    script = (
        "import sys\n"
        "from netkeeper.cli import main\n"
        f"assert main(['--db', {str(db)!r}, 'add', 'Ada Lovelace', '--email', 'a@x.org']) == 0\n"
        f"assert main(['--db', {str(db)!r}, 'list', '--json']) == 0\n"
        f"assert main(['--db', {str(db)!r}, 'timeline', '--json']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
