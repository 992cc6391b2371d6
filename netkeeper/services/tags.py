"""Tags: free labels on contacts ("mentors", "conference 2026"), case-insensitive."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from netkeeper.model.db import db, scalars
from netkeeper.model.tables import Contact, ContactTag, Tag
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.followups import refresh_next_due


def _clean(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join((name or "").split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def tag_ids(names: Iterable[str], *, create: bool = True) -> list[int]:
    """Ids of the named tags, creating the missing ones (matching ignores case)."""
    ids: list[int] = []
    for name in _clean(names):
        tag = Tag.get_or_none(Tag.name == name)
        if tag is None:
            if not create:
                raise NotFound(f"no tag named '{name}'")
            tag = Tag.create(name=name)
        ids.append(int(tag.id))
    return ids


def set_tags(contact_id: int, names: Sequence[str], *, replace: bool = False) -> None:
    with db.atomic():
        if replace:
            ContactTag.delete().where(ContactTag.contact == contact_id).execute()
        ids = tag_ids(names)
        if ids:
            ContactTag.insert_many(
                [{"contact": contact_id, "tag": t} for t in ids]
            ).on_conflict_ignore().execute()
        refresh_next_due([contact_id])  # a tag may carry a keep-in-touch cadence


def add_tag(contact_ids: Sequence[int], name: str) -> None:
    if not _clean([name]):
        raise ServiceError("a tag needs a name")
    with db.atomic():
        (tid,) = tag_ids([name])
        ContactTag.insert_many(
            [{"contact": c, "tag": tid} for c in contact_ids]
        ).on_conflict_ignore().execute()
        refresh_next_due(contact_ids)


def remove_tag(contact_ids: Sequence[int], name: str) -> None:
    tag = Tag.get_or_none(Tag.name == name.strip())
    if tag is None:
        return
    with db.atomic():
        ContactTag.delete().where(
            ContactTag.tag == tag.id, ContactTag.contact.in_(list(contact_ids))
        ).execute()
        refresh_next_due(contact_ids)


def tags_of(contact_id: int) -> list[str]:
    query = (
        Tag.select(Tag.name)
        .join(ContactTag)
        .where(ContactTag.contact == contact_id)
        .order_by(Tag.name)
    )
    return scalars(query)


def tag_counts() -> list[tuple[str, int]]:
    """Every tag with the number of live (not trashed) contacts carrying it, by name."""
    rows = db.execute_sql(
        "SELECT t.name, count(c.id) FROM tag t "
        "LEFT JOIN contact_tag ct ON ct.tag_id = t.id "
        "LEFT JOIN contact c ON c.id = ct.contact_id AND c.deleted_at IS NULL "
        "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    )
    return [(name, int(n)) for name, n in rows]


def rename_tag(old: str, new: str) -> None:
    new_clean = _clean([new])
    if not new_clean:
        raise ServiceError("a tag needs a name")
    tag = Tag.get_or_none(Tag.name == old.strip())
    if tag is None:
        raise NotFound(f"no tag named '{old}'")
    with db.atomic():
        existing = Tag.get_or_none(Tag.name == new_clean[0])
        if existing is not None and existing.id != tag.id:
            # Merging two tags: move the links, then drop the old one.
            db.execute_sql(
                "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) "
                "SELECT contact_id, ? FROM contact_tag WHERE tag_id = ?",
                (existing.id, tag.id),
            )
            tag.delete_instance()
            refresh_next_due(contacts_with_tag(new_clean[0]))
        else:
            Tag.update(name=new_clean[0]).where(Tag.id == tag.id).execute()


def delete_tag(name: str) -> None:
    members = contacts_with_tag(name)
    with db.atomic():
        Tag.delete().where(Tag.name == name.strip()).execute()
        refresh_next_due(members)


def contacts_with_tag(name: str) -> list[int]:
    query = (
        ContactTag.select(ContactTag.contact)
        .join(Tag)
        .switch(ContactTag)
        .join(Contact)
        .where(Tag.name == name.strip(), Contact.deleted_at.is_null())
    )
    return scalars(query)
