"""The journal's use cases: what the CLI and the TUI both call.

One public method = one user action = one transaction. The safety check and
the write happen in the same ``BEGIN IMMEDIATE`` transaction, so another
homelog process cannot slip a session in between. "Today" comes from the
injected clock, so tests and snapshots are deterministic.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session as OrmSession

from homelog import messages as msg
from homelog import validate
from homelog.errors import InputError, NotFound
from homelog.records import (
    FIXED_NEEDLE_KINDS,
    AreaStatus,
    Device,
    Session,
    SessionFilter,
    SessionInput,
    Verdict,
    um_to_mm_text,
)
from homelog.rules import area_status, evaluate, history_window
from homelog.service.journal_file import JournalFile
from homelog.service.skin import SKIN_ENTITIES, SkinCases, undo_skin, undo_skin_import
from homelog.store import repo
from homelog.store.models import DeviceRow, SessionRow

UNSET: object = object()


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    session: Session | None
    verdict: Verdict

    def to_json(self) -> dict:
        out = {"saved": self.saved}
        if self.session is not None:
            out["session"] = self.session.to_json()
        out["findings"] = [f.to_json() for f in self.verdict.findings]
        return out


class Journal(SkinCases, JournalFile):
    """The journal's use cases over the ORM (SQLAlchemy); the skin's in ``SkinCases``."""

    # -- reading ---------------------------------------------------------------

    def get(self, session_id: int) -> Session:
        with self.db.read() as s:
            found = repo.get_session(s, session_id)
        if found is None:
            raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
        return found

    def list(self, flt: SessionFilter = SessionFilter(), *, limit: int | None = None, offset: int = 0) -> list[Session]:
        with self.db.read() as s:
            return repo.list_sessions(s, flt, limit=limit, offset=offset)

    def count(self, flt: SessionFilter = SessionFilter()) -> int:
        with self.db.read() as s:
            return repo.count_sessions(s, flt)

    def status(self, as_of: date | None = None) -> list[AreaStatus]:
        as_of = as_of or self.today()
        out = []
        with self.db.read() as s:
            for area in self.rules.areas:
                lo, hi = history_window(self.rules, area, as_of)
                history = repo.sessions_in_window(s, area, lo, hi)
                last = repo.last_session(s, area, as_of)
                out.append(area_status(area, as_of, history, last, self.rules))
        return out

    def devices(self, *, include_retired: bool = True) -> list[Device]:
        with self.db.read() as s:
            return repo.list_devices(s, include_retired=include_retired)

    def device(self, device_id: int) -> Device:
        with self.db.read() as s:
            found = repo.get_device(s, device_id)
        if found is None:
            raise NotFound(msg.NO_DEVICE.format(id=device_id), "device", hint="device-ids")
        return found

    # -- building a candidate from what a person typed ---------------------------

    def session_input(
        self,
        *,
        area: object,
        needle: object = None,
        day: object = None,
        device: object = None,
        disinfected: bool | None = None,
        notes: object = "",
        planning: bool = False,
        fallback_needle_um: int | None = None,
        allow_retired: bool = False,
        within: "OrmSession | None" = None,
    ) -> SessionInput:
        """Validate raw values (strings from a CLI or a form) into a SessionInput.

        With a roller or stamp the needle may be left out (the device's length
        is used); ``fallback_needle_um`` is used otherwise (an edit keeps the
        session's length). The device is looked up ``within`` the caller's
        transaction if one is given, else in a read transaction of its own."""
        today = self.today()
        area_value = validate.area(area, self.rules.areas)
        if day is None or day == "":
            when = today
        else:
            when = validate.day(day) if planning else validate.session_day(day, today)
        device_id = None if device in (None, "") else validate.positive_id(device, "device")
        needle_um = None if needle in (None, "") else validate.needle(needle)
        if device_id is not None:
            with nullcontext(within) if within is not None else self.db.read() as s:
                needle_um = self._needle_for_device(
                    s, device_id, needle_um, fallback_needle_um, allow_retired=planning or allow_retired
                )
        elif needle_um is None:
            needle_um = fallback_needle_um
        if needle_um is None:
            raise InputError(msg.NEEDLE_NEEDED, "needle", hint="needle-or-device")
        return SessionInput(
            date=when,
            area=area_value,
            needle_um=needle_um,
            device_id=device_id,
            disinfected=disinfected,
            notes=validate.notes(notes),
        )

    def _needle_for_device(
        self, s, device_id: int, needle_um: int | None, fallback_um: int | None, *, allow_retired: bool
    ) -> int:
        row = s.get(DeviceRow, device_id)
        if row is None:
            raise NotFound(msg.NO_DEVICE.format(id=device_id), "device", hint="device-ids")
        if row.retired_at is not None and not allow_retired:
            raise InputError(msg.RETIRED_DEVICE.format(id=row.id, name=row.name), "device")
        if row.kind in FIXED_NEEDLE_KINDS and row.needle_um is not None:
            if needle_um is not None and needle_um != row.needle_um:
                raise InputError(
                    msg.NEEDLE_MISMATCH.format(device=row.id, length=um_to_mm_text(row.needle_um), kind=row.kind),
                    "needle",
                )
            return row.needle_um
        needle_um = needle_um if needle_um is not None else fallback_um
        if needle_um is None:
            raise InputError(msg.NEEDLE_MISSING.format(device=row.id), "needle", hint="needle")
        return needle_um

    # -- the safety check ------------------------------------------------------

    def check(self, candidate: SessionInput, *, exclude_id: int | None = None) -> Verdict:
        with self.db.read() as s:
            return self._check(s, candidate, exclude_id)

    def _check(self, s, candidate: SessionInput, exclude_id: int | None) -> Verdict:
        lo, hi = history_window(self.rules, candidate.area, candidate.date, candidate.needle_um)
        history = repo.sessions_in_window(s, candidate.area, lo, hi, exclude_id=exclude_id)
        device = None
        if candidate.device_id is not None:
            device = repo.device_use(s, candidate.device_id, exclude_session_id=exclude_id)
        return evaluate(candidate, history, device, self.rules)

    # -- writing ---------------------------------------------------------------

    def add(self, candidate: SessionInput, *, override: str | None = None) -> SaveResult:
        reason = validate.reason(override) if override is not None else None
        with self.db.write() as s:
            verdict = self._check(s, candidate, None)
            if not verdict.ok and reason is None:
                return SaveResult(False, None, verdict)
            row = repo.insert_session(
                s,
                day=candidate.date,
                area=candidate.area,
                needle_um=candidate.needle_um,
                device_id=candidate.device_id,
                disinfected=candidate.disinfected,
                notes=candidate.notes,
                override_reason=reason,
                overridden_rules=verdict.stopped_rules if reason else (),
            )
            repo.record_change(s, "session", row.id, "add", None)
            saved = repo.get_session(s, row.id)
        return SaveResult(True, saved, verdict)

    def edit(
        self,
        session_id: int,
        *,
        area: object = None,
        needle: object = None,
        day: object = None,
        device: object = UNSET,
        disinfected: object = UNSET,
        notes: object = None,
        override: str | None = None,
    ) -> SaveResult:
        """Change some fields. A change to when/where/how deep/which device is
        checked again (excluding this session itself); a stop needs an override."""
        reason = validate.reason(override) if override is not None else None
        with self.db.write() as s:  # read, checked and written in one transaction
            row = repo.get_row(s, session_id)
            if row is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            candidate = self.session_input(
                area=row.area if area is None else area,
                needle=needle,
                day=row.date if day is None else day,
                device=row.device_id if device is UNSET else device,
                disinfected=row.disinfected if disinfected is UNSET else disinfected,
                notes=row.notes if notes is None else notes,
                fallback_needle_um=row.needle_um,
                allow_retired=device is UNSET or device == row.device_id,
                within=s,
            )
            rechecked = (candidate.date, candidate.area, candidate.needle_um, candidate.device_id) != (
                row.date,
                row.area,
                row.needle_um,
                row.device_id,
            )
            before = repo.session_state(row)
            verdict = self._check(s, candidate, session_id)
            if rechecked and not verdict.ok and reason is None:
                return SaveResult(False, None, verdict)
            row.date, row.area, row.needle_um = candidate.date, candidate.area, candidate.needle_um
            row.device_id, row.disinfected, row.notes = candidate.device_id, candidate.disinfected, candidate.notes
            if reason is not None:
                row.override_reason = reason
                row.overridden_rules = ",".join(verdict.stopped_rules) or None
            row.updated_at = repo.now()
            s.flush()
            repo.record_change(s, "session", row.id, "edit", before)
            saved = repo.get_session(s, row.id)
        return SaveResult(True, saved, verdict)

    def delete(self, session_id: int) -> Session:
        with self.db.write() as s:
            row = repo.get_row(s, session_id)
            if row is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            before = repo.session_state(row)
            gone = repo.to_session(row)
            row.deleted_at = repo.now()
            repo.record_change(s, "session", row.id, "delete", before)
        return gone

    def add_device(self, *, name: object, kind: object, needle: object = None) -> Device:
        name_value = validate.device_name(name)
        kind_value = validate.kind(kind)
        needle_um = None if needle in (None, "") else validate.needle(needle)
        if kind_value in FIXED_NEEDLE_KINDS and needle_um is None:
            raise InputError(msg.NEEDLE_REQUIRED.format(kind=kind_value), "needle", hint="needle")
        with self.db.write() as s:
            row = repo.insert_device(s, name=name_value, kind=kind_value, needle_um=needle_um)
            repo.record_change(s, "device", row.id, "add", None)
            return repo.to_device(row)

    def retire_device(self, device_id: int) -> Device:
        with self.db.write() as s:
            row = s.get(DeviceRow, device_id)
            if row is None:
                raise NotFound(msg.NO_DEVICE.format(id=device_id), "device", hint="device-ids")
            if row.retired_at is not None:
                raise InputError(msg.ALREADY_RETIRED.format(id=row.id, name=row.name), "device")
            row.retired_at = repo.now()
            repo.record_change(s, "device", row.id, "retire", None)
            return repo.get_device(s, device_id)

    def undo(self) -> str:
        """Revert the last change not yet undone; returns what it did, in words."""
        with self.db.write() as s:
            change = repo.last_change(s)
            if change is None:
                return msg.NOTHING_TO_UNDO
            change.undone = True
            before = json.loads(change.before) if change.before else None
            if change.entity in SKIN_ENTITIES:
                return undo_skin(s, change, before)
            if change.entity == "session" and change.action == "import":
                ids = before["ids"]
                repo.soft_delete_many(s, ids)
                removed, retired = repo.remove_devices_of(s, before.get("devices", []), ids)
                text = msg.UNDONE_IMPORT.format(count=len(ids), s=msg.plural(len(ids)))
                if removed:
                    text += " " + msg.UNDONE_IMPORT_DEVICES.format(count=removed, s=msg.plural(removed))
                if retired:
                    text += " " + msg.UNDONE_IMPORT_DEVICES_KEPT.format(count=retired, s=msg.plural(retired))
                skin = undo_skin_import(s, before)
                return text + " " + skin if skin else text
            if change.entity == "session":
                row = s.get(SessionRow, change.entity_id)
                if change.action == "add":
                    row.deleted_at = repo.now()
                    text = msg.UNDONE_ADD
                else:
                    repo.apply_state(row, before)
                    text = msg.UNDONE_EDIT if change.action == "edit" else msg.UNDONE_DELETE
                s.flush()
                return text.format(
                    id=row.id, area=row.area, date=row.date.isoformat(), needle=um_to_mm_text(row.needle_um)
                )
            row = s.get(DeviceRow, change.entity_id)
            if change.action == "add":
                device_id, name = row.id, row.name
                removed, _ = repo.remove_devices_of(s, [device_id], ())
                return (msg.UNDONE_DEVICE_ADD if removed else msg.UNDONE_DEVICE_ADD_RETIRED).format(id=device_id, name=name)
            row.retired_at = None
            return msg.UNDONE_DEVICE_RETIRE.format(id=row.id, name=row.name)
