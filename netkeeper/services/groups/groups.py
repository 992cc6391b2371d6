"""A networking group, its members and who else might belong.

A group is not a tag. A tag is a label; a group has a purpose (objective),
a rule for who belongs (criteria), a rhythm of meetings, roles, and a record of
attendance and promises. Tags stay as they are; a group may carry its own
keep-in-touch cadence for its members, exactly as a tag can, and the members'
next-due dates take it into account (followups.refresh_next_due).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from netkeeper.model.db import db, scalars
from netkeeper.model.tables import Contact, GroupMember, NetworkGroup
from netkeeper.services import NotFound, ServiceError, followups
from netkeeper.services.lookup import resolve_named
from netkeeper.services.recurrence import parse_every, parse_interval

GROUP_KINDS = (
    "professional",  # professional association
    "alumni",
    "community",  # community or online
    "mastermind",
    "referral",  # a referral group such as a BNI chapter
    "own",  # my own group
)
MY_ROLES = ("organiser", "member", "guest")
MEMBER_ROLES = ("organiser", "member", "guest", "prospect")
_KIND_WORDS = {
    "professional association": "professional",
    "association": "professional",
    "community/online": "community",
    "online": "community",
    "referral group": "referral",
    "my own": "own",
    "organizer": "organiser",
}


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    word = " ".join(value.strip().lower().split())
    word = _KIND_WORDS.get(word, word)
    if word not in allowed:
        raise ServiceError(f"unknown {what} '{value}' (use one of: {', '.join(allowed)})")
    return word


def check_kind(kind: str) -> str:
    return _choice(kind, GROUP_KINDS, "group kind")


def check_my_role(role: str) -> str:
    return _choice(role, MY_ROLES, "role")


def check_member_role(role: str) -> str:
    return _choice(role, MEMBER_ROLES, "member role")


def add_group(
    name: str,
    *,
    kind: str = "community",
    objective: str = "",
    criteria: str = "",
    meets: str | None = None,
    where: str = "",
    my_role: str = "member",
    notes: str = "",
    cadence: str | None = None,
    anchor: dt.date | None = None,
) -> int:
    """Create a group; `meets` is a rhythm reminders accept ("first Tuesday of each month")."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError("a group needs a name")
    if NetworkGroup.select().where(NetworkGroup.name == name).exists():
        raise ServiceError(f"there is already a group called '{name}'")
    rule = parse_every(meets) if meets and meets.strip() else None
    group = NetworkGroup.create(
        name=name,
        kind=check_kind(kind),
        objective=objective.strip(),
        criteria=criteria.strip(),
        meets=rule,
        anchor=(anchor or dt.date.today()) if rule else None,
        place=where.strip(),
        my_role=check_my_role(my_role),
        notes=notes.strip(),
        cadence=parse_interval(cadence) if cadence else None,
    )
    return int(group.id)


_EDITABLE = ("kind", "objective", "criteria", "meets", "where", "my_role", "notes", "name")


def update_group(group_id: int, **values: Any) -> None:
    """Change any of the group's own fields (name, kind, objective, criteria, meets,
    where, my_role, notes); members and meetings are changed by their own functions."""
    group = get_group(group_id)
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _EDITABLE:
            raise ServiceError(f"a group has no field '{key}'")
        if value is None:
            continue
        if key == "kind":
            changes["kind"] = check_kind(value)
        elif key == "my_role":
            changes["my_role"] = check_my_role(value)
        elif key == "meets":
            rule = parse_every(value) if value.strip() else None
            changes["meets"] = rule
            if rule and rule != group.meets:
                changes["anchor"] = dt.date.today()
        elif key == "where":
            changes["place"] = value.strip()
        elif key == "name":
            name = " ".join(value.split())
            if not name:
                raise ServiceError("a group needs a name")
            clash = NetworkGroup.select().where(
                NetworkGroup.name == name, NetworkGroup.id != group_id
            )
            if clash.exists():
                raise ServiceError(f"there is already a group called '{name}'")
            changes["name"] = name
        else:
            changes[key] = value.strip()
    if changes:
        NetworkGroup.update(changes).where(NetworkGroup.id == group_id).execute()


