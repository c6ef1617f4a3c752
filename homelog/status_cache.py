"""The cached answer of ``status --short`` / ``status --json``.

A shell prompt runs ``homelog status --short`` at every Enter: most of its cost
is starting Python and importing homelog (argparse, the rule table, the
records), not the query. So ``homelog`` (``homelog.__main__``, the console
script and ``python -m homelog``) asks this module first: a command line that
is just ``[--db P] [--rules P] [--read-only] [--debug] status --short|--json``
is answered from a small file in the cache folder when that file is still
valid, importing nothing else of homelog (this module needs only ``os`` and
``sys``, and the package's ``__version__``). Anything else, or a miss, goes on
to the CLI, whose ``status`` rewrites the file.

The file (``<cache>/status/<key>``, 0600, written atomically) is valid while

* its **origin** matches: the inputs that choose the journal and the
  rules files (``--db``/``--rules``, ``HOMELOG_DB``, ``HOMELOG_CONFIG_DIR``,
  ``HOME``, ``XDG_*``, the user, the platform; the working folder when a path
  is relative), kept whole in the file (its name is a CRC of them), so a file
  taken was written by a ``status`` that resolved those same inputs to the paths
  it records;
* its **signature** matches what is on disk now: homelog's version and its
  shipped rule files; the journal's identity (device, inode), size, change and
  modification times and its SQLite header's change counter; the same of its
  WAL and the WAL index header (which every commit changes); the rules file's
  identity, times and a CRC of its bytes. ``status`` takes the signature before
  it opens the journal and again after closing it, and writes the file only
  when the two agree, so a change by another process while it read is never
  cached;
* **today** is in ``[day, until)``: the day it was computed and the first day its
  answer may change (``homelog.service.status_validity.changes_on``). Within
  that range the areas' dates are the same, so the short line is rendered from
  them with today's day counts; the JSON document holds ``as_of`` and is kept
  for its own day only (and only by a ``status --json``: a ``--short`` line does
  not import json to write one).

A cache that cannot be read or written only costs the normal path.
"""

from __future__ import annotations

import os
import sys

FORMAT = "homelog-status-cache 3"
#: The global options a cached answer may carry (the rest go through argparse).
_VALUE_OPTIONS = ("--db", "--rules")
_FLAGS = ("--read-only", "--debug")
_HERE = os.path.dirname(os.path.abspath(__file__))
#: Shipped files whose content shapes the answer (the default rules, the sources' kinds).
_SHIPPED = ("rules/defaults.toml", "rules/sources.toml")
_ENV = ("HOMELOG_DB", "HOMELOG_CONFIG_DIR", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")


# -- what a command line asks -----------------------------------------------------------


class Asked:
    """A ``status`` line: its form (``short``, ``json`` or ``text``) and global options.
    (A plain class: ``typing.NamedTuple`` would import ``typing``, 2 ms.)"""

    __slots__ = ("form", "db", "rules", "read_only", "debug")

    def __init__(self, form: str, db: str | None, rules: str | None, read_only: bool, debug: bool):
        self.form, self.db, self.rules, self.read_only, self.debug = form, db, rules, read_only, debug

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Asked) and all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    def __repr__(self) -> str:
        return "Asked(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


def parse(argv: list[str]) -> Asked | None:
    """What ``homelog ARGV`` asks when it is ``[--db P] [--rules P] [--read-only]
    [--debug] status [--short|--json]`` spelled exactly so (each option at most
    once), else None: abbreviations, ``--as-of`` and everything else go through
    argparse, which alone says what they mean."""
    values: dict[str, str] = {}
    flags: set[str] = set()
    i = 0
    while i < len(argv):
        word = argv[i]
        name, eq, value = word.partition("=")
        if name in _VALUE_OPTIONS:
            if name in values:
                return None
            if not eq:
                i += 1
                if i >= len(argv) or argv[i].startswith("-"):
                    return None  # argparse: "expected one argument"
                value = argv[i]
            if value == "":
                return None  # an error the CLI words (an empty value never means the default)
            values[name] = value
        elif word in _FLAGS and word not in flags:
            flags.add(word)
        else:
            break
        i += 1
    form = {("status",): "text", ("status", "--short"): "short", ("status", "--json"): "json"}.get(tuple(argv[i:]))
    if form is None:
        return None
    return Asked(form, values.get("--db"), values.get("--rules"), "--read-only" in flags, "--debug" in flags)


