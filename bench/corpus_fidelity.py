"""How many real cards of ../shared/vcards land, with NetKeeper's importer and with bare vobject.

    python bench/corpus_fidelity.py [CORPUS_DIR] [--show]

The corpus (real exports and parser test files, several GPL) is measured, never
copied into the repository. Files whose MANIFEST.md notes say "malformed" are
left out of the headline share, as the issue asks.

A card *carries* a name, organisation, email or phone when a raw FN/N/ORG/EMAIL/
TEL line of its block has a non-empty value (checked on the bytes, independent of
either parser). It *lands* with NetKeeper when the importer, run end to end into a
fresh SQLite file, keeps it (new, updated, unchanged, duplicate, or a group turned
into a tag) and every one of those four kinds of data the raw card carries came
through. It lands with vobject when `readComponents(text, allowQP=True,
ignoreUnreadable=True)` (its most forgiving mode; per card, so one bad card does
not hide the next) returns it with the same kinds of data present.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "vcards"
_KINDS = {"FN": "name", "N": "name", "ORG": "org", "EMAIL": "email", "TEL": "phone"}


@dataclass
class FileResult:
    path: str
    malformed: bool
    carried: list[set[str]] = field(default_factory=list)  # per raw card: kinds it carries
    ours: list[set[str] | None] = field(default_factory=list)  # per card: kinds that landed
    vobj: list[set[str] | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the importer's report, in words
    names_ours: list[str] = field(default_factory=list)
    names_vobj: list[str | None] = field(default_factory=list)


def malformed_files(corpus: Path) -> set[str]:
    """Relative paths whose MANIFEST.md row says 'malformed'."""
    out: set[str] = set()
    section = ""
    for line in (corpus / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("| ") and "malformed" in line.lower() and section:
            out.add(f"{section}/{line.split('|')[1].strip()}")
    return out


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "MANIFEST.md")


def _decode(data: bytes) -> str:
    """As the manifest's vobject baseline: BOMs honoured, strict UTF-8, else Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def raw_blocks(data: bytes) -> list[bytes]:
    """Top-level BEGIN:VCARD..END:VCARD blocks, split on the bytes (nested cards stay inside)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16").encode("utf-8")
    blocks: list[bytes] = []
    level = 0
    for line in data.splitlines(keepends=True):
        word = line.strip().upper().replace(b" ", b"").replace(b"\t", b"")
        if word == b"BEGIN:VCARD":
            if level == 0:
                blocks.append(b"")
            level += 1
        if level > 0:
            blocks[-1] += line
        if word == b"END:VCARD" and level > 0:
            level -= 1
    return blocks


def carried(block: bytes) -> set[str]:
    kinds: set[str] = set()
    unfolded = re.sub(rb"\r?\n[ \t]", b"", block)
    for line in unfolded.splitlines():
        colon = line.find(b":")
        if colon <= 0:
            continue
        name = line[:colon].split(b";")[0].split(b".")[-1].strip().upper().decode("latin-1")
        value = line[colon + 1 :].replace(b";", b"").replace(b"=", b"").strip()
        if name in _KINDS and value:
            kinds.add(_KINDS[name])
    return kinds


def card_kinds(card: object) -> set[str]:
    kinds = set()
    if card.full_name.strip() or card.given_name or card.family_name:  # type: ignore[attr-defined]
        kinds.add("name")
    if card.organization or card.department:  # type: ignore[attr-defined]
        kinds.add("org")
    if card.emails:  # type: ignore[attr-defined]
        kinds.add("email")
    if card.phones:  # type: ignore[attr-defined]
        kinds.add("phone")
    return kinds


def vobject_kinds(comp: object) -> set[str]:
    kinds = set()
    contents = comp.contents  # type: ignore[attr-defined]

    def has(name: str) -> bool:
        for line in contents.get(name, []):
            value = line.value
            if isinstance(value, str):
                if value.strip():
                    return True
            elif value is not None and str(value).strip(" ;"):
                return True
        return False

    if has("fn") or has("n"):
        kinds.add("name")
    if has("org"):
        kinds.add("org")
    if has("email"):
        kinds.add("email")
    if has("tel"):
        kinds.add("phone")
    return kinds


def measure_vobject(result: FileResult, data: bytes) -> None:
    import vobject

    text = _decode(data)
    for block in raw_blocks(text.encode("utf-8")):
        try:
            comps = list(
                vobject.readComponents(block.decode("utf-8"), allowQP=True, ignoreUnreadable=True)
            )
        except Exception:
            result.vobj.append(None)
            continue
        result.vobj.append(vobject_kinds(comps[0]) if comps else None)
        fn = comps[0].contents.get("fn") if comps else None
        result.names_vobj.append(fn[0].value if fn and isinstance(fn[0].value, str) else None)


def measure_ours(result: FileResult, path: Path, db_path: Path) -> None:
    from netkeeper.io.vcard import read_cards
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.exchange import ImportFileError, import_files

    try:
        # The reader's last item may only report text outside any card: not a card.
        parsed = [c for c, ps in read_cards(path) if c or any(p.card for p in ps)]
    except Exception as exc:  # a measurement records every failure
        result.errors.append(f"reader: {type(exc).__name__}: {exc}")
        parsed = []
    open_database(db_path)
    try:
        outcome = import_files([path])
        statuses = [o.status for o in outcome.outcomes]
        for p in outcome.files[0].problems:
            where = f"card {p.card}" if p.card is not None else "outside cards"
            line = f" line {p.line}" if p.line is not None else ""
            result.problems.append(f"{where}{line}: {p.reason}")
    except ImportFileError as exc:
        result.errors.append(str(exc))
        statuses = []
    except Exception as exc:
        result.errors.append(f"import: {type(exc).__name__}: {exc}")
        statuses = []
    finally:
        close_database()
    result.names_ours = [c.full_name if c is not None else "" for c in parsed]
    for i, status in enumerate(statuses):
        card = parsed[i] if i < len(parsed) else None
        if status == "skipped" or card is None:
            result.ours.append(None)
        else:
            result.ours.append(card_kinds(card) | ({"name"} if card.kind == "group" else set()))


def measure(corpus: Path) -> list[FileResult]:
    bad = malformed_files(corpus)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, path in enumerate(corpus_files(corpus)):
            rel = path.relative_to(corpus).as_posix()
            data = path.read_bytes()
            result = FileResult(rel, rel in bad)
            result.carried = [carried(b) for b in raw_blocks(data)]
            measure_ours(result, path, Path(tmp) / f"{n}.db")
            measure_vobject(result, data)
            results.append(result)
    return results


def landed(carried_kinds: set[str], got: set[str] | None) -> bool:
    return got is not None and carried_kinds <= got


def match_cards(carried_list: list[set[str]], got: list[set[str] | None]) -> list[bool]:
    """Per raw card, whether some returned card (each used once) has all it carries.

    Order-free within a file, because a nested card is returned before the card
    around it; in every other file the first fit is the card at the same place.
    """
    free = list(got)
    out = []
    for kinds in carried_list:
        hit = next((i for i, g in enumerate(free) if landed(kinds, g)), None)
        if hit is not None:
            free[hit] = None
        out.append(hit is not None)
    return out


def summary(results: list[FileResult], skip: tuple[str, ...] = ()) -> dict[str, object]:
    """Shares over the files that are not malformed (nor in `skip`)."""
    real = [r for r in results if not r.malformed and r.path not in skip]
    total = ours = vobj = parsed_ours = parsed_vobj = all_cards = 0
    losses: list[str] = []
    for r in real:
        all_cards += len(r.carried)
        parsed_ours += sum(g is not None for g in r.ours)
        parsed_vobj += sum(g is not None for g in r.vobj)
        mine, theirs = match_cards(r.carried, r.ours), match_cards(r.carried, r.vobj)
        for i, kinds in enumerate(r.carried):
            if not kinds:
                continue
            total += 1
            ours += mine[i]
            vobj += theirs[i]
            if not mine[i]:
                losses.append(f"{r.path} card {i + 1}: carries {sorted(kinds)}")
    return {
        "files": len(real),
        "cards": all_cards,
        "with_identity": total,
        "netkeeper_landed": ours,
        "vobject_landed": vobj,
        "netkeeper_returned": parsed_ours,
        "vobject_returned": parsed_vobj,
        "losses": losses,
    }


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    import vobject  # noqa: F401 - imported first: it sets its logger's level when imported

    logging.getLogger("vobject.base").setLevel(logging.CRITICAL)  # it logs every skipped line
    corpus = Path(next((a for a in argv if not a.startswith("-")), DEFAULT_CORPUS))
    if not (corpus / "MANIFEST.md").exists():
        print(f"no corpus at {corpus}")
        return 2
    results = measure(corpus)
    malformed = sorted(r.path for r in results if r.malformed)
    print(f"corpus: {corpus}: {len(results)} files")
    print(f"left out as deliberately malformed ({len(malformed)}): {', '.join(malformed)}")
    for title, skip in (
        ("all real files", ()),
        ("without the synthetic LargeFile.vcf", ("folkerkinzel-vcards/LargeFile.vcf",)),
    ):
        s = summary(results, skip)
        t = s["with_identity"]
        print(f"\n{title}: {s['files']} files, {s['cards']} cards, {t} with name/org/email/phone")
        for who in ("netkeeper", "vobject"):
            n = s[f"{who}_landed"]
            print(
                f"  {who:>9}: {n}/{t} landed with all of it ({100 * n / t:.2f} %); "  # type: ignore[operator]
                f"cards returned at all: {s[f'{who}_returned']}/{s['cards']}"
            )
        for line in s["losses"]:  # type: ignore[attr-defined]
            print("  NetKeeper lost:", line)
    cut = [
        (r.path, ours, theirs)
        for r in results
        if len(r.names_ours) == len(r.names_vobj)
        for ours, theirs in zip(r.names_ours, r.names_vobj, strict=True)
        if "," in ours and theirs is not None and theirs != ours
    ]
    print(f"\nFN with an unescaped comma that vobject cut short: {len(cut)}")
    for path, ours, theirs in cut:
        print(f"  {path}: {ours!r} -> vobject {theirs!r}")
    print("\nfiles refused, and the importer's problems (all files, malformed ones marked *):")
    for r in results:
        mark = "*" if r.malformed else " "
        for e in r.errors:
            print(f" {mark}{r.path}: refused: {e}")
        for p in r.problems:
            print(f" {mark}{r.path}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
