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
# Beside the checkout, or beside the folder of worktrees (../../shared from wt/NAME).
CORPUS = next(
    (
        p
        for p in (ROOT.parent / "shared" / "vcards", ROOT.parents[1] / "shared" / "vcards")
        if (p / "MANIFEST.md").exists()
    ),
    ROOT.parent / "shared" / "vcards",
)

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


def _snapshot() -> list[tuple[dict[str, object], list[tuple[object, ...]]]]:
    from netkeeper.services.contacts import get_card
    from netkeeper.services.documents import contact_documents, find_ids

    out = []
    for doc in contact_documents(find_ids(), include_photo_bytes=True):
        extra = [(p.group, p.name, p.value, tuple(p.params)) for p in get_card(doc["id"]).extra]
        for key in ("id", "created_at", "updated_at"):
            doc.pop(key)
        out.append((doc, extra))
    return sorted(out, key=lambda item: str(item[0]["uid"]))


def test_corpus_export_is_valid_and_comes_back(tmp_path: Path) -> None:
    """Import everything, export 3.0 and 4.0: vobject validates every card, and importing
    the export into an empty database gives the same contacts back."""
    import vobject

    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.exchange import (
        ImportFileError,
        check_file,
        export_contacts,
        import_files,
    )

    logging.getLogger("vobject.base").setLevel(logging.CRITICAL)
    files = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.md"):
        try:
            check_file(path)
        except ImportFileError:
            continue
        files.append(path)
    open_database(tmp_path / "all.db")
    try:
        import_files(files)
        before = _snapshot()
        for version in ("3.0", "4.0"):
            export_contacts(tmp_path / f"{version}.vcf", version=version)
    finally:
        close_database()
    assert len(before) > 1200
    for version in ("3.0", "4.0"):
        text = (tmp_path / f"{version}.vcf").read_bytes().decode("utf-8")
        cards = list(vobject.readComponents(text, validate=True))
        assert len(cards) == len(before)
        open_database(tmp_path / f"back{version}.db")
        try:
            import_files([tmp_path / f"{version}.vcf"])
            after = _snapshot()
        finally:
            close_database()
        assert len(after) == len(before)
        changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        if version == "4.0":
            assert changed == []
        else:
            # vCard 3.0 has no PREF=n parameter (it becomes TYPE=pref) and cannot quote a
            # double quote inside a parameter: the only differences allowed.
            for (doc_a, extra_a), (doc_b, extra_b) in changed:
                if doc_a != doc_b:
                    diff = {k for k in doc_a if doc_a[k] != doc_b[k]}
                    assert diff == {"phones"}, diff
                    assert '"' in str(doc_a["phones"])
                for old, new in zip(extra_a, extra_b, strict=True):
                    if old != new:
                        assert old[:3] == new[:3]
                        assert ("TYPE", "pref") in new[3] and any(k == "PREF" for k, _ in old[3])
            assert len(changed) <= 3


def test_corpus_export_reimported_twice_changes_nothing(tmp_path: Path) -> None:
    """Our own export, 3.0 or 4.0, imported back over the contacts it came from, twice:
    every card is unchanged and so is every contact (the 4.0 -> 3.0 -> 4.0 LANG bug)."""
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.exchange import (
        ImportFileError,
        check_file,
        export_contacts,
        import_files,
    )

    files = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.md"):
        try:
            check_file(path)
        except ImportFileError:
            continue
        files.append(path)
    open_database(tmp_path / "all.db")
    try:
        import_files(files)
        before = _snapshot()
        for version in ("3.0", "4.0"):
            exported = tmp_path / f"{version}.vcf"
            export_contacts(exported, version=version)
            for attempt in (1, 2):
                result = import_files([exported])
                report = result.files[0]
                changed = [
                    (o.name, o.status, o.changes)
                    for o in result.outcomes
                    if o.status not in ("unchanged", "group")
                ]
                assert changed == [], (version, attempt)
                assert (report.created, report.updated) == (0, 0)
                assert report.unchanged == len(before)
                assert _snapshot() == before, (version, attempt)
    finally:
        close_database()
