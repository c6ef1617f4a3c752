"""The sources catalogue: who says what that a safety rule rests on, and how strong it is.

Data in sources.toml (shipped beside the rule table): one entry per source with a
stable key and a kind, and each rule's own caveat (``[evidence.<rule id>] note``).
Each rule's section of the rule table cites its sources by key (``sources = [...]``);
``source_keys`` checks a list against the known keys and names an unknown one,
``resolve`` turns keys into entries. ``evidence_line`` says how strong a rule's
evidence is from the kinds of its sources alone, so a vendor page can never read
like a trial.

Pure apart from the shipped file's readers at the end. A table loads with
``shipped_kinds`` (each key's kind, read without a TOML parse: a table loads
on every ``status`` and ``check``, and a finding's evidence line needs only the
kinds); the entries are parsed once, when first shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from homelog.record_type import Record
from homelog.rules.common import RulesError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

SOURCES_RESOURCE = "sources.toml"
SOURCES_ORIGIN = "built-in sources.toml"

# Strongest first; the order of the evidence line's tally.
KINDS: Mapping[str, str] = MappingProxyType({
    "study": "study or review",
    "authority": "professional body or regulator",
    "clinician": "clinician quoted in the press",
    "vendor": "vendor, clinic or blog",
})
_COUNTED = {  # kind -> (one, many) as counted in an evidence line
    "study": ("study or review", "studies or reviews"),
    "authority": ("professional body or regulator", "professional bodies or regulators"),
    "clinician": ("clinician quoted in the press", "clinicians quoted in the press"),
    "vendor": ("vendor, clinic or blog page", "vendor, clinic or blog pages"),
}

_REQUIRED = ("title", "author", "kind", "says")
_FIELDS = (*_REQUIRED, "year", "url", "document", "unconfirmed", "figures")
#: A figure's role besides advice: "protocol", the spacing a trial or clinic happened
#: to use; "clinic", a figure about clinic procedures given for a home rule. Both are
#: shown and set no threshold.
ROLES = ("protocol", "clinic")
_FIGURE_FIELDS = ("rule", "parameter", "value", "says", "role")
_EVIDENCE_FIELDS = ("note", "exceptions", "fallback")
_MAX_SAYS = 300
# An entry's header and its kind line (sources.toml keeps one field a line).
_ENTRY_KIND = re.compile(r'^\[sources\.([a-z0-9-]+)\]\n(?:[a-z]+ = .*\n)*?kind = "([a-z]+)"$', re.M)


class Figure(Record):
    """One figure a source gives that a rule uses, in the rule's unit (days, mm, uses, sessions)."""

    rule: str
    parameter: str  # which of the rule's parameters, e.g. "face 0.50" (see homelog.rules.derive)
    value: int | float
    says: str  # the source's own terms, e.g. "every 2-4 weeks"
    role: str | None = None  # None: advice that sets a threshold; else one of ROLES

    @property
    def sets_threshold(self) -> bool:
        return self.role is None

    def to_json(self) -> dict:
        return {"rule": self.rule, "parameter": self.parameter, "value": self.value, "says": self.says, "role": self.role}


class Source(Record):
    key: str
    title: str
    author: str
    year: int | None
    url: str | None
    document: str | None  # a project source document's file name (no public address)
    kind: str
    says: str
    unconfirmed: bool = False  # a second look could not confirm the page says this
    figures: tuple[Figure, ...] = ()

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "author": self.author,
            "year": self.year,
            "url": self.url,
            "document": self.document,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "says": self.says,
            "unconfirmed": self.unconfirmed,
            "figures": [f.to_json() for f in self.figures],
        }


class Catalogue(Mapping[str, Source]):
    """Read-only key -> Source, in file order (shipped entries first, then a user's)."""

    def __init__(self, entries: Mapping[str, Source]) -> None:
        self._entries = dict(entries)

    def __getitem__(self, key: str) -> Source:
        return self._entries[key]

    def __contains__(self, key: object) -> bool:  # a dict's, not Mapping's try/except (each finding asks)
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def to_json(self) -> list[dict]:
        return [s.to_json() for s in self._entries.values()]


