"""The journal's use cases: what the CLI and the TUI both call.

One public method = one user action = one transaction. The safety check and
the write happen in the same ``BEGIN IMMEDIATE`` transaction, so another
homelog process cannot slip a session in between. "Today" comes from the
injected clock, so tests and snapshots are deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from homelog import messages as msg
from homelog import validate
from homelog.errors import FieldErrors, InputError, NotFound
from homelog.records import FIXED_NEEDLE_KINDS, Device, Session, SessionInput, UndoResult, Verdict
from homelog.service.journal_file import JournalFile, edit_rechecks
from homelog.service.products import PRODUCT_ENTITIES, ProductCases, undo_products, undo_products_import, undo_shared
from homelog.service.skin import SKIN_ENTITIES, SkinCases, undo_skin, undo_skin_import
from homelog.store import products as product_store
from homelog.store import queries, repo
from homelog.store.models import DeviceRow, SessionRow

UNSET: object = object()


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    session: Session | None
    verdict: Verdict
    #: False for an edit that changes nothing the rules look at (notes, disinfected):
    #: it is not checked again, and ``verdict`` holds no findings
    rechecked: bool = True

    def to_json(self) -> dict:
        out: dict = {"saved": self.saved}
        if self.session is not None:
            out["session"] = self.session.to_json()
        out["findings"] = [f.to_json() for f in self.verdict.findings]
        out["rechecked"] = self.rechecked
        if self.rechecked:
            v = self.verdict.to_json()
            out["next_safe_date"], out["next_safe_held_by"] = v["next_safe_date"], v["next_safe_held_by"]
        return out


def _same_device(value: object, current: int | None) -> bool:
    """Whether an edit's ``device`` (UNSET, None/"" for none, or an id as typed) is the session's own."""
    if value is UNSET:
        return True
    if value in (None, ""):
        return current is None
    text = str(value).strip()
    return text.isdigit() and int(text) == current


class Journal(SkinCases, ProductCases, JournalFile):
    """The journal's writes over the ORM (SQLAlchemy); the reads are ``JournalFile``'s, the skin's
    use cases ``SkinCases``', products, applications and shared devices ``ProductCases``'."""

    # -- writing ---------------------------------------------------------------

    def add(self, candidate: SessionInput, *, override: str | None = None) -> SaveResult:
        reason = validate.reason(override) if override is not None else None
        with self.db.write() as s:
            verdict = self._check(repo.dbapi(s), candidate, None)
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
                cartridge=candidate.cartridge,
            )
            if candidate.products:
                product_store.set_session_products(s, row.id, [p.id for p in candidate.products])
            repo.record_change(s, "session", row.id, "add", None)
            saved = queries.get_session(repo.dbapi(s), row.id)
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
        products: object = UNSET,
        cartridge: object = UNSET,
    ) -> SaveResult:
        """Change some fields. A change to when/where/how deep/which device, the
        products or the cartridge is checked again (excluding this session itself);
        a stop needs an override. ``products``: product ids (replacing the session's)."""
        reason = validate.reason(override) if override is not None else None
        with self.db.write() as s:  # read, checked and written in one transaction
            row = repo.get_row(s, session_id)
            if row is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            had = product_store.session_product_ids(s, row.id)
            keep_cartridge = cartridge is UNSET and _same_device(device, row.device_id)
            candidate = self.session_input(
                area=row.area if area is None else area,
                needle=needle,
                day=row.date if day is None else day,
                device=row.device_id if device is UNSET else device,
                disinfected=row.disinfected if disinfected is UNSET else disinfected,
                notes=row.notes if notes is None else notes,
                fallback_needle_um=row.needle_um,
                allow_retired=device is UNSET or device == row.device_id,
                within=repo.dbapi(s),
                products=had if products is UNSET else products,
                cartridge=row.cartridge if keep_cartridge else (None if cartridge is UNSET else cartridge),
                keep_products=had,
            )
            now_ids = sorted(p.id for p in candidate.products)
            rechecked = edit_rechecks(row, candidate, had)
            before = {**repo.session_state(row), "product_ids": had}
            verdict = self._check(repo.dbapi(s), candidate, session_id) if rechecked else Verdict((), None)
            if rechecked and not verdict.ok and reason is None:
                return SaveResult(False, None, verdict)
            row.date, row.area, row.needle_um = candidate.date, candidate.area, candidate.needle_um
            row.device_id, row.disinfected, row.notes = candidate.device_id, candidate.disinfected, candidate.notes
            row.cartridge = candidate.cartridge
            if now_ids != had:
                product_store.set_session_products(s, row.id, now_ids)
                repo.touch(row)  # the products are part of the session's record: a new version
            if reason is not None:
                row.override_reason = reason
                if rechecked:  # else the rules it went past stay as they were
                    row.overridden_rules = ",".join(verdict.stopped_rules) or None
            repo.record_change(s, "session", row.id, "edit", before)
            saved = queries.get_session(repo.dbapi(s), row.id)
        return SaveResult(True, saved, verdict, rechecked)

    def delete(self, session_id: int) -> Session:
        with self.db.write() as s:
            row = repo.get_row(s, session_id)
            if row is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            before = repo.session_state(row)
            gone = queries.get_session(repo.dbapi(s), row.id)
            row.deleted_at = repo.now()
            repo.record_change(s, "session", row.id, "delete", before)
        return gone

    def add_device(self, *, name: object, kind: object, needle: object = None) -> Device:
        name_value, kind_value, needle_um = self.check_device(name=name, kind=kind, needle=needle)
        with self.db.write() as s:
            row = repo.insert_device(s, name=name_value, kind=kind_value, needle_um=needle_um)
            repo.record_change(s, "device", row.id, "add", None)
            return queries.get_device(repo.dbapi(s), row.id)

    def check_device(self, *, name: object, kind: object, needle: object = None) -> tuple[str, str, int | None]:
        """``add_device``'s checked values (name, kind, needle in µm), saving nothing; the
        InputError raised holds every bad field's message in ``errors``."""
        bad = FieldErrors()
        name_value = bad.check(validate.device_name, name)
        kind_value = bad.check(validate.kind, kind)
        needle_um = None if needle in (None, "") else bad.check(validate.needle, needle)
        if kind_value in FIXED_NEEDLE_KINDS and needle in (None, ""):
            bad.add(InputError(msg.NEEDLE_REQUIRED.format(kind=kind_value), "needle", hint="needle"))
        bad.raise_any()
        return name_value, kind_value, needle_um

    def retire_device(self, device_id: int) -> Device:
        with self.db.write() as s:
            row = s.get(DeviceRow, device_id)
            if row is None:
                raise NotFound(msg.NO_DEVICE.format(id=device_id), "device", hint="device-ids")
            if row.retired_at is not None:
                raise InputError(msg.ALREADY_RETIRED.format(id=row.id, name=row.name), "device")
            row.retired_at = repo.now()
            repo.record_change(s, "device", row.id, "retire", None)
            return queries.get_device(repo.dbapi(s), device_id)

    def undo(self) -> UndoResult:
        """Revert the last change not yet undone; says what it reverted (``messages.undone`` words it)."""
        with self.db.write() as s:
            change = repo.last_change(s)
            if change is None:
                return UndoResult()
            change.undone = True
            before = json.loads(change.before) if change.before else None
            if change.entity == "sync":
                from homelog.service.sync import undo_sync

                return UndoResult("sync", "sync", records_reverted=undo_sync(repo.dbapi(s), before))
            if change.entity in SKIN_ENTITIES:
                return undo_skin(s, change, before)
            if change.entity in PRODUCT_ENTITIES:
                return undo_products(s, change, before)
            if change.entity == "device" and change.action == "shared":
                return undo_shared(s, change)
            if change.entity == "session" and change.action == "import":
                ids = before["ids"]
                repo.soft_delete_many(s, ids)
                removed, retired = repo.remove_devices_of(s, before.get("devices", []), ids)
                removed_r, removed_c = undo_skin_import(s, before)
                undo_products_import(s, before)
                return UndoResult(
                    "session", "import", tuple(ids), devices_removed=removed, devices_retired=retired,
                    reactions_removed=removed_r, conditions_removed=removed_c,
                )
            if change.entity == "session":
                row = s.get(SessionRow, change.entity_id)
                if change.action == "add":
                    row.deleted_at = repo.now()
                else:
                    repo.apply_state(row, before)
                    if "product_ids" in before and before["product_ids"] != product_store.session_product_ids(s, row.id):
                        product_store.set_session_products(s, row.id, before["product_ids"])
                        repo.touch(row)
                session = queries.get_session(repo.dbapi(s), row.id, include_deleted=True)
                return UndoResult("session", change.action, (row.id,), session=session)
            row = s.get(DeviceRow, change.entity_id)
            if change.action == "add":
                device_id, name = row.id, row.name
                removed, retired = repo.remove_devices_of(s, [device_id], ())
                return UndoResult(
                    "device", "add", (device_id,), device_name=name, devices_removed=removed, devices_retired=retired
                )
            row.retired_at = None
            return UndoResult("device", "retire", (row.id,), device_name=row.name)