def set_group_cadence(group_id: int, every: str | None) -> str | None:
    """The members' default keep-in-touch cadence (None: the group sets none)."""
    get_group(group_id)
    stored = parse_interval(every) if every else None
    with db.atomic():
        NetworkGroup.update(cadence=stored).where(NetworkGroup.id == group_id).execute()
        followups.refresh_next_due(member_ids(group_id))
    return stored


def delete_group(group_id: int) -> None:
    members = member_ids(group_id)
    with db.atomic():
        NetworkGroup.delete().where(NetworkGroup.id == group_id).execute()
        followups.refresh_next_due(members)


def get_group(group_id: int) -> NetworkGroup:
    group = NetworkGroup.get_or_none(NetworkGroup.id == group_id)
    if group is None:
        raise NotFound(f"no group with id {group_id}")
    return group


def resolve_group(ref: str) -> int:
    """A GROUP argument: its id, its exact name (any case) or an unambiguous part of it."""
    return resolve_named("network_group", "group", ref, "name")


def _live(contact_id: int) -> None:
    if not Contact.select().where(Contact.id == contact_id, Contact.deleted_at.is_null()).exists():
        raise NotFound(f"no contact with id {contact_id}")


def join(
    group_id: int, contact_id: int, role: str = "member", joined: dt.date | None = None
) -> bool:
    """Add a member, or change the role of one; returns True when the person is new."""
    get_group(group_id)
    _live(contact_id)
    role = check_member_role(role)
    with db.atomic():
        row = GroupMember.get_or_none(
            (GroupMember.group == group_id) & (GroupMember.contact == contact_id)
        )
        if row is not None:
            if row.role != role:
                GroupMember.update(role=role).where(
                    (GroupMember.group == group_id) & (GroupMember.contact == contact_id)
                ).execute()
            return False
        GroupMember.insert(
            group=group_id, contact=contact_id, role=role, joined=joined or dt.date.today()
        ).execute()
        followups.refresh_next_due([contact_id])
    return True


def leave(group_id: int, contact_id: int) -> None:
    get_group(group_id)
    with db.atomic():
        gone = (
            GroupMember.delete()
            .where((GroupMember.group == group_id) & (GroupMember.contact == contact_id))
            .execute()
        )
        if not gone:
            raise NotFound("that contact is not a member of the group")
        followups.refresh_next_due([contact_id])


def member_ids(group_id: int, *, roles: Sequence[str] | None = None) -> list[int]:
    query = GroupMember.select(GroupMember.contact).where(GroupMember.group == group_id)
    if roles:
        query = query.where(GroupMember.role.in_(list(roles)))
    return [int(i) for i in scalars(query)]


def members(group_id: int) -> list[dict[str, Any]]:
    """Members with role, joined date and attendance (meetings attended / missed)."""
    tally = {
        cid: (int(p or 0), int(a or 0))
        for cid, p, a in db.execute_sql(
            "SELECT a.contact_id, sum(a.status = 'present'), sum(a.status = 'absent')"
            " FROM group_meeting g JOIN meeting_attendance a ON a.meeting_id = g.id"
            " WHERE g.group_id = ? GROUP BY a.contact_id",
            (group_id,),
        )
    }
    rows = db.execute_sql(
        "SELECT c.id, c.full_name, m.role, m.joined"
        " FROM group_member m JOIN contact c ON c.id = m.contact_id"
        " WHERE m.group_id = ? AND c.deleted_at IS NULL"
        " ORDER BY CASE m.role WHEN 'organiser' THEN 0 WHEN 'member' THEN 1"
        "  WHEN 'guest' THEN 2 ELSE 3 END, c.full_name COLLATE NOCASE",
        (group_id,),
    )
    out = []
    for cid, name, role, joined in rows:
        attended, missed = tally.get(cid, (0, 0))
        out.append(
            {
                "id": cid,
                "full_name": name,
                "role": role,
                "joined": str(joined) if joined else None,
                "attended": attended,
                "missed": missed,
            }
        )
    return out


