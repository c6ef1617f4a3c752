"""Where homelog keeps its files: the one module that knows paths.

Defaults come from platformdirs; ``--db`` / ``HOMELOG_DB`` choose another
journal file, ``HOMELOG_CONFIG_DIR`` another config folder (tests use both so
they never touch a person's real data).
"""


import os
import sys
from pathlib import Path

from homelog.record_type import Record

APP_NAME = "homelog"
DB_FILE_NAME = "journal.db"
RULES_FILE_NAME = "rules.toml"
BACKUP_DIR_NAME = "backups"


def _linux_dir(xdg_var: str, under_home: str) -> Path | None:
    """platformdirs' folder on Linux, without importing it (about 5 ms of every
    command), when its answer is certain: ``$XDG_...`` absolute (that folder), or
    unset or empty with an absolute ``HOME`` (``~/<under_home>``). None otherwise
    (another platform, a relative or blank variable, no HOME): ask platformdirs.
    tests/test_locations_fast.py holds this equal to platformdirs."""
    if not sys.platform.startswith("linux") or hasattr(sys, "getandroidapilevel"):
        return None
    xdg = os.environ.get(xdg_var, "")
    if xdg:
        return Path(xdg, APP_NAME) if os.path.isabs(xdg) else None
    home = os.environ.get("HOME", "")
    return Path(home, under_home, APP_NAME) if os.path.isabs(home) else None


def default_data_dir() -> Path:
    fast = _linux_dir("XDG_DATA_HOME", ".local/share")
    if fast is not None:
        return fast
    from platformdirs import user_data_path

    # appauthor=False: no "homelog\homelog" doubling on Windows; never roaming
    # (a synced folder is no place for an open SQLite file).
    return user_data_path(APP_NAME, appauthor=False)


def default_config_dir() -> Path:
    env = os.environ.get("HOMELOG_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    fast = _linux_dir("XDG_CONFIG_HOME", ".config")
    if fast is not None:
        return fast
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_cache_dir() -> Path:
    env = os.environ.get("HOMELOG_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    fast = _linux_dir("XDG_CACHE_HOME", ".cache")
    if fast is not None:
        return fast
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


class Locations(Record):
    db: Path
    config_dir: Path
    rules: Path | None  # an explicit --rules file, else None (use config_dir/rules.toml if present)

    @property
    def backups(self) -> Path:
        """Backups sit beside the journal they copy."""
        return self.db.parent / BACKUP_DIR_NAME

    @property
    def user_rules(self) -> Path:
        return self.rules if self.rules is not None else self.config_dir / RULES_FILE_NAME

    def to_json(self) -> dict:
        return {
            "database": str(self.db),
            "config_dir": str(self.config_dir),
            "rules": str(self.user_rules),
            "rules_exists": self.user_rules.is_file(),
            "backups": str(self.backups),
        }


def resolve(db: str | os.PathLike | None = None, rules: str | os.PathLike | None = None) -> Locations:
    """Work out every path from the options and the environment (creates nothing)."""
    if db is None:
        db = os.environ.get("HOMELOG_DB") or None
    for value in (db, rules):
        if value is not None and "\x00" in str(value):
            from homelog.errors import InputError

            raise InputError(f"The file name {str(value)!r} contains a NUL character.")
    db_path = Path(db).expanduser() if db else default_data_dir() / DB_FILE_NAME
    rules_path = Path(rules).expanduser() if rules else None
    return Locations(db=db_path.absolute(), config_dir=default_config_dir(), rules=rules_path)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; best effort:
    a folder that cannot be opened or synced is left as it is)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each folder it makes 0700 whatever
    the umask (a folder that was already there keeps its mode)."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        for folder in missing:
            os.chmod(folder, 0o700)
