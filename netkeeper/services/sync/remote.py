"""What the sync engine needs from a server, and the ways a server can say no.

The engine never sees HTTP: `carddav.CardDavBook` implements `Remote` over
WebDAV, the tests' in-memory fake implements it over a dict. Keeping the
interface this small (list, changes, fetch, put, delete, each with ETags) is
what lets every rule of the engine be tested without a server and then again
against Radicale and Xandikos.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


class RemoteError(Exception):
    """Something the server or the network refused; the message is for the user."""


class Offline(RemoteError):
    """The server cannot be reached (no network, DNS, refused connection)."""


class ServerBusy(RemoteError):
    """A 5xx answer or a timeout: try again later. `retry_after` in seconds, if the server said."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AuthFailed(RemoteError):
    """401: the user name or password is wrong; stop and ask for it."""


class Refused(RemoteError):
    """Any other 4xx on a request the engine cannot recover from by itself."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class PreconditionFailed(RemoteError):
    """412: If-Match / If-None-Match did not hold (the card changed, or exists already)."""


class UidConflict(RemoteError):
    """409 no-uid-conflict: another card on the server already has this UID."""


class TokenInvalid(RemoteError):
    """The sync token was refused (expired, unknown): a full listing is needed."""


@dataclass
class Changes:
    """What moved on the server since a sync token: href -> ETag, and hrefs gone."""

    changed: dict[str, str | None] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    token: str | None = None


@dataclass
class PutResult:
    """Where the card landed and its new ETag (None when the server did not say)."""

    href: str
    etag: str | None


class Remote(Protocol):
    """One address book on a server."""

    def sync_token(self) -> str | None:
        """The collection's current sync token, or None when it does not do RFC 6578."""
        ...

    def changes(self, token: str) -> Changes:
        """What changed since `token`; raises TokenInvalid when the token is refused."""
        ...

    def listing(self) -> dict[str, str | None]:
        """Every card of the book: href -> ETag. Complete, or an exception."""
        ...

    def fetch(self, hrefs: Iterable[str]) -> dict[str, tuple[str | None, bytes]]:
        """The cards at `hrefs` (href -> (ETag, vCard bytes)); hrefs that are gone are absent."""
        ...

    def href_for(self, uid: str) -> str:
        """The href a new card with this UID is created at (derived from the UID, so a
        retried create lands on the same href and meets If-None-Match)."""
        ...

    def put(self, href: str, data: bytes, etag: str | None) -> PutResult:
        """Create (`etag` None: If-None-Match: *) or update (If-Match: etag) a card."""
        ...

    def delete(self, href: str, etag: str | None) -> None:
        """Delete with If-Match; a card that is already gone counts as deleted."""
        ...