class Evidence(Record):
    """``[evidence.<rule id>]``: the rule's own caveat; the parameters whose default
    is not the one its figures give (parameter -> why); and, for a parameter no
    source gives a figure for, the parameter whose figures stand in (parameter ->
    parameter)."""

    note: str | None = None
    exceptions: Mapping[str, str] = MappingProxyType({})
    fallback: Mapping[str, str] = MappingProxyType({})


class RuleEvidence(Record):
    """The sources one rule rests on, and its own caveat."""

    rule: str
    sources: tuple[Source, ...]
    note: str | None

    @property
    def line(self) -> str:
        """The evidence line from the kinds, then the rule's note."""
        base = evidence_line(self.sources)
        return f"{base} {self.note}" if self.note else base

    def to_json(self) -> dict:
        return {
            "sources": [s.key for s in self.sources],
            "evidence": evidence_line(self.sources),
            "note": self.note,
        }


# -- parsing --------------------------------------------------------------------


def parse_catalogue(data: Mapping[str, Any], origin: str, taken: Collection[str] = ()) -> Catalogue:
    """The ``[sources.<key>]`` entries of one parsed TOML file.

    A user's rules.toml may add entries under new keys; it cannot redefine one
    of ``taken`` (the shipped keys: a rule's provenance must not change under
    its key). Other top-level keys of ``data`` are not looked at. Errors name
    ``origin``.
    """
    entries: dict[str, Source] = {}
    table = data.get("sources", {})
    if not isinstance(table, Mapping):
        raise RulesError(f"{origin}: [sources] must be a table of [sources.<key>] entries")
    for key, body in table.items():
        where = f"{origin}: [sources.{key}]"
        if not _key_ok(key):
            raise RulesError(f"{where}: a source key must be lower-case letters and digits joined by '-'")
        if key in taken:
            raise RulesError(f"{where}: '{key}' is already a built-in source; give yours another key")
        entries[key] = _source(key, body, where)
    return Catalogue(entries)


def parse_notes(data: Mapping[str, Any], origin: str) -> Mapping[str, str]:
    """``[evidence.<rule id>] note``: each rule's own caveat, by rule id."""
    return MappingProxyType({rule: e.note for rule, e in parse_evidence(data, origin).items()})


def parse_evidence(data: Mapping[str, Any], origin: str) -> Mapping[str, Evidence]:
    """``[evidence.<rule id>]``: each rule's caveat, exceptions and fallbacks, by rule id."""
    notes = data.get("evidence", {})
    if not isinstance(notes, Mapping):
        raise RulesError(f"{origin}: [evidence] must be a table of [evidence.<rule id>] entries")
    return MappingProxyType({rule: _evidence(body, f"{origin}: [evidence.{rule}]") for rule, body in notes.items()})


def source_keys(keys: Any, known: Collection[str], where: str) -> tuple[str, ...]:
    """``keys`` checked: a non-empty list of distinct keys, each one of ``known``."""
    if not isinstance(keys, list) or not keys:
        raise RulesError(f"{where}: sources must be a non-empty list of source keys")
    for i, key in enumerate(keys):
        if not isinstance(key, str):
            raise RulesError(f"{where}: a source key must be text, got {key!r}")
        if key not in known:
            import difflib  # only on the error path

            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise RulesError(f"{where}: unknown source '{key}'{hint}; a rules file may add it as [sources.{key}]")
        if key in keys[:i]:
            raise RulesError(f"{where}: source '{key}' is listed twice")
    return tuple(keys)


def resolve(keys: Any, catalogue: Catalogue, where: str) -> tuple[Source, ...]:
    """The entries for ``keys`` (a non-empty list of distinct keys), in that order."""
    return tuple(catalogue[k] for k in source_keys(keys, catalogue, where))


