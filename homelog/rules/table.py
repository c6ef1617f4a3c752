"""The rule table: plain dicts (parsed TOML) -> a validated, read-only RuleTable.

Pure: no I/O here (load.py reads the files). ``build_table`` deep-merges a
user's overrides into the shipped defaults (tables merge key by key, lists
replace) and validates the result, so a typo in a user's rules.toml is an
error that names the key rather than a silently ignored setting.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping

from homelog.rules import wording
from homelog.rules.wording import mm_number, mm_text

RULE_IDS = ("rest-period", "home-depth", "device-wear", "device-age", "disinfection")
LEVELS = ("note", "caution", "stop")
#: Temporary: issue 13's default condition kinds, until the rule table holds them.
CONDITION_KINDS = (
    "pregnancy",
    "breastfeeding",
    "isotretinoin",
    "retinoid",
    "cold-sore",
    "infection",
    "skin-flare",
    "acne",
    "anticoagulant",
    "keloid",
    "peel",
    "sunburn",
)

MIN_LAST_BAND_UM = 3000  # the bands must reach at least 3.0 mm
MAX_DAYS = 3650  # ten years: beyond this a date sum could overflow and it is surely a typo
DEFAULTS_ORIGIN = "built-in defaults.toml"

_TOP_KEYS = ("groups", "areas", *RULE_IDS)
_COMMON_KEYS = ("enabled", "source")
_RULE_KEYS = {
    "rest-period": ("bands",),
    "home-depth": (),  # plus one table per group
    "device-wear": ("caution_above", "stop_above"),
    "device-age": ("caution_above_days", "level"),
    "disinfection": ("level",),
}
_BAND_KEYS = ("up_to_mm", "days", "level")
_DEPTH_KEYS = ("caution_above_mm", "stop_above_mm")


class RulesError(ValueError):
    """A problem with a rules file or table; the message is shown to the user as is."""


@dataclass(frozen=True)
class RestBand:
    up_to_um: int
    days: Mapping[str, int]  # group -> rest days
    level: str


@dataclass(frozen=True)
class DepthLimit:
    caution_above_um: int
    stop_above_um: int


@dataclass(frozen=True)
class RuleTable:
    areas: Mapping[str, str]  # area -> group, in display order
    groups: tuple[str, ...]
    rest_bands: tuple[RestBand, ...]  # strictly increasing up_to_um, last >= 3.0 mm
    depth_limits: Mapping[str, DepthLimit]  # group -> limits
    wear_caution_above: int  # caution when this session would be use number n > this
    wear_stop_above: int
    age_caution_above_days: int
    age_level: str
    disinfection_level: str
    sources: Mapping[str, str]  # rule id -> source text
    enabled_rules: frozenset[str]
    origins: tuple[str, ...] = (DEFAULTS_ORIGIN,)
    _edges: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _max_rest: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_edges", tuple(b.up_to_um for b in self.rest_bands))
        object.__setattr__(
            self,
            "_max_rest",
            MappingProxyType({g: max(b.days[g] for b in self.rest_bands) for g in self.groups}),
        )

    # -- look-ups used by the engine -------------------------------------------------

    def group_of(self, area: str) -> str:
        try:
            return self.areas[area]
        except KeyError:
            raise KeyError(f"unknown area: {area}") from None

    def rest_for(self, area: str, needle_um: int) -> tuple[int, str]:
        """(days, level) of the smallest band whose "up to" is >= needle_um (else the last band)."""
        group = self.group_of(area)
        i = bisect_left(self._edges, needle_um)
        band = self.rest_bands[min(i, len(self.rest_bands) - 1)]
        return band.days[group], band.level

    def max_rest_days(self, area: str) -> int:
        return self._max_rest[self.group_of(area)]

    def is_enabled(self, rule: str) -> bool:
        return rule in self.enabled_rules

    def source(self, rule: str) -> str:
        return self.sources[rule]

    @property
    def condition_kinds(self) -> tuple[str, ...]:
        """The kinds of standing condition (contraindication) a person can record."""
        return CONDITION_KINDS

    # -- presentation -----------------------------------------------------------------

    def to_json(self) -> dict:
        """The effective table: every rule with its id, parameters and source."""
        def common(rid: str) -> dict:
            return {
                "id": rid,
                "title": wording.RULE_TITLES[rid],
                "enabled": rid in self.enabled_rules,
                "source": self.sources[rid],
            }

        return {
            "origins": list(self.origins),
            "groups": list(self.groups),
            "areas": dict(self.areas),
            "rules": [
                {
                    **common("rest-period"),
                    "bands": [
                        {"up_to_mm": mm_number(b.up_to_um), "days": dict(b.days), "level": b.level}
                        for b in self.rest_bands
                    ],
                },
                {
                    **common("home-depth"),
                    "limits": {
                        g: {
                            "caution_above_mm": mm_number(lim.caution_above_um),
                            "stop_above_mm": mm_number(lim.stop_above_um),
                        }
                        for g, lim in self.depth_limits.items()
                    },
                },
                {
                    **common("device-wear"),
                    "caution_above": self.wear_caution_above,
                    "stop_above": self.wear_stop_above,
                },
                {
                    **common("device-age"),
                    "caution_above_days": self.age_caution_above_days,
                    "level": self.age_level,
                },
                {**common("disinfection"), "level": self.disinfection_level},
            ],
        }

    def describe(self) -> list[str]:
        """Human-readable lines for `homelog rules`."""
        lines = ["Rules from: " + " + ".join(self.origins), "", "Areas"]
        for g in self.groups:
            members = [a for a, ag in self.areas.items() if ag == g]
            lines.append(f"  {g} group: {', '.join(members) if members else '(none)'}")

        def head(rid: str) -> None:
            state = "" if rid in self.enabled_rules else " (disabled)"
            lines.extend(["", f"{rid}{state}: {wording.RULE_TITLES[rid]}"])

        def foot(rid: str) -> None:
            lines.append(f"  Source: {self.sources[rid]}")

        head("rest-period")
        rows = [["needle up to", *self.groups, "level"]]
        for b in self.rest_bands:
            rows.append([f"{mm_text(b.up_to_um)} mm", *(str(b.days[g]) for g in self.groups), b.level])
        lines.extend(_grid(rows, right=range(1, len(self.groups) + 1)))
        lines.append("  (days of rest after a session; longer needles use the last row)")
        foot("rest-period")

        head("home-depth")
        rows = [["group", "caution above", "stop above"]]
        for g, lim in self.depth_limits.items():
            rows.append([g, f"{mm_text(lim.caution_above_um)} mm", f"{mm_text(lim.stop_above_um)} mm"])
        lines.extend(_grid(rows))
        foot("home-depth")

        head("device-wear")
        lines.append(
            f"  caution from use {self.wear_caution_above + 1} (more than {self.wear_caution_above} uses); "
            f"stop from use {self.wear_stop_above + 1} (more than {self.wear_stop_above})"
        )
        foot("device-wear")

        head("device-age")
        lines.append(f"  {self.age_level} when the device was first used more than {self.age_caution_above_days} days before the session")
        foot("device-age")

        head("disinfection")
        lines.append(f"  {self.disinfection_level} when a session is not marked disinfected")
        foot("disinfection")
        return lines


def _grid(rows: list[list[str]], right: range | tuple = ()) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        out.append("  " + "  ".join(cells).rstrip())
    return out


# -- building and validating -------------------------------------------------------------


def merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict:
    """Deep merge: tables merge key by key, anything else (lists included) replaces. Never mutates."""
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def build_table(defaults: dict, overrides: dict | None = None, origin: str = "rules.toml") -> RuleTable:
    """Merge ``overrides`` into ``defaults`` and validate. Errors name ``origin``."""
    if overrides is None:
        data, label, origins = defaults, DEFAULTS_ORIGIN, (DEFAULTS_ORIGIN,)
    else:
        data, label, origins = merge(defaults, overrides), origin, (DEFAULTS_ORIGIN, origin)
    try:
        return _validate(data, origins)
    except RulesError as exc:
        raise RulesError(f"{label}: {exc}") from None


def _validate(d: Mapping[str, Any], origins: tuple[str, ...]) -> RuleTable:
    _table(d, "the rules")
    _known(d, _TOP_KEYS, "at the top level", what="rule id or key")
    groups = _groups(_need(d, "groups", "at the top level"))
    areas = _areas(_table(_need(d, "areas", "at the top level"), "[areas]"), groups)

    rules = {rid: _table(_need(d, rid, "at the top level"), f"[{rid}]") for rid in RULE_IDS}
    for rid, body in rules.items():
        extra = groups if rid == "home-depth" else ()
        _known(body, (*_COMMON_KEYS, *_RULE_KEYS[rid], *extra), f"in [{rid}]")
    enabled = frozenset(rid for rid, body in rules.items() if _bool(_need(body, "enabled", f"in [{rid}]"), f"[{rid}] enabled"))
    sources = {rid: _source(_need(body, "source", f"in [{rid}]"), f"[{rid}] source") for rid, body in rules.items()}

    bands = _bands(_need(rules["rest-period"], "bands", "in [rest-period]"), groups)

    depth = {}
    for g in groups:
        where = f"[home-depth.{g}]"
        t = _table(_need(rules["home-depth"], g, "in [home-depth] (one table per group)"), where)
        _known(t, _DEPTH_KEYS, f"in {where}")
        caution = _mm(_need(t, "caution_above_mm", f"in {where}"), f"{where} caution_above_mm", allow_zero=True)
        stop = _mm(_need(t, "stop_above_mm", f"in {where}"), f"{where} stop_above_mm", allow_zero=True)
        if caution > stop:
            raise RulesError(
                f"{where}: caution_above_mm ({mm_text(caution)}) is above stop_above_mm "
                f"({mm_text(stop)}); the caution threshold must not be above the stop threshold"
            )
        depth[g] = DepthLimit(caution, stop)

    wear = rules["device-wear"]
    wear_caution = _count(_need(wear, "caution_above", "in [device-wear]"), "[device-wear] caution_above")
    wear_stop = _count(_need(wear, "stop_above", "in [device-wear]"), "[device-wear] stop_above")
    if wear_caution > wear_stop:
        raise RulesError(
            f"[device-wear]: caution_above ({wear_caution}) is above stop_above ({wear_stop}); "
            "the caution count must not be above the stop count"
        )

    age = rules["device-age"]
    age_days = _days(_need(age, "caution_above_days", "in [device-age]"), "[device-age] caution_above_days")
    age_level = _level(_need(age, "level", "in [device-age]"), "[device-age] level")
    dis_level = _level(_need(rules["disinfection"], "level", "in [disinfection]"), "[disinfection] level")

    return RuleTable(
        areas=MappingProxyType(areas),
        groups=groups,
        rest_bands=bands,
        depth_limits=MappingProxyType(depth),
        wear_caution_above=wear_caution,
        wear_stop_above=wear_stop,
        age_caution_above_days=age_days,
        age_level=age_level,
        disinfection_level=dis_level,
        sources=MappingProxyType(sources),
        enabled_rules=enabled,
        origins=origins,
    )


def _need(t: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in t:
        raise RulesError(f"missing key '{key}' {where}")
    return t[key]


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RulesError(f"{where} must be a table, got {_show(value)}")
    return value


def _known(t: Mapping[str, Any], allowed: tuple[str, ...], where: str, what: str = "key") -> None:
    for key in t:
        if key not in allowed:
            import difflib  # only on the error path

            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise RulesError(f"unknown {what} '{key}' {where}{hint}; known: {', '.join(allowed)}")


def _name_ok(name: Any) -> bool:
    return (
        isinstance(name, str)
        and name != ""
        and name == name.lower()
        and name[0].isalnum()
        and all(c.isalnum() or c in "-_" for c in name)
    )


def _groups(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise RulesError(f"'groups' must be a non-empty list of group names, got {_show(value)}")
    for g in value:
        if not _name_ok(g):
            raise RulesError(f"group name {_show(g)} in 'groups' must be lower-case letters, digits, '-' or '_'")
        if g in _COMMON_KEYS:
            raise RulesError(f"'{g}' cannot be a group name (it is a rule key in [home-depth])")
    if len(set(value)) != len(value):
        raise RulesError("'groups' lists a group twice")
    return tuple(value)


def _areas(t: Mapping[str, Any], groups: tuple[str, ...]) -> dict[str, str]:
    if not t:
        raise RulesError("[areas] is empty: at least one area is needed")
    out = {}
    for area, group in t.items():
        if not _name_ok(area):
            raise RulesError(f"[areas]: area name '{area}' must be lower-case letters, digits, '-' or '_'")
        if not isinstance(group, str) or group not in groups:
            raise RulesError(
                f"[areas] {area} = {_show(group)}: unknown area group; use one of {', '.join(groups)}"
            )
        out[area] = group
    return out


def _bands(value: Any, groups: tuple[str, ...]) -> tuple[RestBand, ...]:
    if not isinstance(value, list) or not value:
        raise RulesError(f"[rest-period] bands must be a non-empty list of tables, got {_show(value)}")
    bands: list[RestBand] = []
    for i, raw in enumerate(value, start=1):
        where = f"[rest-period] bands[{i}]"
        t = _table(raw, where)
        _known(t, _BAND_KEYS, f"in {where}")
        up_to = _mm(_need(t, "up_to_mm", f"in {where}"), f"{where} up_to_mm")
        days_t = _table(_need(t, "days", f"in {where}"), f"{where} days")
        for g in days_t:
            if g not in groups:
                raise RulesError(f"{where} days: unknown group '{g}'; use one of {', '.join(groups)}")
        days = {}
        for g in groups:
            if g not in days_t:
                raise RulesError(f"{where} days: missing group '{g}' (every band needs days for {', '.join(groups)})")
            days[g] = _days(days_t[g], f"{where} days.{g}")
        level = _level(_need(t, "level", f"in {where}"), f"{where} level")
        if bands and up_to <= bands[-1].up_to_um:
            raise RulesError(
                f"{where}: up_to_mm {mm_text(up_to)} is not above the previous band's "
                f"{mm_text(bands[-1].up_to_um)}; bands must be in strictly increasing order"
            )
        bands.append(RestBand(up_to, MappingProxyType(days), level))
    if bands[-1].up_to_um < MIN_LAST_BAND_UM:
        raise RulesError(
            f"[rest-period] bands: the last band goes up to {mm_text(bands[-1].up_to_um)} mm; "
            f"it must reach at least {mm_text(MIN_LAST_BAND_UM)} mm"
        )
    return tuple(bands)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _mm(value: Any, where: str, allow_zero: bool = False) -> int:
    if not _is_number(value):
        raise RulesError(f"{where} must be a length in mm (a number such as 0.5), got {_show(value)}")
    d = Decimal(str(value))
    if not d.is_finite() or d < 0 or (d == 0 and not allow_zero):
        raise RulesError(f"{where} must be a length in mm {'>= 0' if allow_zero else 'above 0'}, got {_show(value)}")
    um = d * 1000
    if um != um.to_integral_value():
        raise RulesError(f"{where} must have at most 3 decimals (micrometre precision), got {_show(value)}")
    return int(um)


def _days(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
        raise RulesError(f"{where} must be a whole number of days from 0 to {MAX_DAYS}, got {_show(value)}")
    return value


def _count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RulesError(f"{where} must be a whole number of uses (0 or more), got {_show(value)}")
    return value


def _level(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in LEVELS:
        raise RulesError(f"{where} must be one of {', '.join(LEVELS)}, got {_show(value)}")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise RulesError(f"{where} must be true or false, got {_show(value)}")
    return value


def _source(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{where} must be a non-empty text saying where the rule comes from")
    return value.strip()


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
