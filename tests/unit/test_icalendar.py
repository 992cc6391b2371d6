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


def test_ics_leaves_out_dates_done_for_the_year(db: object, tmp_path: Path) -> None:
    """A birthday marked done in the Reminders view stays out of the calendar for that year."""
    from netkeeper.io.card import Card
    from netkeeper.services import followups
    from netkeeper.services.contacts import create_contact
    from netkeeper.services.icalendar import export_ics

    today = dt.date(2026, 11, 26)
    eve = create_contact(Card(full_name="Eve Forty", birthday="1986-11-24"))  # belated
    create_contact(Card(full_name="Fay Other", anniversary="--12-03"))
    done = [followups.date_key(i) for i in followups.due(today, 30) if i.contact_id == eve]
    assert followups.mark_dates_done(done) == [(eve, "birthday", 2026)]
    out = tmp_path / "due.ics"

    def events(days: int) -> list[tuple[dt.date, str]]:
        export_ics(out, today, days)
        cal = vobject.readOne(out.read_text(encoding="utf-8"))
        return sorted((e.dtstart.value, e.summary.value) for e in getattr(cal, "vevent_list", []))

    assert events(30) == [(dt.date(2026, 12, 3), "Fay Other's anniversary")]
    # Next year's birthday is not done: a year-long export shows it on its own day.
    assert (dt.date(2027, 11, 24), "Eve Forty's birthday") in events(366)
