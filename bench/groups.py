"""Groups and events at scale: the group page, quick capture and `due` (issue 12).

    python bench/groups.py [--db PATH] [--fresh] [--contacts 50000] [--runs 5]

Generates (once; reused unless --fresh) 50,000 contacts with keep-in-touch cadences
and 200,000 interactions (bench/due.py's generator), then 200 groups (one of them
with 500 members, the rest 10-60), 2,000 meetings with attendance and an interaction
each, 1,000 commitments, and an event. Prints medians of --runs:
- the group page for the 500-member group: GroupPage.show_record on an offscreen
  QApplication (members with attendance, meetings, commitments, who might join);
- one quick capture: QuickCaptureDialog.save_and_next (a contact saved, the form
  cleared for the next);
- `followups.due()` with the group items in it.
Targets: group page <= 100 ms; quick capture <= 50 ms; due <= 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BIG = "Big Chapter"


def add_groups(n_groups: int, n_meetings: int, seed: int = 12) -> None:
    from netkeeper.model.db import db
    from netkeeper.services.events import add_event, met
    from netkeeper.services.groups.commitments import add_commitment
    from netkeeper.services.groups.groups import add_group, join
    from netkeeper.services.groups.meetings import log_meeting

    rnd = random.Random(seed)
    ids = [r[0] for r in db.execute_sql("SELECT id FROM contact")]
    today = dt.date.today()
    with db.atomic():
        big = add_group(
            BIG,
            kind="referral",
            meets="every week",
            my_role="organiser",
            criteria="engineering founders",
            anchor=today - dt.timedelta(days=300),
        )
        members = rnd.sample(ids, 500)
        for cid in members:
            join(big, cid, joined=today - dt.timedelta(days=300))
        groups = {big: members}
        for g in range(1, n_groups):
            gid = add_group(f"Group {g}", meets="first Tuesday of each month",
                            anchor=today - dt.timedelta(days=400))  # fmt: skip
            people = rnd.sample(ids, rnd.randrange(10, 60))
            for cid in people:
                join(gid, cid, joined=today - dt.timedelta(days=400))
            groups[gid] = people
        gids = list(groups)
        for m in range(n_meetings):
            gid = big if m < 40 else rnd.choice(gids)
            people = groups[gid]
            present = rnd.sample(people, max(1, int(len(people) * 0.7)))
            when = dt.datetime.combine(today - dt.timedelta(days=rnd.randrange(1, 360)),
                                       dt.time(19, 0))  # fmt: skip
            log_meeting(gid, present, when=when, note=f"meeting {m}")
        for k in range(1000):
            gid = rnd.choice(gids)
            owner = None if k % 5 == 0 else rnd.choice(groups[gid])
            add_commitment(
                gid, owner, f"commitment {k}", today + dt.timedelta(days=rnd.randrange(-30, 30))
            )
        eid = add_event("Bench Conference", today - dt.timedelta(days=3))
        for cid in rnd.sample(ids, 200):
            met(eid, cid)


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "nk-bench-groups.db"
    )
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--meetings", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from netkeeper.model.db import close_database, open_database

    if args.fresh or not args.db.exists():
        import due as due_bench  # bench/due.py

        t0 = time.perf_counter()
        due_bench.generate(args.db, args.contacts, args.interactions)
        close_database()
        open_database(args.db)
        add_groups(args.groups, args.meetings)
        close_database()
        print(f"generated {args.db} in {time.perf_counter() - t0:.1f} s")
    open_database(args.db)

    from PySide6.QtWidgets import QApplication

    from netkeeper.model.db import db
    from netkeeper.services.events import resolve_event
    from netkeeper.services.followups import due
    from netkeeper.services.groups.groups import resolve_group
    from netkeeper.ui.events.dialogs import QuickCaptureDialog
    from netkeeper.ui.groups.groups_view import GroupPage

    app = QApplication.instance() or QApplication(sys.argv)
    counts = {
        t: db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("contact", "interaction", "network_group", "group_member", "group_meeting",
                  "commitment")
    }  # fmt: skip
    print("database:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    big = resolve_group(BIG)
    page = GroupPage()
    page.resize(1100, 700)
    page.show()
    app.processEvents()

    def open_page() -> None:
        page.show_record(big)
        app.processEvents()  # the paint of the new rows

    open_page()  # warm the caches once, as the second click of a session would
    page_ms = median_ms(open_page, args.runs)
    print(f"group page, 500 members (median of {args.runs}): {page_ms:.1f} ms   target <= 100 ms")
    page.tabs.setCurrentIndex(page._matches_tab)
    app.processEvents()

    def who_might_join() -> None:
        page._matches_for = None
        page._load_matches()
        app.processEvents()

    print(f"  'Who might join' over all contacts, when that tab is opened: "
          f"{median_ms(who_might_join, args.runs):.1f} ms")  # fmt: skip

    dialog = QuickCaptureDialog(None, resolve_event("Bench Conference"))
    dialog.show()
    app.processEvents()
    n = [0]

    def capture() -> None:
        n[0] += 1
        dialog.name.setText(f"Hallway Person {n[0]}")
        dialog.org.setText("Acme")
        dialog.line.setText("met at the coffee stand")
        dialog.save_and_next()
        app.processEvents()

    print(f"quick capture save and ready for the next (median of {args.runs}): "
          f"{median_ms(capture, args.runs):.1f} ms   target <= 50 ms")  # fmt: skip
    dialog.name.clear()
    dialog.close()
    # The captured people are removed again so the database stays reusable.
    db.execute_sql("DELETE FROM contact WHERE full_name LIKE 'Hallway Person %'")

    items = due()
    kinds = {k: sum(1 for i in items if i.kind == k) for k in ("group-meeting", "commitment")}
    print(f"due() with {len(items):,} items ({kinds['group-meeting']} group meetings, "
          f"{kinds['commitment']} commitments) (median of {args.runs}): "
          f"{median_ms(due, args.runs):.1f} ms   target <= 50 ms")  # fmt: skip
    close_database()


if __name__ == "__main__":
    main()
