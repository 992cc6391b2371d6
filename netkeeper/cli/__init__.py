"""The command line: `netkeeper` with no sub-command starts the desktop app.

Sub-commands run headless and must never import Qt, so `netkeeper list` starts
in a fraction of the GUI's time: heavy modules are imported inside the
handlers that need them. Every handler calls the services; this module only
parses arguments, prints and maps errors to exit codes:
0 done, 2 bad input (one line on stderr, never a traceback), 1 unexpected.
The sub-commands and their JSON documents are a contract other tools rely on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import NoReturn

from netkeeper import APP_NAME, __version__
from netkeeper.cli import (
    contacts,
    events,
    exchange,
    groups,
    insights,
    interactions,
    keep_in_touch,
    maintenance,
    people,
    sync,
)
from netkeeper.cli.common import EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, CliError, Handler

__all__ = ["EXIT_OK", "EXIT_UNEXPECTED", "EXIT_USAGE", "CliError", "build_parser", "main"]

# One module per command family; each registers its sub-commands with
# register(subparsers, common_parent). A new family adds its module here.
FAMILIES = [
    contacts,
    exchange,
    keep_in_touch,
    interactions,
    maintenance,
    groups,
    events,
    people,
    sync,
    insights,
]

# The family of each sub-command, so that a command builds only its own family's
# parsers: building all of them is ~40 ms of every process (`show --json` must start
# and answer in 200 ms). A command missing here still works (every family is then
# built); tests/unit/test_cli_startup.py checks that each entry is right.
COMMANDS: dict[str, ModuleType] = {
    **dict.fromkeys(
        ("add", "delete", "list", "log", "remind", "restore-deleted", "show", "timeline"),
        contacts,
    ),
    **dict.fromkeys(("export", "import"), exchange),
    **dict.fromkeys(("cadence", "due", "tag-cadence"), keep_in_touch),
    "interaction": interactions,
    **dict.fromkeys(("backup", "check", "restore-backup"), maintenance),
    **dict.fromkeys(("group", "groups"), groups),
    **dict.fromkeys(("event", "events"), events),
    **dict.fromkeys(
        ("edit", "give", "introduce", "intros", "ledger", "me", "rapport", "receive", "relate"),
        people,
    ),
    "sync": sync,
    **dict.fromkeys(("graph", "insights", "path", "strength", "today"), insights),
}


def _command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`: the first word that is not an option or --db's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif arg in ("--", "-h", "--help"):
            return None  # the whole command line's help, or no command
        elif not arg.startswith("-"):
            return arg
    return None


class _Parser(argparse.ArgumentParser):
    """argparse with a short complaint: the usage on one line, then the error on one line.

    argparse wraps a sub-command's usage over up to four lines before its error;
    scripts and people read the last line, so the usage is kept but unwrapped.
    Sub-command parsers inherit the class (add_subparsers uses the parent's).
    """

    # A help epilog too costly to build for every command: made when help is printed.
    epilog_from: Callable[[], str] | None = None

    def format_help(self) -> str:
        if self.epilog_from is not None:
            self.epilog = self.epilog_from()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        usage = " ".join(self.format_usage().split())
        message = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{usage}\n{self.prog}: error: {message}\n")


def _not_utf8(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps such bytes as surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given `argv` naming a known sub-command, only that
    command's family is added (the answer to `argv` is the same, found sooner)."""
    command = _command_of(argv) if argv is not None else None
    families = [COMMANDS[command]] if command in COMMANDS else FAMILIES
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: $NETKEEPER_DB or the per-user data folder)",
    )

    parser = _Parser(
        prog="netkeeper",
        description=f"{APP_NAME}: keep your professional network alive. "
        "Without a sub-command, starts the desktop app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--minimized", action="store_true", help="start hidden in the system tray (desktop app)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throw-away database filled with fictional contacts",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for family in families:
        family.register(sub, common)
    return parser


def _error(message: str) -> None:
    sys.stderr.write(f"netkeeper: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    args_given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_given)
    bad = _not_utf8(args_given)
    if bad is not None:
        _error(f"an argument is not valid UTF-8 text: {bad}")
        return EXIT_USAGE
    try:
        args = parser.parse_args(args_given)
    except SystemExit as exc:  # --help, --version and usage errors (exit 2, one message)
        return int(exc.code or 0)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from netkeeper.app import run_gui

        return run_gui(args)
    import sqlite3

    from peewee import DatabaseError as SqlError

    from netkeeper.model.db import DatabaseError, close_database, describe_fault
    from netkeeper.services import ServiceError

    try:
        return handler(args)
    except (CliError, ServiceError, DatabaseError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    except (SqlError, sqlite3.Error) as exc:  # e.g. a damaged file: "file is not a database"
        cause = describe_fault(exc)
        _error(f"{cause}; nothing was changed" if cause else f"cannot read the database: {exc}")
        return EXIT_USAGE
    except OverflowError:  # a number or date past what SQLite or the calendar can hold
        _error("a number or date is out of range")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: no traceback for the user
        _error(f"unexpected {type(exc).__name__}: {exc}")
        return EXIT_UNEXPECTED
    finally:
        close_database()


if __name__ == "__main__":
    sys.exit(main())
