"""What the safety rules say about an import's sessions, checked against the
journal as it will be after the import: per rule and level, how many sessions
(``rules.summarise``) and the first ``EXAMPLES`` worded (``rules.evaluate``)."""

from __future__ import annotations

import sqlite3
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from homelog.record_type import Record
from homelog.records import DeviceUse, SessionInput
from homelog.service.import_rows import ImportRow, at
from homelog.store import bulk, rule_inputs
from homelog.transfer.progress import Progress

if TYPE_CHECKING:
    from homelog.rules import RuleTable
    from homelog.service.import_devices import JournalDevice

EXAMPLES = 3  # messages kept per rule and level in an import's summary


@dataclass(frozen=True)
class FindingSummary:
    """How many imported sessions got a finding of ``rule`` at ``level``, with examples."""

    rule: str
    level: str
    count: int
    source: str
    sources: tuple[str, ...]
    examples: tuple[tuple[str, str], ...]  # (where: "line 5" / "sessions[4]", message)

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "level": self.level,
            "count": self.count,
            "source": self.source,
            "sources": list(self.sources),
            "examples": [{"where": w, "message": m} for w, m in self.examples],
        }


class Facts(Record):
    """One session as ``rules.summarise`` takes it (day numbers are ``date.toordinal()``);
    ``_facts`` builds plain tuples in this order, one per imported row."""

    day: int
    area: str
    needle_um: int
    disinfected: int | None
    uses: int | None  # the device's live uses on earlier days (None: no device)
    first_used: int | None
    kind: str | None = None  # the device's kind
    shared_from: int | None = None  # the day number it was first used on someone else


History = dict[str, list[tuple[int, int]]]  # area -> (day number, needle_um), sorted
ADDED_IDS = 1 << 62  # the added sessions' ids as the rules see them: after every journal id


class _Past(Record):
    """A session in the history handed to the rules engine."""

    date: date
    area: str
    needle_um: int
    id: int


@dataclass
class _Inputs:
    """What the rules read for an import's sessions (see ``rules.summarise``)."""

    facts: list[tuple]  # Facts order
    history: History
    sessions: dict[str, list[tuple[int, int, int]]]  # area -> (day, id, needle_um), sorted
    observed: dict
    reactions: tuple
    conditions: tuple


def _facts(
    con: sqlite3.Connection,
    table: "RuleTable",
    rows: Sequence[ImportRow],
    device_id: Mapping[int | None, int | None],
    kinds: Mapping[int, str] | None = None,
) -> _Inputs:
    """Read before the sessions are written (none of them is among the journal's
    live sessions: a revived one is deleted until then): their facts, and the
    live sessions of their areas over the days that can matter (theirs and the
    journal's, with the latest one before those for ``recovery``), their
    observations and the live conditions."""
    from homelog.rules import history_window, observed_from

    days = {text: date.fromisoformat(text).toordinal() for text in {r.date for r in rows}}
    sessions: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, r in enumerate(rows):
        sessions[r.area].append((days[r.date], ADDED_IDS + i, r.needle_um))
    reactions: list = []
    for area, entries in sessions.items():
        lo, hi = min(entries)[0], max(entries)[0]
        first = history_window(table, area, date.fromordinal(lo), sys.maxsize)[0]
        last = history_window(table, area, date.fromordinal(hi), sys.maxsize)[1]
        marks = rule_inputs.session_marks(con, area, first, last)
        if marks:
            reactions += rule_inputs.reactions_for(con, area, date.fromordinal(marks[0][0]), last, date.max)
        entries += marks
        entries.sort()
    reactions += rule_inputs.infection_reactions(con, date.max)
    history: History = {area: [(day, um) for day, _, um in entries] for area, entries in sessions.items()}
    observed = observed_from(sessions, reactions, new_from=ADDED_IDS)

    # A device's uses before a session: its live sessions on earlier days (the
    # journal's and the added ones).
    device_days: dict[int, list[int]] = defaultdict(list)
    for did, day in bulk.device_days(con, {device_id[r.device] for r in rows if r.device is not None}):
        device_days[did].append(day)
    for r in rows:
        if r.device is not None:
            device_days[device_id[r.device]].append(days[r.date])  # type: ignore[index]
    for numbers in device_days.values():
        numbers.sort()
    shared = shared_days(con)
    kinds = kinds or {}
    facts = []
    for r in rows:
        d = days[r.date]
        if r.device is None:
            facts.append((d, r.area, r.needle_um, r.disinfected, None, None))
        else:
            did = device_id[r.device]
            numbers = device_days[did]  # type: ignore[index]
            facts.append((d, r.area, r.needle_um, r.disinfected, bisect_left(numbers, d), numbers[0], kinds.get(did), shared.get(did)))
    return _Inputs(facts, history, dict(sessions), observed, tuple(dict.fromkeys(reactions)), rule_inputs.live_conditions(con))


