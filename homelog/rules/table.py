"""The rule table: plain dicts (parsed TOML) -> a validated, read-only RuleTable.

Pure: no I/O here (load.py reads the files). ``build_table`` deep-merges a
user's overrides into the shipped defaults (tables merge key by key, lists
replace) and validates the result, so a typo in a user's rules.toml is an
error that names the key rather than a silently ignored setting. The areas and
groups are validated here; each rule's own section by its module (``parse``),
in registry order.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from homelog.record_type import Record
from homelog.rules import common as c
from homelog.rules.catalogue import (
    Catalogue,
    Evidence,
    RuleEvidence,
    catalogue_lines,
    describe_source,
    kinds_line,
    load_catalogue,
    parse_catalogue,
    shipped_evidence,
    shipped_kinds,
    shipped_notes,
    source_keys,
)
from homelog.rules.checks import contraindication
from homelog.rules.registry import RULE_IDS, RULES

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

DEFAULTS_ORIGIN = "built-in defaults.toml"
#: The labels of a rule's evidence line and source list in ``describe``.
EVIDENCE = "Evidence:"
SOURCES = "Sources:"
_TOP_KEYS = ("groups", "areas", "sources", *RULE_IDS)


def _derive():
    """``homelog.rules.derive``, imported only where the ranges are shown (`homelog rules`):
    status and check never load it."""
    from homelog.rules import derive

    return derive


class RuleTable(Record):
    areas: Mapping[str, str]  # area -> group, in display order
    groups: tuple[str, ...]
    params: Mapping[str, Any]  # rule id -> that rule module's Params
    source_keys: Mapping[str, tuple[str, ...]]  # rule id -> the keys of the sources it rests on
    enabled_rules: frozenset[str]
    user_sources: Catalogue  # a rules.toml's own [sources.<key>] entries
    origins: tuple[str, ...] = (DEFAULTS_ORIGIN,)

    def group_of(self, area: str) -> str:
        try:
            return self.areas[area]
        except KeyError:
            raise KeyError(f"unknown area: {area}") from None

    def is_enabled(self, rule: str) -> bool:
        return rule in self.enabled_rules

    @property
    def catalogue(self) -> Catalogue:
        """The shipped sources (parsed once, on first use: not by status or check) and the user's."""
        return load_catalogue(self.user_sources)

    def evidence(self, rule: str) -> RuleEvidence:
        """The sources ``rule`` rests on, and its caveat."""
        return RuleEvidence(rule, tuple(self.catalogue[k] for k in self.source_keys[rule]), shipped_notes().get(rule))

    def source(self, rule: str) -> str:
        """A finding's ``source``: how strong the rule's evidence is, from the kinds of
        its sources (without parsing the catalogue: ``check`` words findings)."""
        kinds = shipped_kinds()
        return kinds_line([self.user_sources[k].kind if k in self.user_sources else kinds[k] for k in self.source_keys[rule]])

    def cited_by(self) -> dict[str, list[str]]:
        """Source key -> the ids of the rules citing it, in registry order."""
        out: dict[str, list[str]] = {}
        for r in RULES:
            for key in self.source_keys[r.id]:
                out.setdefault(key, []).append(r.id)
        return out

    @property
    def condition_kinds(self) -> tuple[str, ...]:
        """The kinds a standing condition may have ([contraindication.kinds]), in table order."""
        return tuple(contraindication.params(self).kinds)

    # -- presentation -----------------------------------------------------------------

    def to_json(self) -> dict:
        """The effective table: every rule with its id, parameters, source keys and
        evidence, and the catalogue the keys refer to."""
        view = self.parameters()
        return {
            "origins": list(self.origins),
            "groups": list(self.groups),
            "areas": dict(self.areas),
            "rules": [
                {
                    "id": r.id,
                    "title": r.title,
                    "enabled": r.id in self.enabled_rules,
                    **self.evidence(r.id).to_json(),
                    **r.to_json(self.params[r.id], self),
                    "ranges": _derive().ranges_json(
                        self.catalogue, r.id, shipped_evidence().get(r.id, Evidence()),
                        _derive().parameters_of(view, r.id), self.source_keys[r.id],
                    ),
                }
                for r in RULES
            ],
            "sources": self.sources_json(),
        }

    def sources_json(self) -> list[dict]:
        """The catalogue (shipped, then the user's), each entry with the rules citing it."""
        cited = self.cited_by()
        return [{**s.to_json(), "cited_by": cited.get(s.key, [])} for s in self.catalogue.values()]

    def parameters(self) -> dict:
        """The table in defaults.toml's shape (each rule's ``to_json`` and sources), as
        ``homelog.rules.derive`` reads it."""
        out: dict = {"groups": list(self.groups)}
        for r in RULES:
            out[r.id] = {**r.to_json(self.params[r.id], self), "sources": list(self.source_keys[r.id])}
        return out

    def figure_lines(self, rule: str) -> list[str]:
        """Each of ``rule``'s parameters: the range its sources' figures give and who gives each end."""
        derive = _derive()
        return derive.figure_lines(
            self.catalogue, rule, shipped_evidence().get(rule, Evidence()),
            derive.parameters_of(self.parameters(), rule), self.source_keys[rule],
        )

    def describe_sources(self) -> list[str]:
        """Human-readable lines for `homelog sources`."""
        return catalogue_lines(self.catalogue, self.cited_by())

    def evidence_lines(self, rule: str) -> list[str]:
        """``rule``'s evidence line, then its sources one a line (`homelog rules`, the TUI)."""
        evidence = self.evidence(rule)
        return [f"{EVIDENCE} {evidence.line}", SOURCES, *(f"  - {describe_source(s)}" for s in evidence.sources)]

    def describe(self) -> list[str]:
        """Human-readable lines for `homelog rules`."""
        lines = ["Rules from: " + " + ".join(self.origins), "", "Areas"]
        for g in self.groups:
            members = [a for a, ag in self.areas.items() if ag == g]
            lines.append(f"  {g} group: {', '.join(members) if members else '(none)'}")
        for r in RULES:
            state = "" if r.id in self.enabled_rules else " (disabled)"
            lines.extend(["", f"{r.id}{state}: {r.title}"])
            lines.extend(r.describe(self.params[r.id], self))
            lines.extend(f"  {line}" for line in self.figure_lines(r.id))
            lines.extend(f"  {line}" for line in self.evidence_lines(r.id))
        return lines


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
    user_sources = parse_catalogue(data, label, taken=shipped_kinds())
    try:
        return _validate(data, origins, user_sources)
    except c.RulesError as exc:
        raise c.RulesError(f"{label}: {exc}") from None


