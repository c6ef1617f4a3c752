"""homelog's CSV format: columns, formula-injection escaping, writing and reading.

The file is UTF-8, RFC 4180 style (comma, ``"`` quoting where needed, CRLF
between records; a note's own line breaks stay LF inside its quoted cell),
with one header row and one row per session. Dates are ISO 8601
(YYYY-MM-DD), needle lengths are millimetres as a person writes them (0.25),
``disinfected`` is ``true``, ``false`` or empty (not recorded).

No byte-order mark by default: a BOM becomes part of the first header name
for many Unix tools, scripts and strict parsers (``\\ufeffuid``), and CSV is
for them as much as for spreadsheets. ``bom=True`` (``homelog export
--excel``) writes one, which makes older Excel versions read the file as
UTF-8 rather than the local code page. Reading accepts both.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and some tools with a tab, CR or LF) as a formula, even
when quoted. So every *text* cell (uid, area, device, notes, override
reason, overridden rules, device uid and kind) that starts with one of those,
or with a single quote, gets one leading ``'`` added; import removes exactly
one leading ``'`` from a text cell that has one. Escaping cells that start
with ``'`` too keeps the round trip exact: a note that really starts with
``'`` is written ``''…`` and read back as ``'…``. Numbers and dates are never
escaped (a leading ``-`` there would change the value; homelog never writes
a negative number). Fullwidth ``＝ ＋ － ＠`` are escaped as well, since some
spreadsheets treat them as their ASCII forms.

Limit (documented, not solved): a spreadsheet opened in a locale whose list
separator is ``;`` splits cells on ``;`` rather than ``,``; a note
containing ``;=…`` could then start a cell with ``=``. Import such files
with the delimiter the file uses, and open exports with "Data > From Text".
"""

from __future__ import annotations

import csv
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO

from homelog import messages as msg
from homelog.errors import InputError
from homelog.records import um_to_mm_text

#: The header, in order. ``id`` is informational (the id in the exporting journal).
COLUMNS = (
    "uid",
    "id",
    "date",
    "area",
    "needle_mm",
    "device",
    "disinfected",
    "notes",
    "override_reason",
    "overridden_rules",
    "device_uid",
    "device_kind",
    "device_needle_mm",
    "healed_on",
    "max_redness",
    "products",
    "cartridge",
)
#: Written on export, accepted and ignored on import (summaries of the skin's observations).
SUMMARY_COLUMNS = ("healed_on", "max_redness")
#: Written on export (the names of the session's products, ``;``-separated, and a pen
#: session's cartridge), accepted and ignored on import: the JSON carries both.
PRODUCT_COLUMNS = ("products", "cartridge")
#: What an import source yields for each record, in this order (``CsvSource``
#: and ``homelog.transfer.json_format.JsonSource``): text, or for JSON any value;
#: a column the file lacks is ``""`` (CSV) or ``None`` (JSON). ``device_retired``
#: is ``True`` only when a JSON document's device says so.
RECORD_FIELDS = (
    "uid",
    "date",
    "area",
    "needle_mm",
    "disinfected",
    "notes",
    "override_reason",
    "overridden_rules",
    "device_uid",
    "device",
    "device_kind",
    "device_needle_mm",
    "device_retired",
)
#: A hand-made file needs at least these; every other column may be missing or empty.
REQUIRED = ("date", "area", "needle_mm")
#: Cells that hold free or named text: escaped on export, unescaped on import.
TEXT_COLUMNS = frozenset(
    {"uid", "area", "device", "notes", "override_reason", "overridden_rules", "device_uid", "device_kind", "products"}
)
#: Other spellings accepted in a hand-made header.
ALIASES = {
    "needle": "needle_mm",
    "needle_length": "needle_mm",
    "device_name": "device",
    "reason": "override_reason",
    "override": "override_reason",
}

#: A text cell starting with one of these gets a leading ``'`` on export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "'", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"

BOOL_TEXT = {True: "true", False: "false", None: ""}  # 1 and 0 find True and False (equal, same hash)
DELIMITERS = (",", ";", "\t")
CHUNK = 1000


def escape_cell(text: str) -> str:
    """One leading ``'`` for a text cell that a spreadsheet could run (or that starts with ``'``)."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell``: exactly one leading ``'`` removed."""
    return text[1:] if text.startswith(QUOTE) else text


# -- writing ---------------------------------------------------------------------

_mm_text = functools.cache(um_to_mm_text)  # micrometres -> '0.25', once per distinct length


def _text_cell(text: str | None) -> str:
    return "" if text is None else escape_cell(text)


def _cells(rows: Sequence[tuple]) -> Iterator[tuple]:
    """Rows in ``homelog.store.bulk.EXPORT_FIELDS`` order -> CSV cells in ``COLUMNS`` order."""
    for sid, uid, day, area, um, dis, notes, reason, rules, _did, duid, dname, dkind, dum, *_ in rows:
        yield (
            escape_cell(uid),
            sid,
            day,
            escape_cell(area),
            _mm_text(um),
            _text_cell(dname),
            BOOL_TEXT[dis],
            _text_cell(notes),
            _text_cell(reason),
            _text_cell(rules),
            _text_cell(duid),
            _text_cell(dkind),
            "" if dum is None else _mm_text(dum),
        )


