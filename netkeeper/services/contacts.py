"""Contacts: create, update, find, trash and restore.

Every write runs in one transaction and refreshes the contact's search row in
the same transaction, so the index can never disagree with the data.
A `Card` (io/card.py) carries the vCard-shaped fields in and out; NetKeeper's
own fields (how we met, who introduced us, tags) travel beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence

from netkeeper.io.card import Card, PostalAddress, RawProperty, TypedValue
from netkeeper.model import search
from netkeeper.model.db import db, rows, scalars
from netkeeper.model.tables import (
    TEXT_FIELDS,
    Address,
    Contact,
    ContactProperty,
    Email,
    Phone,
    Url,
    utcnow,
)
from netkeeper.services import Ambiguous, NotFound, ServiceError
from netkeeper.services.dates import parse_calendar_date
from netkeeper.services.followups import refresh_next_due
from netkeeper.services.people.profiles import profiles_of, write_profiles
from netkeeper.services.tags import set_tags

TRASH_DAYS = 30

SCALAR_FIELDS = TEXT_FIELDS  # what update_contact sets from a Card as it is


def new_uid() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def normalize_phone(value: str, region: str | None = None) -> str | None:
    """E.164 form when phonenumbers understands the number, else None.

    Without a country code the number is read in `region` (default: none, so
    only international numbers normalise); good enough to match the same
    number typed with different spacing.
    """
    import phonenumbers  # 30 ms to import: paid by the first phone number, not at every start

    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _types(values: Iterable[str]) -> str:
    return ",".join(t.strip().lower() for t in values if t and t.strip())


def _split_types(text: str) -> list[str]:
    return [t for t in text.split(",") if t]


def _check_dates(card: Card) -> None:
    if card.birthday:
        card.birthday = parse_calendar_date(card.birthday)
    if card.anniversary:
        card.anniversary = parse_calendar_date(card.anniversary)


def _write_children(contact_id: int, card: Card) -> None:
    """Replace the contact's multi-valued rows with the card's (bulk inserts)."""
    for model in (Email, Phone, Url, Address, ContactProperty):
        model.delete().where(model.contact == contact_id).execute()
    for model, values in ((Email, card.emails), (Phone, card.phones), (Url, card.urls)):
        if not values:
            continue
        rows: list[dict[str, object]] = [
            {
                "contact": contact_id,
                "value": v.value.strip(),
                "types": _types(v.types),
                "label": v.label,
                "preferred": v.preferred,
                "position": i,
            }
            for i, v in enumerate(values)
        ]
        if model is Phone:
            for row, v in zip(rows, values, strict=True):
                row["normalized"] = normalize_phone(v.value)
        model.insert_many(rows).execute()
    if card.addresses:
        Address.insert_many(
            [
                {
                    "contact": contact_id,
                    "po_box": a.po_box,
                    "extended": a.extended,
                    "street": a.street,
                    "locality": a.locality,
                    "region": a.region,
                    "postal_code": a.postal_code,
                    "country": a.country,
                    "types": _types(a.types),
                    "label": a.label,
                    "preferred": a.preferred,
                    "position": i,
                }
                for i, a in enumerate(card.addresses)
            ]
        ).execute()
    write_profiles(contact_id, card.profiles)
    if card.extra:
        ContactProperty.insert_many(
            [
                {
                    "contact": contact_id,
                    "position": i,
                    "group": p.group,
                    "name": p.name,
                    "params": json.dumps([list(kv) for kv in p.params], ensure_ascii=False),
                    "value": p.value,
                }
                for i, p in enumerate(card.extra)
            ]
        ).execute()


def _scalar_values(card: Card) -> dict[str, object]:
    values: dict[str, object] = {f: (getattr(card, f) or "").strip() for f in SCALAR_FIELDS}
    if not values["full_name"]:
        values["full_name"] = card.display_name()
    values.update(
        birthday=card.birthday or None,
        anniversary=card.anniversary or None,
        photo=card.photo,
        photo_mime=card.photo_mime if card.photo else None,
        photo_url=card.photo_url,
    )
    return values


def create_contact(
    card: Card,
    *,
    tags: Sequence[str] = (),
    how_met: str = "",
    introduced_by: int | None = None,
) -> int:
    """Store a new contact; returns its id. The card needs a name, organisation, email or phone."""
    if not card.has_identity():
        raise ServiceError("a contact needs a name, an organisation, an email or a phone")
    _check_dates(card)
    if introduced_by is not None:
        get_contact(introduced_by)
    now = utcnow()
    with db.atomic():
        uid = card.uid or new_uid()
        if Contact.select().where(Contact.uid == uid).exists():
            raise ServiceError(f"a contact with UID {uid} exists already")
        contact = Contact.create(
            uid=uid,
            how_met=how_met,
            introduced_by=introduced_by,
            created_at=now,
            updated_at=now,
            **_scalar_values(card),
        )
        _write_children(contact.id, card)
        set_tags(contact.id, list(tags) + list(card.categories))
        search.reindex(db, [contact.id])
    return int(contact.id)


_UNSET: object = object()


def update_contact(
    contact_id: int,
    card: Card | None = None,
    *,
    tags: Sequence[str] | None = None,
    how_met: str | None = None,
    introduced_by: int | object | None = _UNSET,
) -> None:
    """Replace the contact's card fields (when `card` is given) and/or its own fields.

    `card` replaces every modelled field and the kept vCard properties: callers
    that only change one field load the card with `get_card`, change it, and
    pass it back, so nothing is lost by accident.
    """
    contact = get_contact(contact_id, include_deleted=True)
    if card is not None:
        if not card.has_identity():
            raise ServiceError("a contact needs a name, an organisation, an email or a phone")
        _check_dates(card)
    if introduced_by is not _UNSET and introduced_by is not None:
        if introduced_by == contact_id:
            raise ServiceError("a contact cannot introduce themselves")
        get_contact(int(introduced_by))  # type: ignore[call-overload]
    with db.atomic():
        values: dict[str, object] = {"updated_at": utcnow()}
        if card is not None:
            values.update(_scalar_values(card))
            if card.uid and card.uid != contact.uid:
                values["uid"] = card.uid
        if how_met is not None:
            values["how_met"] = how_met
        if introduced_by is not _UNSET:
            values["introduced_by"] = introduced_by
        Contact.update(values).where(Contact.id == contact_id).execute()
        if card is not None:
            _write_children(contact_id, card)
        if tags is not None:
            set_tags(contact_id, tags, replace=True)
        search.reindex(db, [contact_id])


def get_contact(contact_id: int, *, include_deleted: bool = False) -> Contact:
    query = Contact.select().where(Contact.id == contact_id)
    if not include_deleted:
        query = query.where(Contact.deleted_at.is_null())
    contact = query.first()
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def get_card(contact_id: int) -> Card:
    """The contact as a Card: what export writes and what the editor edits."""
    c = get_contact(contact_id, include_deleted=True)
    from netkeeper.services.tags import tags_of

    card = Card(
        uid=c.uid,
        birthday=c.birthday,
        anniversary=c.anniversary,
        photo=bytes(c.photo) if c.photo is not None else None,
        photo_mime=c.photo_mime,
        photo_url=c.photo_url,
        categories=tags_of(contact_id),
        **{f: getattr(c, f) for f in SCALAR_FIELDS},
    )
    for model, target in ((Email, card.emails), (Phone, card.phones), (Url, card.urls)):
        for row in model.select().where(model.contact == contact_id).order_by(model.position):
            target.append(TypedValue(row.value, _split_types(row.types), row.label, row.preferred))
    for a in Address.select().where(Address.contact == contact_id).order_by(Address.position):
        card.addresses.append(
            PostalAddress(
                a.po_box,
                a.extended,
                a.street,
                a.locality,
                a.region,
                a.postal_code,
                a.country,
                _split_types(a.types),
                a.label,
                a.preferred,
            )
        )
    card.profiles = profiles_of(contact_id)
    props = ContactProperty.select().where(ContactProperty.contact == contact_id)
    for p in props.order_by(ContactProperty.position):
        card.extra.append(
            RawProperty(p.name, p.value, [tuple(kv) for kv in json.loads(p.params)], p.group)
        )
    return card


def resolve(ref: str, *, include_deleted: bool = False) -> int:
    """Find a contact by id, UID or an unambiguous name (exact, then case-insensitive, then part).

    Raises NotFound or Ambiguous with a message that lists the candidates.
    """
    ref = ref.strip()
    if not ref:
        raise NotFound("no contact given")
    base = Contact.select(Contact.id, Contact.full_name)
    if not include_deleted:
        base = base.where(Contact.deleted_at.is_null())
    else:
        base = base.where(Contact.deleted_at.is_null(False))
    if ref.isascii() and ref.isdigit() and len(ref) <= 18:  # SQLite ids are 64-bit
        row = base.where(Contact.id == int(ref)).first()
        if row:
            return int(row.id)
    row = base.where(Contact.uid == ref).first()
    if row:
        return int(row.id)
    for cond in (
        Contact.full_name == ref,
        Contact.full_name**ref,  # ILIKE without wildcards: case-insensitive equality
        Contact.full_name ** f"%{ref}%",
    ):
        rows = list(base.where(cond).limit(6))
        if len(rows) == 1:
            return int(rows[0].id)
        if len(rows) > 1:
            shown = ", ".join(f"{r.full_name} (id {r.id})" for r in rows[:5])
            raise Ambiguous(f"'{ref}' matches several contacts: {shown}; use an id")
    where = "in the trash" if include_deleted else ""
    raise NotFound(f"no contact matches '{ref}' {where}".rstrip())


def delete_contacts(contact_ids: Sequence[int]) -> int:
    """Move contacts to the trash (undoable for TRASH_DAYS days); returns how many moved."""
    with db.atomic():
        moved = (
            Contact.update(deleted_at=utcnow())
            .where(Contact.id.in_(list(contact_ids)), Contact.deleted_at.is_null())
            .execute()
        )
    return int(moved)


def restore_contacts(contact_ids: Sequence[int]) -> int:
    with db.atomic():
        restored = (
            Contact.update(deleted_at=None, updated_at=utcnow())
            .where(Contact.id.in_(list(contact_ids)), Contact.deleted_at.is_null(False))
            .execute()
        )
        refresh_next_due(contact_ids)  # tag cadences may have changed while in the trash
    return int(restored)


def trash(limit: int | None = None) -> list[tuple[int, str, dt.datetime]]:
    query = (
        Contact.select(Contact.id, Contact.full_name, Contact.deleted_at)
        .where(Contact.deleted_at.is_null(False))
        .order_by(Contact.deleted_at.desc())
    )
    if limit:
        query = query.limit(limit)
    return rows(query)


def purge_trash(now: dt.datetime | None = None, days: int = TRASH_DAYS) -> int:
    """Delete for good what has been in the trash longer than `days`."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    with db.atomic():
        ids = scalars(Contact.select(Contact.id).where(Contact.deleted_at < cutoff))
        if not ids:
            return 0
        search.drop(db, ids)
        Contact.delete().where(Contact.id.in_(ids)).execute()
        # Interactions whose every participant is gone would be unreachable.
        db.execute_sql(
            "DELETE FROM interaction WHERE id NOT IN"
            " (SELECT interaction_id FROM interaction_participant)"
        )
    return len(ids)
