"""CardDAV sync against a real Radicale on 127.0.0.1: initial pulls and a no-change run.

    python bench/sync.py [--sizes 1000,10000] [--server radicale|xandikos]

Targets (issue 13): initial sync of 1,000 contacts from Radicale <= 10 s (floor
30 s); a sync with nothing changed <= 0.5 s (floor 2 s); 10,000 contacts
initial <= 60 s. The server's book is filled by writing the card files into its
storage (what a PUT would leave there), so the figures are NetKeeper's sync and
the server's answers, not thousands of PUTs. Peak memory is this process's
peak RSS during each measured run (Linux: the high-water mark is reset through
/proc/self/clear_refs before it), and the server's, which runs in its own
process. Each figure carries the load average (the machine may be shared) and,
for the no-change run, the HTTP requests it made: one REPORT is the target.
Prints one line per figure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netkeeper.model.db import close_database, db, open_database  # noqa: E402
from netkeeper.services.sync import state  # noqa: E402
from netkeeper.services.sync.carddav import CardDavBook  # noqa: E402
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


def _reset_peak() -> None:
    """Start a new high-water mark of this process's RSS (Linux; elsewhere a no-op)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb(pid: int | str = "self") -> float:
    """Peak RSS in MB since the last reset (VmHWM), or the process's lifetime peak."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    try:
        return f"load {os.getloadavg()[0]:.2f}"
    except OSError:
        return "load ?"


class _Counting(CardDavBook):
    """The server's book, counting the requests a run makes by method."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.requests: Counter[str] = Counter()
        request = self.session.request

        def counted(method: str, url: str, **kw: Any) -> Any:
            self.requests[method] += 1
            return request(method, url, **kw)

        self.session.request = counted  # type: ignore[method-assign]


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

    def run() -> tuple[float, Any, _Counting, float, float]:
        book = _Counting(server.session(), url)
        _reset_peak()
        cpu = time.process_time()
        start = time.perf_counter()
        report = SyncEngine(state.require_account(), book).run()
        took = time.perf_counter() - start
        return took, report, book, _peak_mb(), time.process_time() - cpu

    assert server.proc is not None
    took, report, _, peak, _ = run()
    n = db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    print(
        f"{server.kind}: initial sync of {size:,} contacts: {took:.2f} s"
        f" ({n:,} contacts here, status {report.status}); peak RSS {peak:.0f} MB here,"
        f" server {_peak_mb(server.proc.pid):.0f} MB; {_load()}"
    )
    runs = [run() for _ in range(5)]
    took, report, book, peak, cpu = sorted(runs, key=lambda r: r[0])[2]
    asked = ", ".join(f"{k} {v}" for k, v in sorted(book.requests.items()))
    print(
        f"{server.kind}: sync with nothing changed ({size:,} contacts):"
        f" {took:.3f} s median of 5 (fastest {min(r[0] for r in runs):.3f} s,"
        f" slowest {max(r[0] for r in runs):.3f} s), {cpu:.3f} s of it CPU here;"
        f" requests: {asked};"
        f" status {report.status}; peak RSS {peak:.0f} MB; {_load()}"
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