def write_csv(
    stream: TextIO,
    chunks: Iterable[Sequence[tuple]],
    *,
    bom: bool = False,
    on_chunk: Callable[[int], None] | None = None,
    summaries: Callable[[Sequence[tuple]], Sequence[tuple]] | None = None,
    products: Callable[[Sequence[tuple]], Sequence[str]] | None = None,
) -> int:
    """Write the header and every row of ``chunks`` (lists of ``EXPORT_FIELDS`` tuples).

    ``summaries(chunk)`` gives the ``SUMMARY_COLUMNS`` cells of each row of a chunk
    (empty cells without it); ``products(chunk)`` the ``products`` cell of each
    (the names, ``;``-separated; empty without it).

    ``stream`` must be opened with ``newline=''``. Returns the number of rows;
    ``on_chunk(rows_so_far)`` is called after each chunk (for a progress bar).
    """
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    empty = itertools.repeat(("", ""))
    no_products = itertools.repeat("")
    for chunk in chunks:
        tail = empty if summaries is None else summaries(chunk)
        names = no_products if products is None else products(chunk)
        writer.writerows(
            cells + extra + (_text_cell(name), (row[14] if len(row) > 14 else None) or "")
            for cells, extra, name, row in zip(_cells(chunk), tail, names, chunk)
        )
        count += len(chunk)
        if on_chunk is not None:
            on_chunk(count)
    return count


# -- reading ---------------------------------------------------------------------


def _normalise(name: str) -> str:
    name = unescape_cell(name.replace("\ufeff", "").strip()).strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def _sniff_delimiter(first_line: str) -> str:
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        names = {_normalise(c) for c in cells}
        if all(r in names for r in REQUIRED):
            return delimiter
    return ","


class CsvSource:
    """The records of a CSV file, read one at a time.

    ``columns``: the known columns the header names; ``ignored``: the header's
    other columns (kept out of the records). Iterating yields ``(line, cells)``
    where ``line`` is the physical line the record starts on (the header is
    line 1, if the file starts with it; a quoted note may span several lines)
    and ``cells`` maps each known column to its text, unescaped.
    """

    def __init__(self, stream: TextIO, name: str = "the file"):
        self.name = name
        lines = iter(stream)
        try:
            first = next(lines, "")
        except UnicodeDecodeError:
            raise InputError(msg.IMPORT_NOT_UTF8.format(name=name, line=1)) from None
        self.delimiter = _sniff_delimiter(first)
        self._reader = csv.reader(itertools.chain([first], lines), delimiter=self.delimiter, strict=True)
        header, self.header_line = self._first_record()
        if header is None:
            raise InputError(msg.IMPORT_EMPTY.format(name=name))
        positions: dict[str, int] = {}
        ignored: list[str] = []
        for index, raw in enumerate(header):
            column = _normalise(raw)
            if column in COLUMNS:
                if column in positions:
                    raise InputError(
                        msg.IMPORT_AT.format(where=f"line {self.header_line}", problem=msg.IMPORT_DUPLICATE_COLUMN.format(column=column))
                    )
                positions[column] = index
            elif column:
                ignored.append(raw.strip())
        missing = [c for c in REQUIRED if c not in positions]
        if missing:
            raise InputError(msg.IMPORT_MISSING_COLUMNS.format(name=name, columns=", ".join(missing)))
        self.columns = tuple(positions)
        self.ignored = tuple(ignored)
        self._positions = positions
        self._width = len(header)

    def _next(self) -> tuple[list[str] | None, int]:
        line = self._reader.line_num + 1
        try:
            return next(self._reader), line
        except StopIteration:
            return None, line
        except (UnicodeDecodeError, csv.Error) as exc:
            raise self._unreadable(exc, line) from None

    def _unreadable(self, exc: Exception, line: int) -> InputError:
        if isinstance(exc, UnicodeDecodeError):
            return InputError(msg.IMPORT_NOT_UTF8.format(name=self.name, line=self._reader.line_num + 1))
        problem = msg.IMPORT_BAD_CSV.format(detail=str(exc))
        return InputError(msg.IMPORT_AT.format(where=f"line {line}", problem=problem))

    def _first_record(self) -> tuple[list[str] | None, int]:
        while True:
            record, line = self._next()
            if record is None or any(cell.strip() for cell in record):
                return record, line

    def __iter__(self) -> Iterator[tuple[int, tuple]]:
        """(line, values in ``RECORD_FIELDS`` order); blank records are skipped.

        This runs once per imported row: the cells are picked with one
        ``itemgetter`` from the record padded to ``[..., "", False]`` (a column
        the file lacks reads the "" at ``width``; ``device_retired`` the False)."""
        width = self._width
        pad = [""] * (width + 1) + [False]
        tail = pad[width:]
        spots = {**self._positions, "device_retired": width + 1}
        cells_of = operator.itemgetter(*(spots.get(f, width) for f in RECORD_FIELDS))
        unescape = [i for i, f in enumerate(RECORD_FIELDS) if f in TEXT_COLUMNS and f in self._positions]
        # The text cells joined by NUL (with the padding cell: always two or more):
        # a cell starts with ' only if the join starts with ' or holds NUL + '.
        texts_of = operator.itemgetter(*(self._positions[RECORD_FIELDS[i]] for i in unescape), width)
        quote, nul, nul_quote = QUOTE, "\x00", "\x00" + QUOTE
        reader = self._reader
        while True:
            line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as exc:
                raise self._unreadable(exc, line) from None
            size = len(record)
            if size > width:
                if any(cell.strip() for cell in record[width:]):
                    problem = msg.IMPORT_TOO_MANY_CELLS.format(found=size, expected=width)
                    raise InputError(msg.IMPORT_AT.format(where=f"line {line}", problem=problem))
                del record[width:]
            if not record or (not record[0].strip() and not "".join(record).strip()):
                continue  # a blank line
            record += pad[size:] if size < width else tail
            values = cells_of(record)
            joined = nul.join(texts_of(record))
            if quote in joined and (joined.startswith(quote) or nul_quote in joined):  # an escaped cell (rare)
                values = tuple(v[1:] if k in unescape and v.startswith(quote) else v for k, v in enumerate(values))
            yield line, values
