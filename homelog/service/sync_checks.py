"""Every record a sync reads, checked like the user's own input, before anything is written.

A sync file is opened with the folder's key, so it comes from someone with the
passphrase; it can still hold values homelog would never accept from its user
(an older or buggy homelog on another machine, a journal edited by hand). So:

* every record of every file goes through the validators that ``add``,
  ``react``, ``condition add``, ``device add`` and ``import`` use
  (``RECORDS``: one entry per record kind, so a new kind adds one line);
* every moment must be a real one, and a version (``updated_at``) no more
  than ``AHEAD`` (24 hours) ahead of this machine's clock: a clock that far
  ahead is wrong, and such a stamp would win every later edit (the local-time
  moments, created, deleted and retired, only need to be real ones, no later
  than ``versions.LATEST``);
* what the merge brings in is checked against the journal as it will be (an
  observation not before its session);
* what this journal writes into its own file is checked the same way
  (``check_own``): a journal damaged by hand is reported, not spread.

The first bad record refuses the whole sync: an ``InputError`` naming the file,
the record's kind and uid, and what is wrong (exit 2, nothing written).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from homelog import messages as msg
from homelog import validate
from homelog import validate_records as vr
from homelog.errors import InputError
from homelog.record_type import Record
from homelog.store import versions
from homelog.store.sync_rows import FIELDS

#: How far ahead of this machine's clock a version stamp may be.
AHEAD = timedelta(hours=24)
#: A session or an observation may be dated one more day ahead than ``add``
#: allows here: the machine that logged it may be in a time zone a day ahead.
ZONE_SLACK = timedelta(days=1)


class Kind(Record):
    word: str  # how a message names one record of this kind
    check: Callable[[dict, "Checker", "date | None"], object]  # one record (stored form); raises InputError


def _session(record: dict, c: "Checker", _: date | None) -> object:
    return vr.session(record, areas=c.areas, today=c.today, stored=True)


def _device(record: dict, c: "Checker", _: date | None) -> object:
    return vr.device(record, stored=True)


def _product(record: dict, c: "Checker", _: date | None) -> object:
    return vr.product(record, stored=True)


def _application(record: dict, c: "Checker", _: date | None) -> object:
    return vr.application(record, areas=c.areas, today=c.today, stored=True)


def _reaction(record: dict, c: "Checker", session_date: date | None) -> object:
    return vr.reaction(record, today=c.today, session_date=session_date, stored=True)


def _condition(record: dict, c: "Checker", _: date | None) -> object:
    return vr.condition(record, kinds=c.kinds, areas=c.areas, stored=True)


#: entity (``sync_rows.FIELDS``) -> how its records are checked: the validators of
#: ``homelog.validate_records`` (those of add, device add, react, condition add and
#: import), in the stored form. A new record kind adds its line here.
RECORDS: dict[str, Kind] = {
    "devices": Kind("device", _device),
    "sessions": Kind("session", _session),
    "reactions": Kind("observation", _reaction),
    "conditions": Kind("condition", _condition),
    "products": Kind("product", _product),
    "applications": Kind("application", _application),
}


class Checker:
    """The checks of one sync: its rules (areas, condition kinds), today and this machine's clock (UTC)."""

    def __init__(self, rules, now: datetime, today: date):
        self.areas = tuple(rules.areas)
        self.kinds = rules.condition_kinds
        self.now = now
        self.today = today + ZONE_SLACK if today < date.max - ZONE_SLACK else date.max
        self.latest = min(now + AHEAD, versions.LATEST) if now < versions.LATEST else versions.LATEST

    # -- one record ------------------------------------------------------------------

    def record(self, entity: str, version: tuple, session_date: date | None = None) -> None:
        """One version, checked (an ``InputError`` saying what is wrong)."""
        record = dict(zip(FIELDS[entity], version))
        RECORDS[entity].check(record, self, session_date)  # every field, its moments and origin included
        for field in ("updated_at", "origin"):
            if record[field] is None:
                raise InputError(msg.SYNC_NO_VERSION.format(field=field), field)
        for field in _MOMENTS:
            value = record.get(field)
            if value is None:
                continue
            at = datetime.fromisoformat(value)  # checked by the validators
            if at > (self.latest if field == "updated_at" else versions.LATEST):
                shown_now = versions.stamp(self.now)[:19]
                raise InputError(msg.SYNC_CLOCK_AHEAD.format(field=field, value=value, now=shown_now), field)

    def _refuse(self, source: str | None, entity: str, version: tuple, exc: InputError) -> InputError:
        """The error naming the file (None: this journal), the record's kind and uid, and what is wrong."""
        uid = validate._show(version[0]) if version else "?"
        problem = msg.SYNC_BAD_RECORD.format(kind=RECORDS[entity].word, uid=uid, problem=str(exc).rstrip("."))
        if source is None:
            return InputError(msg.SYNC_BAD_OWN.format(why=problem), "journal")
        return InputError(msg.SYNC_BAD_FILE.format(name=source, why=problem), "file")

    # -- a file, the merge, the own file ---------------------------------------------------

    def check_file(self, f, local: dict[str, dict[str, tuple]]) -> None:
        """Every record of one sync file (a ``sync_file.SyncFile``); one equal to
        this journal's own version of it is checked as that (``check_own``)."""
        name = msg.shown(f.path.name)
        for entity in FIELDS:
            mine = local[entity]
            for v in f.records[entity]:
                if mine.get(v[0]) == v:
                    continue
                try:
                    self.record(entity, v)
                except InputError as exc:
                    raise self._refuse(name, entity, v, exc) from None

    def check_merged(self, local: dict[str, dict[str, tuple]], changes) -> None:
        """What the merge brings in, against the journal as it will be: an
        observation it adds or changes is not dated before its session (one
        already here is not checked again: a session's date may be edited later)."""
        sessions = dict(local["sessions"])
        sessions.update({c.uid: c.after for c in changes if c.entity == "sessions"})
        for c in changes:
            if c.entity != "reactions" or c.after[-1] is not None:
                continue
            session = sessions.get(c.after[1])
            if session is None:
                continue  # the merge's plan reports a missing session
            try:
                self.record("reactions", c.after, date.fromisoformat(session[1]))
            except InputError as exc:
                raise self._refuse(c.source, "reactions", c.after, exc) from None

    def check_own(self, local: dict[str, dict[str, tuple]]) -> None:
        """Every record of this journal (what it writes into its own sync file, with
        the merged records, which ``check_file`` has checked)."""
        for entity in FIELDS:
            for v in local[entity].values():
                try:
                    self.record(entity, v)
                except InputError as exc:
                    raise self._refuse(None, entity, v, exc) from None


_MOMENTS = ("created_at", "updated_at", "deleted_at", "retired_at")
