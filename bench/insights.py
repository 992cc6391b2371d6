"""How fast the Insights figures answer at scale (issue 15).

    python bench/insights.py [--db PATH] [--fresh] [--contacts 50000] [--interactions 500000]

Generates (once; reused unless --fresh) bench/due.py's database (50,000 contacts,
500,000 interactions), adds 20,000 ledger entries, 5,000 relationships and a "me",
then prints medians of 5 runs for: the Insights document (what the page computes),
Today, one contact's strength, every contact's strength, the graph build, and
`netkeeper list --json` (process start to exit), with the issue's targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def enrich(n_ledger: int = 20_000, n_relationships: int = 5_000, seed: int = 15) -> None:
    from netkeeper.model.db import db

    rnd = random.Random(seed)
    ids = [r[0] for r in db.execute_sql("SELECT id FROM contact ORDER BY id")]
    with db.atomic():
        db.execute_sql("UPDATE contact SET is_me = 1 WHERE id = ?", (ids[0],))
        day0 = dt.date(2024, 1, 1)
        db.cursor().executemany(
            "INSERT INTO ledger_entry (contact_id, occurred_on, direction, kind, note, created_at)"
            " VALUES (?, ?, ?, 'advice', 'bench', '2026-01-01 00:00:00')",
            [
                (
                    rnd.choice(ids[1:]),
                    (day0 + dt.timedelta(days=rnd.randrange(1000))).isoformat(),
                    rnd.choice(("given", "received")),
                )
                for _ in range(n_ledger)
            ],
        )
        pairs = set()
        while len(pairs) < n_relationships:
            a, b = rnd.sample(ids[1:], 2)
            pairs.add((min(a, b), max(a, b)))
        db.cursor().executemany(
            "INSERT INTO relationship (contact_id, other_id, kind, note, created_at)"
            " VALUES (?, ?, ?, '', '2026-01-01 00:00:00')",
            [(a, b, rnd.choice(("colleague", "mentor", "friend"))) for a, b in sorted(pairs)],
        )
        functions = ("engineering", "product", "sales", "design", None)
        db.cursor().executemany(
            "UPDATE contact SET function = ?, seniority = ? WHERE id = ?",
            [
                (rnd.choice(functions), rnd.choice(("senior", "peer", "junior", None)), i)
                for i in ids[1:]
            ],
        )


def median_ms(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.gettempdir()) / "netkeeper-bench-insights.db")
    if args.fresh or not path.exists():
        from due import generate

        t = time.perf_counter()
        generate(path, args.contacts, args.interactions)
        from netkeeper.model.db import close_database, open_database

        open_database(path)
        enrich()
        close_database()
        print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    from netkeeper.cli.insights import insights_document
    from netkeeper.model.db import db, open_database
    from netkeeper.services.insights import graph, strength, today

    open_database(path)
    counts = [
        db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("contact", "interaction", "ledger_entry", "relationship")
    ]
    print(
        f"database: {counts[0]:,} contacts, {counts[1]:,} interactions, {counts[2]:,} ledger"
        f" entries, {counts[3]:,} relationships"
    )
    as_of = dt.date(2026, 11, 26)
    one = db.execute_sql("SELECT id FROM contact WHERE NOT is_me LIMIT 1 OFFSET 777").fetchone()[0]
    rows = [
        ("Insights page figures", lambda: insights_document(as_of), "<= 300 ms (floor 1 s)"),
        ("Today", lambda: today.today(as_of), "<= 100 ms"),
        ("strength, one contact", lambda: strength.strength(one, as_of), "<= 5 ms"),
        ("strength, every contact", lambda: strength.strengths(as_of), "<= 2 s, off the UI thread"),
        ("graph build", graph.build, "(the map: layout <= 2 s at 2,000)"),
    ]
    for label, fn, target in rows:
        print(f"{label:<26} {median_ms(fn):9.1f} ms   target {target}")

    def list_json() -> None:
        subprocess.run(
            [sys.executable, "-m", "netkeeper", "--db", str(path), "list", "--json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    print(f"{'netkeeper list --json':<26} {median_ms(list_json, 3):9.1f} ms   (median of 3)")


if __name__ == "__main__":
    main()
