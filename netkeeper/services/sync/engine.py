"""The sync algorithm: one run brings the local contacts and one server address book level.

No HTTP here: the engine talks to a `remote.Remote` (CardDAV in production, an
in-memory fake in the tests). A run goes:

1. **What moved on the server.** With a sync token, an RFC 6578 delta; a
   refused token (expired, unknown) sets `full_listing` on the account at once,
   so an interrupted recovery resumes as one. Without a token, the collection's
   token is read *first* and then the complete listing (href -> ETag): anything
   that changes in between shows up again next time, harmlessly. Hrefs the
   listing lacks count as deleted only because the listing is complete; an error
   part-way raises, and nothing is deleted.
2. **What moved here.** Each synced contact's sync card is fingerprinted and
   compared with the fingerprint of the card as last synced; a contact in the
   trash (or purged) is deleted here; a live contact with no record is new.
3. **The mass-delete guard.** If the run would delete more than 20 % of either
   side (at least 3 cards), or all of one side, it stops before changing
   anything and asks (`allow_mass_delete`).
4. **Pull**, in batches: multiget, then one transaction per batch applies the
   cards and moves their records. Unknown server cards are matched to contacts
   not synced yet by the import's rules (UID, email, phone, name) before
   anything is created, so a first sync with contacts on both sides doubles
   nothing. Known cards are merged field by field against the last synced card
   (`cards.merge3`); a field changed on both sides becomes a conflict.
   Deleted on the server: trashed here if unchanged here, else kept and sent
   back. Changed on the server but deleted here: restored from the trash.
5. **Push.** Updates with If-Match, creates with If-None-Match: * at an href
   derived from the UID (a retried create meets a 412 and adopts the card it
   had made, it never creates twice), deletes with If-Match. A 412 on update
   fetches the server's card, merges and tries once more. After creating, the
   new cards are read back, so a server that assigns its own UID is followed.
6. The new sync token is stored only when everything above has committed.

Each applied batch is one transaction and a record moves only with it, so a
run that dies anywhere (server gone, power cut) leaves records that are true,
and the next run completes the work without losing or doubling a card.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from netkeeper.io.card import Card
from netkeeper.model.db import db
from netkeeper.model.tables import SyncAccount, utcnow
from netkeeper.services import ServiceError
from netkeeper.services.sync import state
from netkeeper.services.sync.cards import (
    FIELD_WORDS,
    CardUnreadable,
    Conflict,
    fingerprint,
    masked,
    merge3,
    parse,
    to_vcard,
)
from netkeeper.services.sync.local import LocalBook, Matcher
from netkeeper.services.sync.remote import (
    AuthFailed,
    Offline,
    PreconditionFailed,
    Refused,
    Remote,
    RemoteError,
    ServerBusy,
    TokenInvalid,
    UidConflict,
)
from netkeeper.services.sync.state import IGNORED, Item

BATCH = 100
MASS_DELETE_SHARE = 0.2
MASS_DELETE_MIN = 3
Progress = Callable[[str, int, int], None]  # (what, done, total)
_T = TypeVar("_T")


class Cancelled(ServiceError):
    """The user stopped the run; what was applied before is kept, consistently."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def to_json(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "deleted": self.deleted}


@dataclass
class SyncReport:
    """What one run did. `to_json` is the `sync --json` document (a contract: extend only)."""

    account: str
    book: str
    pulled: Counts = field(default_factory=Counts)
    pushed: Counts = field(default_factory=Counts)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    token_reset: bool = False
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    # ok | failed | blocked | offline | busy | auth | cancelled
    status: str = "ok"
    deletions_blocked: dict[str, int] | None = None
    backup: str | None = None

    @property
    def completed(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "book": self.book,
            "pulled": self.pulled.to_json(),
            "pushed": self.pushed.to_json(),
            "conflicts": self.conflicts,
            "token_reset": self.token_reset,
            "errors": self.errors,
            "notices": self.notices,
            "status": self.status,
            "dry_run": self.dry_run,
            "deletions_blocked": self.deletions_blocked,
            "backup": self.backup,
        }

    def summary(self) -> dict[str, Any]:
        """What the log keeps of the run besides the list of changes."""
        doc = self.to_json()
        del doc["account"], doc["book"]
        return doc


