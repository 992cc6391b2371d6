"""Contact documents: the JSON shape of `list --json` and `show --json` (a public contract).

Built in bulk: one query per child table for the whole page of contacts,
never one query per contact, so listing 50,000 contacts stays a handful of
statements. Fields may be added; none may be renamed or dropped.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from netkeeper.model import search
from netkeeper.model.db import db
from netkeeper.model.tables import CARD_COLUMNS
from netkeeper.services.dates import iso_utc
from netkeeper.services.names import shown_name

_CONTACT_COLUMNS = (
    "id",
    *CARD_COLUMNS,
    "how_met",
    "introduced_by_id",
    "last_interaction",
    "created_at",
    "updated_at",
    "deleted_at",
    "is_me",
)


def _split(types: str) -> list[str]:
    return [t for t in types.split(",") if t]


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _children(table: str, columns: str, ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT contact_id, {columns} FROM {table} WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, position, id"
        )
        for row in db.execute_sql(sql, list(chunk)):
            out[row[0]].append(row[1:])
    return out


def _tags(ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for cid, name in db.execute_sql(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            f"WHERE ct.contact_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
            list(chunk),
        ):
            out[cid].append(name)
    return out


def _groups_and_events(
    ids: Sequence[int],
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, dict[str, Any]]]:
    """Per contact: its groups [{id, name, role}] and where it was met {id, name}."""
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    met_at: dict[int, dict[str, Any]] = {}
    groups_empty = not db.execute_sql("SELECT 1 FROM network_group LIMIT 1").fetchone()
    events_empty = not db.execute_sql("SELECT 1 FROM event LIMIT 1").fetchone()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        if not groups_empty:
            for cid, gid, name, role in db.execute_sql(
                "SELECT m.contact_id, g.id, g.name, m.role FROM group_member m"
                f" JOIN network_group g ON g.id = m.group_id WHERE m.contact_id IN ({marks})"
                " ORDER BY g.name COLLATE NOCASE",
                list(chunk),
            ):
                groups[cid].append({"id": gid, "name": name, "role": role})
        if not events_empty:
            for cid, eid, name in db.execute_sql(
                "SELECT c.id, e.id, e.name FROM contact c JOIN event e ON e.id = c.met_at_id"
                f" WHERE c.id IN ({marks})",
                list(chunk),
            ):
                met_at[cid] = {"id": eid, "name": name}
    return groups, met_at


def _date_only(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)[:10]


def contact_documents(
    ids: Sequence[int], *, include_photo_bytes: bool = False
) -> list[dict[str, Any]]:
    """Documents for the given contact ids, in the order given."""
    ids = list(ids)
    if not ids:
        return []
    rows: dict[int, tuple[Any, ...]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {', '.join(_CONTACT_COLUMNS)} FROM contact WHERE id IN ({marks})"
        for row in db.execute_sql(sql, list(chunk)):
            rows[row[0]] = row
    emails = _children("email", "value, types, label, preferred", ids)
    phones = _children("phone", "value, types, label, preferred", ids)
    urls = _children("url", "value, types, label, preferred", ids)
    addresses = _children(
        "address",
        "po_box, extended, street, locality, region, postal_code, country, types, label, preferred",
        ids,
    )
    tags = _tags(ids)
    groups, met_at = _groups_and_events(ids)
    profiles = _children("social_profile", "service, url", ids)
    from netkeeper.services.people.introductions import introductions_of_many
    from netkeeper.services.people.ledger import balances_of_many
    from netkeeper.services.people.rapport import rapport_of_many
    from netkeeper.services.people.relationships import relationships_of_many

    related = relationships_of_many(ids)
    rapport = rapport_of_many(ids)
    give_take = balances_of_many(ids)
    intros = introductions_of_many(ids)
    from netkeeper.services.insights.strength import strengths

    # Past a few thousand ids, one pass over every contact beats many IN lists.
    scores = strengths() if len(ids) > 2000 else strengths(ids=ids)
    diversity = _diversity(ids)
    docs: list[dict[str, Any]] = []
    for cid in ids:
        row = rows.get(cid)
        if row is None:
            continue
        r = dict(zip(_CONTACT_COLUMNS, row, strict=True))
        photo = None
        if r["photo"] is not None:
            data = bytes(r["photo"])
            photo = {
                "mime": r["photo_mime"],
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            if include_photo_bytes:
                photo["base64"] = base64.b64encode(data).decode("ascii")
        docs.append(
            {
                "id": r["id"],
                "uid": r["uid"],
                "full_name": r["full_name"],
                "given_name": r["given_name"],
                "family_name": r["family_name"],
                "additional_names": r["additional_names"],
                "honorific_prefix": r["honorific_prefix"],
                "honorific_suffix": r["honorific_suffix"],
                "nickname": r["nickname"],
                "organization": r["organization"],
                "department": r["department"],
                "title": r["title"],
                "birthday": r["birthday"],
                "anniversary": r["anniversary"],
                "emails": [_typed(v) for v in emails.get(cid, [])],
                "phones": [_typed(v) for v in phones.get(cid, [])],
                "urls": [_typed(v) for v in urls.get(cid, [])],
                "addresses": [
                    {
                        "po_box": a[0],
                        "extended": a[1],
                        "street": a[2],
                        "locality": a[3],
                        "region": a[4],
                        "postal_code": a[5],
                        "country": a[6],
                        "types": _split(a[7]),
                        "label": a[8],
                        "preferred": bool(a[9]),
                    }
                    for a in addresses.get(cid, [])
                ],
                "notes": r["notes"],
                "tags": tags.get(cid, []),
                "photo": photo,
                "photo_url": r["photo_url"],
                "how_met": r["how_met"],
                "introduced_by": r["introduced_by_id"],
                "last_interaction": _date_only(r["last_interaction"]),
                "created_at": iso_utc(_dt(r["created_at"])),
                "updated_at": iso_utc(_dt(r["updated_at"])),
                "deleted_at": iso_utc(_dt(r["deleted_at"])),
                "groups": groups.get(cid, []),
                "met_at": met_at.get(cid),
                "is_me": bool(r["is_me"]),
                "profiles": [{"service": s, "url": u} for s, u in profiles.get(cid, [])],
                # What to show: the name, else organisation, email, phone (services/names.py).
                "display_name": shown_name(
                    r["full_name"],
                    r["organization"],
                    [e[0] for e in emails.get(cid, [])],
                    [p[0] for p in phones.get(cid, [])],
                ),
                "relationships": [r.document() for r in related.get(cid, [])],
                "interests": rapport[cid].interests,
                "questions": [q.document() for q in rapport[cid].questions],
                "avoid": [text for _id, text in rapport[cid].avoid],
                "facts": [text for _id, text in rapport[cid].facts],
                "give_take": give_take[cid],
                "introductions": intros.get(cid, []),
                "strength": scores[cid].score if cid in scores else None,
                "band": scores[cid].band if cid in scores else None,
                **diversity.get(cid, {}),
            }
        )
    return docs


_DIVERSITY = ("function", "industry", "country", "city", "generation", "seniority")


def _diversity(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The diversity attributes (issue 15), NULL until the user says."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in db.execute_sql(
            f"SELECT id, {', '.join(_DIVERSITY)}, strength_override FROM contact"
            f" WHERE id IN ({marks})",
            list(chunk),
        ):
            out[row[0]] = dict(zip((*_DIVERSITY, "strength_override"), row[1:], strict=True))
    return out


def _dt(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _typed(v: tuple[Any, ...]) -> dict[str, Any]:
    return {"value": v[0], "types": _split(v[1]), "label": v[2], "preferred": bool(v[3])}


def find_ids(
    text: str | None = None, tag: str | None = None, *, deleted: bool = False
) -> list[int]:
    """Ids of live (or trashed) contacts matching a search and/or a tag, sorted by name."""
    where = ["c.deleted_at IS NOT NULL" if deleted else "c.deleted_at IS NULL"]
    params: list[Any] = []
    if tag:
        where.append(
            "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE t.name = ?)"
        )
        params.append(tag.strip())
    rows = db.execute_sql(
        "SELECT c.id FROM contact c WHERE "
        + " AND ".join(where)
        + " ORDER BY c.full_name COLLATE NOCASE, c.id",
        params,
    )
    ids = [r[0] for r in rows]
    if text and text.strip():
        hits = set(search.matching_ids(db, text))
        ids = [i for i in ids if i in hits]
    return ids
