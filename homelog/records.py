"""Plain records that cross layer boundaries (store -> service -> cli/tui).

No I/O and no third-party imports: the rules, the service and both front ends
all speak in these types. Needle lengths are integer micrometres internally so
that 0.25 mm is stored, compared and printed exactly.

The records are ``homelog.record_type.Record``s, NamedTuples in all but their
cost: immutable, compared by value, cheap to make. (A frozen dataclass would do
as well, but on Python 3.11 creating its class costs about 1 ms and
``dataclasses`` itself 9 ms to import: a fifth of what ``homelog status`` may
cost over starting Python, issue 15; ``typing.NamedTuple`` costs 80 µs a class,
record_type.py says why. Use ``_replace`` where a dataclass would use
``dataclasses.replace``.)
"""

from __future__ import annotations

from datetime import date

from homelog.record_type import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from decimal import Decimal

DEVICE_KINDS = ("roller", "stamp", "pen")
FIXED_NEEDLE_KINDS = ("roller", "stamp")
#: What a pen session says of its cartridge (the needles that touch the skin, sterile and single-use).
CARTRIDGE_STATES = ("new", "reused")


def mm_to_um(mm: "Decimal | str | float") -> int:
    """0.25 -> 250. Callers validate first; this only converts."""
    from decimal import (
        Decimal,  # not at import: status and check never need it (0.7 ms)
    )

    return int((Decimal(str(mm)) * 1000).to_integral_value())


def um_to_mm_text(um: int) -> str:
    """250 -> '0.25', 1000 -> '1.0', 500 -> '0.5': as a person writes it."""
    whole, part = divmod(abs(um), 1000)
    text = f"{'-' if um < 0 else ''}{whole}.{part:03d}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def um_to_mm(um: int) -> float:
    """250 -> 0.25 as a JSON number (exact for at most 3 decimals)."""
    return float(um_to_mm_text(um))


class Session(Record):
    id: int
    uid: str
    date: date
    area: str
    needle_um: int
    device_id: int | None = None
    disinfected: bool | None = None
    notes: str = ""
    override_reason: str | None = None
    overridden_rules: tuple[str, ...] = ()
    device_name: str | None = None
    cartridge: str | None = None  # a pen's: "new" | "reused"; None: not said
    product_ids: tuple[int, ...] = ()  # the products on the skin during the session

    @property
    def needle_mm_text(self) -> str:
        return um_to_mm_text(self.needle_um)

    def to_json(self) -> dict:
        return session_json(
            id=self.id,
            uid=self.uid,
            date=self.date.isoformat(),
            area=self.area,
            needle_mm=um_to_mm(self.needle_um),
            device_id=self.device_id,
            disinfected=self.disinfected,
            notes=self.notes,
            override_reason=self.override_reason,
            overridden_rules=list(self.overridden_rules),
            cartridge=self.cartridge,
            product_ids=list(self.product_ids),
        )


def session_json(
    *,
    id: int,
    uid: str,
    date: str,
    area: str,
    needle_mm: float,
    device_id: int | None,
    disinfected: bool | None,
    notes: str,
    override_reason: str | None,
    overridden_rules: list[str],
    cartridge: str | None = None,
    product_ids: list[int] | None = None,
) -> dict:
    """A session as JSON shows it (``Session.to_json``, and the export's sessions,
    which add ``device_uid``): the one place its keys and their order are written."""
    return {
        "id": id,
        "uid": uid,
        "date": date,
        "area": area,
        "needle_mm": needle_mm,
        "device_id": device_id,
        "disinfected": disinfected,
        "notes": notes,
        "override_reason": override_reason,
        "overridden_rules": overridden_rules,
        "cartridge": cartridge,
        "product_ids": product_ids or [],
    }


class Device(Record):
    id: int
    uid: str
    name: str
    kind: str
    needle_um: int | None
    uses: int = 0
    first_used: date | None = None
    retired: bool = False
    shared_from: date | None = None  # the day it was first used on someone else

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "kind": self.kind,
            "needle_mm": None if self.needle_um is None else um_to_mm(self.needle_um),
            "uses": self.uses,
            "first_used": self.first_used.isoformat() if self.first_used else None,
            "retired": self.retired,
            "shared_from": self.shared_from.isoformat() if self.shared_from else None,
        }


