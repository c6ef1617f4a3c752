"""Skin use cases: observations of a session's reaction, and standing conditions.

``SkinCases`` is mixed into ``Journal``: one public method = one user action =
one transaction, each recorded in the undo log (entity ``reaction`` or
``condition``); ``undo_skin`` reverts such a change for ``Journal.undo``.
"""

from __future__ import annotations

from datetime import date

from homelog import messages as msg
from homelog import rules, validate
from homelog.errors import FieldErrors, InputError, NotFound
from homelog.records import Condition, Reaction, UndoResult
from homelog.store import repo
from homelog.store import rule_inputs
from homelog.store import skin as store
from homelog.store.models import ConditionRow, ReactionRow

SKIN_ENTITIES = ("reaction", "condition")


def _takes_no_area(kind: str) -> None:
    raise InputError(msg.CONDITION_TAKES_NO_AREA.format(kind=kind), "area")


class SkinCases:
    """Needs ``self.db``, ``self.rules`` and ``self.today()`` (``JournalFile``)."""

    # -- reactions ---------------------------------------------------------------

    def react(
        self,
        session_id: int,
        *,
        redness: object,
        swelling: bool = False,
        bleeding: bool = False,
        infection: bool = False,
        day: object = None,
        notes: object = "",
    ) -> Reaction:
        """Record how the skin of session ``session_id`` looked on ``day`` (default today):
        not before the session, at most one day ahead of today."""
        level, when, text = self._reaction_fields(redness, day, notes)
        with self.db.write() as s:
            session = repo.get_row(s, session_id)
            if session is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            validate.reaction_day(when, today=None, session_date=session.date, session=session.id)
            row = store.insert_reaction(
                s,
                session_id=session.id,
                day=when,
                redness=level,
                swelling=bool(swelling),
                bleeding=bool(bleeding),
                infection=bool(infection),
                notes=text,
            )
            repo.record_change(s, "reaction", row.id, "add", None)
            return store.to_reaction(row)

    def check_reaction(self, session_id: int, *, redness: object, day: object = None, notes: object = "") -> None:
        """What ``react`` would refuse, without saving: one InputError whose ``errors``
        holds every bad field's message (a form marks them all at once)."""
        with self.db.read() as s:
            session = repo.get_row(s, session_id)
            if session is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            of = (session.id, session.date)
        self._reaction_fields(redness, day, notes, of)

    def _reaction_fields(
        self, redness: object, day: object, notes: object, of: tuple[int, date] | None = None
    ) -> tuple[int, date, str]:
        """The checked values; ``of`` (the session's id and date), when known, adds "not before it"."""
        bad = FieldErrors()
        level = bad.check(validate.redness, redness)
        when = bad.check(self._reaction_day, day, of)
        text = bad.check(validate.notes, notes)
        bad.raise_any()
        return level, when, text

    def _reaction_day(self, day: object, of: tuple[int, date] | None) -> date:
        today = self.today()
        session, session_date = of if of is not None else (None, None)
        return validate.reaction_day(validate.optional_day(day, today), today=today, session_date=session_date, session=session)

    def healed(self, session_id: int, *, day: object = None, notes: object = "") -> Reaction:
        """Record that session ``session_id`` has healed: redness 0, no symptom."""
        return self.react(session_id, redness=0, day=day, notes=notes)

    def reactions(self, session_id: int) -> list[Reaction]:
        """The session's observations, oldest first."""
        with self.db.read() as s:
            if repo.get_row(s, session_id) is None:
                raise NotFound(msg.NO_SESSION.format(id=session_id), "id", hint="session-ids")
            return store.reactions_of(s, session_id)

    # -- conditions --------------------------------------------------------------

    def add_condition(
        self, kind: object, *, area: object = None, start: object = None, end: object = None, notes: object = ""
    ) -> Condition:
        """A standing condition from ``start`` (default today) to ``end`` (None: ongoing);
        ``area`` None means it is not limited to one area."""
        kind_value, area_value, first, last, text = self.check_condition(kind, area=area, start=start, end=end, notes=notes)
        with self.db.write() as s:
            row = store.insert_condition(s, kind=kind_value, area=area_value, start=first, end=last, notes=text)
            repo.record_change(s, "condition", row.id, "add", None)
            return store.to_condition(row)

    def check_condition(
        self, kind: object, *, area: object = None, start: object = None, end: object = None, notes: object = ""
    ) -> tuple[str, str | None, date, date | None, str]:
        """``add_condition``'s checked values, saving nothing; an InputError's ``errors``
        holds every bad field's message (``start``, ``end``, ``kind``, ``area``, ``notes``)."""
        bad = FieldErrors()
        kind_value = bad.check(validate.condition_kind, kind, self.rules.condition_kinds)
        area_value = None if area is None or area == "" else bad.check(validate.area, area, self.rules.areas)
        if kind_value is not None and area_value is not None and not rules.takes_area(self.rules, kind_value):
            bad.check(_takes_no_area, kind_value)  # it applies to every area: an area would mislead
        first = bad.check(validate.optional_day, start, self.today(), field="start")
        last = None if end is None or end == "" else bad.check(validate.day, end, field="end")
        if first is not None and last is not None:
            bad.check(validate.span, first, last)
        text = bad.check(validate.notes, notes)
        bad.raise_any()
        return kind_value, area_value, first, last, text

    def _change_condition(self, condition_id: int, action: str, *, deleted: bool, change) -> Condition:
        with self.db.write() as s:
            row = store.get_condition_row(s, condition_id, deleted=None)
            if row is None or (row.deleted_at is not None) != deleted:
                if row is not None and action == "restore":
                    raise InputError(msg.NO_DELETED_CONDITION.format(id=condition_id), "id")
                raise NotFound(msg.NO_CONDITION.format(id=condition_id), "id", hint="condition-ids")
            before = store.condition_state(row)
            change(row)
            s.flush()
            repo.record_change(s, "condition", row.id, action, before)
            return store.to_condition(row)

    def end_condition(self, condition_id: int, *, day: object = None) -> Condition:
        """Set the condition's end to ``day`` (default today; not before its start)."""
        when = validate.optional_day(day, self.today())

        def end(row: ConditionRow) -> None:
            validate.span(row.start, when)
            row.end = when

        return self._change_condition(condition_id, "end", deleted=False, change=end)

    def delete_condition(self, condition_id: int) -> Condition:
        return self._change_condition(
            condition_id, "delete", deleted=False, change=lambda row: setattr(row, "deleted_at", repo.now())
        )

    def restore_condition(self, condition_id: int) -> Condition:
        return self._change_condition(
            condition_id, "restore", deleted=True, change=lambda row: setattr(row, "deleted_at", None)
        )

    def conditions(self) -> list[Condition]:
        """Live conditions, by start date (the rules read the same list)."""
        with self.db.raw() as con:
            return list(rule_inputs.live_conditions(con))

    def condition_applies_to(self, condition: Condition) -> str:
        """Where the rules apply ``condition``: "face", "face group" or "every area"."""
        return rules.condition_applies_to(self.rules, condition)

    def condition_where(self, condition: Condition) -> str:
        """The same in a sentence: "on the face", "for the face group", "for every area"."""
        return rules.condition_where(self.rules, condition)

    def condition(self, condition_id: int) -> Condition:
        with self.db.read() as s:
            row = store.get_condition_row(s, condition_id)
            if row is None:
                raise NotFound(msg.NO_CONDITION.format(id=condition_id), "id", hint="condition-ids")
            return store.to_condition(row)


# -- undo ---------------------------------------------------------------------------


def undo_skin(s, change, before: dict | None) -> UndoResult:
    """Revert one reaction or condition change (``change.entity`` in SKIN_ENTITIES)."""
    if change.entity == "reaction":
        row = s.get(ReactionRow, change.entity_id)
        row.deleted_at = repo.now()
        return UndoResult("reaction", "add", (row.session_id,), reaction=store.to_reaction(row))
    row = s.get(ConditionRow, change.entity_id)
    if change.action == "add":
        row.deleted_at = repo.now()
    else:
        store.apply_condition_state(row, before)
        s.flush()
    return UndoResult("condition", change.action, (row.id,), condition=store.to_condition(row))


def undo_skin_import(s, before: dict) -> tuple[int, int]:
    """Soft-delete the observations and conditions an undone import added: (observations, conditions)."""
    reactions, conditions = before.get("reactions", []), before.get("conditions", [])
    store.soft_delete(s, ReactionRow, reactions)
    store.soft_delete(s, ConditionRow, conditions)
    return len(reactions), len(conditions)
