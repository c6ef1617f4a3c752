"""Child for test_debug.py: makes ``JournalFile.status_report`` (what `homelog status` reads) raise, then runs the real
entry point (``homelog.cli.main.run``) with the given arguments."""

import sys

from homelog.service.journal_file import JournalFile


def broken(self, *args, **kwargs):
    raise RuntimeError("kaboom: simulated bug in homelog")


JournalFile.status_report = broken
sys.argv = ["homelog", *sys.argv[1:]]

from homelog.cli.main import run  # noqa: E402

run()
