"""``export_sessions``: the live sessions to CSV or JSON, streamed from one read
transaction; a file target is written atomically (complete or not at all)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from homelog import messages as msg
from homelog.errors import InputError
from homelog.records import SessionFilter
from homelog.service import product_transfer, skin_transfer
from homelog.service.files import check_format, is_the_journal, user_path
from homelog.store import bulk
from homelog.transfer import atomic, csv_format, json_format
from homelog.transfer.progress import Progress

if TYPE_CHECKING:
    from homelog.service.journal_file import JournalFile


def _not_the_journal(target: object, db_path: Path) -> None:
    """An export must never replace the journal (or its WAL) with a text file."""
    if target is None or atomic.is_stream(target) or target == "-":
        return
    if is_the_journal(user_path(target), db_path):  # type: ignore[arg-type]
        raise InputError(msg.EXPORT_ONTO_JOURNAL.format(path=db_path), "output")


def export_sessions(
    journal: "JournalFile",
    fmt: str = "csv",
    target: str | os.PathLike | IO | None = None,
    flt: SessionFilter = SessionFilter(),
    progress: Progress | None = None,
    *,
    bom: bool = False,
) -> int:
    """Write the live sessions matching ``flt`` (oldest first) to ``target``; return how many.

    ``target``: a path (written atomically, 0600), ``None`` or ``"-"`` for standard
    output, a FIFO or device path (written directly), or an open stream.
    ``bom`` (CSV only) starts the file with a UTF-8 byte-order mark for Excel.
    """
    fmt = check_format(fmt) or "csv"
    _not_the_journal(target, Path(journal.db.path))
    where = {"area": flt.area, "date_from": flt.date_from, "date_to": flt.date_to}
    with journal.db.raw(write=False) as con:
        total = bulk.count_sessions(con, **where) if progress is not None else None
        cursor = bulk.select_sessions(con, **where)
        chunks = iter(lambda: cursor.fetchmany(csv_format.CHUNK), [])
        on_chunk = None if progress is None else (lambda done: progress("export", done, total))
        if progress is not None:
            progress("export", 0, total)
        with atomic.open_output(target) as out:
            if fmt == "csv":
                summaries = skin_transfer.csv_summaries(con)
                count = csv_format.write_csv(
                    out, chunks, bom=bom, on_chunk=on_chunk, summaries=summaries, products=product_transfer.csv_products(con)
                )
            else:
                count = json_format.write_json(
                    out,
                    chunks,
                    exported=datetime.now().astimezone().isoformat(timespec="seconds"),
                    devices=lambda ids: [json_format.device_json(r) for r in bulk.devices_with_use(con, ids)],
                    on_chunk=on_chunk,
                    extras=lambda: {**skin_transfer.json_extras(con, **where), **product_transfer.json_extras(con)},
                    products=product_transfer.json_products(con),
                )
        cursor.close()
    return count
