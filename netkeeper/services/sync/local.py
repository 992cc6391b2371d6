"""The local side of a sync: contacts read as sync cards, server cards written back.

A contact's sync card is what export writes (exchange.load_card) plus
NetKeeper's own fields as X-NETKEEPER-* properties: how you met, who
introduced you (by the introducer's UID) and the keep-in-touch cadence, so a
second NetKeeper on the same server gets them back. The introducer's UID is
translated both ways: after a first-sync match a contact's server card may
carry another UID than the contact itself, and the sync records know both.

Writing reuses the contacts service (create_contact / update_contact), so a
synced contact is validated, tagged and indexed exactly like one typed in.
Matching an unknown server card to a contact not synced yet uses the import's
keys (UID, then email, then phone, then name + organisation).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from netkeeper.io.card import Card, RawProperty
from netkeeper.io.vcard import escape_text
from netkeeper.model.db import db
from netkeeper.model.tables import Contact
from netkeeper.services import ServiceError
from netkeeper.services.contacts import (
    create_contact,
    delete_contacts,
    new_uid,
    restore_contacts,
    update_contact,
)
from netkeeper.services.exchange import _name_key, _norm_uid, _phone_key, _Writer, load_cards
from netkeeper.services.followups import OFF, refresh_next_due
from netkeeper.services.recurrence import parse_interval
from netkeeper.services.sync.cards import CADENCE, HOW_MET, INTRODUCED_BY, _own, normalize


class LocalBook:
    """The contacts of one database, seen from one sync account."""

    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self.local_uid: dict[int, str] = {}
        self.by_uid: dict[str, int] = {}
        self.trashed: set[int] = set()
        for cid, uid, deleted in db.execute_sql("SELECT id, uid, deleted_at FROM contact"):
            self.local_uid[cid] = uid
            self.by_uid[_norm_uid(uid)] = cid
            if deleted is not None:
                self.trashed.add(cid)
        # contacts whose introducer was not here yet when they were written
        self.pending_introducers: dict[int, str] = {}
        # contact -> the UID its server card carries, and back
        self.server_uid: dict[int, str] = {}
        self.by_server_uid: dict[str, int] = {}
        for cid, uid in db.execute_sql(
            "SELECT contact_id, uid FROM sync_item WHERE account_id = ? AND contact_id IS NOT NULL"
            " AND uid IS NOT NULL",
            (account_id,),
        ):
            self.server_uid[cid] = uid
            self.by_server_uid[_norm_uid(uid)] = cid

    # ------------------------------------------------------------------ reading

    def exists(self, cid: int) -> bool:
        return cid in self.local_uid

    def is_live(self, cid: int) -> bool:
        return cid in self.local_uid and cid not in self.trashed

    def live_ids(self) -> list[int]:
        return [cid for cid in self.local_uid if cid not in self.trashed]

    def card(self, cid: int) -> Card:
        """The contact as its sync card (normalised), with the contact's own UID."""
        return self.cards([cid])[cid]

    def cards(self, cids: Iterable[int]) -> dict[int, Card]:
        """Many contacts as sync cards, read in bulk (a sync compares every synced one)."""
        cids = list(cids)
        loaded = load_cards(cids)
        own: dict[int, tuple[str, str | None, int | None]] = {}
        for start in range(0, len(cids), 500):
            chunk = cids[start : start + 500]
            for cid, how_met, cadence, intro in db.execute_sql(
                "SELECT id, how_met, cadence, introduced_by_id FROM contact"
                f" WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                own[cid] = (how_met, cadence, intro)
        out = {}
        for cid in cids:
            if cid not in loaded:
                raise ServiceError(f"no contact with id {cid}")
            out[cid] = self._with_own_fields(loaded[cid], *own[cid])
        return out

    def _with_own_fields(
        self, card: Card, how_met: str, cadence: str | None, intro: int | None
    ) -> Card:
        if intro is not None:
            card.extra = [
                p for p in card.extra if not (p.group is None and p.name == INTRODUCED_BY)
            ]
            uid = self.server_uid.get(intro) or self.local_uid.get(intro)
            if uid:
                card.extra.append(RawProperty(INTRODUCED_BY, escape_text(uid)))
        if how_met:
            card.extra.append(RawProperty(HOW_MET, escape_text(how_met)))
        if cadence:
            card.extra.append(RawProperty(CADENCE, escape_text(cadence)))
        return normalize(card, in_place=True)

    def resolve_uid(self, uid: str) -> int | None:
        """The contact a UID (a server's or a local one) names, if it is here."""
        if not uid:
            return None
        key = _norm_uid(uid)
        cid = self.by_server_uid.get(key)
        if cid is None:
            cid = self.by_uid.get(key)
        return cid

    # ------------------------------------------------------------------ writing

    def write(self, cid: int | None, card: Card) -> int:
        """Create a contact from `card` (cid None) or replace contact `cid` with it.

        Raises ServiceError for a card that cannot be a contact (no name,
        organisation, email or phone). Call inside the batch's transaction.
        """
        c = copy.deepcopy(card)
        how_met = _own(c, HOW_MET)
        cadence = _own(c, CADENCE)
        intro_uid = _own(c, INTRODUCED_BY)
        intro = self.resolve_uid(intro_uid)
        if intro is not None and (intro == cid or not self.is_live(intro)):
            intro = None
        drop = {HOW_MET, CADENCE} | ({INTRODUCED_BY} if intro is not None else set())
        pending = intro_uid if intro_uid and intro is None else None
        c.extra = [p for p in c.extra if not (p.group is None and p.name in drop)]
        if c.kind not in ("individual", "group"):
            c.extra.append(RawProperty("KIND", c.kind))
        if cid is None:
            uid = c.uid if c.uid and _norm_uid(c.uid) not in self.by_uid else new_uid()
            c.uid = uid
            cid = create_contact(c, how_met=how_met, introduced_by=intro)
            self.local_uid[cid] = uid
            self.by_uid[_norm_uid(uid)] = cid
        else:
            c.uid = self.local_uid[cid]
            update_contact(cid, c, tags=c.categories, how_met=how_met, introduced_by=intro)
        self._set_cadence(cid, cadence)
        if pending:
            self.pending_introducers[cid] = pending
        else:
            self.pending_introducers.pop(cid, None)
        return cid

    def link_introducers(self) -> None:
        """Link contacts to introducers that arrived later in the same run.

        Until then the introducer's UID stays a kept property, exactly what the
        sync card would carry either way, so nothing looks changed.
        """
        for cid, uid in list(self.pending_introducers.items()):
            intro = self.resolve_uid(uid)
            if intro is None or intro == cid or not self.is_live(intro):
                continue
            Contact.update(introduced_by=intro).where(Contact.id == cid).execute()
            db.execute_sql(
                "DELETE FROM contact_property WHERE contact_id = ? AND name = ?"
                ' AND "group" IS NULL',
                (cid, INTRODUCED_BY),
            )
            del self.pending_introducers[cid]

    def create_many(self, cards: list[Card]) -> list[int]:
        """New contacts from server cards in one go (the first sync brings thousands).

        The import's bulk writer: executemany and one search-index rebuild per
        batch, ~10x faster than create_contact per card. Cards must have an
        identity (the caller checks `has_identity`).
        """
        writer = _Writer()
        own: list[tuple[str, str]] = []  # (cadence, introducer UID) per card
        for card in cards:
            c = copy.deepcopy(card)
            how_met = _own(c, HOW_MET)
            own.append((_own(c, CADENCE), _own(c, INTRODUCED_BY)))
            c.extra = [p for p in c.extra if not (p.group is None and p.name in (HOW_MET, CADENCE))]
            if c.kind not in ("individual", "group"):
                c.extra.append(RawProperty("KIND", c.kind))
            if not c.uid or _norm_uid(c.uid) in self.by_uid:
                c.uid = new_uid()
            self.by_uid[_norm_uid(c.uid)] = 0  # taken, even before the flush
            writer.add(normalize(c), [], how_met)
        written = [c for c, _, _ in writer.pending]
        ids = writer.flush()
        for cid, c, (cadence, intro_uid) in zip(ids, written, own, strict=True):
            assert c.uid is not None
            self.local_uid[cid] = c.uid
            self.by_uid[_norm_uid(c.uid)] = cid
            if intro_uid:
                self.pending_introducers[cid] = intro_uid
            if cadence:
                self._set_cadence(cid, cadence, refresh=False)
        refresh_next_due(ids)
        return ids

    @staticmethod
    def _set_cadence(cid: int, cadence: str, refresh: bool = True) -> None:
        stored: str | None = None
        if cadence:
            try:
                stored = OFF if cadence.strip().lower() == OFF else parse_interval(cadence)
            except ServiceError:
                stored = None
        Contact.update(cadence=stored).where(Contact.id == cid).execute()
        if refresh:
            refresh_next_due([cid])

    def trash(self, cid: int) -> None:
        delete_contacts([cid])
        self.trashed.add(cid)

    def restore(self, cid: int) -> None:
        restore_contacts([cid])
        self.trashed.discard(cid)

    def note_server_uid(self, cid: int, uid: str | None) -> None:
        if uid:
            self.server_uid[cid] = uid
            self.by_server_uid[_norm_uid(uid)] = cid


class Matcher:
    """Finds the contact not yet synced that a server card is, by the import's rules."""

    def __init__(self, book: LocalBook, candidates: Iterable[int]) -> None:
        self.uid: dict[str, int] = {}
        self.email: dict[str, int] = {}
        self.phone: dict[str, int] = {}
        self.name: dict[str, int] = {}
        self.free = set(candidates)
        if not self.free:
            return
        for cid in self.free:
            self.uid.setdefault(_norm_uid(book.local_uid[cid]), cid)
        for cid, fn, org in db.execute_sql(
            "SELECT id, full_name, organization FROM contact WHERE deleted_at IS NULL"
        ):
            key = _name_key(fn, org)
            if cid in self.free and key:
                self.name.setdefault(key, cid)
        for cid, value in db.execute_sql("SELECT contact_id, value FROM email"):
            if cid in self.free:
                self.email.setdefault(value.strip().casefold(), cid)
        for cid, value, normalized in db.execute_sql(
            "SELECT contact_id, value, normalized FROM phone"
        ):
            key = normalized or _phone_key(value)
            if cid in self.free and key:
                self.phone.setdefault(key, cid)

    def match(self, card: Card) -> tuple[int | None, str]:
        """The contact this card is and why; a matched contact is not offered again."""
        candidates: list[tuple[int | None, str]] = []
        if card.uid:
            candidates.append((self.uid.get(_norm_uid(card.uid)), "UID"))
        candidates += [(self.email.get(e.value.strip().casefold()), "email") for e in card.emails]
        candidates += [
            (self.phone.get(k), "phone") for p in card.phones if (k := _phone_key(p.value))
        ]
        key = _name_key(card.display_name(), card.organization)
        if key:
            candidates.append((self.name.get(key), "name and organisation"))
        for cid, how in candidates:
            if cid is not None and cid in self.free:
                self.free.discard(cid)
                return cid, how
        return None, ""
