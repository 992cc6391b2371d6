"""Time `dedupe.find_duplicates` on 50,000 contacts with realistic name variety.

The demo book reuses a few hundred names, so most of its 50,000 contacts have
namesakes; a real address book has mostly distinct names. Here names are
built from syllables (about 10^8 combinations), then 1% of contacts get a
planted twin: a typo in the name, the same email, or the same phone with
other spacing. Prints the time, the pairs found and how many planted twins
were found (recall).

    /work/venv/bin/python bench/dedupe.py [N]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from netkeeper.model.db import db, open_database
from netkeeper.services.dedupe import find_duplicates

SYLLABLES = [
    "ka",
    "ri",
    "no",
    "ma",
    "ta",
    "le",
    "si",
    "vo",
    "en",
    "da",
    "mi",
    "ru",
    "pa",
    "lo",
    "be",
    "ne",
    "xi",
    "zu",
    "fa",
    "go",
    "ha",
    "yo",
    "sa",
    "ti",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def build(n: int, seed: int = 5) -> set[tuple[int, int]]:
    rng = random.Random(seed)
    rows, emails, phones, planted = [], [], [], set()
    for cid in range(1, n + 1):
        name = f"{_word(rng)} {_word(rng)}"
        rows.append((cid, f"u{cid}", name, "2026-01-01 00:00:00"))
        emails.append((cid, f"p{cid}@mail.example"))
        phones.append((cid, f"+44 7700 9{cid:05d}", None))
    twins = n // 100
    for k in range(twins):
        src = rng.randrange(1, n + 1)
        cid = n + 1 + k
        name = rows[src - 1][2]
        how = k % 3
        if how == 0:
            cut = rng.randrange(1, len(name) - 1)
            name = name[:cut] + name[cut + 1 :] if name[cut] != " " else name + "a"
            emails.append((cid, f"other{cid}@mail.example"))
        elif how == 1:
            emails.append((cid, f"P{src}@MAIL.example"))
            name = _word(rng) + " " + name.split()[1]
        else:
            phones.append((cid, f"+447700 9{src:05d}", None))
            name = name.split()[0]
        rows.append((cid, f"u{cid}", name, "2026-01-01 00:00:00"))
        planted.add((src, cid))
    with db.atomic():
        cur = db.cursor()
        cur.executemany(
            "INSERT INTO contact (id, uid, full_name, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(*r, r[3]) for r in rows],
        )
        cur.executemany("INSERT INTO email (contact_id, value) VALUES (?, ?)", emails)
        cur.executemany(
            "INSERT INTO phone (contact_id, value, normalized) VALUES (?, ?, ?)", phones
        )
    return planted


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        open_database(Path(tmp) / "bench.db")
        planted = build(n)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            pairs = find_duplicates()
            runs.append(time.perf_counter() - start)
        found = {(p.a, p.b) for p in pairs}
        hit = len(planted & found)
        print(f"contacts: {n + len(planted):,}; planted twins: {len(planted):,}")
        print(f"find_duplicates: median {sorted(runs)[1] * 1000:.0f} ms over 3 runs")
        print(
            f"pairs found: {len(pairs):,}; planted twins found: {hit:,} ({hit / len(planted):.0%})"
        )
        db.close()


if __name__ == "__main__":
    main()