def origin(db: str | None, rules: str | None, environ=os.environ) -> str:
    """The inputs that resolve the journal and the rules file, as one text (hex):
    an entry is taken only by a command line with the same (its file name is a CRC
    of it; the entry holds it whole)."""
    unset = "\x01"  # not given, which is not the same as given empty (--db "")
    values = [sys.platform, str(os.getuid()) if hasattr(os, "getuid") else ""]
    values += [unset if v is None else v for v in (db, rules)]
    values += [environ.get(name, unset) for name in _ENV]
    # platformdirs gives absolute paths; a relative --db, HOMELOG_DB or rules path depends on the folder.
    paths = values[2:6] + values[7:]  # the options, HOMELOG_DB, HOMELOG_CONFIG_DIR, XDG_*
    if any(v not in ("", unset) and not (os.path.isabs(v) or v.startswith("~")) for v in paths):
        values.append(os.getcwd())
    return "\0".join(values).encode("utf-8", "surrogateescape").hex()


def key(made_of: str) -> str:
    """The file name of the entry for an ``origin``."""
    import zlib

    return f"{zlib.crc32(made_of.encode('ascii')):08x}{len(made_of) & 0xFFFF:04x}"


def cache_dir(environ=os.environ) -> str | None:
    """``HOMELOG_CACHE_DIR``, else the platform's cache folder as platformdirs gives it
    on Linux and macOS (without importing it: ~12 ms); None elsewhere (no cache)."""
    env = environ.get("HOMELOG_CACHE_DIR")
    if env:
        return os.path.expanduser(env)
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        xdg = environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "homelog")
        base = "~/Library/Caches" if sys.platform == "darwin" else "~/.cache"
        return os.path.join(os.path.expanduser(base), "homelog")
    return None


def entry_path(made_of: str, environ=os.environ) -> str | None:
    folder = cache_dir(environ)
    return None if folder is None else os.path.join(folder, "status", key(made_of))


# -- what is on disk ---------------------------------------------------------------------


