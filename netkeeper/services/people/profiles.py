"""Social profiles: a contact's LinkedIn, X, Mastodon, Bluesky, GitHub, website ... links.

NetKeeper stores and shows the links; it never fetches them. The API, for the
CLI, the GUI, the vCard and CSV importers:

- `add_profile(contact_id, service, url) -> int`: add one (the row id); a link the
  contact already has (same `url_key`, whatever its spelling) is not added twice
  and its existing id is returned.
- `remove_profile(contact_id, url)`: remove by link (any spelling); False if absent.
- `profiles_of(contact_id) -> list[SocialProfile]`: in the contact's order.
- `set_profiles(contact_id, profiles)`: replace them all (the editor's save).
- `find_by_profile_url(url) -> int | None`: the live contact that has this link,
  for matching an imported row ("https://www.linkedin.com/in/Ada/" finds the
  contact saved with "linkedin.com/in/ada"). One index probe.
- `parse_assignment("linkedin=https://...") -> SocialProfile`: the CLI's SERVICE=URL.

`service` is a key of `netkeeper.social` ("linkedin", "x", "mastodon", "bluesky",
"github", "website", ...; "twitter" becomes "x") or any custom name, stored lower-case;
`service_label` gives the word to show. A URL without a service gets the one its
host says, else "website".
"""

from __future__ import annotations

from collections.abc import Sequence

from netkeeper.io.card import SocialProfile
from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError
from netkeeper.social import service_for_url, service_key, service_label, url_key

__all__ = [
    "SocialProfile",
    "add_profile",
    "find_by_profile_url",
    "parse_assignment",
    "profiles_of",
    "remove_profile",
    "service_label",
    "set_profiles",
]


def _check_contact(contact_id: int) -> None:
    if not db.execute_sql("SELECT 1 FROM contact WHERE id = ?", (contact_id,)).fetchone():
        raise NotFound(f"no contact with id {contact_id}")


def _clean(service: str | None, url: str) -> tuple[str, str, str]:
    url = url.strip()
    if not url:
        raise ServiceError("a profile needs a link")
    key = service_key(service) if service and service.strip() else ""
    key = key or service_for_url(url) or "website"
    return key, url, url_key(url, key)


def profiles_of(contact_id: int) -> list[SocialProfile]:
    return [
        SocialProfile(service, url)
        for service, url in db.execute_sql(
            "SELECT service, url FROM social_profile WHERE contact_id = ? ORDER BY position, id",
            (contact_id,),
        )
    ]


def write_profiles(contact_id: int, profiles: Sequence[SocialProfile]) -> None:
    """Replace the rows inside the caller's transaction (contacts and import use it)."""
    db.execute_sql("DELETE FROM social_profile WHERE contact_id = ?", (contact_id,))
    rows: list[tuple[int, str, str, str, int]] = []
    seen: set[str] = set()
    for p in profiles:
        if not p.url.strip():
            continue
        service, url, key = _clean(p.service, p.url)
        if key in seen:
            continue
        seen.add(key)
        rows.append((contact_id, service, url, key, len(rows)))
    if rows:
        db.cursor().executemany(
            "INSERT INTO social_profile (contact_id, service, url, url_key, position)"
            " VALUES (?,?,?,?,?)",
            rows,
        )


def set_profiles(contact_id: int, profiles: Sequence[SocialProfile]) -> None:
    _check_contact(contact_id)
    with db.atomic():
        write_profiles(contact_id, profiles)
        _touch(contact_id)


def _touch(contact_id: int) -> None:
    db.execute_sql("UPDATE contact SET updated_at = ? WHERE id = ?", (utcnow(), contact_id))


def add_profile(contact_id: int, service: str | None, url: str) -> int:
    _check_contact(contact_id)
    service, url, key = _clean(service, url)
    with db.atomic():
        row = db.execute_sql(
            "SELECT id FROM social_profile WHERE contact_id = ? AND url_key = ?",
            (contact_id, key),
        ).fetchone()
        if row:
            return int(row[0])
        cur = db.execute_sql(
            "INSERT INTO social_profile (contact_id, service, url, url_key, position)"
            " VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM social_profile"
            " WHERE contact_id = ?))",
            (contact_id, service, url, key, contact_id),
        )
        _touch(contact_id)
        return int(cur.lastrowid or 0)


def remove_profile(contact_id: int, url: str) -> bool:
    _check_contact(contact_id)
    with db.atomic():
        gone = db.execute_sql(
            "DELETE FROM social_profile WHERE contact_id = ? AND url_key IN (?, ?)",
            (contact_id, url_key(url), url_key(url, service_for_url(url))),
        ).rowcount
        if gone:
            _touch(contact_id)
    return bool(gone)


def find_by_profile_url(url: str) -> int | None:
    """The live contact with this profile link (the earliest, if several), or None."""
    if not url.strip():
        return None
    row = db.execute_sql(
        "SELECT p.contact_id FROM social_profile p JOIN contact c ON c.id = p.contact_id"
        " WHERE p.url_key = ? AND c.deleted_at IS NULL ORDER BY p.contact_id LIMIT 1",
        (url_key(url),),
    ).fetchone()
    return int(row[0]) if row else None


def parse_assignment(text: str) -> SocialProfile:
    """ "linkedin=https://linkedin.com/in/ada" (or a bare URL) as a profile; ServiceError if bad."""
    service, sep, url = text.partition("=")
    if not sep or "://" in service or "/" in service:
        service, url = "", text
    service, url, _ = _clean(service, url)
    return SocialProfile(service, url)
