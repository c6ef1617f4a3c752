"""The errors a person can cause or meet, each with its exit code.

Front ends catch ``HomelogError`` and show ``str(error)``; anything else is a
bug (shown with a "please report" line, or a traceback under ``--debug``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    BUG = 1  # an unexpected error in homelog itself
    BAD_INPUT = 2  # bad arguments, field values, import rows, rules file
    REFUSED = 3  # a safety rule said stop (and no --override was given)
    DAMAGED = 4  # the file is not a homelog journal, or it is damaged
    LOCKED = 5  # another program held the journal too long
    CANNOT_WRITE = 6  # read-only file or folder, disk full, permission denied
    TOO_NEW = 7  # the journal was written by a newer homelog


class HomelogError(Exception):
    exit_code: ExitCode = ExitCode.BUG
    #: What to do next, as a key each front end words its own way
    #: (``messages.CLI_HINTS`` for the command line); the message is complete without it.
    hint: str | None = None


class InputError(HomelogError, ValueError):
    """Bad input: says what is wrong and what is accepted.

    ``errors`` maps each bad field to its message (a form marks them all);
    the error's own text is the first one's, so a command line says one line."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, message: str, field: str | None = None, *, hint: str | None = None):
        super().__init__(message)
        self.field = field
        self.hint = hint
        self.errors: dict[str, str] = {field: message} if field else {}

    def with_fields(self, found: "list[InputError]") -> "InputError":
        """This error, carrying the messages of every field in ``found`` (the first per field)."""
        for other in found:
            if other.field:
                self.errors.setdefault(other.field, str(other))
        return self


class FieldErrors:
    """Every bad field of one input, collected to be raised as one InputError (a
    form marks them all; a command line says the first)."""

    def __init__(self) -> None:
        self.found: list[InputError] = []

    def check(self, fn, *args, field: str | None = None):
        """``fn(*args)``, or None when it raises InputError (kept; ``field``: the
        value's own field, where the check names a generic one)."""
        try:
            return fn(*args)
        except InputError as exc:
            if field is not None:
                exc.field, exc.errors = field, {field: str(exc)}
            self.found.append(exc)
            return None

    def add(self, error: InputError) -> None:
        self.found.append(error)

    def raise_any(self) -> None:
        if self.found:
            raise self.found[0].with_fields(self.found)


class NotFound(InputError):
    pass


class StorageError(HomelogError):
    """A problem with the journal file; the file is left as it was."""

    def __init__(self, message: str, path=None):
        super().__init__(message)
        self.path = path


class DamagedJournal(StorageError):
    exit_code = ExitCode.DAMAGED


class JournalLocked(StorageError):
    exit_code = ExitCode.LOCKED


class CannotWrite(StorageError):
    exit_code = ExitCode.CANNOT_WRITE


class NoJournal(DamagedJournal):
    """No journal at the path a command reads (nothing was created)."""


class NotAJournal(DamagedJournal):
    """A readable SQLite database of another program."""


class JournalTooNew(StorageError):
    exit_code = ExitCode.TOO_NEW

    def __init__(self, message: str, path=None, revision: str | None = None):
        super().__init__(message, path)
        self.revision = revision


class PassphraseNeeded(InputError):
    """A sync folder's passphrase is needed (``new``: the folder is set up now,
    so a front end asks for it twice). A front end that can ask asks, then
    runs the sync again with it; one that cannot shows the message (exit 2)."""

    def __init__(self, message: str, *, new: bool):
        super().__init__(message, "passphrase")
        self.new = new
