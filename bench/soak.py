"""Soak the real main window: does it stay up, and does its memory stay flat?

    python bench/soak.py [--quick] [--only demo|big] [--contacts 50000] [--keep DB]

Issue 9 found the shipped app aborting after ~800 contact selections (a
PySide6 reference-count bug, see tests/unit/test_qt_refcount.py). This drives
the same MainWindow app.py builds, with the tray installed, over two address
books, each in a child process of its own (so one book's peak RSS does not
colour the other's):

- demo: `services.demo.fill` with the 200 contacts `netkeeper --demo` shows;
- big: 50,000 contacts and 500,000 interactions, built as bench/gui_start.py
  builds them (`--keep DB` reuses that file between runs).

In each: 20,000 contact selections (spread over the whole list, each followed
by the event-loop turn that repaints the detail pane), 2,000 searches (typed
text, the filter applied, the list repainted, then cleared), 500 dialogs
opened and cancelled (log interaction, new contact, edit contact, settings,
export, in turn) and 1,000 tray checks (alternating between two days, so each
one really recomputes the due list and rebuilds the menu). `--quick` does a
tenth of each.

Memory: a warm-up round of every operation first, a tenth of its count (caches
fill, lazy imports happen, the demo's 200 contacts are each shown), then the
resident set size (RSS, /proc/self/status) is the baseline; growth is RSS at
the end minus that baseline, also shown after each phase. Peak RSS is the
process's maximum. Floor: no crash, growth <= 50 MB; target
<= 10 MB. The exit code is 1 when a soak crashed or missed the floor.

Run time on the 2-core development machine (shared, so roughly): the full run
~20 minutes (demo ~4, 50,000 contacts ~15, most of it the 20,000 selections,
each repainting the list and the detail pane), `--quick` ~2. Measured there
(issue 9): demo +0.4 MB (peak 111 MB), 50,000 contacts +5.6 MB (peak 183 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FULL = {"selections": 20_000, "searches": 2_000, "dialogs": 500, "tray": 1_000}
QUERIES = ["ann", "smith", "lighthouse", "garcía", "person42", "王", "zoe", "acme", "mü", "x"]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quiet_offscreen_notices() -> None:
    """Drop what the offscreen plugin says about itself on every window; keep the rest."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: Any, _context: Any, message: str) -> None:
        if not message.startswith("This plugin does not support"):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


class Soak:
    """The window, the tray and the four operations, each run `n` times."""

    def __init__(self, db_file: Path, settings_file: Path) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from netkeeper.settings import Settings
        from netkeeper.ui import tray
        from netkeeper.ui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        quiet_offscreen_notices()
        settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
        self.window = MainWindow(db_file, settings=settings)
        self.tray = tray.install(self.window)
        self.window.show()
        self.app.processEvents()
        self.view: Any = self.window.view("contacts")
        self.rows = self.view.model.rowCount()
        self.day = dt.datetime.now()
        self._dialog_no = 0

    def turn(self) -> None:
        self.app.processEvents()

    def selections(self, n: int) -> None:
        table = self.view.table
        for i in range(n):
            # A stride coprime with most sizes walks the whole list, not its top.
            table.selectRow((i * 7919) % self.rows)
            self.turn()

    def searches(self, n: int) -> None:
        for i in range(n):
            query = QUERIES[i % len(QUERIES)]
            self.view.search.setText(query[: 1 + i % len(query)])
            self.view.apply_filter()
            self.turn()
        self.view.search.clear()
        self.view.apply_filter()
        self.turn()

    def dialogs(self, n: int) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QDialog

        window = self.window
        openers = [
            window.log_interaction,
            window.new_contact,
            window.edit_contact,
            window.open_settings,
            lambda: window.export_vcards(None, None),
        ]
        missed = 0

        def cancel() -> None:
            nonlocal missed
            modal = QApplication.activeModalWidget()
            if isinstance(modal, QDialog):
                modal.reject()
            else:  # not up yet: try again on the next turn
                missed += 1
                QTimer.singleShot(0, cancel)

        if self.rows:
            self.view.table.selectRow(0)  # so "edit contact" edits someone
        for _ in range(n):
            QTimer.singleShot(0, cancel)
            openers[self._dialog_no % len(openers)]()
            self._dialog_no += 1
            self.turn()
        if missed > n:
            raise RuntimeError(f"dialogs were slow to appear ({missed} retries)")

    def tray_checks(self, n: int) -> None:
        base = self.day
        for i in range(n):
            when = base + dt.timedelta(days=i % 2)
            self.tray.clock = lambda when=when: when
            self.tray.check()
            self.turn()

    def run(self, counts: dict[str, int]) -> dict[str, float]:
        """Run each phase; seconds per phase and RSS after it (MB)."""
        phases = {
            "selections": self.selections,
            "searches": self.searches,
            "dialogs": self.dialogs,
            "tray": self.tray_checks,
        }
        figures: dict[str, float] = {}
        for name, phase in phases.items():
            started = time.perf_counter()
            phase(counts[name])
            figures[f"{name}_s"] = time.perf_counter() - started
            figures[f"{name}_rss"] = rss_mb()
        return figures


