"""What sync remembers: the account, one record per synced card, conflicts, the run log.

A `sync_item` row moves only inside the transaction that applied what it
describes (the batch of pulled cards, or the local record of a PUT the server
acknowledged), so after a crash the records never claim more than happened.
Log entries older than LOG_DAYS are dropped when a new run is recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netkeeper.model.db import db
from netkeeper.model.tables import SyncAccount, SyncConflict, SyncLog, utcnow
from netkeeper.services import NotFound, ServiceError

LOG_DAYS = 90
IGNORED = "-"  # content_hash of a server card that is not a contact (a group card, unreadable)


@dataclass
class Item:
    """One card as last synced (a plain copy of its sync_item row)."""

    href: str
    etag: str | None
    uid: str | None
    contact_id: int | None
    content_hash: str
    synced_card: str
    id: int | None = None

    @property
    def ignored(self) -> bool:
        return self.content_hash == IGNORED


def account() -> SyncAccount | None:
    """The sync account, if one is set up (NetKeeper syncs with one address book)."""
    return SyncAccount.select().order_by(SyncAccount.id).first()


def require_account() -> SyncAccount:
    acc = account()
    if acc is None:
        raise NotFound("no sync account is set up (run: netkeeper sync setup URL --user USER)")
    return acc


def create_account(
    *,
    server_url: str,
    book_url: str,
    book_name: str,
    username: str,
    ca_file: str | None,
    allow_http: bool,
) -> SyncAccount:
    if account() is not None:
        raise ServiceError(
            "a sync account is set up already; remove it with: netkeeper sync forget"
        )
    with db.atomic():
        return SyncAccount.create(
            server_url=server_url,
            book_url=book_url,
            book_name=book_name,
            username=username,
            ca_file=ca_file,
            allow_http=allow_http,
        )


def forget_account(acc: SyncAccount) -> None:
    """Remove the account and its records; contacts stay, and so does the log."""
    with db.atomic():
        SyncAccount.delete().where(SyncAccount.id == acc.id).execute()


def items(account_id: int) -> dict[str, Item]:
    return {
        href: Item(href, etag, uid, cid, h, text, iid)
        for iid, href, etag, uid, cid, h, text in db.execute_sql(
            "SELECT id, href, etag, uid, contact_id, content_hash, synced_card FROM sync_item"
            " WHERE account_id = ?",
            (account_id,),
        )
    }


def save_item(account_id: int, item: Item) -> None:
    """Insert or replace the record of `item.href` (call inside the batch's transaction)."""
    db.execute_sql(
        "INSERT INTO sync_item (account_id, contact_id, href, etag, uid, content_hash,"
        " synced_card, synced_at) VALUES (?,?,?,?,?,?,?,?)"
        " ON CONFLICT (account_id, href) DO UPDATE SET contact_id = excluded.contact_id,"
        " etag = excluded.etag, uid = excluded.uid, content_hash = excluded.content_hash,"
        " synced_card = excluded.synced_card, synced_at = excluded.synced_at",
        (
            account_id,
            item.contact_id,
            item.href,
            item.etag,
            item.uid,
            item.content_hash,
            item.synced_card,
            utcnow(),
        ),
    )


def drop_item(account_id: int, href: str) -> None:
    db.execute_sql("DELETE FROM sync_item WHERE account_id = ? AND href = ?", (account_id, href))


def set_account(account_id: int, **values: Any) -> None:
    SyncAccount.update(values).where(SyncAccount.id == account_id).execute()


# --------------------------------------------------------------------------- conflicts


@dataclass
class ConflictRow:
    id: int
    contact_id: int
    field: str
    mine: Any
    server: Any
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "field": self.field,
            "mine": self.mine,
            "server": self.server,
            "name": self.name,
        }


def open_conflicts(account_id: int, contact_id: int | None = None) -> list[ConflictRow]:
    sql = (
        "SELECT k.id, k.contact_id, k.field, k.mine, k.server, c.full_name FROM sync_conflict k"
        " JOIN contact c ON c.id = k.contact_id"
        " WHERE k.account_id = ? AND k.resolved_at IS NULL"
    )
    args: list[Any] = [account_id]
    if contact_id is not None:
        sql += " AND k.contact_id = ?"
        args.append(contact_id)
    return [
        ConflictRow(i, c, f, json.loads(m), json.loads(s), n)
        for i, c, f, m, s, n in db.execute_sql(sql + " ORDER BY k.id", args)
    ]


def open_conflict_fields(account_id: int) -> dict[int, dict[str, ConflictRow]]:
    out: dict[int, dict[str, ConflictRow]] = {}
    for row in open_conflicts(account_id):
        out.setdefault(row.contact_id, {})[row.field] = row
    return out


def record_conflict(account_id: int, contact_id: int, field: str, mine: Any, server: Any) -> int:
    """Open a conflict, or refresh the open one on the same field; returns its id."""
    found = db.execute_sql(
        "SELECT id FROM sync_conflict WHERE account_id = ? AND contact_id = ? AND field = ?"
        " AND resolved_at IS NULL",
        (account_id, contact_id, field),
    ).fetchone()
    if found:
        db.execute_sql(
            "UPDATE sync_conflict SET mine = ?, server = ? WHERE id = ?",
            (
                json.dumps(mine, ensure_ascii=False),
                json.dumps(server, ensure_ascii=False),
                found[0],
            ),
        )
        return int(found[0])
    row = SyncConflict.create(
        account=account_id,
        contact=contact_id,
        field=field,
        mine=json.dumps(mine, ensure_ascii=False),
        server=json.dumps(server, ensure_ascii=False),
    )
    return int(row.id)


def close_conflict(conflict_id: int, resolution: str) -> None:
    SyncConflict.update(resolved_at=utcnow(), resolution=resolution).where(
        SyncConflict.id == conflict_id
    ).execute()


def get_conflict(conflict_id: int) -> ConflictRow:
    row = db.execute_sql(
        "SELECT k.id, k.contact_id, k.field, k.mine, k.server, c.full_name, k.resolved_at"
        " FROM sync_conflict k JOIN contact c ON c.id = k.contact_id WHERE k.id = ?",
        (conflict_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no sync conflict with id {conflict_id}")
    if row[6] is not None:
        raise ServiceError(f"conflict {conflict_id} is resolved already")
    return ConflictRow(row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]), row[5])


# --------------------------------------------------------------------------- log


def write_log(
    account_id: int | None,
    started: dt.datetime,
    status: str,
    summary: dict[str, Any],
    changes: Iterable[dict[str, Any]],
) -> int:
    with db.atomic():
        row = SyncLog.create(
            account=account_id,
            started_at=started,
            finished_at=utcnow(),
            status=status,
            summary=json.dumps(summary, ensure_ascii=False),
            changes=json.dumps(list(changes), ensure_ascii=False),
        )
        SyncLog.delete().where(
            SyncLog.started_at < utcnow() - dt.timedelta(days=LOG_DAYS)
        ).execute()
    return int(row.id)


def log_entries(limit: int = 100) -> list[dict[str, Any]]:
    out = []
    for lid, started, finished, status, summary, changes in db.execute_sql(
        "SELECT id, started_at, finished_at, status, summary, changes FROM sync_log"
        " ORDER BY started_at DESC, id DESC LIMIT ?",
        (limit,),
    ):
        out.append(
            {
                "id": lid,
                "started_at": str(started),
                "finished_at": str(finished) if finished else None,
                "status": status,
                **json.loads(summary),
                "changes": json.loads(changes),
            }
        )
    return out
