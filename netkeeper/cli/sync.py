"""CardDAV sync: `netkeeper sync` runs once; setup, status, log, conflicts, resolve, forget.

Exit codes of a run: 0 when it completed (conflicts included), 2 for bad input
or a refused login, 1 for any other failure (offline, server trouble, the
mass-delete guard, a card that could not be synced). Nothing is lost in any
case: the engine applies whole batches or none.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from netkeeper.cli.common import EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, CliError, open_db, print_json
from netkeeper.wording import counted


def _read_password(args: argparse.Namespace, *, required: bool) -> str | None:
    from netkeeper.services.sync.secrets import ENV

    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise CliError("--password-stdin: no password on standard input")
        return password
    if os.environ.get(ENV):
        return os.environ[ENV]
    if not required:
        return None
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Password for {args.user}: ")
    raise CliError(f"no password: use --password-stdin or set {ENV}")


def cmd_setup(args: argparse.Namespace) -> int:
    from netkeeper.services.sync import accounts

    if args.ca_file and not os.path.isfile(args.ca_file):
        raise CliError(f"{args.ca_file}: no such CA file")
    password = _read_password(args, required=True)
    assert password is not None
    open_db(args)

    acc, where = accounts.setup(
        args.url,
        args.user,
        password,
        book=args.book,
        new_book=args.create_book,
        ca_file=args.ca_file,
        allow_http=args.allow_http,
        password_to_file=args.password_file,
    )
    if acc.book_url.startswith("http://") and args.allow_http:
        print(
            "netkeeper: warning: plain http:// sends the password and the contacts unencrypted",
            file=sys.stderr,
        )
    doc = {**accounts.status(), "password_kept": where}
    if args.json:
        print_json(doc)
        return EXIT_OK
    print(f"Sync set up: {acc.username} at {acc.book_url} (address book '{acc.book_name}')")
    if where == "keyring":
        print("The password is kept in the system keyring.")
    elif where == "file":
        print("The password is kept in a file only you can read, beside the database.")
    else:
        print(
            "No keyring on this system: the password was not kept. Give it to each run with"
            " --password-stdin or NETKEEPER_SYNC_PASSWORD (or set up with --password-file)."
        )
    print("Run `netkeeper sync` to sync now.")
    return EXIT_OK


def _print_report(doc: dict[str, Any]) -> None:
    def side(c: dict[str, int]) -> str:
        return f"{c['created']} new, {c['updated']} updated, {c['deleted']} deleted"

    what = "Would sync" if doc.get("dry_run") else "Synced"
    print(f"{what} {doc['account']} ({doc['book']}): {doc['status']}")
    print(f"  here:   {side(doc['pulled'])}")
    print(f"  server: {side(doc['pushed'])}")
    if doc["token_reset"]:
        print("  the server's change list had expired: everything was compared again")
    for note in doc.get("notices", []):
        print(f"  note: {note}")
    if doc["conflicts"]:
        print(f"  {counted(len(doc['conflicts']), 'conflict')}: see `netkeeper sync conflicts`")
    for err in doc["errors"]:
        print(f"  error: {err}")
    if doc.get("backup"):
        print(f"  a backup was written first: {doc['backup']}")


def cmd_run(args: argparse.Namespace) -> int:
    from netkeeper.services.sync import accounts

    password = _read_password(args, required=False)
    open_db(args, daily_backup=not args.dry_run)
    try:
        report = accounts.run_once(
            password=password, dry_run=args.dry_run, allow_mass_delete=args.allow_deletes
        )
    except accounts.PasswordNeeded as exc:
        raise CliError(str(exc)) from None
    doc = report.to_json()
    if args.json:
        print_json(doc)
    else:
        _print_report(doc)
    if report.status == "auth":
        if not args.json:
            print(f"netkeeper: error: {report.errors[0]}", file=sys.stderr)
        return EXIT_USAGE
    if report.status != "ok" or report.errors:
        return EXIT_UNEXPECTED
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from netkeeper.services.sync import accounts

    open_db(args)
    doc = accounts.status()
    if args.json:
        print_json(doc)
        return EXIT_OK
    if not doc["configured"]:
        print("Sync is not set up (netkeeper sync setup URL --user USER).")
        return EXIT_OK
    print(f"{doc['account']}, address book '{doc['book']}'")
    print(f"  last sync: {doc['last_sync'] or 'never'} ({doc['last_status'] or 'not run'})")
    if doc["last_error"]:
        print(f"  last error: {doc['last_error']}")
    print(f"  {counted(doc['synced_contacts'], 'contact')} synced")
    if doc["open_conflicts"]:
        print(f"  {counted(doc['open_conflicts'], 'open conflict')}")
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    from netkeeper.services.sync import state

    open_db(args)
    entries = state.log_entries(args.limit)
    if args.json:
        print_json(entries)
        return EXIT_OK
    if not entries:
        print("No sync has run yet.")
    for e in entries:
        p, s = e.get("pulled", {}), e.get("pushed", {})
        print(
            f"{e['started_at']}  {e['status']:<9} here +{p.get('created', 0)}"
            f" ~{p.get('updated', 0)} -{p.get('deleted', 0)}  server +{s.get('created', 0)}"
            f" ~{s.get('updated', 0)} -{s.get('deleted', 0)}"
        )
        for err in e.get("errors", []):
            print(f"    error: {err}")
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from netkeeper.services.sync import state
    from netkeeper.services.sync.cards import FIELD_WORDS, describe

    open_db(args)
    acc = state.require_account()
    rows = state.open_conflicts(acc.id)
    if args.json:
        print_json([r.to_json() for r in rows])
        return EXIT_OK
    if not rows:
        print("No open conflicts.")
    for r in rows:
        print(f"{r.id}: {r.name} (contact {r.contact_id}), {FIELD_WORDS.get(r.field, r.field)}")
        print(f"    mine:   {describe(r.field, r.mine)}")
        print(f"    server: {describe(r.field, r.server)}")
    if rows:
        print("Settle one with: netkeeper sync resolve ID --keep mine|server|both")
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    from netkeeper.services.sync.engine import resolve_conflict

    open_db(args)
    row = resolve_conflict(args.conflict_id, args.keep)
    print(f"Conflict {row.id} on {row.name}: kept {args.keep}; the next sync sends it.")
    return EXIT_OK


def cmd_forget(args: argparse.Namespace) -> int:
    from netkeeper.services.sync import accounts

    open_db(args)
    label = accounts.forget()
    print(f"Removed the sync account {label}; your contacts stay as they are.")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "sync",
        parents=[common],
        help="sync contacts with a CardDAV server (one run now; see its sub-commands)",
        description="Sync contacts with a CardDAV address book; without a sub-command, run once.",
    )
    p.set_defaults(handler=cmd_run)
    p.add_argument("--json", action="store_true", help="print the run's report as JSON")
    p.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    p.add_argument(
        "--allow-deletes",
        action="store_true",
        help="let this run delete more than 20%% of either side (the mass-delete guard)",
    )
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    ss = p.add_subparsers(dest="sync_command", metavar="SUBCOMMAND")

    def add(name: str, handler: Any, text: str) -> argparse.ArgumentParser:
        q = ss.add_parser(name, parents=[common], help=text, description=text)
        q.set_defaults(handler=handler)
        return q

    q = add("setup", cmd_setup, "set up the CardDAV account (discovers the address books)")
    q.add_argument("url", metavar="URL", help="the server's address, or just its domain")
    q.add_argument("--user", required=True, metavar="USER")
    q.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    books = q.add_mutually_exclusive_group()
    books.add_argument("--book", metavar="NAME", help="the address book to sync")
    books.add_argument("--create-book", metavar="NAME", help="create a new address book")
    q.add_argument("--ca-file", metavar="FILE", help="trust this CA certificate file too")
    q.add_argument(
        "--allow-http",
        action="store_true",
        help="allow plain http:// to a server that is not on this machine (unencrypted!)",
    )
    q.add_argument(
        "--password-file",
        action="store_true",
        help="without a keyring, keep the password in a file only you can read",
    )
    q.add_argument("--json", action="store_true")
    q = add("status", cmd_status, "how sync stands")
    q.add_argument("--json", action="store_true")
    q = add("log", cmd_log, "what each sync run changed (kept 90 days)")
    q.add_argument("--json", action="store_true")
    q.add_argument("--limit", type=int, default=50, metavar="N")
    q = add("conflicts", cmd_conflicts, "fields changed on both sides, waiting for you")
    q.add_argument("--json", action="store_true")
    q = add("resolve", cmd_resolve, "settle a conflict")
    q.add_argument("conflict_id", type=int, metavar="CONFLICT_ID")
    q.add_argument("--keep", required=True, choices=["mine", "server", "both"])
    add("forget", cmd_forget, "remove the account (local contacts stay)")
