"""The file formats on their own: escaping, CSV writing/reading, JSON, progress."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homelog.errors import InputError
from homelog.transfer import csv_format, json_format
from homelog.transfer.progress import ProgressBar

DANGER = ("=", "+", "-", "@", "\t", "\r", "\n")

# Any text at all, biased towards the starts that matter.
tricky = st.one_of(
    st.text(),
    st.tuples(st.sampled_from(["=", "+", "-", "@", "'", "''", "\t", "\r", "\n", " ", "\uff1d", ""]), st.text()).map("".join),
)


@given(tricky)
def test_escape_is_safe_and_reversible(text):
    escaped = csv_format.escape_cell(text)
    assert not escaped.startswith(DANGER)
    assert csv_format.unescape_cell(escaped) == text
    # At most one quote is added, and only when needed.
    assert escaped in (text, "'" + text)


def test_escape_examples():
    assert csv_format.escape_cell("=1+2") == "'=1+2"
    assert csv_format.escape_cell("-0.5") == "'-0.5"
    assert csv_format.escape_cell("'already") == "''already"
    assert csv_format.escape_cell("plain") == "plain"
    assert csv_format.escape_cell("") == ""
    assert csv_format.unescape_cell("''already") == "'already"


def _row(notes="", **kw):
    # bulk.EXPORT_FIELDS order
    values = dict(
        id=1,
        uid="u-1",
        date="2025-05-01",
        area="face",
        needle_um=250,
        disinfected=None,
        notes=notes,
        override_reason=None,
        overridden_rules=None,
        device_id=None,
        device_uid=None,
        device_name=None,
        device_kind=None,
        device_needle_um=None,
    )
    values.update(kw)
    return tuple(values.values())


def named(values: tuple) -> dict:
    """A source's values by field name, leaving out the fields the file does not give."""
    return {f: v for f, v in zip(csv_format.RECORD_FIELDS, values) if v not in ("", None, False)}


@settings(max_examples=60)
@given(st.lists(tricky, min_size=1, max_size=5))
def test_csv_write_then_read_gives_the_exact_text_back(notes):
    """Any text (quotes, commas, CR, LF, tabs, leading = + - @ ', unicode, empty)
    survives writing and reading, and every record starts on the line counted."""
    rows = [_row(n, id=i, uid=f"u-{i}") for i, n in enumerate(notes)]
    out = io.StringIO(newline="")
    assert csv_format.write_csv(out, [rows]) == len(rows)
    text = out.getvalue()
    source = csv_format.CsvSource(io.StringIO(text, newline=""))
    got = list(source)
    assert [named(values).get("notes", "") for _, values in got] == notes
    # The physical line each record starts on (header = line 1).
    expected_line = 2
    for (line, _), note in zip(got, notes):
        assert line == expected_line
        expected_line += 1 + note.count("\n") + note.count("\r") - note.count("\r\n")


def test_csv_cells_as_written():
    out = io.StringIO(newline="")
    csv_format.write_csv(
        out,
        [
            [
                _row("a,b", needle_um=250, disinfected=1, device_name="=Pen", device_kind="pen", device_uid="d-1"),
                _row("", needle_um=1000, disinfected=0, override_reason="-why", overridden_rules="rest-period"),
                _row("", needle_um=500, device_needle_um=500),
            ]
        ],
    )
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert ",".join(rows[0]) == "uid,id,date,area,needle_mm,device,disinfected,notes,override_reason,overridden_rules,device_uid,device_kind,device_needle_mm,healed_on,max_redness"
    first, second, third = (dict(zip(rows[0], r)) for r in rows[1:])
    assert first["needle_mm"] == "0.25" and first["disinfected"] == "true" and first["device"] == "'=Pen"
    assert first["notes"] == "a,b"
    assert second["needle_mm"] == "1.0" and second["disinfected"] == "false"
    assert second["override_reason"] == "'-why" and second["overridden_rules"] == "rest-period"
    assert third["disinfected"] == "" and third["device_needle_mm"] == "0.5"
    assert out.getvalue().endswith("\r\n") and "\ufeff" not in out.getvalue()


def test_bom_only_when_asked():
    out = io.StringIO(newline="")
    csv_format.write_csv(out, [], bom=True)
    assert out.getvalue().startswith("\ufeffuid,id,date")
    # and reading tolerates it
    source = csv_format.CsvSource(io.StringIO(out.getvalue()))
    assert "uid" in source.columns


