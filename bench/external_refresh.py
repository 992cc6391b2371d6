"""What following changes made elsewhere costs, over a big address book.

    python bench/external_refresh.py [--contacts 50000] [--interactions 500000] [--keep DB]

Builds (or reuses) the database of bench/gui_start.py, opens the real main window
over it (offscreen) and measures:

1. idle: the watcher's check when nothing changed (one `PRAGMA data_version`),
   timed over 2,000 calls;
2. for each view (Contacts, Timeline, Reminders, Trash): a real `netkeeper log`
   in another process, then the time from that command's exit to the view showing
   the change, and how long the view's refresh itself took (median of --runs).

The Duplicates view re-runs its search (bench/dedupe.py measures that).
Figures print as a table. Target: a change on screen within 2 s; idle check << 1 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from gui_start import build_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="DB", help="reuse or create this database file")
    args = parser.parse_args()
    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "bench.db"
    if not path.exists():
        started = time.perf_counter()
        build_database(path, args.contacts, args.interactions)
        print(f"built {path} in {time.perf_counter() - started:.1f} s")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from netkeeper.model.db import open_database
    from netkeeper.services.contact_rows import contact_rows
    from netkeeper.settings import Settings
    from netkeeper.ui.main_window import MainWindow

    open_database(path)
    ids = [str(r.id) for r in contact_rows()[:50]]
    settings = Settings(QSettings(str(path) + ".ini", QSettings.Format.IniFormat))
    window = MainWindow(path, settings=settings)
    window.resize(1300, 800)
    window.show()
    app.processEvents()

    watcher = window.db_watcher
    started = time.perf_counter()
    for _ in range(2000):
        watcher.check()
    idle_us = (time.perf_counter() - started) / 2000 * 1e6

    def cli(*argv: str) -> float:
        subprocess.run(
            [sys.executable, "-m", "netkeeper", "--db", str(path), *argv],
            check=True,
            capture_output=True,
        )
        return time.perf_counter()

    rows: list[tuple[str, float, float]] = []
    for key in ("contacts", "timeline", "reminders", "trash"):
        view = window.show_view(key)
        app.processEvents()
        original = view.refresh  # type: ignore[union-attr]
        spent: list[float] = []

        def timed(original=original, spent=spent) -> None:  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            original()
            spent.append(time.perf_counter() - t)

        view.refresh = timed  # type: ignore[union-attr]
        latencies = []
        for run in range(args.runs):
            before = len(spent)
            done = cli("log", ids[run % len(ids)], "--kind", "note", "--note", f"bench {run}")
            while len(spent) == before and time.perf_counter() - done < 5:
                app.processEvents()
                time.sleep(0.002)
            latencies.append(time.perf_counter() - done)
        rows.append((key, statistics.median(latencies), statistics.median(spent or [0.0])))

    print(f"\ncontacts: {args.contacts:,}  interactions: {args.interactions:,}")
    print(f"idle check (nothing changed): {idle_us:.1f} µs")
    print(f"{'view':<10} {'on screen after':>16} {'refresh took':>13}")
    for key, latency, spent_s in rows:
        print(f"{key:<10} {latency * 1000:>13.0f} ms {spent_s * 1000:>10.0f} ms")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
