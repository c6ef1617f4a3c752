"""Export, import, backup and restore: the use cases behind ``homelog export``,
``import``, ``backup`` and ``restore``, usable from the TUI as well. Each lives
in its own module; this one names them together for the front ends.

* ``export_sessions(journal, fmt, target, flt, progress=None) -> int`` (``export``)
* ``import_sessions(journal, source, fmt=None, progress=None) -> ImportResult``
  (``importing``; it reads with ``import_source`` and ``import_rows``, matches
  devices in ``import_devices`` and summarises findings in ``import_findings``),
  and ``import_to_new_journal(where, source, ...)`` when there is no journal yet
* ``backup_journal(db_path, output=None) -> Path`` and
  ``restore_journal(db_path, source, *, areas, kinds) -> RestoreResult`` (``backup``)

``progress(phase, done, total)`` is an optional callback
(``homelog.transfer.progress.ProgressBar`` draws one on a terminal).
"""

from __future__ import annotations

from homelog.service.backup import RestoreResult, backup_journal, restore_journal
from homelog.service.export import export_sessions
from homelog.service.import_findings import FindingSummary
from homelog.service.importing import ImportResult, import_sessions, import_to_new_journal

__all__ = [
    "FindingSummary",
    "ImportResult",
    "RestoreResult",
    "backup_journal",
    "export_sessions",
    "import_sessions",
    "import_to_new_journal",
    "restore_journal",
]
