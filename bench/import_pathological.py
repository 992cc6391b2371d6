"""Import paths that used to be slow or lossy (issue 10, item 13), timed end to end.

    .venv/bin/python bench/import_pathological.py [--empty 100000] [--shared 2000]

1. `--empty` cards with nothing in them (BEGIN/VERSION/END): each is skipped
   and reported; it took over 60 s for 100,000.
2. `--shared` cards of different people who all give one switchboard phone
   number: they collapsed into one contact (1,999 names lost) in 20 s; they
   must land as separate contacts, the shared number reported as ambiguous.

Each runs `python -m netkeeper --db <fresh file> import FILE --json` in a child
process and prints wall time, cards/s and what landed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(db: Path, vcf: Path) -> tuple[float, dict]:  # type: ignore[type-arg]
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "netkeeper", "--db", str(db), "import", str(vcf), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, json.loads(out.stdout)


def _contacts(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--empty", type=int, default=100_000)
    parser.add_argument("--shared", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty.vcf"
        empty.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n" * args.empty)
        seconds, report = _run(folder / "a.db", empty)
        skipped = report["files"][0]["skipped"]
        print(
            f"{args.empty:,} empty cards: {seconds:.2f} s ({args.empty / seconds:,.0f} cards/s); "
            f"{skipped:,} skipped, {_contacts(folder / 'a.db')} contacts"
        )
        shared = folder / "shared.vcf"
        shared.write_text(
            "".join(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Colleague {i:05d} Example\r\n"
                f"N:Example;Colleague {i:05d};;;\r\nTEL;TYPE=work:+44 20 7946 0000\r\nEND:VCARD\r\n"
                for i in range(args.shared)
            )
        )
        seconds, report = _run(folder / "b.db", shared)
        f = report["files"][0]
        ambiguous = sum("ambiguous" in p["reason"] for p in f["problems"])
        print(
            f"{args.shared:,} cards sharing one phone: {seconds:.2f} s; "
            f"{_contacts(folder / 'b.db'):,} contacts ({f['created']:,} new, "
            f"{f['updated']:,} merged), {ambiguous:,} reported as an ambiguous match"
        )


if __name__ == "__main__":
    main()
