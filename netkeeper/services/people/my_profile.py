"""My profile: the user's own public face, kept consistent across platforms.

The texts (headline, short bio, long bio, a spoken introduction) live in one row;
name, title, organisation, photo, links and interests come from the "me" contact,
so there is one truth for both. Per-platform versions carry their own headline
and "about" with the platform's length limits, and `consistency()` flags a
version whose title, organisation or links disagree with the main profile.
`my_card()` is the card to hand out: vCard 4.0 text, and `qr_code` the same as a
QR code (segno) in PNG or SVG, small enough to scan at an event (no photo).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netkeeper.io.card import Card, SocialProfile, TypedValue
from netkeeper.io.vcard import write_card
from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import NotFound, ServiceError

WORDS_PER_MINUTE = 150
TEXT_FIELDS = ("headline", "short_bio", "long_bio", "pitch")
# platform -> (label, headline limit, about limit); None: no limit.
PLATFORMS: dict[str, tuple[str, int | None, int | None]] = {
    "linkedin": ("LinkedIn", 220, 2600),
    "x": ("X", None, 160),
    "mastodon": ("Mastodon", None, 500),
    "github": ("GitHub", None, 160),
    "custom": ("Custom", None, None),
}
_URL = re.compile(r"https?://[^\s<>()]+", re.I)


def spoken(text: str) -> tuple[int, int]:
    """(words, seconds) of a spoken introduction at WORDS_PER_MINUTE."""
    words = len(text.split())
    return words, round(words * 60 / WORDS_PER_MINUTE)


def get_profile() -> dict[str, str]:
    row = db.execute_sql(
        "SELECT headline, short_bio, long_bio, pitch FROM my_profile ORDER BY id LIMIT 1"
    ).fetchone()
    return dict(zip(TEXT_FIELDS, row or ("", "", "", ""), strict=True))


def save_profile(**fields: str) -> None:
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ServiceError(f"unknown profile field {sorted(unknown)[0]}")
    values = get_profile() | {k: v.strip() for k, v in fields.items()}
    with db.atomic():
        db.execute_sql("DELETE FROM my_profile")
        db.execute_sql(
            "INSERT INTO my_profile (id, headline, short_bio, long_bio, pitch, updated_at)"
            " VALUES (1, ?, ?, ?, ?, ?)",
            (*(values[k] for k in TEXT_FIELDS), utcnow()),
        )


@dataclass(slots=True)
class Version:
    id: int | None
    platform: str
    label: str = ""
    headline: str = ""
    about: str = ""
    title: str = ""
    organization: str = ""
    links: str = ""  # one per line

    @property
    def name(self) -> str:
        return self.label or PLATFORMS.get(self.platform, (self.platform,))[0]

    def limits(self) -> tuple[int | None, int | None]:
        _label, headline, about = PLATFORMS.get(self.platform, ("", None, None))
        return headline, about

    def over_limit(self) -> list[str]:
        headline, about = self.limits()
        out = []
        if headline is not None and len(self.headline) > headline:
            out.append(
                f"headline is {len(self.headline)} characters; {self.name} allows {headline}"
            )
        if about is not None and len(self.about) > about:
            out.append(f"about is {len(self.about)} characters; {self.name} allows {about}")
        return out


def versions() -> list[Version]:
    return [
        Version(*row)
        for row in db.execute_sql(
            "SELECT id, platform, label, headline, about, title, organization, links"
            " FROM profile_version ORDER BY position, id"
        )
    ]


def save_version(v: Version) -> int:
    if v.platform not in PLATFORMS:
        raise ServiceError(f"unknown platform '{v.platform}' (use {', '.join(PLATFORMS)})")
    values = (
        v.platform,
        v.label.strip(),
        v.headline.strip(),
        v.about.strip(),
        v.title.strip(),
        v.organization.strip(),
        v.links.strip(),
        utcnow(),
    )
    with db.atomic():
        if v.id is None:
            cur = db.execute_sql(
                "INSERT INTO profile_version (platform, label, headline, about, title,"
                " organization, links, updated_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                " (SELECT coalesce(max(position), -1) + 1 FROM profile_version))",
                values,
            )
            return int(cur.lastrowid or 0)
        done = db.execute_sql(
            "UPDATE profile_version SET platform = ?, label = ?, headline = ?, about = ?,"
            " title = ?, organization = ?, links = ?, updated_at = ? WHERE id = ?",
            (*values, v.id),
        ).rowcount
        if not done:
            raise NotFound(f"no profile version {v.id}")
        return v.id


def remove_version(version_id: int) -> None:
    with db.atomic():
        db.execute_sql("DELETE FROM profile_version WHERE id = ?", (version_id,))


def _norm_link(url: str) -> str:
    from netkeeper.social import url_key

    return url_key(url.rstrip(".,;"))


def main_facts() -> dict[str, Any]:
    """Title, organisation and links of the main profile (the "me" contact)."""
    from netkeeper.services.people.me import me_id

    me = me_id()
    if me is None:
        return {"title": "", "organization": "", "links": []}
    title, org = db.execute_sql(
        "SELECT title, organization FROM contact WHERE id = ?", (me,)
    ).fetchone()
    links = [
        str(r[0])
        for r in db.execute_sql(
            "SELECT url FROM social_profile WHERE contact_id = ? UNION ALL"
            " SELECT value FROM url WHERE contact_id = ?",
            (me, me),
        )
    ]
    return {"title": title, "organization": org, "links": links}


def consistency(items: list[Version] | None = None) -> dict[int | None, list[str]]:
    """Per version: where it disagrees with the main profile (title, organisation, links)."""
    main = main_facts()
    known = {_norm_link(u) for u in main["links"]}
    out: dict[int | None, list[str]] = {}
    for v in versions() if items is None else items:
        problems = list(v.over_limit())
        if v.title and main["title"] and v.title.casefold() != main["title"].casefold():
            problems.append(f"title '{v.title}' differs from '{main['title']}'")
        if (
            v.organization
            and main["organization"]
            and v.organization.casefold() != main["organization"].casefold()
        ):
            problems.append(
                f"organisation '{v.organization}' differs from '{main['organization']}'"
            )
        links = [line.strip() for line in v.links.splitlines() if line.strip()]
        links += _URL.findall(f"{v.headline}\n{v.about}")
        for link in dict.fromkeys(links):
            if _norm_link(link) not in known:
                problems.append(f"link {link} is not on the main profile")
        if problems:
            out[v.id] = problems
    return out


def my_card(*, with_photo: bool = False) -> Card:
    """The "me" contact as a card to hand out: no notes, no kept properties; the headline
    as NOTE. Without the photo it fits in a QR code."""
    from netkeeper.services.contacts import get_card
    from netkeeper.services.people.me import require_me

    card = get_card(require_me())
    profile = get_profile()
    return Card(
        uid=card.uid,
        full_name=card.full_name,
        given_name=card.given_name,
        family_name=card.family_name,
        organization=card.organization,
        title=card.title,
        emails=[TypedValue(e.value, e.types, None, e.preferred) for e in card.emails[:2]],
        phones=[TypedValue(p.value, p.types, None, p.preferred) for p in card.phones[:2]],
        urls=[TypedValue(u.value, u.types) for u in card.urls[:3]],
        profiles=[SocialProfile(p.service, p.url) for p in card.profiles[:5]],
        notes=profile["headline"],
        photo=card.photo if with_photo else None,
        photo_mime=card.photo_mime if with_photo else None,
    )


def my_vcard(*, with_photo: bool = True) -> str:
    return write_card(my_card(with_photo=with_photo), "4.0")


def qr_code(target: str | Path, kind: str | None = None, scale: int = 6) -> Path:
    """My card (vCard 4.0, no photo) as a QR code; PNG or SVG by the file's suffix."""
    import segno

    path = Path(target).expanduser()
    kind = (kind or path.suffix.lstrip(".")).lower()
    if kind not in ("png", "svg"):
        raise ServiceError("a QR code is saved as .png or .svg")
    qr = segno.make(my_vcard(with_photo=False), error="m")
    qr.save(str(path), kind=kind, scale=scale, border=4)
    return path


def last_change() -> dt.datetime | None:
    row = db.execute_sql("SELECT max(updated_at) FROM my_profile").fetchone()
    return dt.datetime.fromisoformat(str(row[0])) if row and row[0] else None
