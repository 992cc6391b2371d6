"""Looking after the database file: check, backup and restore-backup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netkeeper.cli.common import EXIT_OK, EXIT_USAGE, CliError, adder, open_db, print_json


def cmd_check(args: argparse.Namespace) -> int:
    """`PRAGMA integrity_check` on the file as it is: nothing is opened for writing or migrated."""
    import sys

    from netkeeper import paths
    from netkeeper.model.db import check_regular, integrity_problems, looks_like_sqlite
    from netkeeper.services.backup import newest_healthy_backup

    path = paths.db_path(getattr(args, "db", None))
    check_regular(path)
    if not path.is_file():
        raise CliError(f"{path}: no such database")
    if not looks_like_sqlite(path):
        raise CliError(f"{path} is not a NetKeeper database (not an SQLite file)")
    problems = integrity_problems(path)
    healthy = newest_healthy_backup(paths.backups_dir(path)) if problems else None
    if args.json:
        print_json(
            {
                "path": str(path),
                "ok": not problems,
                "problems": problems,
                "newest_healthy_backup": (
                    {"path": str(healthy[0]), "date": healthy[1].isoformat()} if healthy else None
                ),
            }
        )
        return EXIT_OK if not problems else EXIT_USAGE
    if not problems:
        print(f"{path}: the integrity check found no problems.")
        return EXIT_OK
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    if healthy:
        advice = (
            f"the newest healthy backup is from {healthy[1].isoformat()}: "
            f"netkeeper restore-backup {healthy[0]}"
        )
    else:
        advice = "no healthy backup was found beside it"
    sys.stderr.write(f"netkeeper: error: {path} is damaged: {problems[0]}{more}; {advice}\n")
    return EXIT_USAGE


def cmd_backup(args: argparse.Namespace) -> int:
    from netkeeper.services.backup import backup_to, default_backup_name

    path = open_db(args)
    target = Path(args.output) if args.output else Path.cwd() / default_backup_name()
    written = backup_to(path, target)
    print(f"Backed up {path} to {written}")
    return EXIT_OK


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from netkeeper import instance, paths
    from netkeeper.model.db import check_regular, close_database, open_database
    from netkeeper.services.backup import check_restorable, restore_from

    source = Path(args.file).expanduser()
    check_restorable(source)
    target = paths.db_path(getattr(args, "db", None))
    check_regular(target)
    # An open window would go on writing to the replaced (unlinked) file and lose it all.
    if instance.is_running(target):
        if not args.close_app:
            raise CliError(
                f"NetKeeper is open on {target}; quit it first (or pass --close-app "
                "to ask it to close). The database was not changed."
            )
        if not instance.ask_to_quit(target):
            raise CliError(
                f"NetKeeper is open on {target} and did not close; quit it and try again. "
                "The database was not changed."
            )
    close_database()
    kept = restore_from(source, target)
    open_database(target)  # migrates an older backup forward, with its own backup first
    note = f"; the replaced database is kept as {kept}" if kept else ""
    print(f"Restored {target} from {source}{note}")
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    add = adder(sub, common)

    p = add("check", cmd_check, "check the database file for damage (PRAGMA integrity_check)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = add("backup", cmd_backup, "write a consistent copy of the database")
    p.add_argument("-o", "--output", metavar="FILE")

    p = add(
        "restore-backup",
        cmd_restore_backup,
        "replace the database with a backup (the current one is kept)",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--close-app",
        action="store_true",
        help="ask a NetKeeper window open on the database to close first",
    )
