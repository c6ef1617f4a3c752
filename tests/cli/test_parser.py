"""The lazy parser: a command line naming a command builds only its module's
parsers, and must parse exactly as the whole parser does."""

from __future__ import annotations

import argparse
from importlib import import_module

import pytest

from homelog.cli.main import COMMANDS, build_parser, command_word


@pytest.mark.parametrize("module", sorted(COMMANDS))
def test_the_command_table_matches_what_each_module_registers(module):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    import_module(f"homelog.cli.{module}").register(sub)
    assert tuple(sub.choices) == COMMANDS[module]


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        ([], None),
        (["--help"], None),
        (["status"], "status"),
        (["--db", "status", "list"], "list"),  # a journal file named "status"
        (["--db=x.db", "--read-only", "check", "--area", "face"], "check"),
        (["--rules", "r.toml", "--debug", "device", "list"], "device"),
        (["--debug"], None),
        (["nosuch", "status"], "nosuch"),
    ],
)
def test_command_word(argv, word):
    assert command_word(argv) == word


COMMAND_LINES = [
    ["status", "--short"],
    ["--db", "j.db", "status", "--json", "--as-of", "2025-03-01"],
    ["check", "--area", "face", "--needle", "0.5", "--date", "2025-03-01"],
    ["add", "--area", "scalp", "--needle", "0.25", "--notes=--", "--override", "why"],
    ["list", "--area", "face"],
    ["device", "add", "--name", "r", "--kind", "roller", "--needle", "0.5"],
    ["react", "3", "--redness", "2"],
    ["condition", "add", "pregnancy"],
    ["export", "--format", "csv", "-o", "out.csv"],
    ["where", "--json"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_the_lazy_parser_parses_as_the_whole_one(argv):
    whole = vars(build_parser().parse_args(argv))
    lazy = vars(build_parser(argv).parse_args(argv))
    assert lazy == whole


def test_an_unknown_command_gets_the_whole_list(capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser(["nosuch"]).parse_args(["nosuch"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    for names in COMMANDS.values():
        for name in names:
            assert name in err


@pytest.mark.parametrize("argv", [[], ["--db", "j.db"], ["--read-only", "--rules", "r.toml", "--debug"]], ids=repr)
def test_no_command_builds_no_command_parsers_and_parses_as_the_whole_one(argv):
    """The TUI's command line: nothing of the commands is imported or built for it."""
    lazy = build_parser(argv)
    assert not lazy._subparsers._group_actions[0].choices
    assert vars(lazy.parse_args(argv)) == vars(build_parser().parse_args(argv))
    assert vars(lazy.parse_args(argv))["command"] is None


@pytest.mark.parametrize("asks", [["--help"], ["-h"], ["--he"], ["--db", "j.db", "--hel"]], ids=" ".join)
def test_help_still_lists_every_command(capsys, asks):
    with pytest.raises(SystemExit) as exc:
        build_parser(asks).parse_args(asks)
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for names in COMMANDS.values() for name in names)
