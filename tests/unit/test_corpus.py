"""The real-world corpus in ../shared/vcards (measured, never copied): zero tracebacks, >= 99 %.

The measurement itself lives in bench/corpus_fidelity.py, which also prints the
comparison with bare vobject; this test holds the floor the issue sets.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "vcards"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.md").exists(), reason="no ../shared/vcards corpus here"
)


def _fidelity() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "corpus_fidelity", ROOT / "bench" / "corpus_fidelity.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_corpus_lands_real_cards_without_a_traceback() -> None:
    logging.getLogger("vobject.base").setLevel(logging.CRITICAL)
    fidelity = _fidelity()
    results = fidelity.measure(CORPUS)
    assert len(results) == 282
    # The only files refused are the two that hold no card at all (a clear message, exit 2).
    refused = {r.path for r in results if r.errors}
    assert refused == {"evolution-data-server/7.vcf", "folkerkinzel-vcards/Empty.vcf"}
    assert all(not r.carried for r in results if r.path in refused)
    for r in results:
        assert all("Error:" not in e or "CardReadError" in e for e in r.errors), r.errors
    summary = fidelity.summary(results, ("folkerkinzel-vcards/LargeFile.vcf",))
    share = summary["netkeeper_landed"] / summary["with_identity"]
    assert summary["with_identity"] >= 380
    assert share >= 0.99, "\n".join(summary["losses"])
    whole = fidelity.summary(results)
    assert whole["netkeeper_landed"] / whole["with_identity"] >= 0.99


def test_every_card_of_every_file_is_accounted_for() -> None:
    """Cards read = new + updated + unchanged + skipped + groups, file by file."""
    from netkeeper.io.vcard import CardReadError, read_cards

    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.md"):
        try:
            items = list(read_cards(path))
        except CardReadError:
            continue
        numbers = [p.card for _, problems in items for p in problems if p.card is not None]
        cards = [item for item in items if item[0] is not None or any(p.card for p in item[1])]
        assert all(1 <= n <= len(cards) for n in numbers), path
