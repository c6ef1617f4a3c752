"""Defaults from the figures of their sources: one derivation, and the check that
the rule table's defaults are what it gives.

Each catalogue entry lists the figures it gives (``Figure``: rule, parameter,
value in the rule's unit). For one parameter, ``derive`` takes the figures that
set a threshold (no ``role``, from a source not marked ``unconfirmed``) and returns a ``Derived``:

* ``stop``: the most cautious figure among the strongest kind of source that
  gives one (study > authority > clinician > vendor);
* ``caution``: the most cautious figure of any kind (a caution extends the stop
  to it; where they are the same, nothing is extended).

"Most cautious" is the longest wait (``LONGER``: rest days, waiting days, aftercare
days) or the lowest limit (``LOWER``: needle length, uses, age, sessions in a
window, the day that calls for a professional).

``expected`` says which parameter of the table each derived value sets;
``differences`` compares a parsed defaults.toml with what the figures give (a
rule's ``exceptions`` in sources.toml name a parameter whose default differs, and
why; its ``fallback`` names the parameter whose figures stand in where no source
gives one). Pure: plain data in, data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from homelog.record_type import Record
from homelog.rules.catalogue import KINDS, Catalogue, Evidence, Figure, number_text

LONGER, LOWER = "longer", "lower"

#: rule id -> which way is cautious, and the unit its figures are in.
DIRECTION: Mapping[str, tuple[str, str]] = {
    "rest-period": (LONGER, "days"),
    "home-depth": (LOWER, "mm"),
    "device-wear": (LOWER, "uses"),
    "device-age": (LOWER, "days"),
    "recovery": (LOWER, "days"),
    "contraindication": (LONGER, "days"),
    "frequency-cap": (LOWER, "sessions"),
    "aftercare": (LONGER, "days"),
}
_STRENGTH = {kind: rank for rank, kind in enumerate(KINDS)}


class Given(Record):
    """One figure with its source's key and kind."""

    key: str
    kind: str
    figure: Figure
    unconfirmed: bool = False  # its source could not be confirmed: shown, sets nothing

    @property
    def value(self) -> int | float:
        return self.figure.value

    @property
    def sets_threshold(self) -> bool:
        """Advice (no ``role``) from a source that a second look confirmed."""
        return self.figure.sets_threshold and not self.unconfirmed


class Derived(Record):
    """What the figures of one parameter give."""

    stop: int | float  # the most cautious figure of the strongest kind
    stop_by: tuple[str, ...]  # the keys giving it
    stop_kind: str
    caution: int | float  # the most cautious figure of any kind
    caution_by: tuple[str, ...]
    least: int | float  # the least cautious figure: the other end of the range
    least_by: tuple[str, ...]


def derive(given: Iterable[Given], direction: str) -> Derived | None:
    """The stop and caution values of one parameter's figures (None: no figure sets one)."""
    advice = [g for g in given if g.sets_threshold]
    if not advice:
        return None
    cautious = max if direction == LONGER else min
    lenient = min if direction == LONGER else max
    strongest = min(_STRENGTH[g.kind] for g in advice)
    top = [g for g in advice if _STRENGTH[g.kind] == strongest]
    stop = cautious(g.value for g in top)
    caution = cautious(g.value for g in advice)
    least = lenient(g.value for g in advice)
    return Derived(
        stop, _by(top, stop), top[0].kind, caution, _by(advice, caution), least, _by(advice, least),
    )


def _by(given: list[Given], value: int | float) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g.key for g in given if g.value == value))


def figures_of(catalogue: Catalogue, rule: str, cited: Iterable[str] | None = None) -> dict[str, list[Given]]:
    """parameter -> the figures of ``rule`` (of the ``cited`` sources only, when given), in catalogue order."""
    keys = None if cited is None else set(cited)
    out: dict[str, list[Given]] = {}
    for s in catalogue.values():
        if keys is not None and s.key not in keys:
            continue
        for f in s.figures:
            if f.rule == rule:
                out.setdefault(f.parameter, []).append(Given(s.key, s.kind, f, s.unconfirmed))
    return out


def derived(catalogue: Catalogue, rule: str, evidence: Evidence, cited: Iterable[str] | None = None) -> dict[str, tuple[Derived, str]]:
    """parameter -> (what its figures give, the parameter whose figures those are:
    itself, or its ``fallback`` when it has none). Only parameters with figures
    (their own or a fallback's)."""
    figures = figures_of(catalogue, rule, cited)
    direction = DIRECTION[rule][0]
    own = {p: d for p, g in figures.items() if (d := derive(g, direction)) is not None}
    out = {p: (d, p) for p, d in own.items()}
    for p, other in evidence.fallback.items():
        if p not in own:
            seen = {p}
            while other not in own and other in evidence.fallback and other not in seen:
                seen.add(other)
                other = evidence.fallback[other]
            if other in own:
                out[p] = (own[other], other)
    return out


