"""Me: the one contact that is the user.

Relationships, introductions and favours with the user are ordinary records
with this contact, so every list and document treats "me" like anyone else;
only "what is due", duplicates and the counts of "your contacts" leave it out
(followups, dedupe and contact_rows read `contact.is_me`). `resolve_ref` lets
the command line say `me` wherever it takes a contact.
"""

from __future__ import annotations

from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError

ME = "me"


def me_id() -> int | None:
    """The live contact marked as the user, or None."""
    row = db.execute_sql(
        "SELECT id FROM contact WHERE is_me = 1 AND deleted_at IS NULL LIMIT 1"
    ).fetchone()
    return int(row[0]) if row else None


def require_me() -> int:
    cid = me_id()
    if cid is None:
        raise ServiceError("no contact is marked as you yet; run `netkeeper me CONTACT` first")
    return cid


def set_me(contact_id: int | None) -> None:
    """Mark `contact_id` as the user (None: nobody); the previous "me" stops being it.

    Received introductions recorded only as "introduced by" (from before a "me"
    existed) become introduction records with the new "me".
    """
    from netkeeper.services.followups import refresh_next_due

    with db.atomic():
        old = me_id()
        if contact_id is not None:
            row = db.execute_sql(
                "SELECT deleted_at FROM contact WHERE id = ?", (contact_id,)
            ).fetchone()
            if row is None or row[0] is not None:
                raise NotFound(f"no contact with id {contact_id}")
        db.execute_sql("UPDATE contact SET is_me = 0 WHERE is_me = 1")
        if contact_id is not None:
            db.execute_sql(
                "UPDATE contact SET is_me = 1, updated_at = ? WHERE id = ?",
                (utcnow(), contact_id),
            )
            from netkeeper.services.people.introductions import adopt_introduced_by

            adopt_introduced_by()
        refresh_next_due([c for c in (old, contact_id) if c is not None])


def resolve_ref(ref: str) -> int | None:
    """The "me" contact when `ref` is the word me (any case), else None (not a me-reference)."""
    if ref.strip().casefold() != ME:
        return None
    return require_me()
