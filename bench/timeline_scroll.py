"""How fast the Timeline pages through 500,000 interactions (the "scrolls smoothly" claim).

Builds a demo book of 50,000 contacts and 500,000 interactions (about a minute;
pass an existing file to reuse it), then times:
- the first page of the model (what the user waits for when opening the view),
- each following page Qt asks for while scrolling (fetchMore), over 50 pages,
- single pages deep in the list (LIMIT/OFFSET at 100,000 and 400,000),
- the first page with a tag filter and with a contact filter.
A frame at 60 Hz is 16 ms; a page costing less than that never stutters.

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/timeline_scroll.py [DB]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from netkeeper.model.db import db, open_database
from netkeeper.services import demo
from netkeeper.services.timeline import timeline
from netkeeper.ui.timeline_model import PAGE, TimelineFilter, TimelineModel


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    tmp = None
    if len(sys.argv) > 1:
        open_database(sys.argv[1])
    else:
        tmp = tempfile.TemporaryDirectory()
        open_database(Path(tmp.name) / "bench.db")
        start = time.perf_counter()
        demo.fill(50_000, seed=1, interactions=500_000)
        print(f"demo.fill(50,000 contacts, 500,000 interactions): {_ms(start) / 1000:.1f} s")
    total = db.execute_sql("SELECT count(*) FROM interaction").fetchone()[0]
    print(f"interactions: {total:,}; page size {PAGE}")

    model = TimelineModel()
    start = time.perf_counter()
    model.reload()
    print(f"first page (model.reload): {_ms(start):.1f} ms")
    pages = []
    for _ in range(50):
        start = time.perf_counter()
        model.fetchMore()
        pages.append(_ms(start))
    print(
        f"fetchMore x50 (to {model.rowCount():,} rows): median {statistics.median(pages):.1f} ms,"
        f" max {max(pages):.1f} ms"
    )
    for offset in (100_000, 400_000):
        start = time.perf_counter()
        timeline(limit=PAGE, offset=offset)
        print(f"one page at offset {offset:,}: {_ms(start):.1f} ms")
    tag = db.execute_sql("SELECT name FROM tag ORDER BY id LIMIT 1").fetchone()[0]
    start = time.perf_counter()
    model.set_filter(TimelineFilter(tag=tag))
    print(f"first page, tag '{tag}': {_ms(start):.1f} ms ({model.rowCount()} rows)")
    busy = db.execute_sql(
        "SELECT contact_id FROM interaction_participant GROUP BY contact_id"
        " ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    start = time.perf_counter()
    model.set_filter(TimelineFilter(contact_id=busy))
    print(f"first page, busiest contact: {_ms(start):.1f} ms ({model.rowCount()} rows)")
    start = time.perf_counter()
    model.set_filter(TimelineFilter(kinds=["coffee"]))
    print(f"first page, kind coffee: {_ms(start):.1f} ms")
    db.close()
    if tmp is not None:
        tmp.cleanup()
    del app


if __name__ == "__main__":
    main()
