"""How long the Reminders view takes to refresh over a large, neglected address book.

    python bench/reminders_view.py [--db PATH] [--contacts 50000] [--interactions 500000]

Uses bench/due.py's database (50,000 contacts, all with a cadence, 500,000
interactions, birthdays, 6,000 reminders; generated once into the temp folder and
reused). The view refreshes on every data_changed, so what matters is one
refresh: followups.due(today, 30), splitting into sections, resetting three
models, and painting the rows on screen. Prints medians of:
- followups.due(today, 30) alone (the service's share),
- RemindersView.refresh() (service + sections + model resets),
- refresh() followed by a repaint of the shown view (what the user waits for).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def median_ms(fn, runs: int = 15) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="default: bench/due.py's database in the temp folder")
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    args = parser.parse_args()
    path = Path(args.db or Path(tempfile.gettempdir()) / "netkeeper-bench-due-0.db")
    if not path.exists():
        from due import generate  # bench/due.py

        generate(path, args.contacts, args.interactions)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from netkeeper.model.db import open_database
    from netkeeper.services import followups
    from netkeeper.ui.reminders_view import UPCOMING_DAYS, RemindersView

    app = QApplication.instance() or QApplication([])
    open_database(path)
    today = dt.date(2026, 11, 26)
    view = RemindersView(None, today=lambda: today)
    view.resize(1300, 800)
    view.show()
    app.processEvents()
    counts = {k: m.rowCount() for k, m in view.models.items()}
    print(f"database {path}: sections {counts}")
    ms = median_ms(lambda: followups.due(today, UPCOMING_DAYS))
    print(f"followups.due(today, {UPCOMING_DAYS}): {ms:.1f} ms median")
    ms = median_ms(view.refresh)
    print(f"RemindersView.refresh(): {ms:.1f} ms median")

    def refresh_and_paint() -> None:
        view.refresh()
        view.repaint()

    ms = median_ms(refresh_and_paint)
    print(f"refresh() + repaint of the shown view: {ms:.1f} ms median")


if __name__ == "__main__":
    main()
