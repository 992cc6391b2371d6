"""Relationship strength against hand-computed cases (formula in services/insights/strength.py)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from netkeeper.io.card import Card
from netkeeper.model.db import db as database
from netkeeper.services.contacts import create_contact
from netkeeper.services.insights import strength as st
from netkeeper.services.people import ledger
from netkeeper.services.timeline import log_interaction

TODAY = dt.date.today()


def _person(name: str, created: dt.date) -> int:
    cid = create_contact(Card(full_name=name))
    database.execute_sql(
        "UPDATE contact SET created_at = ? WHERE id = ?", (f"{created.isoformat()} 09:00:00", cid)
    )
    return cid


def test_seen_weekly_for_five_years(db: object) -> None:
    cid = _person("Weekly Wendy", TODAY - dt.timedelta(days=5 * 365))
    for week in range(5 * 52):
        log_interaction([cid], "meeting", TODAY - dt.timedelta(days=7 * week), all_day=True)
    s = st.strength(cid, TODAY)
    # R: seen today -> 100. F: 3 * sum(0.5 ** (7k/180)) for k < 53 is far above 365/90 -> 100.
    # P: no ledger -> neutral 50. D: y = 1825/365.25 -> 100 * ln(1+y)/ln(11).
    years = 5 * 365 / 365.25
    d = 100 * math.log1p(years) / math.log(11)
    assert (s.recency, s.frequency, s.reciprocity) == (100.0, 100.0, 50.0)
    assert s.duration == pytest.approx(d, abs=0.05)
    assert s.score == round(0.35 * 100 + 0.30 * 100 + 0.20 * 50 + 0.15 * d) == 86
    assert s.band == "strong"
    assert s.reasons[0] == "last real contact today, cadence 90 days"


def test_seen_once_a_year_ago(db: object) -> None:
    ago = TODAY - dt.timedelta(days=364)
    cid = _person("Once Otto", ago)
    log_interaction([cid], "call", ago, all_day=True)
    s = st.strength(cid, TODAY)
    r = 100 * 0.5 ** (364 / 90)  # 6.06
    f = 100 * (2 * 0.5 ** (364 / 180)) / (365 / 90)  # 12.1
    d = 100 * math.log1p(364 / 365.25) / math.log(11)  # 28.8
    assert s.recency == pytest.approx(r, abs=0.05)
    assert s.frequency == pytest.approx(f, abs=0.05)
    assert s.reciprocity == 50.0
    assert s.duration == pytest.approx(d, abs=0.05)
    assert s.score == round(0.35 * r + 0.30 * f + 0.20 * 50 + 0.15 * d) == 20
    assert s.band == "cooling"
    assert s.reasons[0] == "last real contact 364 days ago, cadence 90 days"


def test_one_who_only_ever_helped_me(db: object) -> None:
    cid = _person("Helpful Hana", TODAY - dt.timedelta(days=200))
    for n in range(3):
        ledger.receive(cid, f"advice {n}", "advice", TODAY - dt.timedelta(days=30 * n))
    s = st.strength(cid, TODAY)
    d = 100 * math.log1p(200 / 365.25) / math.log(11)
    assert (s.recency, s.frequency, s.reciprocity) == (0.0, 0.0, 0.0)
    assert s.score == round(0.15 * d) == 3
    assert s.band == "dormant"
    assert s.reasons[2] == "they helped you 3 times; you have not given back yet"


def test_cadence_scales_recency_and_a_note_is_not_real_contact(db: object) -> None:
    from netkeeper.services.followups import set_cadence

    cid = _person("Monthly Mo", TODAY - dt.timedelta(days=100))
    log_interaction([cid], "email", TODAY - dt.timedelta(days=30), all_day=True)
    log_interaction([cid], "note", TODAY, "thought about Mo", all_day=True)
    set_cadence(cid, "30 days")
    s = st.strength(cid, TODAY)
    assert s.recency == 50.0  # one cadence ago; the note today does not count
    assert s.cadence_days == 30


def test_override_is_kept_apart_and_bulk_equals_single_and_is_deterministic(db: object) -> None:
    a = _person("Ada", TODAY - dt.timedelta(days=800))
    b = _person("Bob", TODAY - dt.timedelta(days=10))
    log_interaction([a, b], "coffee", TODAY - dt.timedelta(days=3), all_day=True)
    ledger.give(a, "intro to a recruiter")
    st.set_override(b, 95)
    every = st.strengths(TODAY)
    for cid in (a, b):
        one = st.strength(cid, TODAY)
        assert every[cid].computed == one.computed
        assert every[cid].score == one.score
    assert every[b].score == 95 and every[b].override == 95 and every[b].computed < 95
    assert every[b].band == "strong"
    assert st.strengths(TODAY)[a].document() == every[a].document()
    st.set_override(b, None)
    assert st.strength(b, TODAY).score == every[b].computed


def test_a_cooling_suggestion_names_what_a_call_would_mend(db: object) -> None:
    """Seen two months ago on a 90-day cadence, but once in a year: Today says the
    frequency, not 'last real contact 66 days ago' (which reads as no reason at all)."""
    import datetime as dt

    from netkeeper.io.card import Card
    from netkeeper.model.db import db as database
    from netkeeper.services import contacts, timeline
    from netkeeper.services.insights import strength as st
    from netkeeper.services.insights.today import today

    day = dt.date.today()
    cid = contacts.create_contact(Card(full_name="Ada Lovelace"))
    database.execute_sql(
        "UPDATE contact SET created_at = ? WHERE id = ?",
        [f"{(day - dt.timedelta(days=70)).isoformat()} 09:00:00", cid],
    )
    timeline.log_interaction([cid], "message", day - dt.timedelta(days=66))
    s = st.strength(cid, day)
    assert s.band == "cooling" and s.frequency < s.recency, s
    (item,) = [i for i in today(day) if i.kind == "cooling"]
    assert item.reason == f"strength {s.score}, cooling: {st.reasons_of(s)[1]}"
    assert "weighted contacts in the last year" in item.reason
    # Given everyone's strengths (the GUI's feed), Today reads them instead: the same list.
    assert today(day, st.strengths(day)) == today(day)
    assert not [i for i in today(day, {}) if i.kind == "cooling"], "and it does read them"


@pytest.mark.parametrize("offset_minutes", [-300, 0, 330, 780])
def test_days_are_counted_on_the_local_calendar_around_midnight(
    db: object, monkeypatch: pytest.MonkeyPatch, offset_minutes: int
) -> None:
    """The age is a difference of day numbers; it must agree with the calendar day of each
    moment in local time, also a millisecond either side of local midnight."""
    monkeypatch.setattr(st, "_local_offset_modifier", lambda: f"{offset_minutes:+d} minutes")
    as_of = dt.date(2026, 3, 10)
    offset = dt.timedelta(minutes=offset_minutes)
    local_midnight = dt.datetime(2026, 3, 8)
    moments = [
        local_midnight - offset + dt.timedelta(milliseconds=ms)
        for ms in (-1, 0, 1, 12 * 3_600_000, 24 * 3_600_000 - 1)
    ]
    for k, moment in enumerate(moments):
        cid = _person(f"Midnight {k}", dt.date(2026, 1, 1))
        database.execute_sql(
            "INSERT INTO interaction (kind, occurred_at, note, created_at)"
            " VALUES ('call', ?, '', ?)",
            (moment.isoformat(" "), "2026-01-01 00:00:00"),
        )
        database.execute_sql(
            "INSERT INTO interaction_participant (interaction_id, contact_id)"
            " VALUES (last_insert_rowid(), ?)",
            (cid,),
        )
        expected = (as_of - (moment + offset).date()).days
        assert st.strength(cid, as_of).last_days == expected, moment
        assert st.strengths(as_of)[cid].last_days == expected, moment


def test_inherited_cadences_agree_for_everyone_and_for_one(db: object) -> None:
    """strengths() for everyone reads tag and group cadences in bulk; strength() of one
    through subqueries; health too. Prospects do not inherit a group's cadence."""
    from netkeeper.services.followups import set_cadence, set_tag_cadence
    from netkeeper.services.groups.groups import add_group, join
    from netkeeper.services.insights import health
    from netkeeper.services.tags import add_tag

    ids = [_person(f"P{n}", TODAY - dt.timedelta(days=400)) for n in range(6)]
    for n, cid in enumerate(ids):
        log_interaction([cid], "call", TODAY - dt.timedelta(days=20 * n + 5), all_day=True)
    add_tag([ids[0], ids[1], ids[2]], "clients")
    add_tag([ids[1]], "mentors")
    set_tag_cadence("clients", "2 months")
    set_tag_cadence("mentors", "2 weeks")
    weekly = add_group("Board", cadence="1 week")
    join(weekly, ids[2])
    join(weekly, ids[3])
    join(weekly, ids[4], role="prospect")
    set_cadence(ids[5], "6 months")
    every = st.strengths(TODAY)
    expected = {ids[0]: 60.88, ids[1]: 14.0, ids[2]: 7.0, ids[3]: 7.0, ids[4]: 90.0}
    expected[ids[5]] = 182.64
    for cid in ids:
        assert every[cid].cadence_days == pytest.approx(expected[cid]), cid
        one = st.strength(cid, TODAY)
        assert one.document() == {**every[cid].document(), "reasons": one.reasons}
        assert st.strengths(TODAY, ids=[cid])[cid].cadence_days == every[cid].cadence_days
    # Health: the same cadences (idle for two cadences is losing touch).
    states = health.states(TODAY)
    assert states[ids[2]] == "losing_touch"  # 45 days idle, weekly board
    assert states[ids[4]] != "losing_touch"  # a prospect: 85 days idle, default 365


