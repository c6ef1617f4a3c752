"""Every derived default of defaults.toml is what the figures of its sources give.

The derivation: the stop threshold is the most cautious figure among the strongest
kind of source that gives one (study > authority > clinician > vendor); a caution
extends to the most cautious figure of any kind; protocols and clinic figures set
nothing. These tests rebuild the shipped defaults from the shipped catalogue, and
check that changing a figure or a default by hand is caught.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType


from homelog.rules import default_rules_dict, load_rules
from homelog.rules.catalogue import Catalogue, Figure, load_catalogue, shipped_evidence
from homelog.rules.derive import LONGER, LOWER, Given, derive, derived, differences, markdown_table

REPO = Path(__file__).resolve().parents[2]


def _given(*rows) -> list[Given]:
    """rows: (key, kind, value[, role])."""
    return [Given(k, kind, Figure("r", "p", v, "says", *role)) for k, kind, v, *role in rows]


def _with_figure(catalogue: Catalogue, key: str, parameter: str, value) -> Catalogue:
    s = catalogue[key]
    figures = tuple(f._replace(value=value) if f.parameter == parameter else f for f in s.figures)
    assert figures != s.figures, "the figure to change is not there"
    return Catalogue({**catalogue, key: s._replace(figures=figures)})


# -- the shipped data agrees -------------------------------------------------------------------


def test_every_derived_default_is_what_its_figures_give():
    assert differences(default_rules_dict(), load_catalogue(), shipped_evidence()) == []


def test_a_figure_changed_by_hand_is_caught():
    # Gohara's "once a week" is the stop for 0.5 mm on the face; two weeks would move it.
    catalogue = _with_figure(load_catalogue(), "gohara-instyle", "face 0.50", 14)
    found = differences(default_rules_dict(), catalogue, shipped_evidence())
    assert "rest-period bands[1].days.face is 7; the figures for face 0.50 give 14 (stop)" in found
    # body 0.50 takes the face's figures: it moves too
    assert "rest-period bands[1].days.body is 7; the figures for body 0.50 give 14 (stop)" in found


def test_a_default_changed_by_hand_is_caught():
    d = default_rules_dict()
    d["rest-period"]["bands"][1]["caution_days"]["face"] = 21
    d["contraindication"]["kinds"]["isotretinoin"]["after_days"] = 90
    d["device-wear"]["stop_above"] = 15
    d["home-depth"]["face"]["caution_above_mm"] = 0.2
    found = differences(d, load_catalogue(), shipped_evidence())
    assert found == [
        "rest-period bands[1].caution_days.face is 21; the figures for face 0.50 give 28 (caution)",
        "home-depth face.caution_above_mm is 0.2; the figures for face give 0.5 (caution)",
        "device-wear stop_above is 15; the figures for uses give 8 (stop)",
        "contraindication kinds.isotretinoin.after_days is 90; the figures for isotretinoin give 180 (caution)",
    ]


def test_an_exception_must_be_named_in_the_rules_evidence():
    # 1.5 mm on the face rests 56 days, not the 28 of its one confirmed figure: without the exception, a difference.
    evidence = dict(shipped_evidence())
    assert "face 1.50" in evidence["rest-period"].exceptions
    evidence["rest-period"] = evidence["rest-period"]._replace(exceptions=MappingProxyType({}))
    assert differences(default_rules_dict(), load_catalogue(), evidence) == [
        "rest-period bands[4].days.face is 56; the figures for face 1.50 give 28 (stop)",
        "rest-period bands[4].caution_days.face is 56; the figures for face 1.50 give 28 (caution)",
    ]


def test_an_unconfirmed_source_is_shown_but_sets_nothing():
    # youthmaintenance (unconfirmed) is the only source of a 0.2 mm home limit: counted, it would set the caution.
    catalogue = load_catalogue()
    assert catalogue["youthmaintenance"].unconfirmed
    confirmed = Catalogue({**catalogue, "youthmaintenance": catalogue["youthmaintenance"]._replace(unconfirmed=False)})
    found = differences(default_rules_dict(), confirmed, shipped_evidence())
    assert "home-depth face.caution_above_mm is 0.5; the figures for face give 0.2 (caution)" in found
    assert any("youthmaintenance (unconfirmed) face: 0.2 mm" in line for line in load_rules().describe())


def test_every_exception_is_explained_in_the_rule_note_or_its_own_why():
    for rule, e in shipped_evidence().items():
        for parameter, why in e.exceptions.items():
            assert len(why) > 40, (rule, parameter)


def test_only_cited_sources_count():
    d = default_rules_dict()
    d["contraindication"]["sources"].remove("asds-2017")  # the package insert's 6 months
    found = differences(d, load_catalogue(), shipped_evidence())
    assert found == ["contraindication kinds.isotretinoin.after_days is 180; the figures for isotretinoin give 90 (caution)"]


def test_a_figure_for_a_parameter_the_table_lacks_is_caught():
    s = load_catalogue()["facefirma"]
    catalogue = Catalogue({**load_catalogue(), "facefirma": s._replace(
        figures=(*s.figures, Figure("device-wear", "weeks", 6, "every 6 weeks")))})
    assert differences(default_rules_dict(), catalogue, shipped_evidence()) == ["facefirma: device-wear has no parameter 'weeks'"]


# -- the derivation itself -------------------------------------------------------------------


def test_stop_from_the_strongest_kind_caution_from_any():
    d = derive(_given(("a", "vendor", 28), ("b", "clinician", 7), ("c", "clinician", 3), ("d", "vendor", 21)), LONGER)
    assert (d.stop, d.stop_by, d.stop_kind) == (7, ("b",), "clinician")
    assert (d.caution, d.caution_by) == (28, ("a",))
    assert (d.least, d.least_by) == (3, ("c",))


def test_lower_is_cautious_for_limits():
    d = derive(_given(("a", "vendor", 0.2), ("b", "clinician", 1.0), ("c", "vendor", 1.5)), LOWER)
    assert (d.stop, d.caution, d.least) == (1.0, 0.2, 1.5)


def test_a_stronger_kind_sets_the_stop_even_when_less_cautious():
    d = derive(_given(("label", "authority", 180), ("spa", "vendor", 90), ("study", "study", 0, "protocol")), LONGER)
    assert (d.stop, d.caution) == (180, 180)  # the protocol sets nothing, though a study


def test_protocols_and_clinic_figures_alone_give_nothing():
    assert derive(_given(("t", "study", 7, "protocol"), ("c", "clinician", 1, "clinic")), LONGER) is None
    assert derive([], LOWER) is None


def test_ties_name_every_source():
    d = derive(_given(("a", "vendor", 28), ("b", "vendor", 28)), LONGER)
    assert d.stop_by == d.caution_by == ("a", "b")


def test_a_fallback_stands_in_only_where_no_figure_is_given():
    ev = shipped_evidence()["rest-period"]
    got = derived(load_catalogue(), "rest-period", ev, default_rules_dict()["rest-period"]["sources"])
    assert got["body 0.50"][1] == "face 0.50" and got["body 0.50"][0] == got["face 0.50"][0]
    assert "body 1.50" not in got  # only an unconfirmed page gives it: no figure, and no fallback named
    assert got["scalp 0.75"][1] == "scalp 1.00"


# -- the README's table is this data ----------------------------------------------------------

_BEGIN, _END = "<!-- figures table: begin -->", "<!-- figures table: end -->"


def test_the_readme_table_is_generated_from_the_figures():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(re.escape(_BEGIN) + r"\n(.*?)\n" + re.escape(_END), text, flags=re.S)
    assert block, "README.md has no generated figures table"
    want = markdown_table(default_rules_dict(), load_catalogue(), shipped_evidence())
    assert block.group(1).splitlines() == want, (
        "README's figures table differs from the data; regenerate it with "
        "python tests/rules/test_derive.py"
    )


def test_homelog_rules_shows_each_range_and_who_gives_each_end():
    lines = load_rules().describe()
    assert "    face 0.75: 28 to 42 days: stop 42 (igeekguides, vendor); least 28 (trendingindia, necolebitchie-frequency, ansvers)." in lines
    assert "    isotretinoin: 90 to 180 days: most cautious 180 (asds-2017); least 90 (beautyandthebroworlando)." in lines
    assert "    uses: 8 to 12 uses: stop 8 (facefirma, vendor); least 12 (theglamorouswoman)." in lines
    assert "    days: 3 to 10 days: most cautious 10 (yourbestselves); least 3 (faciallyconscious)." in lines
    assert "      exceed-trial face: 30 days (4 sessions 30 days apart)" in lines




def test_rules_json_has_each_range():
    rules = {r["id"]: r for r in load_rules().to_json()["rules"]}
    face = rules["rest-period"]["ranges"]["face 0.50"]
    assert (face["stop"], face["stop_by"], face["caution"], face["caution_by"], face["least"]) == (
        7, ["gohara-instyle"], 28, ["igeekguides", "ansvers"], 3
    )
    assert rules["rest-period"]["ranges"]["body 0.50"]["figures_of"] == "face 0.50"
    assert rules["contraindication"]["ranges"]["pregnancy"] is None
    assert rules["rest-period"]["ranges"]["face 1.50"]["exception"].startswith("56 days")
    assert rules["recovery"]["ranges"]["see_professional_after_days"]["caution"] == 2
    assert rules["disinfection"]["ranges"] == {}


def write_readme_table() -> None:
    """Rewrite README.md's generated figures table (``python tests/rules/test_derive.py``)."""
    path = REPO / "README.md"
    text = path.read_text(encoding="utf-8")
    rows = "\n".join(markdown_table(default_rules_dict(), load_catalogue(), shipped_evidence()))
    new = re.sub(re.escape(_BEGIN) + r"\n(?:.*?\n)?" + re.escape(_END), lambda m: f"{_BEGIN}\n{rows}\n{_END}", text, flags=re.S)
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    write_readme_table()