def _source(key: str, body: Any, where: str) -> Source:
    if not isinstance(body, Mapping):
        raise RulesError(f"{where} must be a table")
    for field in body:
        if field not in _FIELDS:
            raise RulesError(f"{where}: unknown field '{field}'; known: {', '.join(_FIELDS)}")
    for field in _REQUIRED:
        if field not in body:
            raise RulesError(f"{where}: missing field '{field}'")
    kind = body["kind"]
    if kind not in KINDS:
        raise RulesError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    year = body.get("year")
    if year is not None and (type(year) is not int or not 1800 <= year <= 2200):
        raise RulesError(f"{where}: year must be a whole year such as 2021, got {year!r}")
    url = body.get("url")
    if url is not None and not (_text(url) and url.startswith(("https://", "http://")) and " " not in url):
        raise RulesError(f"{where}: url must be a web address starting https://, got {url!r}")
    document = body.get("document")
    if document is not None and not (_text(document) and "/" not in document and "\\" not in document):
        raise RulesError(f"{where}: document must be a file name (no folder), got {document!r}")
    for field in ("title", "author", "says"):
        if not _text(body[field]):
            raise RulesError(f"{where}: {field} must be one line of text")
    if len(body["says"]) > _MAX_SAYS:
        raise RulesError(f"{where}: says must be one line of at most {_MAX_SAYS} characters")
    unconfirmed = body.get("unconfirmed", False)
    if type(unconfirmed) is not bool:
        raise RulesError(f"{where}: unconfirmed must be true or false, got {unconfirmed!r}")
    raw = body.get("figures", [])
    if not isinstance(raw, list):
        raise RulesError(f"{where}: figures must be a list of {{ rule, parameter, value, says }} tables")
    figures = tuple(_figure(f, f"{where} figures[{i}]") for i, f in enumerate(raw))
    return Source(key, body["title"], body["author"], year, url, document, kind, body["says"], unconfirmed, figures)


def _figure(body: Any, where: str) -> Figure:
    if not isinstance(body, Mapping):
        raise RulesError(f"{where} must be a table {{ rule, parameter, value, says }}")
    for field in body:
        if field not in _FIGURE_FIELDS:
            raise RulesError(f"{where}: unknown field '{field}'; known: {', '.join(_FIGURE_FIELDS)}")
    for field in ("rule", "parameter", "says"):
        if not _text(body.get(field)):
            raise RulesError(f"{where}: {field} must be one line of text")
    value = body.get("value")
    if type(value) not in (int, float) or value < 0:
        raise RulesError(f"{where}: value must be a number of at least 0, got {value!r}")
    role = body.get("role")
    if role is not None and role not in ROLES:
        raise RulesError(f"{where}: role must be one of {', '.join(ROLES)}, got {role!r}")
    return Figure(body["rule"], body["parameter"], value, body["says"], role)


def _evidence(body: Any, where: str) -> Evidence:
    if body is None:
        return Evidence()
    if not isinstance(body, Mapping) or set(body) - set(_EVIDENCE_FIELDS):
        raise RulesError(f"{where} must be a table with the fields {', '.join(_EVIDENCE_FIELDS)}")
    note = body.get("note")
    if note is not None and not _text(note):
        raise RulesError(f"{where}: note must be one line of text")
    tables = []
    for field in ("exceptions", "fallback"):
        t = body.get(field, {})
        if not isinstance(t, Mapping) or not all(_text(k) and _text(v) for k, v in t.items()):
            raise RulesError(f"{where}: {field} must be a table of parameter = text")
        tables.append(MappingProxyType(dict(t)))
    return Evidence(note, *tables)


def _key_ok(key: Any) -> bool:
    return isinstance(key, str) and key != "" and all(p and p.isascii() and p.isalnum() and p == p.lower() for p in key.split("-"))


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != "" and "\n" not in value


# -- wording --------------------------------------------------------------------


def evidence_line(sources: tuple[Source, ...] | list[Source]) -> str:
    """How strong the evidence is, from the kinds of ``sources`` only."""
    return kinds_line([s.kind for s in sources])