def child(db_file: Path, counts: dict[str, int], label: str) -> int:
    """One soak in this process; prints one line per phase and a summary."""
    import gc

    with tempfile.TemporaryDirectory(prefix="nk-soak-") as tmp:
        from netkeeper.model.db import close_database, open_database

        open_database(db_file)
        soak = Soak(db_file, Path(tmp) / "settings.ini")
        warm = {name: max(1, count // 10) for name, count in counts.items()}
        soak.run(warm)
        gc.collect()
        baseline = rss_mb()
        started = time.perf_counter()
        figures = soak.run(counts)
        gc.collect()
        end = rss_mb()
        total = time.perf_counter() - started
        print(f"[{label}] {soak.rows} contacts shown; baseline RSS {baseline:.1f} MB")
        for name in FULL:
            print(
                f"[{label}]   {counts[name]:>6,} {name:<10} {figures[f'{name}_s']:6.1f} s, "
                f"RSS after {figures[f'{name}_rss']:6.1f} MB "
                f"({figures[f'{name}_rss'] - baseline:+.1f})"
            )
        growth = end - baseline
        verdict = "target met" if growth <= 10 else "floor met" if growth <= 50 else "FLOOR MISSED"
        print(
            f"[{label}] SOAK peak RSS {peak_mb():.1f} MB, growth {growth:+.1f} MB "
            f"over {total:.0f} s ({verdict}: target <= 10, floor <= 50)",
            flush=True,
        )
        soak.window.close()
        close_database()
    return 0 if growth <= 50 else 1


def build_demo(path: Path) -> None:
    from netkeeper.app import DEMO_CONTACTS
    from netkeeper.model.db import close_database, open_database
    from netkeeper.services.demo import fill

    open_database(path)
    fill(DEMO_CONTACTS)
    close_database()


def spawn(args: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.run([sys.executable, __file__, *args], env=env, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of every count")
    parser.add_argument("--only", choices=["demo", "big"], help="one address book only")
    parser.add_argument("--contacts", type=int, default=50_000, help="size of the big book")
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--keep", metavar="DB", help="reuse or create the big book here")
    parser.add_argument("--child", nargs=2, metavar=("LABEL", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    counts = {k: v // 10 for k, v in FULL.items()} if args.quick else dict(FULL)
    if args.child:
        label, db = args.child
        return child(Path(db), counts, label)

    quick = ["--quick"] if args.quick else []
    worst = 0
    with tempfile.TemporaryDirectory(prefix="nk-soak-") as tmp:
        books = []
        if args.only in (None, "demo"):
            demo = Path(tmp) / "demo.db"
            build_demo(demo)
            books.append(("demo", demo))
        if args.only in (None, "big"):
            big = Path(args.keep) if args.keep else Path(tmp) / "big.db"
            if not big.exists():
                subprocess.run(
                    [
                        sys.executable,
                        str(HERE / "gui_start.py"),
                        "--build-only",
                        str(big),
                        "--contacts",
                        str(args.contacts),
                        "--interactions",
                        str(args.interactions),
                    ],
                    check=True,
                )
            books.append((f"{args.contacts // 1000}k", big))
        for label, path in books:
            code = spawn([*quick, "--child", label, str(path)])
            if code != 0:
                print(f"[{label}] SOAK FAILED: exit code {code}", flush=True)
            worst = max(worst, 1 if code else 0)
    return worst


if __name__ == "__main__":
    sys.exit(main())
