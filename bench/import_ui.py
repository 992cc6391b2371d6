"""Does the window stay responsive while a big vCard file is read and saved?

Writes N demo contacts out as vCard 3.0 (default 10,000), opens an empty
database, then runs the GUI's two import phases (plan, apply) through
`workers.run_with_progress`, exactly as File > Import does, while a 10 ms
QTimer on the UI thread records the longest gap between its ticks. A gap
near 10 ms means the UI thread never waited on the import.

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/import_ui.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netkeeper.model.db import close_database, open_database
from netkeeper.services import demo
from netkeeper.services.exchange import apply_import, export_contacts, plan_import
from netkeeper.ui.workers import run_with_progress


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(folder / "source.db")
        demo.fill(n, seed=3, interactions=0)
        vcf = folder / "cards.vcf"
        export_contacts(vcf, version="3.0")
        close_database()
        size = vcf.stat().st_size / 1e6
        open_database(folder / "target.db")

        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        for phase, job in (
            ("plan", lambda p, c: plan_import([vcf], progress=p, cancel=c)),
            ("apply", lambda p, c: apply_import([vcf], batch_tag="bench", progress=p, cancel=c)),
        ):
            gaps.clear()
            last[0] = time.perf_counter()
            start = time.perf_counter()
            outcome = run_with_progress(None, phase, job)
            took = time.perf_counter() - start
            assert outcome.ok, outcome.error
            created = sum(f.created for f in outcome.value.files)
            print(
                f"{phase}: {n:,} cards ({size:.1f} MB) in {took:.2f} s, {created:,} new;"
                f" longest UI-thread gap {max(gaps) * 1000:.0f} ms over {len(gaps)} ticks"
            )
        timer.stop()
        close_database()
    del app


if __name__ == "__main__":
    main()