def shared_days(con: sqlite3.Connection) -> dict[int, int]:
    """Device id -> the day number it was first used on someone else (the shared ones only)."""
    rows = con.execute("SELECT id, shared_from FROM devices WHERE shared_from IS NOT NULL")
    return {did: date.fromisoformat(day).toordinal() for did, day in rows}


def import_findings(
    con: sqlite3.Connection,
    table: "RuleTable",
    rows: Sequence[ImportRow],
    device_id: Mapping[int | None, int | None],
    devices: Mapping[int, "JournalDevice"],
    progress: Progress | None,
) -> tuple[FindingSummary, ...]:
    """The findings for the sessions ``rows`` add (``device_id``: a row's device
    index -> the journal's device id, None -> None; ``devices``: the journal's
    devices by id)."""
    from homelog.rules import evaluate, history_window, summarise

    if not rows:
        return ()
    inputs = _facts(con, table, rows, device_id, {d.id: d.kind for d in devices.values()})
    facts = inputs.facts
    if progress is not None:
        progress("check", 0, len(rows))
    summary = summarise(
        table, facts, inputs.history, observed=inputs.observed, conditions=inputs.conditions, examples=EXAMPLES
    )

    def worded(index: int, rule: str, level: str) -> str:
        fact = Facts(*facts[index])
        on = date.fromordinal(fact.day)
        lo, hi = (x.toordinal() for x in history_window(table, fact.area, on, fact.needle_um))
        entries = inputs.sessions[fact.area]
        start = bisect_left(entries, (lo, 0, 0))
        window = entries[max(start - 1, 0) : bisect_right(entries, (hi, sys.maxsize, sys.maxsize))]  # with the one before
        past = [_Past(date.fromordinal(day), fact.area, um, sid) for day, sid, um in window if sid != ADDED_IDS + index]
        use = None
        if fact.uses is not None:
            device = devices[device_id[rows[index].device]]  # type: ignore[index]
            shared = None if fact.shared_from is None else date.fromordinal(fact.shared_from)
            use = DeviceUse(device.id, device.name, fact.uses, date.fromordinal(fact.first_used), device.retired, fact.kind, shared)  # type: ignore[arg-type]
        disinfected = None if fact.disinfected is None else bool(fact.disinfected)
        candidate = SessionInput(on, fact.area, fact.needle_um, None, disinfected)
        verdict = evaluate(candidate, past, use, table, reactions=inputs.reactions, conditions=inputs.conditions)
        return next(f.message for f in verdict.findings if (f.rule, f.level) == (rule, level))

    out = tuple(
        FindingSummary(
            rule,
            level,
            summary.counts[(rule, level)],
            table.source(rule),
            table.source_keys[rule],
            tuple((at(rows[i].where), worded(i, rule, level)) for i in summary.examples[(rule, level)]),
        )
        for rule, level in summary.keys()
    )
    if progress is not None:
        progress("check", len(rows), len(rows))
    return out
