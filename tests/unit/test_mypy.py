"""mypy runs as a test, with the settings pyproject.toml declares (issue 9, item 7).

`disallow_untyped_defs` for model, services and io, plain checking for the rest:
an annotation that lies fails here rather than in review.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_is_clean(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),  # a fresh run: a stale cache cannot hide an error
            "netkeeper",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