class SessionInput(Record):
    """A validated session that is not (yet) in the journal: for check and add."""

    date: date
    area: str
    needle_um: int
    device_id: int | None = None
    disinfected: bool | None = None
    notes: str = ""
    cartridge: str | None = None  # a pen's: "new" | "reused"; None: not said
    products: "tuple[Product, ...]" = ()  # on the skin during the session


class Finding(Record):
    rule: str
    level: str  # "note" | "caution" | "stop"
    message: str
    until: date | None
    source: str  # how strong the rule's evidence is, in words (from its sources' kinds)
    sources: tuple[str, ...] = ()  # the keys of the rule's sources (the engine fills them in)

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "until": self.until.isoformat() if self.until else None,
            "source": self.source,
            "sources": list(self.sources),
        }


class Readiness(Record):
    """The rules' one answer to "when is this area ready?" (``homelog.rules.ready_on``)."""

    #: the first day on or after the day asked on which a session gets no stop;
    #: None ("no date"): waiting alone does not clear it
    ready_on: date | None
    #: the stop findings that hold the area: with a date, every one met on the way to it
    #: (in order); with no date, those that waiting does not clear
    held_by: tuple[Finding, ...] = ()

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules of ``held_by``, each once."""
        return tuple(dict.fromkeys(f.rule for f in self.held_by))


class Verdict(Record):
    findings: tuple[Finding, ...]
    #: the first day from the candidate's date on which the same session gets no stop;
    #: None: waiting alone does not clear it (``readiness.held_by`` says why)
    next_safe_date: date | None
    readiness: Readiness | None = None

    @property
    def ok(self) -> bool:
        return not any(f.level == "stop" for f in self.findings)

    @property
    def stopped_rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule for f in self.findings if f.level == "stop"))

    @property
    def held_by(self) -> tuple[Finding, ...]:
        return self.readiness.held_by if self.readiness is not None else ()

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "findings": [f.to_json() for f in self.findings],
            "next_safe_date": self.next_safe_date.isoformat() if self.next_safe_date else None,
            "next_safe_held_by": list(self.readiness.rules) if self.readiness is not None else [],
        }


#: The three states of an area on a day (``AreaStatus.state``).
READY, CAUTION, STOP = "ready", "caution", "stop"


class AreaStatus(Record):
    area: str
    group: str
    last_session: Session | None
    #: the first day the rest-period rule alone no longer stops a session (when after the as-of date)
    resting_until: date | None
    #: the first day out of aftercare, when the area is in aftercare on the as-of date
    aftercare_until: date | None = None
    #: every stop or caution that a session on the area would get on the as-of date,
    #: whatever its needle or device (rest-period, recovery, contraindication, frequency-cap)
    holds: tuple[Finding, ...] = ()
    as_of: date | None = None
    #: the rules' one answer from the as-of date (``Readiness``); None: not computed
    readiness: Readiness | None = None

    @property
    def ready_on(self) -> date | None:
        """The first day a session on the area gets no stop; None: no date (waiting alone does not clear it)."""
        if self.readiness is not None:
            return self.readiness.ready_on
        return self.resting_until or (None if self.held_by else self.as_of)

    @property
    def ready(self) -> bool:
        if self.readiness is not None:
            return self.ready_on is not None and self.ready_on == self.as_of
        return self.resting_until is None and not self.held_by

    @property
    def state(self) -> str:
        """``ready``; ``caution`` (no stop, a caution hold: you may go ahead); ``stop`` (resting or held)."""
        if not self.ready:
            return STOP
        return CAUTION if any(f.level == "caution" for f in self.holds) else READY

    @property
    def held_by(self) -> tuple[str, ...]:
        """The rules that stop a session on the area (on the way to ``ready_on``, or for good), each once."""
        if self.readiness is not None:
            return self.readiness.rules
        return tuple(dict.fromkeys(f.rule for f in self.holds if f.level == "stop"))

    def to_json(self) -> dict:
        ready_on = self.ready_on
        return {
            "area": self.area,
            "group": self.group,
            "last_session": self.last_session.to_json() if self.last_session else None,
            "resting_until": self.resting_until.isoformat() if self.resting_until else None,
            "ready": self.ready,
            "ready_on": ready_on.isoformat() if ready_on else None,
            "state": self.state,
            "held_by": list(self.held_by),
            "aftercare_until": self.aftercare_until.isoformat() if self.aftercare_until else None,
            "holds": [f.to_json() for f in self.holds],
        }


class SessionFilter(Record):
    area: str | None = None
    date_from: date | None = None
    date_to: date | None = None


class DeviceUse(Record):
    """What the device rules need to know about a device, from the journal."""

    id: int
    name: str
    uses: int  # sessions already in the journal with this device
    first_used: date | None
    retired: bool = False
    kind: str | None = None  # roller, stamp or pen (None: not known to the caller)
    shared_from: date | None = None  # the day it was first used on someone else


class DeviceOutlook(Record):
    """What the device rules say of one more session with a device on a day."""

    level: str | None  # the most pressing level, None when neither rule finds anything
    rule: str | None  # "device-wear" (it goes first) or "device-age", None with level None
    uses_left: int | None  # with no finding: uses before the wear caution; None while device-wear is off or for a pen
    new_cartridge: bool = False  # a pen: a new cartridge each session (rule cartridge)


class DeviceLimits(Record):
    """The device rules' thresholds, for a front end to state them."""

    wear_caution_above: int
    wear_stop_above: int
    age_caution_above_days: int