def kinds_line(kinds: list[str]) -> str:
    """The evidence line of sources of these kinds."""
    counts = {kind: kinds.count(kind) for kind in KINDS}
    parts = [f"{n} {_COUNTED[kind][n != 1]}" for kind, n in counts.items() if n]
    if not parts:
        return "No source is given."
    tally = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    if counts["study"]:
        studies = "the study is" if counts["study"] == 1 else "the studies are"
        return f"Rests on {tally}; {studies} of clinic procedures, not home use."
    return f"No study backs this rule; it is a conservative reading of {tally}."


def describe_source(source: Source) -> str:
    """One line for a listing: title, author, year, kind and where to find it."""
    year = f", {source.year}" if source.year is not None else ""
    if source.url:
        where = source.url
    elif source.document:
        note = "seeds/" + source.document.rsplit(".", 1)[0] + ".md"  # shipped with homelog; the document is not
        where = f"one of homelog's source documents, {source.document}: our notes on it are {note}"
    else:
        where = "no public link"
    return f"{source.title} — {source.author}{year} [{source.kind_label}] {where}"


def catalogue_lines(catalogue: Catalogue, cited_by: Mapping[str, list[str]]) -> list[str]:
    """`homelog sources`: each entry with what it says and the rules that cite it."""
    lines = [f"Sources: {len(catalogue)} (study or review > professional body or regulator > "
             "clinician quoted in the press > vendor, clinic or blog)"]
    for s in catalogue.values():
        rules = ", ".join(cited_by.get(s.key, ())) or "no rule in effect"
        head = f"{s.key} {UNCONFIRMED_MARK}" if s.unconfirmed else s.key
        lines += ["", head, f"  {describe_source(s)}", f"  Says: {s.says}"]
        lines += [f"  Figure: {figure_text(f)}" for f in s.figures]
        lines.append(f"  Cited by: {rules}")
    return lines


UNCONFIRMED_MARK = "(unconfirmed: a second look could not confirm what this page says)"
_ROLE_TEXT = {"protocol": " (a trial's or clinic's spacing: sets no threshold)",
              "clinic": " (about clinic procedures: sets no home threshold)"}


def figure_text(f: Figure) -> str:
    """One figure for a listing: ``rest-period face 0.50: 28 ("every 2-4 weeks")``."""
    return f'{f.rule} {f.parameter}: {number_text(f.value)} ("{f.says}"){_ROLE_TEXT.get(f.role or "", "")}'


def number_text(value: int | float) -> str:
    return str(value)  # 7, 0.2, 1.0: as the catalogue writes it


# -- the shipped file -------------------------------------------------------------


def _shipped_text() -> str:
    return Path(__file__).with_name(SOURCES_RESOURCE).read_text(encoding="utf-8")  # as load.py reads defaults.toml


@cache
def shipped_kinds() -> Mapping[str, str]:
    """The shipped catalogue's key -> kind, read without parsing the file (a
    table loads on every ``status`` and ``check``; the full parse costs more)."""
    return MappingProxyType(dict(_ENTRY_KIND.findall(_shipped_text())))


@cache
def _shipped() -> tuple[Catalogue, Mapping[str, Evidence]]:
    import tomllib  # only `homelog rules` / `sources` read the whole catalogue

    data = tomllib.loads(_shipped_text())
    return parse_catalogue(data, SOURCES_ORIGIN), parse_evidence(data, SOURCES_ORIGIN)


def shipped_notes() -> Mapping[str, str]:
    """Rule id -> the rule's own caveat on its built-in sources."""
    return MappingProxyType({rule: e.note for rule, e in _shipped()[1].items() if e.note is not None})


def shipped_evidence() -> Mapping[str, Evidence]:
    """Rule id -> its [evidence.<rule id>] entry (caveat, exceptions, fallbacks)."""
    return _shipped()[1]


def load_catalogue(user: Catalogue | None = None) -> Catalogue:
    """The shipped catalogue, then ``user``'s entries (a rules.toml's, parsed by ``parse_catalogue``)."""
    shipped = _shipped()[0]
    return shipped if not user else Catalogue({**shipped, **user})
