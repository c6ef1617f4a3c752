"""The INCI classifier: real ingredient lists sorted into the shipped classes, and
spacing, case and punctuation never change what a list holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homelog.rules import build_table, default_rules_dict, load_rules
from homelog.rules.checks.products import classify
from homelog.rules.ingredients import ingredients, key, known

TABLE = load_rules()

# Ingredient lists as printed on real products (typical of their kind).
VITAMIN_C_SERUM = (
    "Aqua, Ethoxydiglycol, Ascorbic Acid, Propylene Glycol, Glycerin, Laureth-23, "
    "Ferulic Acid, Tocopherol, Triethanolamine, Phenoxyethanol, Sodium Hyaluronate"
)
RETINOL_CREAM = (
    "Aqua/Water/Eau, Caprylic/Capric Triglyceride, Glycerin, Cetearyl Alcohol, Retinol, "
    "Retinyl Palmitate, Dimethicone, Tocopheryl Acetate, Ceteareth-20, Phenoxyethanol, Parfum (Fragrance), Linalool"
)
GLYCOLIC_TONER = (
    "Aqua (Water), Glycolic Acid, Rosa Damascena Flower Water, Glycerin, Aloe Barbadensis Leaf Water, "
    "Sodium Hydroxide, Panax Ginseng Root Extract, Hexylene Glycol, Fragrance (Parfum)"
)
STERILE_HA_GLIDE = "Aqua, Sodium Hyaluronate, Hydrolyzed Hyaluronic Acid, Sodium Chloride"
BHA_GEL = "Ingredients: Water, Butylene Glycol, Salicylic Acid 2%, Polysorbate 20, Citric Acid, Sodium Citrate"
CITRIC_ONLY = "Aqua, Glycerin, Citric Acid, Sodium Benzoate"
BP_WASH = "Benzoyl Peroxide 5%; Water; Cetyl Alcohol; Carbomer"
ESSENTIAL_OIL_BALM = "Butyrospermum Parkii Butter, Lavandula Angustifolia (Lavender) Oil, Citrus Limon Peel Oil"


def _classes(text: str) -> dict[str, tuple[str, ...]]:
    return {m.cls: m.matched for m in classify(TABLE, text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        (VITAMIN_C_SERUM, {"vitamin-c": ("Ascorbic Acid",)}),
        (RETINOL_CREAM, {"retinoid": ("Retinol", "Retinyl Palmitate"), "fragrance": ("Parfum (Fragrance)", "Linalool")}),
        (GLYCOLIC_TONER, {"exfoliating-acid": ("Glycolic Acid",), "fragrance": ("Fragrance (Parfum)",)}),
        (STERILE_HA_GLIDE, {}),
        (BHA_GEL, {"exfoliating-acid": ("Salicylic Acid",)}),  # the percentage left out; citric acid is not flagged
        (CITRIC_ONLY, {}),
        (BP_WASH, {"benzoyl-peroxide": ("Benzoyl Peroxide",)}),
        (ESSENTIAL_OIL_BALM, {"fragrance": ("Lavandula Angustifolia (Lavender) Oil", "Citrus Limon Peel Oil")}),
        ("3-O-ETHYL ASCORBIC ACID, retinal (retinaldehyde)", {"vitamin-c": ("3-O-ETHYL ASCORBIC ACID",), "retinoid": ("retinal (retinaldehyde)",)}),
        ("Salix Alba Bark Extract", {"exfoliating-acid": ("Salix Alba Bark Extract",)}),
        ("Bakuchiol, Niacinamide", {}),  # marketed as a retinol alternative; not a retinoid
    ],
)
def test_real_ingredient_lists(text, expected):
    assert _classes(text) == expected


def test_lactic_acid_is_matched_with_its_ph_adjuster_caveat():
    (match,) = classify(TABLE, "Aqua, Glycerin, Lactic Acid")
    assert match.cls == "exfoliating-acid" and match.matched == ("Lactic Acid",)
    assert "pH adjuster" in match.caveats[0]


def test_an_empty_list_is_unknown_not_safe():
    assert not known("") and not known(" , ;\n") and known(STERILE_HA_GLIDE)
    assert classify(TABLE, "") == ()


def test_a_rules_toml_adds_names_and_classes():
    d = default_rules_dict()
    overrides = {
        "products": {
            "flagged": ["vitamin-c", "retinoid", "exfoliating-acid", "benzoyl-peroxide", "fragrance", "niacinamide"],
            "classes": {
                "vitamin-c": {"more_names": ["Ascorbyl Methylsilanol Pectinate"]},
                "niacinamide": {"title": "niacinamide", "names": ["Niacinamide"]},
            },
        }
    }
    from homelog.rules.table import merge

    table = build_table(merge(d, overrides))
    found = {m.cls for m in classify(table, "Ascorbyl Methylsilanol Pectinate, Niacinamide, Ascorbic Acid")}
    assert found == {"vitamin-c", "niacinamide"}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"flagged": ["vitamin-c", "nope"]}, 'unknown class "nope"'),
        ({"classes": {"vitamin-c": {"colour": "red"}}}, "unknown key 'colour'"),
        ({"classes": {"Bad Name": {"title": "x", "names": ["x"]}}}, "a class name must be"),
        ({"classes": {"vitamin-c": {"sources": ["no-such-source"]}}}, 'unknown source key "no-such-source"'),
        ({"classes": {"vitamin-c": {"names": [",", " "]}}}, "at least one ingredient name"),
    ],
)
def test_a_bad_class_table_is_an_error_naming_it(change, message):
    from homelog.rules import RulesError

    with pytest.raises(RulesError, match=message):
        build_table(default_rules_dict(), {"products": change})


def test_splitting_keeps_the_names_as_written():
    assert ingredients("Ingredients: Aqua, Retinol 0.3%;\nParfum • Linalool") == ["Ingredients", "Aqua", "Retinol", "Parfum", "Linalool"]
    assert key("3-O-Ethyl  Ascorbic-Acid.") == "3oethylascorbicacid"


# -- spacing, case and punctuation never change the classes ---------------------------

LISTS = [
    VITAMIN_C_SERUM, RETINOL_CREAM, GLYCOLIC_TONER, STERILE_HA_GLIDE, BHA_GEL, BP_WASH, ESSENTIAL_OIL_BALM,
    "Aqua, Retinol 0.3%, 3-O-Ethyl Ascorbic Acid 15 %",
]
#: What may be sprinkled inside a name: spaces, tabs, and punctuation that is not
#: structure (separators , ; : | • · newline, brackets, '/', '%').
NOISE = st.sampled_from([" ", "  ", "\t", "-", ".", "'", "’", "_", "*", "+", "&", '"', "!", "?", "–", "®", "™"])


@st.composite
def _garbled(draw, text: str) -> str:
    out = []
    for ch in text:
        if ch.isalpha():
            ch = draw(st.sampled_from([ch.lower(), ch.upper(), ch]))
        out.append(ch)
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(NOISE))
        if ch == " " and draw(st.booleans()):
            out.pop()  # a space may go: "Ascorbic Acid" -> "AscorbicAcid"
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_spacing_case_and_punctuation_never_change_the_classes(data):
    text = data.draw(st.sampled_from(LISTS))
    garbled = data.draw(_garbled(text))
    assert {m.cls for m in classify(TABLE, garbled)} == {m.cls for m in classify(TABLE, text)}
