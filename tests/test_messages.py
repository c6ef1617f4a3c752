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
