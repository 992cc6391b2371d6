"""The sync account from the user's side: set it up, run a sync, ask how it stands, forget it.

The CLI and the GUI both come through here, so they find the same books, keep
the password the same way and run the same engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import SyncAccount
from netkeeper.services import ServiceError
from netkeeper.services.sync import secrets, state
from netkeeper.services.sync.carddav import (
    BookInfo,
    CardDavBook,
    Session,
    create_book,
    discover,
    normalize_server_url,
)
from netkeeper.services.sync.engine import Progress, SyncEngine, SyncReport, account_label
from netkeeper.services.sync.remote import AuthFailed, RemoteError


class SetupError(ServiceError):
    """The account could not be set up; the message says why (address, login, certificate)."""


class LoginRefused(SetupError):
    """The server refused the user name or password."""


class PasswordNeeded(ServiceError):
    """No password is known for the account in this session."""


def db_folder() -> Path | None:
    name = getattr(db, "database", None)
    return Path(name).parent if name else None


def key_of(acc: SyncAccount) -> str:
    return secrets.account_key(acc.username, acc.book_url)


@dataclass
class Found:
    url: str
    home: str | None
    books: list[BookInfo]


def find_books(
    url: str,
    username: str,
    password: str,
    *,
    ca_file: str | None = None,
    allow_http: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Found:
    """Discovery from what the user typed; raises SetupError with a sentence to show."""
    try:
        url = normalize_server_url(url, allow_http)
    except RemoteError as exc:
        raise SetupError(str(exc)) from None
    if ca_file and not Path(ca_file).is_file():
        raise SetupError(f"{ca_file}: no such CA file")
    if ca_file:
        ca_file = str(Path(ca_file).resolve())  # later runs start from other folders
    session = Session(username, password, ca_file=ca_file)
    try:
        home, books = discover(session, url, progress)
    except AuthFailed as exc:
        raise LoginRefused(f"{exc} (user {username})") from None
    except RemoteError as exc:
        raise SetupError(str(exc)) from None
    finally:
        session.close()
    return Found(url, home, books)


def _choose(found: Found, book: str | None) -> BookInfo:
    names = ", ".join(f"'{b.name}'" for b in found.books)
    if book:
        want = book.strip().casefold()
        for b in found.books:
            if want in (b.name.casefold(), b.url.rstrip("/").rsplit("/", 1)[-1].casefold(), b.url):
                return b
        raise SetupError(f"no address book named '{book}' (the server has: {names or 'none'})")
    if len(found.books) == 1:
        return found.books[0]
    if not found.books:
        raise SetupError("the server has no address book yet; create one with --create-book NAME")
    raise SetupError(f"the server has several address books ({names}); choose one with --book NAME")


def setup(
    url: str,
    username: str,
    password: str,
    *,
    book: str | None = None,
    new_book: str | None = None,
    ca_file: str | None = None,
    allow_http: bool = False,
    password_to_file: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[SyncAccount, str]:
    """Find (or create) the book, record the account, keep the password.

    Returns the account and where the password was kept ("keyring", "file" or
    "session"). Nothing is recorded unless the server accepted the login.
    """
    if state.account() is not None:
        raise SetupError("a sync account is set up already; remove it with: netkeeper sync forget")
    found = find_books(
        url, username, password, ca_file=ca_file, allow_http=allow_http, progress=progress
    )
    if ca_file:
        ca_file = str(Path(ca_file).resolve())
    if new_book:
        existing = [b for b in found.books if b.name.casefold() == new_book.strip().casefold()]
        if existing:
            chosen = existing[0]
        else:
            if found.home is None:
                raise SetupError("this address points at one address book; no new one can be made")
            session = Session(username, password, ca_file=ca_file)
            try:
                chosen = create_book(session, found.home, new_book.strip())
            except RemoteError as exc:
                raise SetupError(f"cannot create the address book: {exc}") from None
            finally:
                session.close()
    else:
        chosen = _choose(found, book)
    acc = state.create_account(
        server_url=found.url,
        book_url=chosen.url,
        book_name=chosen.name,
        username=username,
        ca_file=ca_file,
        allow_http=allow_http,
    )
    where = secrets.store_password(
        key_of(acc), password, folder=db_folder(), to_file=password_to_file
    )
    return acc, where


def open_remote(acc: SyncAccount, password: str | None = None) -> tuple[CardDavBook, Session]:
    password = password or secrets.get_password(key_of(acc), db_folder())
    if not password:
        raise PasswordNeeded(
            f"no password for {acc.username} is known here; give it with --password-stdin or"
            f" {secrets.ENV} (no keyring on this system)"
        )
    session = Session(acc.username, password, ca_file=acc.ca_file)
    return CardDavBook(session, acc.book_url), session


def run_once(
    *,
    password: str | None = None,
    dry_run: bool = False,
    allow_mass_delete: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> SyncReport:
    """One sync run of the account, now."""
    acc = state.require_account()
    remote, session = open_remote(acc, password)
    folder = db_folder()
    try:
        return SyncEngine(
            acc,
            remote,
            dry_run=dry_run,
            allow_mass_delete=allow_mass_delete,
            progress=progress,
            cancel=cancel,
            db_path=Path(db.database) if folder else None,
        ).run()
    finally:
        session.close()


def status() -> dict[str, Any]:
    """How sync stands (the `sync status --json` document)."""
    acc = state.account()
    if acc is None:
        return {"account": None, "configured": False}
    synced = db.execute_sql(
        "SELECT count(*) FROM sync_item WHERE account_id = ? AND contact_id IS NOT NULL",
        (acc.id,),
    ).fetchone()[0]
    return {
        "configured": True,
        "account": account_label(acc),
        "book": acc.book_name or acc.book_url,
        "book_url": acc.book_url,
        "server_url": acc.server_url,
        "user": acc.username,
        "ca_file": acc.ca_file or None,
        "allow_http": bool(acc.allow_http),
        "last_sync": str(acc.last_sync_at) if acc.last_sync_at else None,
        "last_status": acc.last_status or None,
        "last_error": acc.last_error or None,
        "synced_contacts": synced,
        "open_conflicts": len(state.open_conflicts(acc.id)),
        "password_known": bool(secrets.get_password(key_of(acc), db_folder())),
    }


def forget() -> str:
    """Remove the account, its records and its password; the contacts stay."""
    acc = state.require_account()
    label = account_label(acc)
    secrets.forget_password(key_of(acc), db_folder())
    state.forget_account(acc)
    return label
