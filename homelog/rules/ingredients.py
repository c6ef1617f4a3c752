"""Which product classes an ingredient list (INCI names, as printed on a label) holds.

Pure matching over the class table of ``[products.classes]`` (defaults.toml, a
user's rules.toml may add classes or names): a list is split into ingredients
at commas, semicolons, colons, line breaks and bullets; each ingredient is
compared by its *key*, its letters and digits only, case-folded, so spacing,
case and punctuation never change what it matches ("3-O-Ethyl Ascorbic Acid",
"3 o ethyl ascorbic acid" and "3-o-ETHYL-ascorbic-acid" are one name). An
ingredient also answers to each of its ``/``-separated alternatives and to the
names inside and outside its brackets ("Retinal (Retinaldehyde)", "Aqua/Water").
Percentages ("Ascorbic Acid 15%") are left out.

Nothing here says a product is safe: an empty list is "unknown".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from homelog.record_type import Record

# The patterns are strings, compiled by ``re`` on first use (and kept in its cache):
# status and check load this module but rarely match a label (0.5 ms at import).
#: Where one ingredient ends and the next begins (a colon ends a label's "Ingredients:").
_SEPARATORS = r"[,;:\n\r•·|]+"
#: A concentration ("15%", "0.3 %", "1,5%"): digits with what is between them up to a "%".
_PERCENT = r"(?:\d[^A-Za-z,;:|•·\n\r/()\[\]%]*)+%"
_BRACKETS = r"(?:\(|\[)([^)\]]*)(?:\)|\])"
MAX_INGREDIENTS_CHARS = 5000


def key(name: str) -> str:
    """The letters and digits of ``name``, case-folded: what a name is compared by."""
    return "".join(filter(str.isalnum, name.casefold()))


class ProductClass(Record):
    """One class of the table: its id, its words, its names' keys (key -> the name as the table writes it)."""

    id: str
    title: str  # in a sentence: "vitamin C"
    names: Mapping[str, str]
    caveats: Mapping[str, str]  # key -> what to judge for that name (e.g. often only a pH adjuster)
    sources: tuple[str, ...]


class Match(Record):
    """A class found in a list: which of the list's ingredients (as written) matched, and caveats."""

    cls: str
    title: str
    matched: tuple[str, ...]
    caveats: tuple[str, ...] = ()


def ingredients(text: str) -> list[str]:
    """The ingredients of a list, as written (trimmed; empty pieces left out)."""
    return [piece.strip() for piece in re.split(_SEPARATORS, re.sub(_PERCENT, " ", text)) if key(piece)]


def keys_of(ingredient: str) -> set[str]:
    """Every key an ingredient answers to: itself, each ``/`` alternative, and for
    each of those the name outside its brackets and each name inside them."""
    out = set()
    for part in (ingredient, *ingredient.split("/")):
        out.add(key(part))
        out.add(key(re.sub(_BRACKETS, " ", part)))
        out.update(key(inside) for inside in re.findall(_BRACKETS, part))
    out.discard("")
    return out


def classify(text: str, classes: Iterable[ProductClass]) -> tuple[Match, ...]:
    """The classes ``text`` (an INCI list) holds, in table order, each with the
    ingredients that matched it as they are written in ``text``."""
    listed = [(ing, keys_of(ing)) for ing in ingredients(text)]
    out = []
    for cls in classes:
        matched = tuple(ing for ing, keys in listed if keys & cls.names.keys())
        if matched:
            caveats = tuple(
                dict.fromkeys(cls.caveats[k] for ing, keys in listed if ing in matched for k in keys if k in cls.caveats)
            )
            out.append(Match(cls.id, cls.title, matched, caveats))
    return tuple(out)


def known(text: str) -> bool:
    """Whether a list names any ingredient at all (an empty one is "unknown", not "safe")."""
    return bool(ingredients(text))


def name_keys(name: str) -> set[str]:
    """The keys a table's name stands for: itself, and without what is in its
    brackets ("Salix Alba (Willow) Bark Extract" is also "Salix Alba Bark Extract")."""
    if "(" not in name and "[" not in name:  # most names: no pattern to run (the table is built every run)
        return {key(name)} - {""}
    return {k for k in (key(name), key(re.sub(_BRACKETS, " ", name))) if k}


def build_class(cid: str, title: str, names: Sequence[str], caveats: Mapping[str, str], sources: Sequence[str]) -> ProductClass:
    return ProductClass(
        cid,
        title,
        {k: n for n in names for k in name_keys(n)},
        {k: text for n, text in caveats.items() for k in name_keys(n)},
        tuple(sources),
    )