def _chunks(values: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _text(card: Card) -> str:
    return to_vcard(card).decode("utf-8")


def _base(item: Item) -> Card | None:
    if not item.synced_card:
        return None
    try:
        return parse(item.synced_card.encode("utf-8"))
    except CardUnreadable:
        return None


def _guard_trips(n: int, total: int) -> bool:
    if n <= 0:
        return False
    return n >= total or (n >= MASS_DELETE_MIN and n > MASS_DELETE_SHARE * total)


def account_label(acc: SyncAccount) -> str:
    return f"{acc.username}@{acc.server_url}"


class SyncEngine:
    """One run for one account; build a new engine for every run."""

    def __init__(
        self,
        acc: SyncAccount,
        remote: Remote,
        *,
        dry_run: bool = False,
        allow_mass_delete: bool = False,
        batch_size: int = BATCH,
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
        db_path: Path | None = None,
        backups_dir: Path | None = None,
    ) -> None:
        self.acc = acc
        self.remote = remote
        self.dry_run = dry_run
        self.allow_mass_delete = allow_mass_delete
        self.batch_size = batch_size
        self.progress = progress
        self.cancel = cancel
        self.db_path = db_path
        self.backups_dir = backups_dir
        self.report = SyncReport(account_label(acc), acc.book_name or acc.book_url, dry_run=dry_run)

    # ------------------------------------------------------------------ running

    def run(self) -> SyncReport:
        started = utcnow()
        report = self.report
        try:
            if self.dry_run:
                with db.atomic() as txn:
                    try:
                        self._run()
                    finally:
                        txn.rollback()
            else:
                self._backup_first()
                self._run()
        except AuthFailed as exc:
            report.status = "auth"
            report.errors.append(str(exc))
        except Offline as exc:
            report.status = "offline"
            report.errors.append(str(exc))
        except ServerBusy as exc:
            report.status = "busy"
            report.errors.append(str(exc))
        except Cancelled as exc:
            report.status = "cancelled"
            report.errors.append(str(exc))
        except RemoteError as exc:
            report.status = "failed"
            report.errors.append(str(exc))
        if not self.dry_run:
            self._record(started)
        return report

    def _record(self, started: dt.datetime) -> None:
        report = self.report
        state.write_log(self.acc.id, started, report.status, report.summary(), report.changes)
        values: dict[str, Any] = {
            "last_status": report.status,
            "last_error": "; ".join(report.errors)[:2000],
        }
        if report.status == "ok":
            values["last_sync_at"] = utcnow()
        with db.atomic():
            state.set_account(self.acc.id, **values)

    def _backup_first(self) -> None:
        """A copy of the database before the first sync of an account changes anything."""
        if self.acc.backup_done or self.db_path is None:
            return
        from netkeeper.services.backup import backup_to

        folder = self.backups_dir or self.db_path.parent / "backups"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = backup_to(self.db_path, folder / f"netkeeper-before-sync-{stamp}.db")
        self.report.backup = str(target)
        with db.atomic():
            state.set_account(self.acc.id, backup_done=True)

    def _step(self, what: str, done: int, total: int) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled("sync cancelled; what was applied so far is kept")
        if self.progress is not None:
            self.progress(what, done, total)

    def _log(self, side: str, action: str, cid: int | None, name: str, detail: str = "") -> None:
        entry: dict[str, Any] = {"side": side, "action": action, "contact_id": cid, "name": name}
        if detail:
            entry["detail"] = detail
        self.report.changes.append(entry)

    # ------------------------------------------------------------------ the run

    def _run(self) -> None:
        acc, remote, report = self.acc, self.remote, self.report
        self.items = state.items(acc.id)
        self.book = LocalBook(acc.id)
        self.open = state.open_conflict_fields(acc.id)
        self.local_cards: dict[int, Card] = {}
        self.local_fp: dict[int, str] = {}
        self.reupload: dict[int, str | None] = {}  # contact -> UID to create it under
        self.relist = False
        self.new_cards: list[tuple[str, str | None, Card, str]] = []

        # 1. what moved on the server
        self._step("Asking the server what changed", 0, 0)
        full = bool(acc.full_listing) or not acc.sync_token
        changed: dict[str, str | None] = {}
        deleted: set[str] = set()
        token: str | None = None
        if not full:
            try:
                delta = remote.changes(str(acc.sync_token))
            except TokenInvalid:
                report.token_reset = True
                full = True
                if not self.dry_run:
                    with db.atomic():
                        state.set_account(acc.id, sync_token=None, full_listing=True)
            else:
                token = delta.token
                changed = {
                    h: e
                    for h, e in delta.changed.items()
                    if h not in self.items or e is None or self.items[h].etag != e
                }
                deleted = {h for h in delta.deleted if h in self.items}
        server_total = sum(1 for i in self.items.values() if not i.ignored)
        if full:
            token = remote.sync_token()
            listing = remote.listing()
            changed = {
                h: e
                for h, e in listing.items()
                if h not in self.items or e is None or self.items[h].etag != e
            }
            deleted = {h for h in self.items if h not in listing}
            server_total = len(listing)

        # 2. what moved here
        local_changed: set[str] = set()
        local_deleted: set[str] = set()
        linked: set[int] = set()
        live: dict[str, int] = {}
        for href, item in self.items.items():
            if item.ignored:
                continue
            cid = item.contact_id
            if cid is None or not self.book.is_live(cid):
                local_deleted.add(href)
                continue
            linked.add(cid)
            live[href] = cid
        self.local_cards.update(self.book.cards(live.values()))
        for href, cid in live.items():
            if self._local_fp(cid) != self.items[href].content_hash:
                local_changed.add(href)
        unlinked = [cid for cid in self.book.live_ids() if cid not in linked]

        # 3. the mass-delete guard
        here = [h for h in deleted if h not in local_changed and h not in local_deleted]
        there = [h for h in local_deleted if h not in changed and h not in deleted]
        if not self.allow_mass_delete and (
            _guard_trips(len(here), len(linked)) or _guard_trips(len(there), server_total)
        ):
            report.status = "blocked"
            report.deletions_blocked = {
                "here": len(here),
                "here_total": len(linked),
                "server": len(there),
                "server_total": server_total,
            }
            parts = []
            if here:
                parts.append(f"{len(here)} of {len(linked)} contacts here")
            if there:
                parts.append(f"{len(there)} of {server_total} cards on the server")
            report.errors.append(
                "this sync would delete "
                + " and ".join(parts)
                + "; nothing was changed. If that is what you want, sync again and allow it"
                " (netkeeper sync --allow-deletes)"
            )
            return

        # 4. pull
        self.local_changed = local_changed
        self.local_deleted = local_deleted
        self.matcher = Matcher(self.book, unlinked)
        hrefs = sorted(changed)
        for n, batch in enumerate(_chunks(hrefs, self.batch_size)):
            self._step("Receiving cards", n * self.batch_size, len(hrefs))
            got = remote.fetch(batch)
            with db.atomic():
                for href in batch:
                    if href in got:
                        etag, data = got[href]
                        self._pull_one(href, etag, data)
                self._flush_new()
        with db.atomic():
            self.book.link_introducers()
            for href in sorted(deleted):
                self._deleted_on_server(href)

        # 5. push
        self._push_updates()
        self._push_deletes([h for h in sorted(self.local_deleted) if h in self.items])
        matched = {i.contact_id for i in self.items.values()}
        creates = [c for c in unlinked if c not in matched and c not in self.reupload]
        self._push_creates(list(self.reupload.items()) + [(c, None) for c in creates])

        # 6. the token moves last
        if not self.dry_run:
            with db.atomic():
                state.set_account(
                    acc.id,
                    sync_token=None if self.relist else token,
                    full_listing=self.relist,
                )
        self._step("Done", 1, 1)

    # ------------------------------------------------------------------ pulling

    def _save(self, item: Item) -> None:
        self.items[item.href] = item
        state.save_item(self.acc.id, item)

    def _ignore(self, href: str, etag: str | None, uid: str | None) -> None:
        self._save(Item(href, etag, uid, None, IGNORED, ""))

    def _conflicts(self, cid: int, name: str, conflicts: Iterable[Conflict]) -> None:
        for c in conflicts:
            cid_row = state.record_conflict(self.acc.id, cid, c.field, c.mine, c.server)
            row = {
                "id": cid_row,
                "contact_id": cid,
                "field": c.field,
                "mine": c.mine,
                "server": c.server,
            }
            self.report.conflicts = [r for r in self.report.conflicts if r["id"] != cid_row] + [row]
            self.open.setdefault(cid, {})[c.field] = state.ConflictRow(
                cid_row, cid, c.field, c.mine, c.server, name
            )
            words = FIELD_WORDS.get(c.field, c.field)
            self._log("both", "conflict", cid, name, f"{words} changed on both sides")

    def _write(self, cid: int | None, card: Card) -> int:
        cid = self.book.write(cid, card)
        self.local_cards[cid] = self.book.card(cid)
        self.local_fp.pop(cid, None)
        return cid

    def _local_fp(self, cid: int) -> str:
        """The fingerprint of the contact's loaded sync card (computed once per version)."""
        fp = self.local_fp.get(cid)
        if fp is None:
            fp = self.local_fp[cid] = fingerprint(self.local_cards[cid])
        return fp

    def _pull_one(self, href: str, etag: str | None, data: bytes) -> None:
        report = self.report
        item = self.items.get(href)
        try:
            theirs = parse(data)
        except CardUnreadable as exc:
            report.errors.append(f"{href}: {exc}; left as it is on the server")
            if item is None or item.ignored:
                self._ignore(href, etag, None)
            return
        if theirs.kind == "group" and (item is None or item.ignored):
            self._ignore(href, etag, theirs.uid)  # a group card is not a contact
            return
        name = theirs.display_name()
        their_hash = fingerprint(theirs)
        if item is None or item.ignored:
            self._pull_new(href, etag, theirs, their_hash)
            return
        cid = item.contact_id
        if their_hash == item.content_hash:  # the same meaning: a rewrite, or our own write
            self._save(Item(href, etag, theirs.uid, cid, item.content_hash, item.synced_card))
            return
        if href in self.local_deleted:
            self.local_deleted.discard(href)
            if cid is not None and self.book.exists(cid):
                self.book.restore(cid)
                how = "restored from the trash"
            else:
                cid = None
                how = "brought back"
            try:
                cid = self._write(cid, theirs)
            except ServiceError as exc:
                report.errors.append(f"{name}: {exc}; not synced")
                return
            report.pulled.created += how == "brought back"
            report.pulled.updated += how != "brought back"
            report.notices.append(
                f"'{name}' was deleted here but changed on the server: {how} with the server's"
                " version"
            )
            self._log("here", "restored", cid, name)
            self.book.note_server_uid(cid, theirs.uid)
            self._save(Item(href, etag, theirs.uid, cid, their_hash, _text(theirs)))
            return
        assert cid is not None
        mine = self.local_cards.get(cid) or self.book.card(cid)
        merged, conflicts = merge3(_base(item), mine, theirs)
        if fingerprint(merged) != fingerprint(mine):
            try:
                self._write(cid, merged)
            except ServiceError as exc:
                report.errors.append(f"{name}: {exc}; not synced")
                return
            report.pulled.updated += 1
            self._log("here", "updated", cid, name)
        self._conflicts(cid, name, conflicts)
        self.book.note_server_uid(cid, theirs.uid)
        self._save(Item(href, etag, theirs.uid, cid, their_hash, _text(theirs)))

    def _pull_new(self, href: str, etag: str | None, theirs: Card, their_hash: str) -> None:
        report = self.report
        name = theirs.display_name()
        cid, how = self.matcher.match(theirs)
        if cid is not None:
            mine = self.book.card(cid)
            merged, conflicts = merge3(None, mine, theirs)
            if fingerprint(merged) != fingerprint(mine):
                try:
                    self._write(cid, merged)
                except ServiceError as exc:
                    report.errors.append(f"{name}: {exc}; not synced")
                    return
                report.pulled.updated += 1
                self._log("here", "updated", cid, name, f"matched by {how}")
            else:
                self.local_cards[cid] = mine
                self.local_fp.pop(cid, None)
            self._conflicts(cid, name, conflicts)
        elif not theirs.has_identity():
            report.errors.append(
                f"{href}: the card has no name, organisation, email or phone; not synced"
            )
            self._ignore(href, etag, theirs.uid)
            return
        else:
            self.new_cards.append((href, etag, theirs, their_hash))
            return
        self.book.note_server_uid(cid, theirs.uid)
        self._save(Item(href, etag, theirs.uid, cid, their_hash, _text(theirs)))

    def _flush_new(self) -> None:
        """Create the batch's new contacts in one go (inside the batch's transaction)."""
        if not self.new_cards:
            return
        ids = self.book.create_many([card for _, _, card, _ in self.new_cards])
        for cid, (href, etag, theirs, their_hash) in zip(ids, self.new_cards, strict=True):
            self.report.pulled.created += 1
            self._log("here", "created", cid, theirs.display_name())
            self.book.note_server_uid(cid, theirs.uid)
            self._save(Item(href, etag, theirs.uid, cid, their_hash, _text(theirs)))
        self.new_cards = []

    def _deleted_on_server(self, href: str) -> None:
        item = self.items.get(href)
        if item is None:
            return
        state.drop_item(self.acc.id, href)
        del self.items[href]
        cid = item.contact_id
        if item.ignored or href in self.local_deleted or cid is None or not self.book.is_live(cid):
            self.local_deleted.discard(href)
            return
        name = self.local_cards[cid].display_name() if cid in self.local_cards else str(cid)
        if href in self.local_changed:
            self.reupload[cid] = item.uid
            self.report.notices.append(
                f"'{name}' was deleted on the server but edited here: kept and sent back"
            )
            self._log("server", "restored", cid, name)
            return
        self.book.trash(cid)
        self.report.pulled.deleted += 1
        self._log("here", "deleted", cid, name)

    # ------------------------------------------------------------------ pushing

    def _outgoing(self, cid: int, item: Item) -> Card:
        local = self.local_cards.get(cid) or self.book.card(cid)
        out = masked(local, _base(item), list(self.open.get(cid, {})))
        out = copy.copy(out)
        out.uid = item.uid or local.uid
        return out

    def _push_updates(self) -> None:
        todo: list[tuple[Item, Card]] = []
        for item in list(self.items.values()):
            cid = item.contact_id
            if item.ignored or cid is None or not self.book.is_live(cid):
                continue
            if cid not in self.local_cards:
                continue  # not loaded: neither side changed it
            if not self.open.get(cid) and self._local_fp(cid) == item.content_hash:
                continue  # what is here is what the server has
            out = self._outgoing(cid, item)
            if fingerprint(out) != item.content_hash:
                todo.append((item, out))
        for n, batch in enumerate(_chunks(todo, self.batch_size)):
            self._step("Sending changes", n * self.batch_size, len(todo))
            done: list[Item] = []
            for item, out in batch:
                saved = self._put_update(item, out)
                if saved is not None:
                    done.append(saved)
            with db.atomic():
                for saved in done:
                    self._save(saved)

    def _put_update(self, item: Item, out: Card, retry: bool = True) -> Item | None:
        assert item.contact_id is not None
        name = out.display_name()
        if self.dry_run:
            self.report.pushed.updated += 1
            return None
        try:
            res = self.remote.put(item.href, to_vcard(out), item.etag)
        except PreconditionFailed:
            if not retry:
                self.report.errors.append(f"{name}: the server card keeps changing; not synced")
                return None
            return self._refetch_and_retry(item)
        except (Refused, UidConflict) as exc:
            self.report.errors.append(f"{name}: {exc}; not synced")
            return None
        etag = res.etag
        if etag is None:
            got = self.remote.fetch([res.href])
            etag = got[res.href][0] if res.href in got else None
        self.report.pushed.updated += 1
        self._log("server", "updated", item.contact_id, name)
        if res.href != item.href:
            with db.atomic():
                state.drop_item(self.acc.id, item.href)
            self.items.pop(item.href, None)
        return Item(res.href, etag, out.uid, item.contact_id, fingerprint(out), _text(out))

    def _refetch_and_retry(self, item: Item) -> Item | None:
        """A 412 on update: the server's card moved on; merge it in, then send once more."""
        got = self.remote.fetch([item.href])
        cid = item.contact_id
        assert cid is not None
        if item.href not in got:  # deleted on the server meanwhile, edited here: send it back
            with db.atomic():
                state.drop_item(self.acc.id, item.href)
            self.items.pop(item.href, None)
            self.reupload[cid] = item.uid
            return None
        etag, data = got[item.href]
        self.local_changed.add(item.href)
        with db.atomic():
            self._pull_one(item.href, etag, data)
            self._flush_new()
        fresh = self.items[item.href]
        out = self._outgoing(cid, fresh)
        if fingerprint(out) == fresh.content_hash:
            return fresh
        return self._put_update(fresh, out, retry=False)

    def _push_deletes(self, hrefs: list[str]) -> None:
        for n, batch in enumerate(_chunks(hrefs, self.batch_size)):
            self._step("Sending deletions", n * self.batch_size, len(hrefs))
            gone: list[str] = []
            for href in batch:
                item = self.items[href]
                if self.dry_run:
                    self.report.pushed.deleted += 1
                    continue
                try:
                    self.remote.delete(href, item.etag)
                except PreconditionFailed:
                    # Changed on the server since: it comes back here instead.
                    got = self.remote.fetch([href])
                    if href in got:
                        self.local_deleted.add(href)
                        with db.atomic():
                            self._pull_one(href, *got[href])
                            self._flush_new()
                        continue
                except Refused as exc:
                    self.report.errors.append(f"{href}: {exc}; not deleted on the server")
                    continue
                gone.append(href)
                self.report.pushed.deleted += 1
                self._log("server", "deleted", item.contact_id, self._name_of(item))
            with db.atomic():
                for href in gone:
                    state.drop_item(self.acc.id, href)
                    self.items.pop(href, None)

    def _name_of(self, item: Item) -> str:
        base = _base(item)
        return base.display_name() if base is not None else item.href

    def _push_creates(self, todo: list[tuple[int, str | None]]) -> None:
        taken = set(self.items)
        for n, batch in enumerate(_chunks(todo, self.batch_size)):
            self._step("Sending new contacts", n * self.batch_size, len(todo))
            sent: list[tuple[int, Card, str]] = []
            for cid, uid in batch:
                card = self.local_cards.get(cid) or self.book.card(cid)
                out = copy.copy(card)
                out.uid = uid or card.uid
                assert out.uid is not None
                href = self.remote.href_for(out.uid)
                if href in taken:
                    from netkeeper.services.contacts import new_uid

                    out.uid = new_uid()
                    href = self.remote.href_for(out.uid)
                taken.add(href)
                if self.dry_run:
                    self.report.pushed.created += 1
                    continue
                try:
                    res = self.remote.put(href, to_vcard(out), None)
                except PreconditionFailed:
                    self._adopt(href, cid)
                    continue
                except UidConflict:
                    self.report.errors.append(
                        f"{out.display_name()}: the server has another card with UID {out.uid};"
                        " it will be matched on the next sync"
                    )
                    self.relist = True
                    continue
                except Refused as exc:
                    self.report.errors.append(f"{out.display_name()}: {exc}; not synced")
                    continue
                sent.append((cid, out, res.href))
            if not sent:
                continue
            # Read the new cards back: their ETags, and the UID a server may have given them.
            got = self.remote.fetch([h for _, _, h in sent])
            with db.atomic():
                for cid, out, href in sent:
                    if href not in got:
                        # Not where it was put: the next full listing finds and matches it.
                        self.relist = True
                        continue
                    etag, data = got[href]
                    try:
                        server_uid = parse(data).uid or out.uid
                    except CardUnreadable:
                        server_uid = out.uid
                    base = copy.copy(out)
                    base.uid = server_uid
                    self.book.note_server_uid(cid, server_uid)
                    self._save(Item(href, etag, server_uid, cid, fingerprint(out), _text(base)))
                    self.report.pushed.created += 1
                    self._log("server", "created", cid, out.display_name())

    def _adopt(self, href: str, cid: int) -> None:
        """A create met a card already there (a retried create): take it as this contact's."""
        got = self.remote.fetch([href])
        if href not in got:
            self.report.errors.append(f"{href}: the server refused the card; not synced")
            return
        etag, data = got[href]
        try:
            theirs = parse(data)
        except CardUnreadable as exc:
            self.report.errors.append(f"{href}: {exc}; not synced")
            return
        mine = self.local_cards.get(cid) or self.book.card(cid)
        merged, conflicts = merge3(None, mine, theirs)
        with db.atomic():
            if fingerprint(merged) != fingerprint(mine):
                self._write(cid, merged)
            self._conflicts(cid, theirs.display_name(), conflicts)
            self.book.note_server_uid(cid, theirs.uid)
            item = Item(href, etag, theirs.uid, cid, fingerprint(theirs), _text(theirs))
            self._save(item)
        out = self._outgoing(cid, item)
        if fingerprint(out) != item.content_hash:
            saved = self._put_update(item, out)
            if saved is not None:
                with db.atomic():
                    self._save(saved)


def resolve_conflict(conflict_id: int, keep: str) -> state.ConflictRow:
    """Settle a conflict: keep "mine", the "server"'s value, or "both"; the next sync sends it."""
    from netkeeper.services.sync.cards import both_values, get_field, set_field

    if keep not in ("mine", "server", "both"):
        raise ServiceError("keep must be mine, server or both")
    row = state.get_conflict(conflict_id)
    acc = state.require_account()
    book = LocalBook(acc.id)
    with db.atomic():
        card = book.card(row.contact_id)
        current = get_field(card, row.field)
        value = {"mine": current, "server": row.server}.get(keep)
        if keep == "both":
            value = both_values(row.field, current, row.server)
        set_field(card, row.field, value)
        book.write(row.contact_id, card)
        state.close_conflict(conflict_id, keep)
    return row
