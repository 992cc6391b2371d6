"""Missing information: each kind a count and a filter of the contact list ("Needs attention").

- no_reach: neither an email nor a phone;
- no_how_met: no how-met text, no event where met, no introducer;
- no_photo: no photo and no photo link;
- no_birthday;
- no_cadence: tagged or in a group, yet no cadence applies;
- stale: nothing updated or logged for STALE_DAYS.
"""

from __future__ import annotations

import datetime as dt

from netkeeper.model.db import db

STALE_DAYS = 730
KINDS = ("no_reach", "no_how_met", "no_photo", "no_birthday", "no_cadence", "stale")
LABELS = {
    "no_reach": "No email and no phone",
    "no_how_met": "No how-met",
    "no_photo": "No photo",
    "no_birthday": "No birthday",
    "no_cadence": "No cadence, though tagged or grouped",
    "stale": "Nothing updated or logged for two years",
}

_TAG_CADENCE = (
    "EXISTS (SELECT 1 FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
    " WHERE ct.contact_id = c.id AND t.cadence IS NOT NULL)"
)
_GROUP_CADENCE = (
    "EXISTS (SELECT 1 FROM group_member m JOIN network_group g ON g.id = m.group_id"
    " WHERE m.contact_id = c.id AND g.cadence IS NOT NULL AND m.role != 'prospect')"
)
_TAGGED = (
    "(EXISTS (SELECT 1 FROM contact_tag ct WHERE ct.contact_id = c.id)"
    " OR EXISTS (SELECT 1 FROM group_member m WHERE m.contact_id = c.id))"
)


def _conditions(as_of: dt.date) -> dict[str, str]:
    stale = (as_of - dt.timedelta(days=STALE_DAYS)).isoformat()
    return {
        "no_reach": "NOT EXISTS (SELECT 1 FROM email e WHERE e.contact_id = c.id)"
        " AND NOT EXISTS (SELECT 1 FROM phone p WHERE p.contact_id = c.id)",
        "no_how_met": "c.how_met = '' AND c.met_at_id IS NULL AND c.introduced_by_id IS NULL",
        "no_photo": "c.photo IS NULL AND c.photo_url IS NULL",
        "no_birthday": "c.birthday IS NULL OR c.birthday = ''",
        "no_cadence": f"{_TAGGED} AND (c.cadence IS NULL OR c.cadence = 'off') AND"
        f" (c.cadence = 'off' OR NOT ({_TAG_CADENCE} OR {_GROUP_CADENCE}))",
        "stale": f"c.updated_at < '{stale}' AND (c.last_interaction IS NULL"
        f" OR c.last_interaction < '{stale}')",
    }


def missing(as_of: dt.date | None = None) -> dict[str, int]:
    """Counts per kind over live contacts (not me), in one pass."""
    conds = _conditions(as_of or dt.date.today())
    sums = ", ".join(f"coalesce(sum(CASE WHEN {conds[k]} THEN 1 END), 0)" for k in KINDS)
    row = db.execute_sql(
        f"SELECT {sums} FROM contact c WHERE c.deleted_at IS NULL AND NOT c.is_me"
    ).fetchone()
    return {k: int(v) for k, v in zip(KINDS, row, strict=True)}


def missing_ids(kind: str, as_of: dt.date | None = None) -> list[int]:
    """The contacts a "Needs attention" filter shows, by name."""
    from netkeeper.services import ServiceError

    conds = _conditions(as_of or dt.date.today())
    if kind not in conds:
        raise ServiceError(f"unknown filter '{kind}' (use one of: {', '.join(KINDS)})")
    return [
        r[0]
        for r in db.execute_sql(
            f"SELECT c.id FROM contact c WHERE c.deleted_at IS NULL AND NOT c.is_me"
            f" AND ({conds[kind]}) ORDER BY c.full_name COLLATE NOCASE, c.id"
        )
    ]
