"""Export and import of the skin tables, beside the sessions (``service.transfer``).

* JSON export adds ``"reactions"`` (each ``Reaction.to_json()`` plus
  ``session_uid``) and ``"conditions"`` (``Condition.to_json()``) after the
  devices: the observations of the exported sessions, and every live condition.
* JSON import restores them by uid in the import's transaction: a uid the
  journal holds is skipped (a deleted one is brought back with the file's
  values), so importing twice adds nothing.
* CSV export gains ``healed_on`` (the first healed observation's date) and
  ``max_redness``; CSV import accepts and ignores both (they summarise
  observations that only the JSON carries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from homelog import messages as msg
from homelog import validate, validate_records
from homelog.errors import InputError
from homelog.store import bulk, skin_bulk
from homelog.store.versions import WriteStamp

# -- export -----------------------------------------------------------------------------


def json_extras(con, **where) -> dict[str, list[dict]]:
    """The document's "reactions" and "conditions" lists."""
    reactions = [
        {
            "id": rid,
            "uid": uid,
            "session_id": sid,
            "session_uid": suid,
            "date": day,
            "redness": redness,
            "swelling": bool(swelling),
            "bleeding": bool(bleeding),
            "infection": bool(infection),
            "notes": notes or "",
        }
        for rid, uid, sid, suid, day, redness, swelling, bleeding, infection, notes in skin_bulk.select_reactions(con, **where)
    ]
    conditions = [
        {"id": cid, "uid": uid, "kind": kind, "area": area, "start": start, "end": end, "notes": notes or ""}
        for cid, uid, kind, area, start, end, notes in skin_bulk.select_conditions(con)
    ]
    return {"reactions": reactions, "conditions": conditions}


def csv_summaries(con) -> Callable[[Sequence[tuple]], Sequence[tuple]] | None:
    """For ``csv_format.write_csv``: a chunk of ``bulk.EXPORT_FIELDS`` rows ->
    (healed_on, max_redness) cells per row; None when the journal has no observation."""
    if not skin_bulk.has_reactions(con):
        return None

    def cells(chunk: Sequence[tuple]) -> list[tuple[str, str]]:
        found = skin_bulk.reaction_summary(con, [row[0] for row in chunk])
        none = (None, None)
        return [
            ("" if healed is None else healed, "" if top is None else str(top))
            for healed, top in (found.get(row[0], none) for row in chunk)
        ]

    return cells


# -- import -----------------------------------------------------------------------------


def _reaction(item: object, today) -> tuple:
    if not isinstance(item, dict):
        raise InputError(msg.IMPORT_NOT_OBJECT_OF.format(what="an observation"))
    return tuple(validate_records.reaction(item, today=today)[:8])


def _condition(item: object, kinds: Sequence[str], areas: Iterable[str]) -> tuple:
    if not isinstance(item, dict):
        raise InputError(msg.IMPORT_NOT_OBJECT_OF.format(what="a condition"))
    return tuple(validate_records.condition(item, kinds=kinds, areas=areas)[:6])


def read_skin(
    skin: dict | None, kinds: Sequence[str], areas: Iterable[str], errors, today: date
) -> tuple[list[tuple], list[tuple]]:
    """Validate a document's "reactions" and "conditions" with ``validate_records``
    (``errors``: the import's ``RowErrors``, naming ``reactions[i]`` / ``conditions[i]``).
    An observation's date is checked against its session's in ``write_skin``."""
    reactions: list[tuple] = []
    conditions: list[tuple] = []
    if not skin:
        return reactions, conditions
    areas = list(areas)
    for key, out, check in (
        ("reactions", reactions, lambda item: _reaction(item, today)),
        ("conditions", conditions, lambda item: _condition(item, kinds, areas)),
    ):
        items = skin.get(key) or []
        if not isinstance(items, list):
            errors.add(key, msg.IMPORT_SKIN_NOT_LIST.format(column=key))
            continue
        for index, item in enumerate(items):
            try:
                out.append(check(item))
            except InputError as exc:
                errors.add(f"{key}[{index}]", str(exc))
    return reactions, conditions


def _add_or_revive(con, table: str, rows: list[tuple], at: WriteStamp, insert, revive) -> list[int]:
    """Insert the rows (uid first) whose uid ``table`` lacks, bring back the deleted
    ones with these values, skip the rest -> the ids added or brought back."""
    known = bulk.known_uids(con, table, (r[0] for r in rows))
    added: list[int] = []
    for row in rows:
        found = known.get(row[0])
        if found is not None and not found[1]:
            continue
        if found is None:
            row_id = insert(con, row, at)
        else:
            row_id = found[0]
            revive(con, row, row_id, at)
        known[row[0]] = (row_id, False)
        added.append(row_id)
    return added


def write_skin(con, reactions: list[tuple], conditions: list[tuple], at: WriteStamp, errors) -> tuple[list[int], list[int]]:
    """Add (or bring back) the file's observations and conditions that the journal
    lacks, after its sessions -> (reaction ids, condition ids) for the undo log.
    An observation of a session neither the file nor the journal holds is an error."""
    sessions = bulk.known_uids(con, "sessions", [r[1] for r in reactions])
    dates = skin_bulk.session_dates(con, [found[0] for found in sessions.values()])
    for index, row in enumerate(reactions):
        if row[1] not in sessions:
            errors.add(f"reactions[{index}]", msg.IMPORT_SKIN_NO_SESSION.format(value=validate._show(row[1])))
            continue
        try:
            validate.reaction_day(row[2], today=None, session_date=dates[sessions[row[1]][0]], session=row[1])
        except InputError as exc:
            errors.add(f"reactions[{index}]", str(exc))
    if errors.items:
        errors.raise_now()
    rows = [(row[0], sessions[row[1]][0], *row[2:]) for row in reactions]
    return (
        _add_or_revive(con, "reactions", rows, at, skin_bulk.insert_reaction, skin_bulk.revive_reaction),
        _add_or_revive(con, "conditions", conditions, at, skin_bulk.insert_condition, skin_bulk.revive_condition),
    )