def _stat(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _head(path: str, size: int) -> str:
    try:
        with open(path, "rb", buffering=0) as f:
            return f.read(size).hex()
    except OSError:
        return "-"


def signature(db: str, rules: str) -> str:
    """Everything on disk the answer depends on (see the module's docstring).

    Never call it from a process that holds SQLite connections to ``db``: closing
    any descriptor of a file drops the process's POSIX locks on it, SQLite's
    included (``status`` signs before it opens the journal and after it closed it)."""
    from homelog import __version__

    parts = [__version__, *(_stat(os.path.join(_HERE, name)) for name in _SHIPPED)]
    # The database header (its change counter, offset 24), the WAL, the WAL index
    # header (mxFrame and the change counter a commit bumps, in its first 48 bytes).
    parts += [db, _stat(db), _head(db, 100), _stat(db + "-wal"), _head(db + "-shm", 48)]
    try:
        import zlib

        with open(rules, "rb") as f:
            crc = f"{zlib.crc32(f.read()):08x}"
    except OSError:
        crc = "-"
    parts += [rules, _stat(rules), crc]
    return "|".join(parts)


# -- the days ----------------------------------------------------------------------------


def today_number(environ=os.environ) -> int | None:
    """Today as a proleptic Gregorian ordinal (``date.toordinal``), from
    ``HOMELOG_TODAY`` or the local clock, without importing ``datetime``; None
    when ``HOMELOG_TODAY`` is not a plain ``YYYY-MM-DD`` (argparse's path says why)."""
    fixed = environ.get("HOMELOG_TODAY")
    if fixed:
        y, m, d = fixed[:4], fixed[5:7], fixed[8:]
        if len(fixed) != 10 or fixed[4] != "-" or fixed[7] != "-" or not (y + m + d).isdigit():
            return None
        year, month, day = int(y), int(m), int(d)
        if not (1 <= year and 1 <= month <= 12 and 1 <= day <= _month_days(year, month)):
            return None
    else:
        import time

        now = time.localtime()
        year, month, day = now.tm_year, now.tm_mon, now.tm_mday
    return _ordinal(year, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    return 29 if month == 2 and _leap(year) else (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _ordinal(year: int, month: int, day: int) -> int:
    y = year - 1
    before = sum(_month_days(year, m) for m in range(1, month))
    return y * 365 + y // 4 - y // 100 + y // 400 + before + day


def short_line(pairs, today: int) -> str:
    """``face 5d · scalp 2d``: each area not ready with the days until its date
    (ordinal), or ``held`` when it has none; "" when every area is ready.
    The one rendering of ``status --short`` (cached or not)."""
    return " · ".join(f"{area} {until - today}d" if until is not None else f"{area} held" for area, until in pairs)


# -- the file ----------------------------------------------------------------------------


def read(path: str, made_of: str, form: str, today: int, sign_of) -> str | None:
    """The answer kept in ``path`` for ``form`` on ``today``, or None (a miss)."""
    try:
        if not (ours(path) and ours(os.path.dirname(path))):
            return None
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeError):
        return None
    head, sep, json_tail = text.partition("\nJSON\n")
    lines = head.rstrip("\n").split("\n")
    if (form == "json" and not sep) or len(lines) < 6 or lines[0] != FORMAT or lines[1] != made_of:
        return None
    _, _, db, rules, signed, days, *short = lines
    try:
        day, until = (int(x) if x else None for x in days.split(" "))
        pairs = [(a, int(u) if u else None) for a, _, u in (s.partition("\t") for s in short)]
    except ValueError:
        return None
    if day is None or not (day <= today and (until is None or today < until)):
        return None
    if form == "json" and today != day:
        return None
    if sign_of(db, rules) != signed:
        return None
    if form == "json":
        return f'{{\n  "as_of": "{_iso(day)}",\n{json_tail}'
    line = short_line(pairs, today)
    return line + "\n" if line else ""


def _iso(ordinal: int) -> str:
    from datetime import date  # only for a JSON answer (already loaded by sqlite3's path otherwise)

    return date.fromordinal(ordinal).isoformat()


def write(
    path: str, *, made_of: str, db: str, rules: str, signed: str, day: int, until: int | None, pairs,
    document: str | None,
) -> None:
    """Keep an answer: atomically (a temporary file renamed over), 0600, in a 0700
    folder. ``document`` is the ``status --json`` text for ``day``; None (a
    ``--short`` line, which does not import json to write it): a ``--json`` line
    misses and computes it. Best effort."""
    lines = [FORMAT, made_of, db, rules, signed, f"{day} {'' if until is None else until}"]
    lines += [f"{area}\t{'' if u is None else u}" for area, u in pairs]
    if any("\n" in part for part in lines):
        return
    body = "\n".join(lines) + "\n"
    if document is not None:
        prefix = f'{{\n  "as_of": "{_iso(day)}",\n'
        if not document.startswith(prefix):
            return
        body += "JSON\n" + document[len(prefix):]
    write_private(path, body.encode("utf-8"))


def ours(path: str) -> bool:
    """Whether ``path`` is this user's and nobody else may change it (as the opening
    check's markers): a cached answer someone else could plant is not taken."""
    if os.name != "posix":
        return True
    info = os.stat(path)
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def private_dirs(folder: str) -> None:
    """Make ``folder`` and any missing parents, each folder made 0700 whatever the
    umask (as ``locations.make_private_dir``, without pathlib)."""
    missing = []
    here = folder
    while here and not os.path.isdir(here):
        missing.append(here)
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if os.name == "posix":
        for made in missing:
            os.chmod(made, 0o700)


def write_private(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file renamed over it),
    0600, in a 0700 folder (made if missing). Best effort: a cache that cannot be
    written is only a cache not kept."""
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        private_dirs(folder)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


# -- the entry point (``homelog.__main__.run``) --------------------------------------------


def answer(asked: Asked, environ=os.environ) -> str | None:
    """The cached answer to a ``status --short``/``--json`` line, or None when it must be computed."""
    if asked.form == "text":
        return None
    today = today_number(environ)
    made_of = origin(asked.db, asked.rules, environ)
    path = entry_path(made_of, environ)
    if today is None or path is None:
        return None
    return read(path, made_of, asked.form, today, signature)
