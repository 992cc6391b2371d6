"""Due items as iCalendar: parsed back with vobject, one all-day event per item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import vobject


def test_due_ics_export_round_trips(cli: Any, tmp_path: Path) -> None:
    cli("add", "Ada Lovelace", "--birthday=--12-10")
    cli("add", "Grace Hopper")
    cli("log", "Grace", "--kind", "call", "--date", "2026-10-01")
    cli("cadence", "Grace", "--every", "1 month")  # due 1 November: overdue on the 26th
    cli("remind", "Ada", "--on", "2026-12-01", "--note", "send the notes")
    out = tmp_path / "netkeeper.ics"
    r = cli("due", "--ics", str(out), "--as-of", "2026-11-26", "--days", "30")
    assert (r.code, r.out.strip()) == (0, f"Wrote 3 events to {out} (up to 30 days ahead).")
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR\r\n" in raw
    cal = vobject.readOne(raw.decode("utf-8"))
    events = sorted(
        (e.dtstart.value, e.summary.value, getattr(e, "description", None)) for e in cal.vevent_list
    )
    assert [(d, s) for d, s, _ in events] == [
        (dt.date(2026, 11, 26), "Get in touch with Grace Hopper (25 days overdue)"),
        (dt.date(2026, 12, 1), "Follow up with Ada Lovelace"),
        (dt.date(2026, 12, 10), "Ada Lovelace's birthday"),
    ]
    assert events[1][2].value == "send the notes"
    for event in cal.vevent_list:
        assert event.dtend.value - event.dtstart.value == dt.timedelta(days=1)
    uids = [e.uid.value for e in cal.vevent_list]
    assert len(set(uids)) == 3
    # Exporting again gives the same events (same UIDs): calendars update, not duplicate.
    cli("due", "--ics", str(out), "--as-of", "2026-11-26", "--days", "30")
    again = vobject.readOne(out.read_text(encoding="utf-8"))
    assert sorted(e.uid.value for e in again.vevent_list) == sorted(uids)


def test_ics_to_an_unwritable_place_is_exit_2(cli: Any, tmp_path: Path) -> None:
    cli("add", "Ada Lovelace")
    r = cli("due", "--ics", str(tmp_path / "no" / "such" / "dir" / "x.ics"))
    assert (r.code, r.err.count("\n")) == (2, 1)
    assert r.err.startswith("netkeeper: error: cannot write ") and "No such file" in r.err
