"""CardDAV sync against a real Radicale on 127.0.0.1: initial pulls and a no-change run.

    python bench/sync.py [--sizes 1000,10000] [--server radicale|xandikos]

Targets (issue 13): initial sync of 1,000 contacts from Radicale <= 10 s (floor
30 s); a sync with nothing changed <= 0.5 s (floor 2 s); 10,000 contacts
initial <= 60 s. The server's book is filled by writing the card files into its
storage (what a PUT would leave there), so the figures are NetKeeper's sync and
the server's answers, not thousands of PUTs. Peak memory is this process's
peak RSS (the server runs in its own process), measured with `resource`.
Prints one line per figure.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netkeeper.model.db import close_database, db, open_database  # noqa: E402
from netkeeper.services.sync import state  # noqa: E402
from netkeeper.services.sync.engine import SyncEngine  # noqa: E402
from tests.sync.servers import Server  # noqa: E402


def _card(i: int) -> str:
    return (
        "BEGIN:VCARD\nVERSION:3.0\n"
        f"UID:bench-{i}\nFN:Person {i:05d}\nN:{i:05d};Person;;;\n"
        f"EMAIL;TYPE=work:person{i}@example.org\nTEL;TYPE=cell:+1 555 {i:07d}\n"
        f"ORG:Company {i % 97}\nTITLE:Engineer\nNOTE:met at event {i % 13}\n"
        "END:VCARD\n"
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(server: Server, size: int, tmp: Path) -> None:
    url = server.new_book(f"bench-{size}")
    server.seed(url, {f"bench-{i}.vcf": _card(i) for i in range(size)})
    # The server indexes files it did not receive by PUT on first access (Radicale:
    # about 4-6 s per 1,000 here, for the listing and the first sync token); a
    # book in use has paid that long ago, so it is warmed and timed apart.
    warm = time.perf_counter()
    server.book(url).listing()
    server.book(url).sync_token()  # Radicale writes its per-item history on the first one
    took = time.perf_counter() - warm
    print(f"{server.kind}: first listing of {size:,} seeded cards: {took:.2f} s (not counted)")
    open_database(tmp / f"bench-{size}.db")
    state.create_account(
        server_url=server.url,
        book_url=url,
        book_name="bench",
        username=server.user,
        ca_file=None,
        allow_http=False,
    )

    def run() -> tuple[float, object]:
        start = time.perf_counter()
        report = SyncEngine(state.require_account(), server.book(url)).run()
        return time.perf_counter() - start, report

    took, report = run()
    n = db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    print(
        f"{server.kind}: initial sync of {size:,} contacts: {took:.2f} s"
        f" ({n:,} contacts here, status {report.status}); peak RSS {_peak_mb():.0f} MB"  # type: ignore[attr-defined]
    )
    times = []
    for _ in range(3):
        took, report = run()
        times.append(took)
    print(
        f"{server.kind}: sync with nothing changed ({size:,} contacts):"
        f" {sorted(times)[1]:.3f} s median of 3; peak RSS {_peak_mb():.0f} MB"
    )
    close_database()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--server", default="radicale", choices=["radicale", "xandikos"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(args.server, Path(tmp) / "server")
        server.start()
        try:
            for size in (int(s) for s in args.sizes.split(",")):
                bench(server, size, Path(tmp))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