def groups_of(contact_id: int) -> list[dict[str, Any]]:
    """The groups a contact belongs to: `show --json`'s `groups`."""
    rows = db.execute_sql(
        "SELECT g.id, g.name, m.role FROM group_member m JOIN network_group g ON g.id = m.group_id"
        " WHERE m.contact_id = ? ORDER BY g.name COLLATE NOCASE",
        (contact_id,),
    )
    return [{"id": gid, "name": name, "role": role} for gid, name, role in rows]


def all_groups() -> list[dict[str, Any]]:
    """Every group with its member count, for `groups --json` and the Groups view."""
    rows = db.execute_sql(
        "SELECT g.id, g.name, g.kind, g.my_role, g.meets, g.objective,"
        " (SELECT count(*) FROM group_member m JOIN contact c ON c.id = m.contact_id"
        "   WHERE m.group_id = g.id AND c.deleted_at IS NULL AND m.role != 'prospect'),"
        " (SELECT max(held_on) FROM group_meeting WHERE group_id = g.id)"
        " FROM network_group g ORDER BY g.name COLLATE NOCASE"
    )
    from netkeeper.services.groups.meetings import next_meeting

    out = []
    for gid, name, kind, my_role, meets, objective, count, last in rows:
        nxt = next_meeting(gid)
        out.append(
            {
                "id": gid,
                "name": name,
                "kind": kind,
                "my_role": my_role,
                "meets": meets,
                "objective": objective,
                "members": count,
                "last_meeting": str(last) if last else None,
                "next_meeting": nxt.isoformat() if nxt else None,
            }
        )
    return out


_WORD = re.compile(r"\w[\w+#.-]*", re.UNICODE)
_STOP = frozenset(
    """a an and or the of in at on for to with by from is are be who that which
    people person members member anyone someone""".split()  # noqa: SIM905
)


def criteria_words(criteria: str) -> list[str]:
    """The words of a group's membership criteria worth matching ("CTOs in fintech")."""
    words = [w.casefold().strip(".-") for w in _WORD.findall(criteria)]
    return [w for w in dict.fromkeys(words) if len(w) > 1 and w not in _STOP]


def matching_contacts(group_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """Contacts who are not members but match the criteria the user typed.

    A word matches a contact's tag, organisation, title or department as a whole
    word or word prefix, ignoring case; a trailing plural "s" ("CTOs") also finds
    the singular. Contacts matching more words come first. SQL narrows 50,000
    contacts to the few that contain a word anywhere (LIKE), Python then checks
    word boundaries on those few.
    """
    group = get_group(group_id)
    words = criteria_words(group.criteria)
    if not words:
        return []
    stems = list(dict.fromkeys(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words))
    likes = []
    params: list[str] = []
    for stem in stems:
        pattern = "%" + stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        likes.append(
            "(c.organization LIKE ? ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\'"
            " OR c.department LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM contact_tag ct"
            " JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id"
            " AND t.name LIKE ? ESCAPE '\\'))"
        )
        params += [pattern] * 4
    rows = db.execute_sql(
        "SELECT c.id, c.full_name, c.organization, c.title, c.department,"
        " (SELECT group_concat(t.name, ' ') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        "  WHERE ct.contact_id = c.id)"
        " FROM contact c WHERE c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM group_member m"
        "  WHERE m.group_id = ? AND m.contact_id = c.id) AND (" + " OR ".join(likes) + ")",
        [group_id, *params],
    )
    scored = []
    for cid, name, org, title, dept, tags in rows:
        hay = {w.casefold() for w in _WORD.findall(" ".join((org, title, dept, tags or "")))}
        hits = [
            w
            for w in words
            if any(h.startswith(w) for h in hay)
            or (w.endswith("s") and len(w) > 3 and w[:-1] in hay)
        ]
        if hits:
            scored.append((-len(hits), name.casefold(), cid, name, hits))
    scored.sort()
    return [
        {"id": cid, "full_name": name, "matched": hits} for _, _, cid, name, hits in scored[:limit]
    ]