def _validate(d: Mapping[str, Any], origins: tuple[str, ...], user_sources: Catalogue) -> RuleTable:
    c.table_value(d, "the rules")
    c.known(d, _TOP_KEYS, "at the top level", what="rule id or key")
    groups = _groups(c.need(d, "groups", "at the top level"))
    areas = _areas(c.table_value(c.need(d, "areas", "at the top level"), "[areas]"), groups)

    bodies = {r.id: c.table_value(c.need(d, r.id, "at the top level"), f"[{r.id}]") for r in RULES}
    for r in RULES:
        c.known(bodies[r.id], (*c.COMMON_KEYS, *r.keys(groups)), f"in [{r.id}]")
    enabled = frozenset(
        rid for rid, body in bodies.items() if c.boolean(c.need(body, "enabled", f"in [{rid}]"), f"[{rid}] enabled")
    )
    known = {*shipped_kinds(), *user_sources}
    keys = {rid: source_keys(c.need(body, "sources", f"in [{rid}]"), known, f"[{rid}]") for rid, body in bodies.items()}
    params = {r.id: r.parse(bodies[r.id], groups) for r in RULES}
    return RuleTable(
        areas=MappingProxyType(areas),
        groups=groups,
        params=MappingProxyType(params),
        source_keys=MappingProxyType(keys),
        enabled_rules=enabled,
        user_sources=user_sources,
        origins=origins,
    )


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
        raise c.RulesError(f"'groups' must be a non-empty list of group names, got {c.show(value)}")
    for g in value:
        if not _name_ok(g):
            raise c.RulesError(f"group name {c.show(g)} in 'groups' must be lower-case letters, digits, '-' or '_'")
        if g in c.COMMON_KEYS:
            raise c.RulesError(f"'{g}' cannot be a group name (it is a rule key in [home-depth])")
    if len(set(value)) != len(value):
        raise c.RulesError("'groups' lists a group twice")
    return tuple(value)


def _areas(t: Mapping[str, Any], groups: tuple[str, ...]) -> dict[str, str]:
    if not t:
        raise c.RulesError("[areas] is empty: at least one area is needed")
    out = {}
    for area, group in t.items():
        if not _name_ok(area):
            raise c.RulesError(f"[areas]: area name '{area}' must be lower-case letters, digits, '-' or '_'")
        if not isinstance(group, str) or group not in groups:
            raise c.RulesError(
                f"[areas] {area} = {c.show(group)}: unknown area group; use one of {', '.join(groups)}"
            )
        out[area] = group
    return out