def test_band_counts_are_kept_for_the_next_start(db: object) -> None:
    """The last band counts stay in app_state, written only when they changed; a value
    that is not what we wrote (another version, a hand edit) reads as none."""
    assert st.kept_bands() is None
    for n in range(3):
        _person(f"Person {n}", TODAY - dt.timedelta(days=30))
    counts = st.band_counts(st.strengths(TODAY))
    assert sum(counts.values()) == 3 and list(counts) == list(st.BAND_NAMES)
    st.keep_bands(counts)
    assert st.kept_bands() == counts
    before = database.connection().total_changes
    st.keep_bands(dict(counts))
    assert database.connection().total_changes == before, "no write when unchanged"
    database.execute_sql("UPDATE app_state SET value = '{\"strong\": 1}'")
    assert st.kept_bands() is None
    database.execute_sql("UPDATE app_state SET value = 'not json'")
    assert st.kept_bands() is None


def test_a_skippable_write_does_not_wait_for_another_writer(db: object, db_file: object) -> None:
    """keep_bands runs on the UI thread: with another program holding the write lock it
    fails at once (without_waiting) instead of freezing the window for busy_timeout."""
    import sqlite3
    import time

    from netkeeper.model.db import without_waiting

    other = sqlite3.connect(str(db_file), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        with pytest.raises(Exception, match="locked"), without_waiting():
            st.keep_bands({"strong": 1, "active": 0, "cooling": 0, "dormant": 0})
        assert time.perf_counter() - started < 1.0, "it did not wait for the lock"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000, "restored"
    st.keep_bands({"strong": 1, "active": 0, "cooling": 0, "dormant": 0})
    assert st.kept_bands() == {"strong": 1, "active": 0, "cooling": 0, "dormant": 0}
