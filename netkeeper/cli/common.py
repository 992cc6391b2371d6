"""What every command family shares: exit codes, the error type, opening the database,
resolving a CONTACT argument and printing JSON. Kept free of Qt and of heavy imports."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """Bad input detected by the CLI itself; printed as one line, exit code 2."""


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high (a huge one overflowed SQLite)."""

    def parse(text: str) -> int:
        from netkeeper.services.dates import ascii_digits

        try:
            value = int(ascii_digits(text.strip()))
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low} and {high}")
        return value

    parse.__name__ = "number"
    return parse


# C0 and C1 controls, DEL, and the bidirectional overrides that reorder a line on screen.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Text for a terminal: control characters shown as escapes instead of obeyed.

    An imported card can carry ESC sequences that retitle the terminal, hide
    text or fake output; human output shows them (\\x1b), JSON stays exact.
    Line breaks are kept (notes have them).
    """
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def say(text: str) -> None:
    """print() for human output that may hold imported text."""
    print(visible(text))


def print_json(value: Any) -> None:
    # One write of the whole text: json.dump writes each token on its own, and at
    # 50,000 contacts (`list --json`, ~60 MB) its 10 million writes took ~11 s.
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def warn(message: str) -> None:
    sys.stderr.write(f"netkeeper: warning: {message}\n")


def open_db(args: argparse.Namespace, *, daily_backup: bool = False) -> Path:
    """Open and migrate the database named by --db / NETKEEPER_DB / the data folder."""
    from netkeeper import paths
    from netkeeper.model.db import open_database

    path = paths.db_path(getattr(args, "db", None))
    open_database(path)
    from netkeeper.services.timeline import settle

    settle()  # planned interactions whose time has come count from now on
    if daily_backup:
        # Commands that write also do the daily housekeeping, so a user who only
        # ever scripts NetKeeper still gets backups and an emptied trash.
        from netkeeper.services import ServiceError
        from netkeeper.services.backup import DamagedDatabase
        from netkeeper.services.backup import daily_backup as keep_daily
        from netkeeper.services.contacts import purge_trash

        try:
            keep_daily(path, paths.backups_dir(path))
        except DamagedDatabase as exc:
            warn(f"{exc}; today's backup was not taken (run `netkeeper check`)")
        except ServiceError as exc:  # the command itself can still do its work
            warn(str(exc))
        except OSError as exc:  # e.g. backups/ cannot be created
            warn(f"the daily backup could not be written: {exc.strerror or exc}")
        purge_trash()
    return path


def resolve(ref: str, **kw: Any) -> int:
    """A CONTACT argument: an id, a UID, an unambiguous name, or `me` (the user's own card)."""
    if not kw.get("include_deleted"):
        from netkeeper.services.people.me import resolve_ref

        me = resolve_ref(ref)
        if me is not None:
            return me
    digits = ref.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= 18:
        # An id, as contacts.resolve looks it up first, without importing the contacts
        # service (~12 ms of every `show ID` otherwise).
        from netkeeper.model.db import db

        trashed = "NOT NULL" if kw.get("include_deleted") else "NULL"
        row = db.execute_sql(
            f"SELECT id FROM contact WHERE id = ? AND deleted_at IS {trashed}", (int(digits),)
        ).fetchone()
        if row:
            return int(row[0])
    from netkeeper.services import contacts

    return contacts.resolve(ref, **kw)


def adder(sub: Any, common: argparse.ArgumentParser) -> Callable[..., argparse.ArgumentParser]:
    """A sub-command factory: add(name, handler, help) -> the sub-command's parser."""

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    return add
