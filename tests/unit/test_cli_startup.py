"""A sub-command builds only its own family's parsers, and answers exactly as before."""

from __future__ import annotations

import argparse

import pytest

from netkeeper import cli


def _commands_of(family: object) -> set[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    family.register(sub, argparse.ArgumentParser(add_help=False))  # type: ignore[attr-defined]
    return set(sub.choices)


def test_each_listed_command_belongs_to_its_family() -> None:
    registered = {name: family for family in cli.FAMILIES for name in _commands_of(family)}
    for name, family in cli.COMMANDS.items():
        assert registered.get(name) is family, f"{name} is not registered by {family.__name__}"


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["show", "5", "--json"], "show"),
        (["--db", "list", "show", "5"], "show"),  # a database file named "list"
        (["--db=x.db", "list"], "list"),
        (["--minimized"], None),
        (["-h", "show"], None),  # the top-level help lists every command
        ([], None),
    ],
)
def test_the_command_is_found_past_the_global_options(argv: list[str], command: str | None) -> None:
    assert cli._command_of(argv) == command


def test_a_narrowed_parser_reads_a_command_as_the_whole_one_does() -> None:
    argv = ["--db", "x.db", "show", "Ada", "--json"]
    narrow = vars(cli.build_parser(argv).parse_args(argv))
    whole = vars(cli.build_parser().parse_args(argv))
    assert narrow == whole
    assert len(cli.build_parser(argv)._subparsers._group_actions[0].choices) < len(  # type: ignore[union-attr]
        cli.build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    )


def test_top_level_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("show", "import", "insights", "sync", "relate"))