REDNESS_LEVELS = (0, 1, 2, 3)  # none, mild, moderate, severe


class Reaction(Record):
    """One observation of how the skin of a session reacted, on a day."""

    id: int
    uid: str
    session_id: int
    date: date
    redness: int  # 0..3
    swelling: bool = False
    bleeding: bool = False
    infection: bool = False
    notes: str = ""

    @property
    def healed(self) -> bool:
        return self.redness == 0 and not (self.swelling or self.bleeding or self.infection)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "session_id": self.session_id,
            "date": self.date.isoformat(),
            "redness": self.redness,
            "swelling": self.swelling,
            "bleeding": self.bleeding,
            "infection": self.infection,
            "notes": self.notes,
            "healed": self.healed,
        }


class Condition(Record):
    """A standing contraindication: a kind, an optional area, from start to end (open when None)."""

    id: int
    uid: str
    kind: str
    area: str | None
    start: date
    end: date | None = None
    notes: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "kind": self.kind,
            "area": self.area,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "notes": self.notes,
        }


class UndoResult(Record):
    """What ``Journal.undo`` reverted (``messages.undone`` words it). ``action`` is None
    when there was nothing to undo."""

    entity: str | None = None  # "session", "device", "reaction", "condition", "product" or "application"
    action: str | None = None  # the change reverted: "add", "edit", "delete", "import", "retire", "end", "restore", "shared"
    ids: tuple[int, ...] = ()  # the sessions (or the one device or condition) it concerned
    session: Session | None = None  # one session's add/edit/delete: that session as it is now
    device_name: str | None = None  # a device's add/retire: its name
    devices_removed: int = 0  # devices taken back with it (an import's, or the added device)
    devices_retired: int = 0  # ... retired instead, as other sessions refer to them
    reaction: Reaction | None = None  # an observation's add: the observation removed
    condition: Condition | None = None  # a condition's change: the condition as it is now
    reactions_removed: int = 0  # an import's observations taken back with it
    conditions_removed: int = 0  # an import's conditions taken back with it
    records_reverted: int = 0  # a sync's: the records put back as they were
    product: "Product | None" = None  # a product's change: the product as it is now
    application: "Application | None" = None  # an application's add: the application removed

    @property
    def undone(self) -> bool:
        return self.action is not None


class Product(Record):
    """Something put on the skin: during a session (the glide) or after it. Its
    ingredients are the label's INCI list as typed ("" : not known, which is not safe)."""

    id: int
    uid: str
    name: str
    ingredients: str = ""
    sterile: bool = False
    notes: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "ingredients": self.ingredients,
            "sterile": self.sterile,
            "notes": self.notes,
        }


class Application(Record):
    """A product put on an area on a day (after a session)."""

    id: int
    uid: str
    product: Product
    area: str
    date: date

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uid": self.uid,
            "product_id": self.product.id,
            "product": self.product.name,
            "area": self.area,
            "date": self.date.isoformat(),
        }


class ClassFound(Record):
    """A product class an ingredient list holds: which of its ingredients matched
    (as written), what to judge (caveats), and whether the rules flag the class."""

    cls: str
    title: str
    matched: tuple[str, ...]
    caveats: tuple[str, ...] = ()
    flagged: bool = True

    def to_json(self) -> dict:
        return {
            "class": self.cls,
            "title": self.title,
            "matched": list(self.matched),
            "caveats": list(self.caveats),
            "flagged": self.flagged,
        }
