"""The shape of one rule: what a module under ``homelog.rules.checks`` provides.

A rule module defines ``ID``, ``TITLE``, its table section's ``Params`` and the
functions ``keys``, ``parse``, ``check``, ``counter``, ``to_json``, ``describe``
(and ``reach`` when it looks at other sessions, ``clears`` when waiting can end
its stops), typed as the fields of ``Rule`` below; ``homelog.rules.registry`` lists the modules in order (``Rule.of``).
The engine, ``summarise``, the table's validation and its presentation only
ever iterate that registry.

Inputs grow here: a rule that needs more than the candidate, its area's history
and its device (reactions, standing conditions, ...) gets a new field on
``Context`` (with a default, filled by ``evaluate``'s new keyword argument) and,
for the import's count, a new field at the end of ``Facts`` and its position.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import ModuleType

from homelog.record_type import Record
from homelog.records import (
    Application,
    Condition,
    DeviceUse,
    Finding,
    Reaction,
    SessionInput,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

    from homelog.rules.table import RuleTable


class Context(Record):
    """Everything a rule may look at to judge one candidate session."""

    candidate: SessionInput
    same_area: Sequence[Any]  # the area's other sessions (.date, .area, .needle_um), by date
    group: str  # the candidate's area group
    device: DeviceUse | None
    table: "RuleTable"
    #: observations of the area's sessions (and of every session with an infection)
    reactions: Sequence[Reaction] = ()
    conditions: Sequence[Condition] = ()  # the live standing conditions
    #: the live applications of products on the candidate's area (``products`` picks
    #: those inside the candidate's aftercare)
    applications: Sequence[Application] = ()


class Facts(Record):
    """One session to count (``summarise``); dates are ``date.toordinal()`` numbers.

    ``summarise`` takes these or plain tuples in this order; counters read them by
    the positions below (building a Facts per session would cost an import more
    than all the rules' counting).
    """

    day: int
    area: str
    needle_um: int
    disinfected: bool | None
    uses: int | None  # uses its device had before it; None: no device
    first_used: int | None  # day number of the device's first use
    #: the positions below may be left out of a plain tuple (then: not known / none)
    kind: str | None = None  # its device's kind
    shared_from: int | None = None  # day number its device was first used on someone else
    cartridge: str | None = None  # a pen session's "new" / "reused"; None: not said
    products: tuple = ()  # the Products on the skin during it


DAY, AREA, NEEDLE_UM, DISINFECTED, USES, FIRST_USED, KIND, SHARED_FROM, CARTRIDGE, PRODUCTS = range(10)  # positions in Facts


def at(f: Sequence[Any], position: int, default: Any = None) -> Any:
    """A Facts field that a short plain tuple may leave out."""
    return f[position] if len(f) > position else default

#: history[area] -> (day number, needle µm) of every session of the area that counts.
History = Mapping[str, "Any"]  # ("Any": typing is not imported at run time)
#: One observation, for ``summarise``: (day number, id, healed, infection).
Observation = tuple[int, int, bool, bool]


class Observed(Record):
    """A session of an area as ``summarise``'s recovery count sees it: its day, its
    id (None: a session being counted, which has no observations yet and sorts after
    the journal's of its day) and its observations."""

    day: int
    id: int | None
    observations: tuple[Observation, ...] = ()


class Inputs(Record):
    """What the counters of ``summarise`` read besides each session's ``Facts``."""

    history: History
    #: observed[area]: every session of the area that counts (the journal's, with their
    #: observations, and the counted ones); observed[None]: other sessions with an
    #: infection observation (only their observations count)
    observed: Mapping[str | None, Sequence[Observed]] = {}
    conditions: Sequence[Condition] = ()
    #: applications[area]: the live applications of products on that area
    applications: Mapping[str, Sequence[Application]] = {}


#: Given a session's facts, the level the rule finds for it (None: no finding).
Counter = Callable[[Facts], "str | None"]


def never_clears(ctx: Context, p_: Any, stops: Sequence[Finding]) -> date | None:
    """A rule whose stops do not end by waiting (a needle too long, a worn device, no
    disinfection): the candidate's date does not change them."""
    return None


def no_reach(table: "RuleTable", area: str, needle_um: int | None) -> tuple[int, int]:
    """A rule that looks at no other session: no history needed."""
    return (-1, 0)


class Rule(Record):
    """One rule, registered once. ``P`` below is the rule's own ``Params`` type."""

    id: str
    title: str  # one line for `homelog rules`
    #: the keys of the table section besides ``enabled``/``sources`` (given the groups)
    keys: Callable[[tuple[str, ...]], tuple[str, ...]]
    #: the section (a dict from TOML) -> P; RulesError naming the key on a bad value
    parse: Callable[[Mapping[str, Any], tuple[str, ...]], Any]
    #: (Context, P) -> the findings for one candidate
    check: Callable[[Context, Any], list[Finding]]
    #: (table, P, Inputs) -> a Counter for many sessions (``summarise``)
    counter: Callable[["RuleTable", Any, Inputs], Counter]
    #: (P, table) -> the section's keys in ``homelog rules --json``
    to_json: Callable[[Any, "RuleTable"], dict]
    #: (P, table) -> the lines between the heading and the evidence line in ``homelog rules``
    describe: Callable[[Any, "RuleTable"], list[str]]
    #: (table, area, needle µm or None) -> (days back, days ahead) of the area's
    #: history that can change this rule's answer; ``history_window`` takes the widest
    reach: Callable[["RuleTable", str, "int | None"], tuple[int, int]] = no_reach
    #: (Context, P, the rule's stop findings for ``ctx.candidate``) -> the first day
    #: after the candidate's date on which those stops may be gone, or None when waiting
    #: alone never clears them. The promise the engine's ``ready_on`` builds on: the
    #: rule stops the same candidate on EVERY day from its date to the day before the
    #: day returned (a day too early is safe, the engine asks again there; a day too
    #: late is a bug). Without it: ``never_clears``. Each rule that can hold an area
    #: for a while defines one beside its ``check`` (rest-period, recovery,
    #: contraindication, frequency-cap).
    clears: Callable[[Context, Any, Sequence[Finding]], "date | None"] = never_clears

    @classmethod
    def of(cls, module: ModuleType) -> "Rule":
        """The rule a module under ``homelog.rules.checks`` defines."""
        m = module
        return cls(
            id=m.ID, title=m.TITLE, keys=m.keys, parse=m.parse, check=m.check, counter=m.counter,
            to_json=m.to_json, describe=m.describe, reach=getattr(m, "reach", no_reach),
            clears=getattr(m, "clears", never_clears),
        )
