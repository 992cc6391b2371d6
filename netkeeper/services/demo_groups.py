"""Demo groups and events: a mastermind the user organises, an alumni club they belong
to, two past conferences and one coming up, so the Groups and Events views, the
Reminders list and the calendar export all have something real to show.

Built through the services (meetings log interactions, follow-ups are reminders),
so the demo exercises the same paths as the user's own data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from netkeeper.services import events
from netkeeper.services.groups import commitments, groups, meetings

GROUPS = ("Founders Mastermind", "Alumni Club Zürich")
EVENTS = ("Web Summit Lisbon", "Local Product Meetup", "NetConf Berlin")


def fill_groups_and_events(
    rng: random.Random, contact_ids: Sequence[int], today: dt.date
) -> dict[str, int]:
    """Two groups, three events, four meetings (each one interaction); needs at least 30
    contacts (fewer: nothing is added)."""
    ids = list(contact_ids)
    if len(ids) < 30 or groups.all_groups():
        return {"groups": 0, "events": 0, "meetings": 0}
    pool = rng.sample(ids, 30)

    # A mastermind the user organises: five members, monthly, three meetings so far.
    start = today - dt.timedelta(days=100)
    mm = groups.add_group(
        GROUPS[0],
        kind="mastermind",
        objective="Grow our companies past the first ten customers",
        criteria="founders startup CEO",
        meets="first Tuesday of each month",
        where="Café Central, back room",
        my_role="organiser",
        anchor=start,
    )
    members = pool[:5]
    for cid in members:
        groups.join(mm, cid, joined=start)
    for k, back in enumerate((90, 60, 28)):
        day = today - dt.timedelta(days=back)
        absent = [members[(k + 2) % 5]]
        present = [m for m in members if m not in absent]
        mid = meetings.log_meeting(
            mm,
            present,
            absent=absent,
            when=dt.datetime.combine(day, dt.time(19, 0)),
            agenda="Wins and progress; hot seat; new commitments",
            note=("Hot seat: pricing page", "Hot seat: first sales hire", "Hot seat: churn")[k],
        )
        promise = ("Ship the pricing page", "Interview three sales leads", "Call churned users")[k]
        kid = commitments.add_commitment(
            mm, members[k], promise, day + dt.timedelta(days=28), meeting_id=mid
        )
        if k < 2:
            commitments.set_status(kid, "done" if k == 0 else "partly")
    commitments.add_commitment(mm, None, "Send everyone the investor list")
    commitments.add_commitment(mm, members[3], "Share the hiring scorecard")
    groups.join(mm, pool[5], "prospect")

    # An alumni club the user is a member of, with a keep-in-touch cadence for members.
    alumni = groups.add_group(
        GROUPS[1],
        kind="alumni",
        objective="Stay close to the class of 2012",
        criteria="ETH alumni engineering",
        meets="every 3 months",
        where="Zunfthaus zur Waag",
        my_role="member",
        cadence="4 months",
        anchor=today - dt.timedelta(days=80),
    )
    for cid in pool[6:14]:
        groups.join(alumni, cid, joined=today - dt.timedelta(days=400))
    meetings.log_meeting(
        alumni,
        pool[6:11],
        when=dt.datetime.combine(today - dt.timedelta(days=80), dt.time(18, 30)),
        note="Summer apéro",
    )

    # Two past events and one coming.
    summit = events.add_event(
        EVENTS[0], today - dt.timedelta(days=45), today - dt.timedelta(days=43), where="Lisbon"
    )
    for cid in pool[14:17]:
        events.plan(summit, cid, "Ask about their European expansion")
    for cid in pool[15:21]:
        events.met(summit, cid)
    meetup = events.add_event(
        EVENTS[1], today - dt.timedelta(days=6), where="Impact Hub", notes="Talk on onboarding"
    )
    for cid in pool[21:25]:
        events.met(meetup, cid)
    events.follow_up(meetup, "3 days", contact_ids=pool[21:23], today=today)
    coming = events.add_event(
        EVENTS[2], today + dt.timedelta(days=12), today + dt.timedelta(days=13), where="Berlin"
    )
    for cid in pool[25:29]:
        events.plan(coming, cid, rng.choice(("Thank for the intro", "Ask about the grant")))
    return {"groups": 2, "events": 3, "meetings": 4}
