"""The only I/O of the rules package: read the shipped defaults and a user's rules.toml.

Every problem becomes a RulesError whose message names the file (and, for a
TOML syntax error, the line), ready to show to the user.
"""

from __future__ import annotations

from pathlib import Path

from homelog.rules.common import RulesError
from homelog.rules.table import DEFAULTS_ORIGIN, RuleTable, build_table

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Protocol

    class Compiled(Protocol):
        """Where parsed rules files are kept between runs (``homelog.service.compiled_rules``):
        ``get`` gives the document parsed from exactly ``text``, or None."""

        def get(self, text: str) -> dict | None: ...

        def keep(self, text: str, data: dict) -> None: ...


DEFAULTS_RESOURCE = "defaults.toml"


def default_rules_text() -> str:
    """The shipped defaults.toml, as text (for `homelog rules --defaults` or a starter file)."""
    # Read beside this module: importlib.resources costs more start-up than the read (issue 15).
    return Path(__file__).with_name(DEFAULTS_RESOURCE).read_text(encoding="utf-8")


def default_rules_dict(compiled: Compiled | None = None) -> dict:
    return _parse(default_rules_text(), DEFAULTS_ORIGIN, compiled)


def read_rules_file(path: Path, compiled: Compiled | None = None) -> dict:
    """Parse one TOML rules file; RulesError names the file on any problem."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise RulesError(f"rules file not found: {path}") from None
    except IsADirectoryError:
        raise RulesError(f"rules file is a folder, not a file: {path}") from None
    except OSError as exc:
        raise RulesError(f"cannot read rules file {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return _parse(text, str(path), compiled)


def _parse(text: str, origin: str, compiled: Compiled | None = None) -> dict:
    """The TOML document ``text`` (taken from ``compiled`` when it holds it)."""
    if compiled is not None:
        found = compiled.get(text)
        if found is not None:
            return found
    import tomllib  # its import and the parse: about 2.5 ms of an uncached status

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line L, column C)".
        raise RulesError(f"{origin}: invalid TOML: {exc}") from None
    if compiled is not None:
        compiled.keep(text, data)
    return data


def load_rules(user_path: Path | None = None, must_exist: bool = False, *, compiled: Compiled | None = None) -> RuleTable:
    """The defaults, merged with ``user_path`` if given and present.

    A missing ``user_path`` is ignored unless ``must_exist`` (an explicit
    ``--rules FILE``), when it raises RulesError("rules file not found: PATH").
    ``compiled``: where parsed files are kept between runs (``Compiled``).
    """
    defaults = default_rules_dict(compiled)
    if user_path is None:
        return build_table(defaults)
    path = Path(user_path)
    if not path.exists() and not must_exist:
        return build_table(defaults)
    overrides = read_rules_file(path, compiled)
    return build_table(defaults, overrides, origin=str(path))
