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
from typing import NamedTuple

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError
from homelog.store import versions
from homelog.store.sync_rows import FIELDS

#: How far ahead of this machine's clock a version stamp may be.
AHEAD = timedelta(hours=24)
#: A session or an observation may be dated one more day ahead than ``add``
#: allows here: the machine that logged it may be in a time zone a day ahead.
ZONE_SLACK = timedelta(days=1)


class Kind(NamedTuple):
    word: str  # how a message names one record of this kind
    moments: tuple[str, ...]  # its fields holding a stored moment (None allowed, but updated_at)
    check: Callable[[dict, "Checker"], object]  # the validators of one record (stored form); raise InputError


def _check_session(record: dict, c: "Checker") -> None:
    _stored_session(record, c)


def _check_device(record: dict, c: "Checker") -> None:
    _stored_device(record, c)


def _check_reaction(record: dict, c: "Checker") -> None:
    _stored_reaction(record, c, None)


def _check_condition(record: dict, c: "Checker") -> None:
    _stored_condition(record, c)


#: entity (``sync_rows.FIELDS``) -> how its records are checked.
RECORDS: dict[str, Kind] = {
    "devices": Kind("device", ("created_at", "retired_at", "updated_at"), _check_device),
    "sessions": Kind("session", ("created_at", "updated_at", "deleted_at"), _check_session),
    "reactions": Kind("observation", ("created_at", "updated_at", "deleted_at"), _check_reaction),
    "conditions": Kind("condition", ("created_at", "updated_at", "deleted_at"), _check_condition),
}


class Checker:
    """The checks of one sync: its rules (areas, condition kinds), today and this machine's clock (UTC)."""

    def __init__(self, rules, now: datetime, today: date):
        self.rules = rules
        self.now = now
        self.today = today + ZONE_SLACK
        self.latest = min(now + AHEAD, versions.LATEST) if now < versions.LATEST else versions.LATEST

    # -- one record ------------------------------------------------------------------

    def _moment(self, field: str, value: object) -> None:
        if value is None:
            if field == "updated_at":
                raise InputError(msg.BAD_MOMENT.format(field=field, value=""), field)
            return
        try:
            at = datetime.fromisoformat(value) if isinstance(value, str) and len(value) == 26 else None
        except ValueError:
            at = None
        if at is None or value != versions.stamp(at):
            raise InputError(msg.BAD_MOMENT.format(field=field, value=validate._show(value)), field)
        if at > (self.latest if field == "updated_at" else versions.LATEST):
            shown_now = versions.stamp(self.now)[:19]
            raise InputError(msg.SYNC_CLOCK_AHEAD.format(field=field, value=value, now=shown_now), field)

    def record(self, entity: str, version: tuple) -> None:
        """One version, checked (an ``InputError`` saying what is wrong)."""
        kind = RECORDS[entity]
        record = dict(zip(FIELDS[entity], version))
        for field in kind.moments:
            self._moment(field, record[field])
        origin = record["origin"]
        if not isinstance(origin, str) or not validate_journal_id(origin):
            raise InputError(msg.BAD_JOURNAL_ID.format(field="origin", value=validate._show(origin)), "origin")
        kind.check(record, self)

    def _refuse(self, source: str, entity: str, version: tuple, exc: InputError) -> InputError:
        uid = validate._show(version[0]) if version else "?"
        problem = msg.SYNC_BAD_RECORD.format(kind=RECORDS[entity].word, uid=uid, problem=str(exc).rstrip("."))
        return InputError(msg.SYNC_BAD_FILE.format(name=source, why=problem), "file")

    # -- a file, the merge, the own file ---------------------------------------------------

    def check_file(self, f) -> None:
        """Every record of one sync file (a ``sync_file.SyncFile``)."""
        from homelog.transfer.sync_folder import shown

        name = shown(f.path.name)
        for entity in FIELDS:
            for v in f.records[entity]:
                try:
                    self.record(entity, v)
                except InputError as exc:
                    raise self._refuse(name, entity, v, exc) from None

    def check_merged(self, local: dict[str, dict[str, tuple]], changes) -> None:
        """What the merge brings in, against the journal as it will be: an
        observation it adds or changes is not dated before its session."""
        sessions = dict(local["sessions"])
        sessions.update({c.uid: c.after for c in changes if c.entity == "sessions"})
        for c in changes:
            if c.entity != "reactions" or c.after[-1] is not None:
                continue
            session = sessions.get(c.after[1])
            if session is None:
                continue  # the merge's plan reports a missing session
            try:
                _stored_reaction(dict(zip(FIELDS["reactions"], c.after)), self, date.fromisoformat(session[1]))
            except InputError as exc:
                raise self._refuse(c.source, "reactions", c.after, exc) from None

    def check_own(self, final: dict[str, dict[str, tuple]]) -> None:
        """Every record this journal is about to write into its own sync file."""
        for entity in FIELDS:
            for v in final[entity].values():
                try:
                    self.record(entity, v)
                except InputError as exc:
                    raise self._refuse(msg.SYNC_OWN, entity, v, exc) from None


def validate_journal_id(value: str) -> bool:
    return len(value) == 32 and all(ch in "0123456789abcdef" for ch in value)


# -- the record validators (stored form) -----------------------------------------------------
# These call the validators add, react, condition add and device add use.


def _stored_session(record: dict, c: Checker) -> None:
    return None  # TODO(i26): the validators of issue 26


def _stored_device(record: dict, c: Checker) -> None:
    return None  # TODO(i26): the validators of issue 26


def _stored_reaction(record: dict, c: Checker, session_date: date | None) -> None:
    return None  # TODO(i26): the validators of issue 26


def _stored_condition(record: dict, c: Checker) -> None:
    return None  # TODO(i26): the validators of issue 26
