"""An open journal file with the rules and clock that apply to it, and the
read-only use cases: what status, check, list, export and import need.

Everything here reads through ``homelog.store.queries`` on plain ``sqlite3``
connections (``Database.raw()``), so these commands never import SQLAlchemy;
``homelog.service.journal.Journal`` adds the writes, which go through the ORM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import date

from homelog import messages as msg
from homelog.errors import InputError, NotFound
from homelog.records import (
    FIXED_NEEDLE_KINDS,
    AreaStatus,
    Device,
    Session,
    SessionFilter,
    SessionInput,
    DeviceLimits,
    DeviceOutlook,
    Finding,
    Verdict,
    um_to_mm_text,
)
from homelog import rules
from homelog.rules import RuleTable, area_status, evaluate, history_window
from homelog.rules.checks import device_age, device_wear
from homelog.rules.checks.products import longest_aftercare
from homelog.rules.common import plus_days
from homelog.service.product_inputs import ProductReads, check_cartridge, lookup_products, product_ids
from homelog.store import Database, product_queries, queries, rule_inputs

Clock = Callable[[], date]


def edit_rechecks(before: Session, after: SessionInput, product_ids: Sequence[int] | None = None) -> bool:
    """Whether an edit is checked again: it changes when, where, how deep or which device,
    the cartridge or the products on the skin (``before``: the session, or its ORM row with
    ``product_ids``, its products' ids, given: anything with those fields)."""
    had = sorted(before.product_ids if product_ids is None else product_ids)
    return (after.date, after.area, after.needle_um, after.device_id, after.cartridge, sorted(p.id for p in after.products)) != (
        before.date, before.area, before.needle_um, before.device_id, before.cartridge, had,
    )


class JournalFile(ProductReads):
    def __init__(self, db: Database, rules: RuleTable, today: Clock = date.today):
        self.db = db
        self.rules = rules
        self._today = today

    def close(self) -> None:
        self.db.close()

    def today(self) -> date:
        return self._today()

    @property
    def areas(self) -> list[str]:
        return list(self.rules.areas)

    # -- reading ---------------------------------------------------------------

    def get(self, session_id: int) -> Session:
        with self.db.raw() as con:
            found = queries.get_session(con, session_id)
        if found is None:
            raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
        return found

    def list(self, flt: SessionFilter = SessionFilter(), *, limit: int | None = None, offset: int = 0) -> list[Session]:
        with self.db.raw() as con:
            return queries.list_sessions(con, flt, limit=limit, offset=offset)

    def count(self, flt: SessionFilter = SessionFilter()) -> int:
        with self.db.raw() as con:
            return queries.count_sessions(con, flt)

    def status(self, as_of: date | None = None) -> list[AreaStatus]:
        """Every area on ``as_of`` (default today), with ``ready_on``: the rules' one answer."""
        as_of = as_of or self.today()
        with self.db.raw() as con:
            return self._status(con, as_of)

    def status_report(self, as_of: date) -> tuple[list[AreaStatus], list[Device]]:
        """``status(as_of)`` and the devices used on someone else by ``as_of`` (what
        ``homelog status`` shows), read in one transaction: one snapshot, one connection."""
        with self.db.raw() as con:
            shared = [d for d in self.shared_devices(within=con) if d.shared_from <= as_of]
            return self._status(con, as_of), shared

    def _status(self, con: sqlite3.Connection, as_of: date) -> list[AreaStatus]:
        infected, conditions = rule_inputs.infection_reactions(con, date.max), rule_inputs.live_conditions(con)
        return [self._area_status(con, area, as_of, infected, conditions) for area in self.rules.areas]

    def _area_inputs(self, con: sqlite3.Connection, area: str, on: date, needle_um: int | None, exclude_id: int | None):
        """What the rules need to answer for ``area`` from ``on`` on: its sessions from
        ``history_window``'s first day on, every later one included (``ready_on`` walks
        forward through them; the (area, date) index bounds the query), the latest one
        before (``recovery`` looks at it however old), and their observations."""
        lo, _ = history_window(self.rules, area, on, needle_um)
        history = queries.sessions_in_window(con, area, lo, date.max, exclude_id=exclude_id)
        if not any(s.date <= on for s in history):
            older = queries.last_session(con, area, on)
            if older is not None and older.id == exclude_id:
                older = next(reversed(queries.sessions_in_window(con, area, date.min, on, exclude_id=exclude_id)), None)
            if older is not None:
                history.insert(0, older)
                lo = min(lo, older.date)
        return history, rule_inputs.reactions_for(con, area, lo, date.max, date.max)

    def _area_status(self, con, area: str, as_of: date, infected, conditions) -> AreaStatus:
        history, reactions = self._area_inputs(con, area, as_of, None, None)
        last = queries.last_session(con, area, as_of)
        return area_status(area, as_of, history, last, self.rules, reactions=reactions + infected, conditions=conditions)

    def day_holds(self, areas: list[str], first: date, last: date) -> dict[str, dict[date, tuple[Finding, ...]]]:
        """area -> day -> the stops and cautions a session on that area and day gets
        whatever its needle (``rules.day_holds``, the same answer as ``ready_on``), for
        every day from ``first`` to ``last``; a day with none is left out."""
        out: dict[str, dict[date, tuple[Finding, ...]]] = {}
        with self.db.raw() as con:
            infected, conditions = rule_inputs.infection_reactions(con, date.max), rule_inputs.live_conditions(con)
            for area in areas:
                history, reactions = self._area_inputs(con, area, first, None, None)
                out[area] = rules.day_holds(
                    area, first, last, history, self.rules, reactions=reactions + infected, conditions=conditions
                )
        return out

    def devices(self, *, include_retired: bool = True) -> list[Device]:
        with self.db.raw() as con:
            return queries.list_devices(con, include_retired=include_retired)

    def device(self, device_id: int) -> Device:
        with self.db.raw() as con:
            found = queries.get_device(con, device_id)
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
        within: sqlite3.Connection | None = None,
        products: Sequence[object] = (),
        cartridge: object = None,
        keep_products: Sequence[int] = (),
    ) -> SessionInput:
        """Validate raw values (strings from a CLI or a form) into a SessionInput.

        With a roller or stamp the needle may be left out (the device's length
        is used); ``fallback_needle_um`` is used otherwise (an edit keeps the
        session's length). The device is looked up ``within`` the caller's
        transaction (a connection) if one is given, else in a read transaction of its own.
        ``products``: product ids (live ones, or among ``keep_products``: an edit keeps
        the session's own); ``cartridge``: "new" or "reused", only with a pen.
        Every field is checked: the InputError raised is the first bad field's,
        its ``errors`` map each bad field to its message."""
        from homelog import validate  # not at import: status never loads it (0.7 ms)

        today = self.today()
        bad: list[InputError] = []  # every bad field, in the order a person reads them

        def valid(check, *args, **kwargs):
            try:
                return check(*args, **kwargs)
            except InputError as exc:
                bad.append(exc)
                return None

        area_value = valid(validate.area, area, self.rules.areas)
        if day is None or day == "":
            when = today
        elif planning:
            when = valid(validate.day, day)
        else:
            when = valid(validate.session_day, day, today)
        device_id = None if device in (None, "") else valid(validate.positive_id, device, "device")
        needle_um = None if needle in (None, "") else valid(validate.needle, needle)
        if device_id is not None:
            with nullcontext(within) if within is not None else self.db.raw() as con:
                found = valid(
                    self._needle_for_device, con, device_id, needle_um, fallback_needle_um,
                    allow_retired=planning or allow_retired,
                )
            # A device that cannot be used leaves the needle to be given (as without one).
            needle_um = found if found is not None else needle_um if needle_um is not None else fallback_needle_um
        elif needle_um is None:
            needle_um = fallback_needle_um
        if needle_um is None and not any(exc.field == "needle" for exc in bad):
            bad.append(InputError(msg.NEEDLE_NEEDED, "needle", hint="needle-or-device"))
        notes_value = valid(validate.notes, notes)
        on_skin: tuple = ()
        answer = None
        if products or cartridge not in (None, ""):
            with nullcontext(within) if within is not None else self.db.raw() as con:
                ids = valid(product_ids, products) or ()
                on_skin = valid(lookup_products, con, ids, keep=keep_products) or ()
                answer = valid(check_cartridge, con, device_id, cartridge)
        if bad:
            raise bad[0].with_fields(bad)
        return SessionInput(
            date=when,
            area=area_value,
            needle_um=needle_um,
            device_id=device_id,
            disinfected=disinfected,
            notes=notes_value,
            cartridge=answer,
            products=on_skin,
        )

    def _needle_for_device(
        self, con: sqlite3.Connection, device_id: int, needle_um: int | None, fallback_um: int | None, *, allow_retired: bool
    ) -> int:
        found = queries.get_device(con, device_id)
        if found is None:
            raise NotFound(msg.NO_DEVICE.format(id=device_id), "device", hint="device-ids")
        if found.retired and not allow_retired:
            raise InputError(msg.RETIRED_DEVICE.format(id=found.id, name=found.name), "device")
        if found.kind in FIXED_NEEDLE_KINDS and found.needle_um is not None:
            if needle_um is not None and needle_um != found.needle_um:
                raise InputError(
                    msg.NEEDLE_MISMATCH.format(device=found.id, length=um_to_mm_text(found.needle_um), kind=found.kind),
                    "needle",
                )
            return found.needle_um
        needle_um = needle_um if needle_um is not None else fallback_um
        if needle_um is None:
            raise InputError(msg.NEEDLE_MISSING.format(device=found.id), "needle", hint="needle")
        return needle_um

    # -- the safety check ------------------------------------------------------

    def edit_rechecks(self, session: Session, candidate: SessionInput) -> bool:
        """Whether saving ``candidate`` over ``session`` checks it again (``Journal.edit``)."""
        return edit_rechecks(session, candidate)

    def check(self, candidate: SessionInput, *, exclude_id: int | None = None) -> Verdict:
        with self.db.raw() as con:
            return self._check(con, candidate, exclude_id)

    def _check(self, con: sqlite3.Connection, candidate: SessionInput, exclude_id: int | None) -> Verdict:
        history, reactions = self._area_inputs(con, candidate.area, candidate.date, candidate.needle_um, exclude_id)
        reactions += rule_inputs.infection_reactions(con, date.max)
        device = None
        if candidate.device_id is not None:
            device = queries.device_use(con, candidate.device_id, exclude_session_id=exclude_id)
        on = candidate.date
        applications = product_queries.applications_on(
            con, candidate.area, on, plus_days(on, longest_aftercare(self.rules))
        )
        return evaluate(
            candidate, history, device, self.rules, reactions=reactions, conditions=rule_inputs.live_conditions(con),
            applications=applications,
        )

    # -- what the rules say, for a front end to show (no database) ------------------

    def rest_days(self, area: str, needle_um: int) -> int:
        """How long a session of ``needle_um`` rests ``area`` (0 while rest-period is off)."""
        return rules.rest_days(self.rules, area, needle_um)

    def max_rest_days(self, area: str) -> int:
        """The longest rest any needle gives ``area``: how far back a session can still rest it."""
        return rules.max_rest_days(self.rules, area)

    def device_outlook(self, device: Device, on: date | None = None) -> DeviceOutlook:
        """What the device rules say of one more session with ``device`` on ``on`` (default today)."""
        return rules.device_outlook(
            device.uses, device.first_used, on or self.today(), self.rules, kind=device.kind, shared_from=device.shared_from
        )

    def device_limits(self) -> DeviceLimits:
        wear, age = device_wear.params(self.rules), device_age.params(self.rules)
        return DeviceLimits(wear.caution_above, wear.stop_above, age.caution_above_days)