# -- which parameter of the table each derived value sets ---------------------------------


class Expect(Record):
    """One value of the table that a parameter's figures set."""

    rule: str
    parameter: str  # the figures' parameter
    key: str  # where it is in defaults.toml, in words
    which: str  # "stop" or "caution": the derived value it must equal
    actual: Any


def _mm(value: Any) -> str:
    return f"{float(value):.2f}"


def expected(defaults: Mapping[str, Any]) -> list[Expect]:
    """Every value of a parsed defaults.toml that a figure may set (rules missing from it: none)."""
    out: list[Expect] = []
    rp = defaults.get("rest-period")
    if rp:
        for i, band in enumerate(rp["bands"]):
            caution = band.get("caution_days", {})
            for group, days in band["days"].items():
                p = f"{group} {_mm(band['up_to_mm'])}"
                out.append(Expect("rest-period", p, f"bands[{i}].days.{group}", "stop", days))
                out.append(Expect("rest-period", p, f"bands[{i}].caution_days.{group}", "caution", caution.get(group, days)))
    hd = defaults.get("home-depth")
    if hd:
        hd = hd.get("limits", hd)  # a RuleTable's to_json keeps the groups under "limits"
        for group in defaults.get("groups", ()):
            if group in hd:
                out.append(Expect("home-depth", group, f"{group}.stop_above_mm", "stop", hd[group]["stop_above_mm"]))
                out.append(Expect("home-depth", group, f"{group}.caution_above_mm", "caution", hd[group]["caution_above_mm"]))
    dw = defaults.get("device-wear")
    if dw:
        out.append(Expect("device-wear", "uses", "stop_above", "stop", dw["stop_above"]))
        out.append(Expect("device-wear", "uses", "caution_above", "caution", dw["caution_above"]))
    da = defaults.get("device-age")
    if da:
        out.append(Expect("device-age", "days", "caution_above_days", "caution", da["caution_above_days"]))
    rc = defaults.get("recovery")
    if rc:
        out.append(Expect("recovery", "see_professional_after_days", "see_professional_after_days", "caution", rc["see_professional_after_days"]))
    ci = defaults.get("contraindication")
    if ci:
        for kind, k in ci["kinds"].items():
            field = "from_start_days" if "from_start_days" in k else "after_days"
            out.append(Expect("contraindication", kind, f"kinds.{kind}.{field}", "caution", k.get(field, 0)))
    fc = defaults.get("frequency-cap")
    if fc:
        for i, w in enumerate(fc["windows"]):
            out.append(Expect("frequency-cap", f"{w['days']} days", f"windows[{i}].max", "caution", w["max"]))
    ac = defaults.get("aftercare")
    if ac:
        for i, band in enumerate(ac["bands"]):
            out.append(Expect("aftercare", "days", f"bands[{i}].days", "caution", band["days"]))
    return out


def differences(defaults: Mapping[str, Any], catalogue: Catalogue, evidence: Mapping[str, Evidence]) -> list[str]:
    """Every value of ``defaults`` that is not what its figures give (and is not a named
    exception), and every figure whose parameter no value of the table has. Empty: all agree."""
    cited = {rule: defaults[rule].get("sources", ()) for rule in DIRECTION if rule in defaults}
    gives = {rule: derived(catalogue, rule, evidence.get(rule, Evidence()), cited[rule]) for rule in cited}
    out = []
    known: dict[str, set[str]] = {}
    for e in expected(defaults):
        known.setdefault(e.rule, set()).add(e.parameter)
        if e.parameter in evidence.get(e.rule, Evidence()).exceptions:
            continue
        got = gives[e.rule].get(e.parameter)
        if got is None:
            continue  # no figure: `homelog rules` says so
        want = getattr(got[0], e.which)
        if not _same(want, e.actual):
            out.append(f"{e.rule} {e.key} is {e.actual!r}; the figures for {e.parameter} give {number_text(want)} ({e.which})")
    for s in catalogue.values():
        for f in s.figures:
            if f.rule not in DIRECTION:
                out.append(f"{s.key}: a figure for unknown rule '{f.rule}'")
            elif f.sets_threshold and f.parameter not in known.get(f.rule, set()):
                out.append(f"{s.key}: {f.rule} has no parameter '{f.parameter}'")
    return out


def _same(a: Any, b: Any) -> bool:
    return abs(float(a) - float(b)) < 1e-9


# -- wording: `homelog rules` and the README ------------------------------------------------

_NO_FIGURE = {"contraindication": "no source gives a wait after its end"}


def _amount(value: int | float, unit: str) -> str:
    return f"{number_text(value)} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"


