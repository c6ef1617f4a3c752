"""The service's messages name no command-line option or command (the TUI shows
them too); the CLI adds its own hint after them (``InputError.hint``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from homelog import messages as msg

PACKAGE = Path(msg.__file__).parent


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["edit", "99", "--area", "face"], "There is no session 99.", "'homelog list' shows the ids."),
        (["delete", "99"], "There is no session 99.", "'homelog list' shows the ids."),
        (["device", "retire", "7"], "There is no device 7.", "'homelog device list' shows the ids."),
        (["add", "--area", "face", "--needle", "0.5", "--device", "7"], "There is no device 7.", "'homelog device list' shows the ids."),
        (["add", "--area", "face"], msg.NEEDLE_NEEDED, "Use --needle MM, or --device ID for a roller or stamp."),
        (["device", "add", "--name", "s", "--kind", "stamp"], "A stamp has fixed needles: give their length in mm.", "Use --needle MM."),
        (
            ["add", "--area", "face", "--needle", "0.5", "--date", "2025-03-09"],
            "Date 2025-03-09 is in the future: only a session that happened can be logged.",
            "'homelog check' shows what the rules would say of a planned session.",
        ),
    ],
)
def test_the_cli_adds_its_hint_after_the_message(cli, args, message, hint):
    r = cli(*args)
    assert r.code == 2
    assert r.err == f"homelog: {message} {hint}\n"


def test_a_pen_without_a_needle_gets_the_needle_hint(cli):
    pen = cli("device", "add", "--name", "p", "--kind", "pen", "--json").json()["id"]
    r = cli("add", "--area", "face", "--device", str(pen))
    assert r.code == 2
    assert r.err == f"homelog: {msg.NEEDLE_MISSING.format(device=pen)} Use --needle MM.\n"


def test_an_error_without_a_hint_is_printed_alone(cli):
    r = cli("add", "--area", "elbow", "--needle", "0.5")
    assert r.code == 2 and r.err.startswith("homelog: Unknown area 'elbow'.") and "Use " not in r.err


def _raised_hints() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        found |= set(re.findall(r"""hint=["']([^"']+)["']""", path.read_text(encoding="utf-8")))
    return found


def test_every_hint_the_code_gives_has_cli_words_and_none_is_unused():
    raised = _raised_hints()
    assert raised  # the scan sees the hints
    assert raised == set(msg.CLI_HINTS)


def _messages_used_by(*parts: str) -> dict[str, str]:
    used: dict[str, str] = {}
    for part in parts:
        target = PACKAGE / part
        for path in [target] if target.is_file() else sorted(target.rglob("*.py")):
            for name in re.findall(r"msg\.([A-Z][A-Z0-9_]+)", path.read_text(encoding="utf-8")):
                text = getattr(msg, name)
                if isinstance(text, str):
                    used[name] = text
    return used


def test_what_the_session_and_device_use_cases_say_names_no_cli_option_or_command():
    # Both front ends show these (the TUI's forms among them).
    used = _messages_used_by("service/journal.py", "service/journal_file.py", "validate.py", "records.py")
    assert "NEEDLE_NEEDED" in used and "NO_SESSION" in used  # the scan sees them
    cli_words = {name: text for name, text in used.items() if re.search(r"--[a-z]|'homelog ", text)}
    assert cli_words == {}
