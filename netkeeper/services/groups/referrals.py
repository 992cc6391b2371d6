"""Referrals and introductions made inside a group, in the give-and-take ledger.

A referral group (a BNI chapter) lives on "givers gain": members pass each other
business and introductions, and the chapter reviews who gave and who received.
Each such favour is an ordinary ledger entry with the person (so the person's
balance and the network's count it, as any favour), tied to the group by the
group_ledger table so the group can show referrals given and received per member.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netkeeper.model.db import db
from netkeeper.services import ServiceError
from netkeeper.services.groups.groups import get_group
from netkeeper.services.groups.meetings import is_member
from netkeeper.services.people import ledger

KINDS = ("referral", "introduction", "business")


def record_referral(
    group_id: int,
    contact_id: int,
    direction: str,
    what: str,
    *,
    kind: str = "referral",
    on: dt.date | None = None,
) -> int:
    """A favour between me and a member, made in the group; returns the ledger entry id.

    `direction` is "given" (I gave it to them) or "received" (they gave it to me).
    """
    group = get_group(group_id)
    if kind not in KINDS:
        raise ServiceError(f"unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
    if not is_member(group_id, contact_id):
        raise ServiceError("only a member of the group can give or receive a referral there")
    with db.atomic():
        entry = ledger.record(contact_id, direction, what, kind, on)
        db.execute_sql(
            "INSERT INTO group_ledger (group_id, entry_id) VALUES (?, ?)", (group.id, entry)
        )
    return entry


def referrals(group_id: int) -> list[dict[str, Any]]:
    """The group's referrals and introductions, newest first."""
    rows = db.execute_sql(
        "SELECT e.id, e.occurred_on, e.direction, e.kind, e.note, c.id, c.full_name"
        " FROM group_ledger g JOIN ledger_entry e ON e.id = g.entry_id"
        " JOIN contact c ON c.id = e.contact_id WHERE g.group_id = ?"
        " ORDER BY e.occurred_on DESC, e.id DESC",
        (group_id,),
    )
    return [
        {
            "id": eid,
            "date": str(day),
            "direction": direction,
            "kind": kind,
            "note": note,
            "contact": {"id": cid, "full_name": name},
        }
        for eid, day, direction, kind, note, cid, name in rows
    ]


def tally(group_id: int) -> dict[int, tuple[int, int]]:
    """Per member: (given by me to them, received by me from them) inside the group."""
    rows = db.execute_sql(
        "SELECT e.contact_id, sum(e.direction = 'given'), sum(e.direction = 'received')"
        " FROM group_ledger g JOIN ledger_entry e ON e.id = g.entry_id"
        " WHERE g.group_id = ? GROUP BY e.contact_id",
        (group_id,),
    )
    return {cid: (int(g or 0), int(r or 0)) for cid, g, r in rows}