def range_text(d: Derived, unit: str, single: bool = False) -> str:
    """"3 to 28 days: stop 7 (gohara-instyle, clinician); caution to 28 (igeekguides, ansvers);
    least 3 (marchbein-allure)". ``single``: the parameter has one value (the most cautious
    figure of any kind), not a stop and a caution."""
    lo, hi = sorted((d.least, d.caution))
    span = _amount(lo, unit) if lo == hi else f"{number_text(lo)} to {_amount(hi, unit)}"
    if single:
        parts = [f"most cautious {number_text(d.caution)} ({', '.join(d.caution_by)})"]
    else:
        parts = [f"stop {number_text(d.stop)} ({', '.join(d.stop_by)}, {d.stop_kind})"]
    if not single and not _same(d.caution, d.stop):
        parts.append(f"caution to {number_text(d.caution)} ({', '.join(d.caution_by)})")
    if not _same(d.least, d.caution) and not _same(d.least, d.stop):
        parts.append(f"least {number_text(d.least)} ({', '.join(d.least_by)})")
    return f"{span}: {'; '.join(parts)}"


def figure_lines(catalogue: Catalogue, rule: str, evidence: Evidence, parameters: Mapping[str, set[str]], cited: Iterable[str]) -> list[str]:
    """`homelog rules`: each parameter's range in the sources and who gives each end."""
    if rule not in DIRECTION:
        return []
    unit = DIRECTION[rule][1]
    cited = tuple(cited)
    gives = derived(catalogue, rule, evidence, cited)
    figures = figures_of(catalogue, rule, cited)
    none = _NO_FIGURE.get(rule, "no source gives a figure")
    lines = ["Figures in the sources:"]
    for p, whiches in parameters.items():
        single = "stop" not in whiches
        got = gives.get(p)
        if p in evidence.exceptions:
            why = f" Default differs: {evidence.exceptions[p]}"
        else:
            why = ""
        if got is None:
            lines.append(f"  {p}: {none}.{why}")
        elif got[1] != p:
            lines.append(f"  {p}: {none}; the {got[1]} figures are used ({range_text(got[0], unit, single)}).{why}")
        else:
            lines.append(f"  {p}: {range_text(got[0], unit, single)}.{why}")
    shown = [g for gs in figures.values() for g in gs if not g.sets_threshold]
    if shown:
        lines.append("  Trials', clinics', clinic procedures' and unconfirmed pages' figures (shown, set no threshold):")
        lines += [
            f"    {g.key}{' (unconfirmed)' if g.unconfirmed else ''} {g.figure.parameter}: {_amount(g.value, unit)} ({g.figure.says})"
            for g in shown
        ]
    return lines


def ranges_json(catalogue: Catalogue, rule: str, evidence: Evidence, parameters: Iterable[str], cited: Iterable[str]) -> dict:
    """`homelog rules --json`: parameter -> what its figures give (null: none), and whose figures those are."""
    if rule not in DIRECTION:
        return {}
    gives = derived(catalogue, rule, evidence, tuple(cited))
    out: dict = {}
    for p in parameters:
        got = gives.get(p)
        out[p] = None if got is None else {
            "stop": got[0].stop, "stop_by": list(got[0].stop_by), "stop_kind": got[0].stop_kind,
            "caution": got[0].caution, "caution_by": list(got[0].caution_by),
            "least": got[0].least, "least_by": list(got[0].least_by),
            "figures_of": got[1], "exception": evidence.exceptions.get(p),
        }
    return out


def parameters_of(defaults: Mapping[str, Any], rule: str) -> dict[str, set[str]]:
    """The rule's parameters that figures may set, in table order, each with the
    derived values it takes ("stop", "caution")."""
    out: dict[str, set[str]] = {}
    for e in expected(defaults):
        if e.rule == rule:
            out.setdefault(e.parameter, set()).add(e.which)
    return out


def markdown_table(defaults: Mapping[str, Any], catalogue: Catalogue, evidence: Mapping[str, Evidence]) -> list[str]:
    """The README's table of each default against the range its sources give."""
    rows = ["| rule | parameter | default (stop / caution) | the sources' figures |", "|---|---|---|---|"]
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for e in expected(defaults):
        values.setdefault((e.rule, e.parameter), {})[e.which] = e.actual
    for (rule, p), v in values.items():
        unit = DIRECTION[rule][1]
        ev = evidence.get(rule, Evidence())
        got = derived(catalogue, rule, ev, defaults[rule].get("sources", ())).get(p)
        default = " / ".join(dict.fromkeys(number_text(v[w]) for w in ("stop", "caution") if w in v))
        single = "stop" not in v
        if got is None:
            seen = _NO_FIGURE.get(rule, "no source gives a figure")
        elif got[1] != p:
            seen = f"none; the {got[1]} figures: {range_text(got[0], unit, single)}"
        else:
            seen = range_text(got[0], unit, single)
        if p in ev.exceptions:
            seen += f" (default differs: {ev.exceptions[p]})"
        rows.append(f"| `{rule}` | {p} | {default} | {seen} |")
    return rows
