"""Printing for the CLI: one JSON document with --json, plain aligned text otherwise."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import date

from homelog import messages as msg
from homelog.errors import CannotWrite
from homelog.records import AreaStatus, Device, Finding, Session, um_to_mm_text

LEVEL_LABEL = {"stop": "STOP", "caution": "CAUTION", "note": "NOTE"}


#: In JSON output, characters a terminal could act on that ``json`` leaves as they
#: are (DEL, C1 controls, bidirectional overrides, separators): written as \\uXXXX,
#: which a JSON reader turns back into the exact text. A pattern ``re`` compiles on
#: first need (0.4 ms): each of them is unprintable, so lines that are printable hold none.
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"


def _write(stream, text: str) -> None:
    """Write to standard output or error; a full disk or a closed device is exit 6
    (a reader that went away, EPIPE, stays BrokenPipeError: silent)."""
    try:
        stream.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_failed(exc) from None


class TerminalView(io.TextIOBase):
    """Standard output as an export shows on a terminal: each character
    ``messages.safe`` escapes written visibly, CSV's CRLF line ends as the
    terminal's, as ``ls`` shows a name's control characters only when its output
    is a terminal. A pipe or a file gets the exact text: what an export is for."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        _write(sys.stdout, msg.safe(text.replace("\r\n", "\n")))
        return len(text)

    def flush(self) -> None:
        sys.stdout.flush()


def output_failed(exc: OSError) -> CannotWrite:
    return CannotWrite(msg.OUTPUT_FAILED.format(reason=exc.strerror or type(exc).__name__))


def emit_json(document: object) -> None:
    """One JSON document: text exactly as stored (``json`` escapes C0 controls; the
    rest of ``_JSON_UNSAFE`` is escaped here, so no control reaches the terminal raw)."""
    _write(sys.stdout, json_text(document))


def json_text(document: object) -> str:
    """What ``emit_json`` writes for ``document`` (the status cache keeps it too)."""
    import json  # only --json pays for it

    text = json.dumps(document, ensure_ascii=False, indent=2)
    if not all(map(str.isprintable, text.split("\n"))):
        text = re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


def say(text: str = "") -> None:
    """A line of text output: whatever it holds, shown safely (``messages.safe``)."""
    _write(sys.stdout, msg.safe(text) + "\n")


def warn(text: str) -> None:
    try:
        _write(sys.stderr, msg.safe(text) + "\n")
    except (OSError, CannotWrite):
        pass  # nowhere left to say it; the exit code still tells


def flush() -> None:
    """Push what is buffered for standard output out now (exit 6 if it cannot go)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        drop_stdout()
        raise output_failed(exc) from None


def drop_stdout() -> None:
    """Point standard output at the null device: what is still buffered goes nowhere,
    quietly, at exit (after EPIPE, or after an output error already reported)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def findings_lines(findings: Iterable[Finding]) -> list[str]:
    lines = []
    for f in findings:
        lines.append(f"  {LEVEL_LABEL.get(f.level, f.level.upper()):<8} {f.message} [{f.rule}]")
        lines.append(f"  {'':<8} Evidence: {f.source} (sources: homelog rules)")
    return lines


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    rows = [[msg.safe(c) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]


def yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def one_line(text: str, limit: int = 40) -> str:
    flat = msg.safe(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def session_rows(items: Iterable[Session]) -> Iterable[list[str]]:
    for s in items:
        yield [
            str(s.id),
            s.date.isoformat(),
            s.area,
            s.needle_mm_text,
            s.device_name or ("-" if s.device_id is None else f"#{s.device_id}"),
            yes_no(s.disinfected),
            ("⚑ " if s.override_reason else "") + one_line(s.notes),
        ]


SESSION_HEADERS = ("ID", "DATE", "AREA", "MM", "DEVICE", "CLEAN", "NOTES (⚑ = saved with override)")


def state_text(st: AreaStatus, as_of: date) -> str:
    """The area's state in words: ready; ready with a caution (you may go ahead); or
    stopped, until ``ready_on`` or with no date."""
    if st.state == "ready":
        return msg.STATE_READY
    if st.state == "caution":
        why = ", ".join(dict.fromkeys(
            hold_word(f) + (f" until {f.until.isoformat()}" if f.until else "") for f in st.holds if f.level == "caution"
        ))
        return msg.STATE_CAUTION.format(why=why)
    rules = ", ".join(st.held_by)
    if st.ready_on is None:
        return msg.STATE_HELD_NO_DATE.format(rules=rules)
    left = msg.days_left((st.ready_on - as_of).days)
    if st.held_by == ("rest-period",):
        return msg.STATE_RESTING.format(date=st.ready_on.isoformat(), days=left)
    return msg.STATE_HELD_UNTIL.format(rules=rules, date=st.ready_on.isoformat(), days=left)


def hold_word(f: Finding) -> str:
    """A hold in one word: the condition kind a contraindication quotes, else the rule id."""
    if f.rule == "contraindication" and '"' in f.message:
        return f.message.split('"')[1]
    return f.rule


def status_lines(items: Sequence[AreaStatus], as_of: date) -> list[str]:
    rows = []
    for st in items:
        last = "-" if st.last_session is None else f"{st.last_session.date.isoformat()} ({st.last_session.needle_mm_text} mm)"
        rows.append([st.area, st.group, state_text(st, as_of), last])
    return [f"As of {as_of.isoformat()}:"] + table(("AREA", "GROUP", "STATE", "LAST SESSION"), rows)


def device_rows(items: Iterable[Device]) -> Iterable[list[str]]:
    for d in items:
        yield [
            str(d.id),
            d.name,
            d.kind,
            "-" if d.needle_um is None else um_to_mm_text(d.needle_um),
            str(d.uses),
            d.first_used.isoformat() if d.first_used else "-",
            device_state(d),
        ]


def device_state(d: Device) -> str:
    if d.shared_from is not None:
        return msg.SHARED_STATE.format(date=d.shared_from.isoformat())
    if d.retired:
        return "retired"
    return f"in use, {msg.PEN_OUTLOOK}" if d.kind == "pen" else "in use"


def application_lines(applications: Sequence) -> list[str]:
    """``list``: the products applied (``Application`` records), newest first; none: no line."""
    if not applications:
        return []
    rows = ([str(a.id), a.date.isoformat(), a.area, a.product.name] for a in applications)
    return ["", msg.APPLICATIONS_HEADING, *table(("ID", "DATE", "AREA", "PRODUCT"), rows)]


def shared_lines(devices: Sequence[Device]) -> list[str]:
    """``status``: the devices used on someone else (none: no line)."""
    if not devices:
        return []
    return ["", msg.SHARED_DEVICES_HEADING] + [
        msg.SHARED_DEVICE_LINE.format(id=d.id, name=d.name, date=d.shared_from.isoformat()) for d in devices
    ]


DEVICE_HEADERS = ("ID", "NAME", "KIND", "MM", "USES", "FIRST USE", "STATE")


def json_flag(p) -> None:
    """The --json option of a command whose help needs no more than this."""
    p.add_argument("--json", action="store_true", help="print exactly one JSON document on stdout")


def say_findings(findings, heading: str = msg.IMPORT_FINDINGS) -> None:
    """An import's or a sync's findings (``FindingSummary``): per rule and level, a count and examples."""
    if not findings:
        return
    say(heading)
    for f in findings:
        label = LEVEL_LABEL.get(f.level, f.level.upper())
        say(f"  {label:<8} {f.rule}: {msg.plural(f.count, 'session')}")
        for where, message in f.examples:
            say(f"  {'':<8}   {where}: {message}")
