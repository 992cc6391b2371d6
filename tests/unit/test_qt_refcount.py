"""PySide6 must not drop the reference counts of None, True or False (issue 9, item 1).

PySide6 6.12.0 gives back one reference too few for what a call returns: every
Qt method returning nothing lowers None's count by one, every Signal.emit()
lowers True's. Before Python 3.12 those objects are mortal, so the app aborts
("none_dealloc: deallocating None") after a few hundred contact selections, and
a worker thread emitting progress aborts with "bool_dealloc". pyproject.toml
pins PySide6 away from it; these tests fail on an install that still has it.

Each scenario runs in a child process (refcount_probe.py): an affected install
aborts the interpreter, which must fail one test, not end the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("refcount_probe.py")

# From Python 3.12 on None, True and False are immortal (PEP 683): their count
# starts near 2**32 and a stray decrement can no longer free them, so a fall is
# harmless there and pyproject.toml allows any PySide6 >= 6.8.
immortal = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None, True and False are immortal (PEP 683)"
)


def run_probe(scenario: str) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, str(PROBE), scenario], capture_output=True, text=True, timeout=60
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0, (
        f"the probe died (exit {proc.returncode}) after {lines}:\n{proc.stderr[-2000:]}"
    )
    return lines


def falls(results: list[dict]) -> dict[str, dict[str, int]]:
    """Scenario -> the objects whose count fell, and by how much (only those)."""
    return {r["scenario"]: {name: n for name, n in r["fell"].items() if n > 0} for r in results}


@immortal
def test_void_qt_calls_keep_the_count_of_none() -> None:
    results = run_probe("void")
    assert len(results) == 4
    assert falls(results) == {r["scenario"]: {} for r in results}


@immortal
def test_emitting_a_signal_keeps_the_count_of_true() -> None:
    (result,) = run_probe("emit")
    assert result["received"] == result["emits"]
    assert falls([result]) == {"emit": {}}


@immortal
def test_a_worker_thread_can_emit_python_signals() -> None:
    """The minimal form of what ui/workers.py does: thousands of emits from a QThread."""
    (result,) = run_probe("thread")
    assert result["received"] == result["emits"] == 5_000
    assert falls([result]) == {"thread": {}}