def test_header_names_are_forgiving():
    text = "Date;Area;Needle (mm);Notes;Extra\n2025-01-01;face;0.5;x;y\n"
    with pytest.raises(InputError):  # "needle (mm)" is not a name we know
        csv_format.CsvSource(io.StringIO(text))
    text = "Date;Area;Needle;Notes;Extra\r\n2025-01-01;face;0.5;x;y\r\n"
    source = csv_format.CsvSource(io.StringIO(text, newline=""))
    assert source.delimiter == ";"
    assert source.ignored == ("Extra",)
    assert [(line, named(v)) for line, v in source] == [(2, {"date": "2025-01-01", "area": "face", "needle_mm": "0.5", "notes": "x"})]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "empty"),
        ("date,area\n2025-01-01,face\n", "needle_mm"),
        ("date,area,needle_mm,date\n", "twice"),
        ('date,area,needle_mm\n2025-01-01,face,0.5\n2025-01-02,face,0.5,oops\n', "line 3"),
        ('date,area,needle_mm,notes\n2025-01-01,face,0.5,"a"b"\n', "line 2"),
    ],
)
def test_bad_csv_structure(text, expected):
    with pytest.raises(InputError) as err:
        list(csv_format.CsvSource(io.StringIO(text, newline="")))
    assert expected in str(err.value)


def test_blank_lines_and_trailing_empty_cells_are_ignored():
    text = "date,area,needle_mm\r\n\r\n2025-01-01,face,0.5,,\r\n\r\n"
    got = [(line, named(v)) for line, v in csv_format.CsvSource(io.StringIO(text, newline=""))]
    assert got == [(3, {"date": "2025-01-01", "area": "face", "needle_mm": "0.5"})]


def test_json_document_streams_and_reads_back():
    out = io.StringIO()
    rows = [_row("x\ny", device_id=7, device_uid="d-7"), _row("", id=2, uid="u-2")]
    count = json_format.write_json(
        out,
        [rows],
        exported="2025-06-01T10:00:00+00:00",
        devices=lambda ids: [json_format.device_json((7, "d-7", "Pen", "pen", None, 0, 1, "2025-05-01"))] if ids == {7} else [],
    )
    assert count == 2
    document = json.loads(out.getvalue())
    assert document["format"] == "homelog" and document["version"] == 1
    assert document["sessions"][0]["notes"] == "x\ny" and document["sessions"][0]["needle_mm"] == 0.25
    assert document["sessions"][0]["device_uid"] == "d-7" and document["sessions"][1]["disinfected"] is None
    assert document["devices"][0]["name"] == "Pen"
    source = json_format.JsonSource(io.BytesIO(out.getvalue().encode()))
    got = [(where, named(v)) for where, v in source]
    assert got[0][0] == "sessions[0]" and got[0][1]["device"] == "Pen" and got[0][1]["device_kind"] == "pen"


def test_empty_json_document_is_valid():
    out = io.StringIO()
    json_format.write_json(out, [], exported="x", devices=lambda ids: [])
    assert json.loads(out.getvalue())["sessions"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a homelog export"),
        ('{"format": "homelog", "version": 2, "sessions": []}', "newer homelog"),
        ('[1]', "sessions[0]"),
        ('[{"date": "2025-01-01", "area": "face", "needle_mm": 0.5, "device_id": 3}]', "device_id 3"),
    ],
)
def test_bad_json(text, expected):
    with pytest.raises(InputError) as err:
        list(json_format.JsonSource(io.BytesIO(text.encode())))
    assert expected in str(err.value)


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_only_on_a_terminal():
    quiet = io.StringIO()
    bar = ProgressBar(quiet)
    bar("export", 10, 100)
    bar.close()
    assert quiet.getvalue() == ""

    tty = _Tty()
    clock = iter(range(100)).__next__
    bar = ProgressBar(tty, clock=lambda: float(clock()))
    bar("export", 50, 100)
    bar("export", 100, 100)
    bar("read", 10, None)
    bar.close()
    text = tty.getvalue()
    assert "\rExporting" in text and " 50%" in text and "100,000" not in text and "100/100" in text
    assert text.endswith("\r")
