"""The message catalogue's counted nouns."""

from __future__ import annotations

import string

import pytest

from homelog import messages as msg


@pytest.mark.parametrize(
    ("n", "word", "many", "expected"),
    [
        (1, "session", None, "1 session"),
        (0, "session", None, "0 sessions"),
        (2, "session", None, "2 sessions"),
        (1200, "session", None, "1,200 sessions"),
        (1, "sync file", None, "1 sync file"),
        (3, "sync file", None, "3 sync files"),
        (2, "mouse", "mice", "2 mice"),
    ],
)
def test_plural(n, word, many, expected):
    assert msg.plural(n, word, many) == expected


def test_sync_summary_counts_each_entity_in_the_right_number():
    counts = {"sessions": {"added": 1, "changed": 2}, "devices": {"changed": 1, "deleted": 0}}
    assert msg.sync_summary(counts) == "1 session added, 2 sessions changed, 1 device changed"


def test_no_template_builds_a_plural_from_a_bare_s():
    """Counted nouns go through plural(): no '{count} session{s}' template is left."""
    for name, value in vars(msg).items():
        if isinstance(value, str) and name.isupper():
            fields = {f for _, f, _, _ in string.Formatter().parse(value) if f}
            assert not fields & {"s", "rs", "cs"}, name


def test_days_left():
    assert (msg.days_left(1), msg.days_left(8)) == ("1 day", "8 days")


def _matching(pattern: str) -> list[str]:
    """Every code point ``pattern`` (a character class) matches."""
    import re

    found = re.compile(pattern)
    return [chr(cp) for cp in range(0x110000) if found.match(chr(cp))]


def test_every_unsafe_character_is_unprintable_so_printable_text_needs_no_escape():
    """``safe`` returns printable text as it is without running its pattern (issue 29):
    sound only while no character it escapes counts as printable."""
    unsafe = _matching(msg._UNSAFE)
    assert len(unsafe) > 2000  # C0, C1, the bidi controls, the separators, the surrogates
    assert [hex(ord(ch)) for ch in unsafe if ch.isprintable()] == []
    for ch in unsafe:
        assert msg.safe(f"a{ch}b") != f"a{ch}b"
    assert msg.safe("face ✓ ready · 5d") == "face ✓ ready · 5d"
    assert msg.safe("line\nfeed\tkept") == "line\nfeed\\tkept"


def test_every_json_unsafe_character_is_unprintable_so_printable_lines_need_no_escape():
    from homelog.cli import output

    unsafe = _matching(output._JSON_UNSAFE)
    assert [hex(ord(ch)) for ch in unsafe if ch.isprintable()] == []
    for ch in unsafe:
        assert output.json_text({"notes": f"a{ch}b"}) == '{\n  "notes": "a\\u%04x' % ord(ch) + 'b"\n}\n'
    assert output.json_text({"notes": "✓ · é"}) == '{\n  "notes": "✓ · é"\n}\n'
