"""locations' own answer for the platform folders on Linux (no platformdirs import)
is platformdirs' answer, whenever it gives one."""

from __future__ import annotations

import sys

import pytest

from homelog import locations

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux only")

CASES = [
    {},
    {"XDG_DATA_HOME": "/x/data", "XDG_CONFIG_HOME": "/x/config", "XDG_CACHE_HOME": "/x/cache"},
    {"XDG_DATA_HOME": "/x/data/", "XDG_CONFIG_HOME": "/x/config/", "XDG_CACHE_HOME": "/"},
    {"XDG_DATA_HOME": "", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": ""},
    {"XDG_DATA_HOME": "relative", "XDG_CONFIG_HOME": "  ", "XDG_CACHE_HOME": "./c"},
    {"HOME": "/home/someone/"},
    {"HOME": "/"},
    {"HOME": "relative/home"},
]


@pytest.mark.parametrize("env", CASES, ids=[str(c) for c in CASES])
def test_the_shortcut_agrees_with_platformdirs(monkeypatch, env):
    import platformdirs

    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOMELOG_CONFIG_DIR", "HOMELOG_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    pairs = [
        ("XDG_DATA_HOME", ".local/share", platformdirs.user_data_path),
        ("XDG_CONFIG_HOME", ".config", platformdirs.user_config_path),
        ("XDG_CACHE_HOME", ".cache", platformdirs.user_cache_path),
    ]
    for var, under, theirs in pairs:
        ours = locations._linux_dir(var, under)
        if ours is not None:
            assert ours == theirs("homelog", appauthor=False), var
    assert locations.default_data_dir() == platformdirs.user_data_path("homelog", appauthor=False)
    assert locations.default_config_dir() == platformdirs.user_config_path("homelog", appauthor=False)
    assert locations.default_cache_dir() == platformdirs.user_cache_path("homelog", appauthor=False)


def test_the_common_case_takes_the_shortcut(monkeypatch):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    from pathlib import Path

    assert locations._linux_dir("XDG_DATA_HOME", ".local/share") == Path("/home/someone/.local/share/homelog")
