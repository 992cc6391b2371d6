"""An in-memory address book that behaves like a careful CardDAV server.

It implements `services.sync.remote.Remote` with the answers Radicale gives
(measured, see the research notes): 412 for If-None-Match on an existing href
or a stale If-Match, 409 for a second card with the same UID, a refused sync
token once tokens are expired. Switches make it act like the awkward servers
users meet: one that files new cards under its own href and rewrites their UID
(Google, iCloud), or one whose answer to a PUT is lost after the card was stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from netkeeper.services.sync.remote import (
    Changes,
    Offline,
    PreconditionFailed,
    PutResult,
    TokenInvalid,
    UidConflict,
)

_UID = re.compile(rb"^UID:(.*?)\r?$", re.M)


def uid_of(data: bytes) -> str | None:
    m = _UID.search(data)
    return m.group(1).decode().strip() if m else None


class FakeBook:
    def __init__(self, *, assign_href: bool = False, rewrite_uid: bool = False) -> None:
        self.cards: dict[str, tuple[str, bytes]] = {}
        self.version = 0
        self.changed_at: dict[str, int] = {}
        self.generation = 0  # tokens of an older generation are refused
        self.assign_href = assign_href
        self.rewrite_uid = rewrite_uid
        self._etags = 0
        self._hrefs = 0
        self.requests: list[str] = []
        self.lose_put_answers = 0  # the next N PUTs are stored, then the answer is lost
        self.offline_after: int | None = None  # requests allowed before the server goes away

    # -- helpers for tests: another client editing the server
    def _etag(self) -> str:
        self._etags += 1
        return f'"e{self._etags}"'

    def _touch(self, href: str) -> None:
        self.version += 1
        self.changed_at[href] = self.version

    def server_put(self, href: str, text: str) -> None:
        self.cards[href] = (self._etag(), text.replace("\n", "\r\n").encode())
        self._touch(href)

    def server_delete(self, href: str) -> None:
        del self.cards[href]
        self._touch(href)

    def expire_tokens(self) -> None:
        self.generation += 1

    def uids(self) -> list[str | None]:
        return sorted((uid_of(d) for _, d in self.cards.values()), key=str)

    def _request(self, what: str) -> None:
        self.requests.append(what)
        if self.offline_after is not None:
            if self.offline_after <= 0:
                raise Offline("the server cannot be reached")
            self.offline_after -= 1

    # -- Remote
    def sync_token(self) -> str | None:
        self._request("token")
        return f"tok-{self.generation}-{self.version}"

    def changes(self, token: str) -> Changes:
        self._request("changes")
        try:
            _, gen, version = token.split("-")
            since = int(version)
        except ValueError:
            raise TokenInvalid("bogus token") from None
        if int(gen) != self.generation or since > self.version:
            raise TokenInvalid("the sync token was refused")
        out = Changes(token=f"tok-{self.generation}-{self.version}")
        for href, v in self.changed_at.items():
            if v > since:
                if href in self.cards:
                    out.changed[href] = self.cards[href][0]
                else:
                    out.deleted.add(href)
        return out

    def listing(self) -> dict[str, str | None]:
        self._request("listing")
        return {h: e for h, (e, _) in self.cards.items()}

    def fetch(self, hrefs: Iterable[str]) -> dict[str, tuple[str | None, bytes]]:
        self._request("fetch")
        return {h: self.cards[h] for h in hrefs if h in self.cards}

    def href_for(self, uid: str) -> str:
        return "/book/" + re.sub(r"[^A-Za-z0-9._-]", "_", uid) + ".vcf"

    def put(self, href: str, data: bytes, etag: str | None) -> PutResult:
        self._request("put")
        if etag is None:
            if href in self.cards:
                raise PreconditionFailed("exists")
            uid = uid_of(data)
            if any(uid_of(d) == uid for _, d in self.cards.values()):
                raise UidConflict("another card has this UID")
            if self.assign_href:
                self._hrefs += 1
                href = f"/book/server-{self._hrefs}.vcf"
            if self.rewrite_uid:
                data = _UID.sub(f"UID:server-uid-{self._hrefs or self._etags}".encode(), data)
        elif href not in self.cards or self.cards[href][0] != etag:
            raise PreconditionFailed("stale")
        new = self._etag()
        self.cards[href] = (new, data)
        self._touch(href)
        if self.lose_put_answers:
            self.lose_put_answers -= 1
            raise Offline("the connection dropped")
        return PutResult(href, None if self.assign_href else new)

    def delete(self, href: str, etag: str | None) -> None:
        self._request("delete")
        if href not in self.cards:
            return
        if etag is not None and self.cards[href][0] != etag:
            raise PreconditionFailed("stale")
        del self.cards[href]
        self._touch(href)
