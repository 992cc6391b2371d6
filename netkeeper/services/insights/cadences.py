"""The cadences a contact inherits from its tags and groups, for everyone at once.

Health and strength need them for every live contact. A correlated subquery per
contact (probe its tags, then its groups) cost ~100 ms at 50,000 contacts; the
tags and groups that have a cadence are few, so reading their members once is a
few milliseconds. The texts are joined with "|" as `group_concat` did, so callers
that look one contact up through SQL and these agree.
"""

from __future__ import annotations

from collections import defaultdict

from netkeeper.model.db import db


def inherited() -> tuple[dict[int, str], dict[int, str]]:
    """(tag cadences, group cadences) per contact id, each "|"-joined; absent when none.

    Prospects do not inherit a group's cadence (as in followups.refresh_next_due)."""
    tags: dict[int, list[str]] = defaultdict(list)
    for cid, cadence in db.execute_sql(
        "SELECT ct.contact_id, t.cadence FROM tag t CROSS JOIN contact_tag ct"
        " ON ct.tag_id = t.id WHERE t.cadence IS NOT NULL"
    ):
        tags[int(cid)].append(str(cadence))
    groups: dict[int, list[str]] = defaultdict(list)
    for cid, cadence in db.execute_sql(
        "SELECT m.contact_id, g.cadence FROM network_group g CROSS JOIN group_member m"
        " ON m.group_id = g.id WHERE g.cadence IS NOT NULL AND m.role != 'prospect'"
    ):
        groups[int(cid)].append(str(cadence))
    return (
        {cid: "|".join(v) for cid, v in tags.items()},
        {cid: "|".join(v) for cid, v in groups.items()},
    )
