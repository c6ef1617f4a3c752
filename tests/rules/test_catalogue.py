"""The sources catalogue: every entry valid, every rule's keys resolve, evidence follows from kinds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from homelog.rules import RULE_IDS, RuleTable, build_table, default_rules_dict, load_rules
from homelog.rules.catalogue import (
    KINDS,
    Catalogue,
    Source,
    describe_source,
    evidence_line,
    load_catalogue,
    parse_catalogue,
    parse_notes,
    resolve,
    shipped_kinds,
    shipped_notes,
)
from homelog.rules.common import RulesError

REPO = Path(__file__).resolve().parents[2]
# The table's rules and the four of issue 13, whose notes and seeds/ rows come first.
RULES = ("rest-period", "home-depth", "device-wear", "device-age", "disinfection",
         "recovery", "frequency-cap", "contraindication", "aftercare", "products", "cartridge", "shared-device")

# Addresses the research found for these sources (a spot check, not a copy of the file).
KNOWN_ADDRESSES = {
    "dhurat-2013": "https://pmc.ncbi.nlm.nih.gov/articles/PMC3746236",
    "english-2021": "https://pmc.ncbi.nlm.nih.gov/articles/PMC8776974",
    "exceed-trial": "https://pmc.ncbi.nlm.nih.gov/articles/PMC6122507",
    "aad-2018": "https://aad.org/news/microneedling",
    "marchbein-allure": "https://allure.com/story/fda-at-home-microneedling",
    "gohara-instyle": "https://instyle.com/news/how-to-use-dermarollers",
    "facefirma": "https://facefirma.co.uk/pages/derma-roller-dos-and-do-nots",
    "balancedayspa": "https://balancedayspa.com/pages/microneedling-contraindications",
    "yourbestselves": "https://yourbestselves.com/do-i-need-to-stop-retinol-before-microneedling",
    # corrected from the sites' home pages (domain research §5.4)
    "chu-2021": "https://doi.org/10.1097/01.dss.0000790428.70373.f6",
    "kumar-2018": "https://doi.org/10.4103/JCAS.JCAS_130_17",
    "wexler-allure": "https://allure.com/story/fda-at-home-microneedling",
    "beautyandthebroworlando": "https://beautyandthebroworlando.com/before-your-microneedling-appointment/",
    "purelyboutique": "https://purelyboutique.com/microneedling-treatment-holliston/",
    "drpenskincare": "https://drpenskincare.com/blog/what-are-the-post-care-instructions-for-microneedling",
    "asds-2017": "https://scholars.mssm.edu/en/publications/asds-guidelines-task-force-consensus-recommendations-regarding-th-2",
    "soltani-arabshahi-2014": "https://doi.org/10.1001/jamadermatol.2013.6955",
    "martin-huang-2021": "https://pmc.ncbi.nlm.nih.gov/articles/PMC8008152",
    "friedmann-2024": "https://doi.org/10.1097/DSS.0000000000004450",
    "cdc-mmwr-2024": "https://www.cdc.gov/mmwr/volumes/73/wr/mm7316a3.htm",
    "drpen-uk-howto": "https://www.dr-pen.co.uk/how-to-use-dr-pen/",
}
# Read only through a copy or an index: no public address of their own was found.
NO_ADDRESS = {"fda-guidance"}
# The entries a second look could not confirm (domain research §5.4).
UNCONFIRMED = {"youthmaintenance", "candidcosmedics", "dermacosm", "jeffersonfacialplastics"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def table() -> RuleTable:
    return load_rules()


def _readme_rows() -> dict[str, list[str]]:
    """seeds/README.md's table: rule id -> its catalogue keys."""
    text = (REPO / "seeds" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \|.*\| ([a-z0-9, -]+) \|$", text, flags=re.M)
    return {rule: [k.strip() for k in keys.split(",")] for rule, keys in rows}


def _source(key: str = "x", kind: str = "vendor") -> Source:
    return Source(key, "T", "A", None, None, None, kind, "says")


def _entry(**over) -> dict:
    return {"title": "My dermatologist's advice", "author": "Dr Me", "kind": "clinician", "says": "Wait a week.", **over}


# -- the shipped data -------------------------------------------------------------


def test_every_rule_has_sources_that_resolve(table, catalogue):
    assert set(RULE_IDS) <= set(RULES)
    for rule in RULE_IDS:
        keys = table.source_keys[rule]
        assert keys and [s.key for s in table.evidence(rule).sources] == list(keys), rule
        assert all(k in catalogue and catalogue[k].kind in KINDS for k in keys), rule


def test_every_rule_has_a_note_and_every_note_a_rule():
    assert set(shipped_notes()) == set(RULES)
    assert all(shipped_notes()[r] for r in RULES)


def test_the_cheap_kind_index_agrees_with_the_parse(catalogue):
    assert shipped_kinds() == {k: s.kind for k, s in catalogue.items()}


def test_every_entry_has_a_valid_kind_and_one_line_says(catalogue):
    assert len(catalogue) > 30
    for s in catalogue.values():
        assert s.kind in KINDS, s.key
        assert s.says and "\n" not in s.says, s.key


def test_every_entry_is_used_by_some_rule(table, catalogue):
    used = {k for keys in table.source_keys.values() for k in keys}
    used |= {k for keys in _readme_rows().values() for k in keys}  # the rules of issue 13 too
    assert set(catalogue) - used == set()


@pytest.mark.parametrize("key, url", sorted(KNOWN_ADDRESSES.items()))
def test_known_addresses_are_carried(catalogue, key, url):
    assert catalogue[key].url == url


def test_addresses_are_https_and_only_listed_sources_lack_one(catalogue):
    for s in catalogue.values():
        if s.url is not None:
            assert s.url.startswith("https://"), s.key
    lacking = {k for k, s in catalogue.items() if s.url is None and s.document is None}
    assert lacking == NO_ADDRESS


def test_seed_documents_are_entries_with_a_note_in_seeds(catalogue):
    seeds = {s.document: s for s in catalogue.values() if s.document}
    notes = {p.stem for p in (REPO / "seeds").glob("0*.md")}
    assert {Path(d).stem for d in seeds} == notes and len(notes) == 5
    for doc, s in seeds.items():
        assert s.url is None and s.kind == "vendor", doc
        assert "homelog's source documents" in s.says, doc
        assert f"seed-{doc[:3]}" == s.key


def test_seed_notes_cite_only_catalogue_keys(catalogue):
    cited = set()
    for note in (REPO / "seeds").glob("*.md"):
        cited |= set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", note.read_text(encoding="utf-8")))
    condition_kinds = {"cold-sore", "skin-flare"}  # issue 13's contraindication kinds with a '-'
    assert cited - set(RULES) - condition_kinds - set(catalogue) == set()
    assert cited & set(catalogue)


def test_seeds_readme_table_matches_rule_sources(table, catalogue):
    rows = _readme_rows()
    assert list(rows) == list(RULES)
    assert {r: rows[r] for r in RULE_IDS} == {r: list(table.source_keys[r]) for r in RULE_IDS}
    assert all(k in catalogue for keys in rows.values() for k in keys)


# -- evidence wording follows from the kinds ----------------------------------------

@pytest.mark.parametrize("kinds, expected", [
    (("vendor",), "No study backs this rule; it is a conservative reading of 1 vendor, clinic or blog page."),
    (("vendor", "vendor", "clinician"),
     "No study backs this rule; it is a conservative reading of 1 clinician quoted in the press and 2 vendor, clinic or blog pages."),
    (("authority", "vendor"),
     "No study backs this rule; it is a conservative reading of 1 professional body or regulator and 1 vendor, clinic or blog page."),
    (("clinician",), "No study backs this rule; it is a conservative reading of 1 clinician quoted in the press."),
    (("study",), "Rests on 1 study or review; the study is of clinic procedures, not home use."),
    (("vendor", "study", "authority", "study"),
     "Rests on 2 studies or reviews, 1 professional body or regulator and 1 vendor, clinic or blog page; "
     "the studies are of clinic procedures, not home use."),
    ((), "No source is given."),
])
def test_evidence_line_follows_from_kinds(kinds, expected):
    sources = tuple(_source(f"s{i}", k) for i, k in enumerate(kinds))
    assert evidence_line(sources) == expected


def test_evidence_line_ignores_everything_but_kinds():
    a = (Source("a", "A", "B", 2020, "https://a.example", None, "study", "x"), _source("b"))
    b = (_source("c", "vendor"), Source("d", "Z", "Y", None, None, "d.txt", "study", "y"))
    assert evidence_line(a) == evidence_line(b)


def test_rule_lines_never_call_vendor_pages_studies(table):
    for rule in RULE_IDS:
        ev = table.evidence(rule)
        has_study = any(s.kind == "study" for s in ev.sources)
        assert ev.line.startswith("Rests on" if has_study else "No study backs"), rule
        assert table.source(rule) == evidence_line(ev.sources) and ev.line == f"{table.source(rule)} {ev.note}", rule
    assert table.evidence("home-depth").line.startswith("No study backs this rule; it is a conservative reading of 2 ")
    assert "No study of at-home frequency" in table.evidence("rest-period").line
    assert "No study of at-home frequency" in shipped_notes()["frequency-cap"]


# -- parsing, errors and a user's additions -------------------------------------------


def test_user_entries_merge_after_the_shipped_ones(catalogue):
    merged = load_catalogue(parse_catalogue({"sources": {"my-derm": _entry(year=2026)}, "areas": {}}, "my rules.toml"))
    assert list(merged)[:-1] == list(catalogue) and list(merged)[-1] == "my-derm"
    assert merged["my-derm"].year == 2026 and merged["my-derm"].kind_label == "clinician quoted in the press"
    assert resolve(["my-derm", "aad-2018"], merged, "[rest-period]")[0].author == "Dr Me"


def test_a_user_cannot_redefine_a_shipped_key():
    with pytest.raises(RulesError, match=r"my\.toml: \[sources\.aad-2018\]: 'aad-2018' is already a built-in source"):
        parse_catalogue({"sources": {"aad-2018": _entry()}}, "my.toml", taken=shipped_kinds())


def test_unknown_key_names_it_with_a_suggestion(catalogue):
    with pytest.raises(RulesError) as exc:
        resolve(["aad-2018", "aad-2108"], catalogue, "rules.toml: [device-age]")
    assert str(exc.value) == (
        "rules.toml: [device-age]: unknown source 'aad-2108' (did you mean 'aad-2018'?); "
        "a rules file may add it as [sources.aad-2108]"
    )


@pytest.mark.parametrize("keys, message", [
    ([], "sources must be a non-empty list"),
    ("aad-2018", "sources must be a non-empty list"),
    (["aad-2018", "aad-2018"], "source 'aad-2018' is listed twice"),
    ([3], "a source key must be text"),
])
def test_resolve_rejects_bad_lists(catalogue, keys, message):
    with pytest.raises(RulesError, match=re.escape(message)):
        resolve(keys, catalogue, "[x]")


@pytest.mark.parametrize("over, message", [
    ({"kind": "blog"}, "kind 'blog' is not one of study, authority, clinician, vendor"),
    ({"year": "2020"}, "year must be a whole year"),
    ({"year": True}, "year must be a whole year"),
    ({"url": "www.example.com"}, "url must be a web address starting https://"),
    ({"document": "../x.txt"}, "document must be a file name"),
    ({"says": "two\nlines"}, "says must be one line of text"),
    ({"says": "x" * 301}, "says must be one line of at most 300 characters"),
    ({"title": ""}, "title must be one line of text"),
    ({"summary": "x"}, "unknown field 'summary'"),
])
def test_bad_fields_are_named(over, message):
    with pytest.raises(RulesError, match=r"f\.toml: \[sources\.mine\]: " + re.escape(message)):
        parse_catalogue({"sources": {"mine": _entry(**over)}}, "f.toml")


def test_missing_field_and_bad_key_are_named():
    body = _entry()
    del body["says"]
    with pytest.raises(RulesError, match=r"\[sources\.mine\]: missing field 'says'"):
        parse_catalogue({"sources": {"mine": body}}, "f.toml")
    with pytest.raises(RulesError, match=r"\[sources\.My_Key\]: a source key must be lower-case"):
        parse_catalogue({"sources": {"My_Key": _entry()}}, "f.toml")


def test_note_errors():
    assert parse_notes({"evidence": {"recovery": {"note": "x"}}}, "f.toml") == {"recovery": "x"}
    with pytest.raises(RulesError, match=r"f\.toml: \[evidence\.recovery\] must be a table with the fields note, exceptions, fallback"):
        parse_notes({"evidence": {"recovery": {"note": "x", "more": "y"}}}, "f.toml")
    with pytest.raises(RulesError, match=r"f\.toml: \[evidence\.recovery\]: note must be one line"):
        parse_notes({"evidence": {"recovery": {"note": "a\nb"}}}, "f.toml")
    with pytest.raises(RulesError, match=r"f\.toml: \[evidence\] must be a table"):
        parse_notes({"evidence": ["x"]}, "f.toml")


# -- the rule table cites by key ---------------------------------------------------------


def _user_table(overrides: dict) -> RuleTable:
    return build_table(default_rules_dict(), overrides, origin="my.toml")


def test_a_rules_file_adds_a_source_and_cites_it():
    t = _user_table({"sources": {"my-derm": _entry()}, "rest-period": {"sources": ["my-derm", "aad-2018"]}})
    assert t.source_keys["rest-period"] == ("my-derm", "aad-2018")
    assert [s.author for s in t.evidence("rest-period").sources] == ["Dr Me", "American Academy of Dermatology (Tina Alster MD)"]
    assert t.source("rest-period").startswith("No study backs this rule; it is a conservative reading of 1 professional")
    assert t.to_json()["sources"][-1]["key"] == "my-derm"
    assert t.source_keys["home-depth"] == load_rules().source_keys["home-depth"]  # the others stay


def test_an_unknown_key_fails_the_load_naming_rule_and_key(tmp_path):
    with pytest.raises(RulesError) as exc:
        _user_table({"device-age": {"sources": ["aad-2018", "levintel-lifespn"]}})
    assert str(exc.value) == (
        "my.toml: [device-age]: unknown source 'levintel-lifespn' (did you mean 'levintel-lifespan'?); "
        "a rules file may add it as [sources.levintel-lifespn]"
    )
    path = tmp_path / "rules.toml"
    path.write_text('[home-depth]\nsources = ["my-derm"]\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.toml: \[home-depth\]: unknown source 'my-derm'"):
        load_rules(path)


def test_a_bad_user_entry_fails_the_load_naming_the_file():
    with pytest.raises(RulesError, match=r"^my\.toml: \[sources\.mine\]: kind 'blog' is not one of"):
        _user_table({"sources": {"mine": _entry(kind="blog")}})
    with pytest.raises(RulesError, match=r"^my\.toml: \[sources\.aad-2018\]: 'aad-2018' is already a built-in source"):
        _user_table({"sources": {"aad-2018": _entry()}})


# -- presentation --------------------------------------------------------------------


def test_describe_and_json(catalogue):
    assert describe_source(catalogue["dhurat-2013"]) == (
        "Microneedling with minoxidil for androgenetic alopecia (Int J Trichol 5(1):6-11) — Dhurat et al., 2013 "
        "[study or review] https://pmc.ncbi.nlm.nih.gov/articles/PMC3746236"
    )
    assert describe_source(catalogue["fda-guidance"]).endswith("[professional body or regulator] no public link")
    assert "source documents, 004_50b0254346a9b549.txt: our notes on it are seeds/004_50b0254346a9b549.md" in describe_source(catalogue["seed-004"])
    j = catalogue["aad-2018"].to_json()
    assert j["kind"] == "authority" and j["kind_label"] == "professional body or regulator" and j["year"] == 2018
    assert [e["key"] for e in catalogue.to_json()] == list(catalogue)
    ev = load_rules().evidence("device-age").to_json()
    assert ev["sources"] == ["levintel-lifespan", "havana-beautytipsblog", "aad-2018"] and ev["note"]
    assert ev["evidence"].startswith("No study backs this rule") and ev["note"] not in ev["evidence"]


# -- no project file points outside the repository ---------------------------------------

# What the research note and the shared folder are called; the patterns are built
# from parts so that this file does not name them itself.
_OUTSIDE = re.compile("|".join([r"\.\./" + "shared", "domain" + r"\.md", "research" + "/", "/" + "work/"]))
# The files that once named the research note (defaults.toml's source texts and the
# rules screen snapshot that showed them), checked by name as well.
_PENDING = {"homelog/rules/defaults.toml", "tests/tui/__snapshots__/test_snapshots/test_rules.svg"}


def _project_files() -> list[str]:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "ls-files"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    # Tests are excepted (they hold hostile paths on purpose), but not the recorded output.
    return [f for f in out.splitlines() if not f.startswith("tests/") or "__snapshots__" in f]


def _outside_refs(files) -> dict[str, list[str]]:
    found = {}
    for f in files:
        path = REPO / f
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        hits = _OUTSIDE.findall(text)
        prose = re.sub(r"```.*?```", "", text, flags=re.S)  # a code block's brackets are not links
        links = [t for t in re.findall(r"\]\(([^)#\s]+)", prose) if not t.startswith(("http://", "https://", "mailto:"))]
        hits += [t for t in links if not (path.parent / t).resolve().is_relative_to(REPO) or not (path.parent / t).resolve().exists()]
        if hits:
            found[f] = sorted(set(hits))
    return found


def test_no_project_file_points_outside_the_repository():
    files = _project_files()
    assert "seeds/README.md" in files and "README.md" in files
    assert _PENDING <= set(files)
    assert _outside_refs(files) == {}


def test_pending_files_point_nowhere_outside():
    assert _outside_refs(_PENDING) == {}


def test_the_outside_check_can_fail(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    (tmp_path / "a.md").write_text("see [x](../elsewhere.md) and " + "domain" + ".md", encoding="utf-8")
    (tmp_path / "b.md").write_text("see [y](a.md)", encoding="utf-8")
    assert set(_outside_refs(["a.md", "b.md"])) == {"a.md"}


def test_checking_words_findings_without_parsing_the_catalogue():
    from datetime import date

    from homelog.records import SessionInput
    from homelog.rules import evaluate

    t = build_table(default_rules_dict())
    verdict = evaluate(SessionInput(date(2025, 3, 1), "face", 1200, None, True), [], None, t)
    assert [f.rule for f in verdict.findings] == ["home-depth", "aftercare"]  # aftercare: always a note
    f = verdict.findings[0]
    assert f.sources == t.source_keys["home-depth"] and f.source == evidence_line(t.evidence("home-depth").sources)
    assert f.to_json()["sources"] == list(t.source_keys["home-depth"])
    from homelog.rules import catalogue

    catalogue._shipped.cache_clear()
    t2 = build_table(default_rules_dict())
    assert evaluate(SessionInput(date(2025, 3, 1), "face", 1200), [], None, t2).findings
    assert catalogue._shipped.cache_info().currsize == 0  # status and check never parse sources.toml


# -- figures and unconfirmed entries -------------------------------------------------------


def test_unconfirmed_entries_are_the_ones_a_second_look_could_not_confirm(catalogue):
    assert {k for k, s in catalogue.items() if s.unconfirmed} == UNCONFIRMED


def test_citations_corrected(catalogue):
    assert catalogue["chu-2021"].title.startswith("Safety profile for microneedling: a systematic review")
    assert catalogue["exceed-trial"].author == "Glynis Ablon" and catalogue["exceed-trial"].year == 2018
    assert "Dermatology and Therapy" in catalogue["english-2021"].title
    assert "Dermatologic Therapy" not in catalogue["english-2021"].title
    assert catalogue["drrajatkandhari"].kind == "vendor"
    wexler = catalogue["wexler-allure"].says
    assert "psoriasis" in wexler and "eczema" not in wexler and "skin cancer" in wexler and "chemotherapy" in wexler


def test_sources_lists_figures_and_marks_unconfirmed_entries(table):
    lines = table.describe_sources()
    i = lines.index("youthmaintenance (unconfirmed: a second look could not confirm what this page says)")
    block = lines[i:lines.index("", i)]
    assert '  Figure: contraindication isotretinoin: 90 ("not within 3 months of isotretinoin")' in block
    assert "gohara-instyle" in lines and not any(line.startswith("gohara-instyle (") for line in lines)
    assert '  Figure: rest-period face: 30 ("4 sessions 30 days apart") (a trial\'s or clinic\'s spacing: sets no threshold)' in lines
    entries = {s["key"]: s for s in table.sources_json()}
    assert entries["youthmaintenance"]["unconfirmed"] is True and entries["aad-2018"]["unconfirmed"] is False
    assert {"rule": "rest-period", "parameter": "face 0.50", "value": 7,
            "says": "0.5 mm or less on the face: once a week is plenty", "role": None} in entries["gohara-instyle"]["figures"]
    assert entries["aad-2018"]["figures"] == []


@pytest.mark.parametrize(
    "over, message",
    [
        ({"unconfirmed": "yes"}, "unconfirmed must be true or false"),
        ({"figures": {"rule": "x"}}, "figures must be a list"),
        ({"figures": [{"rule": "rest-period", "parameter": "face 0.50", "says": "weekly"}]}, r"figures\[0\]: value must be a number"),
        ({"figures": [{"rule": "rest-period", "parameter": "face 0.50", "value": -1, "says": "x"}]}, "value must be a number of at least 0"),
        ({"figures": [{"rule": "rest-period", "parameter": "face 0.50", "value": 7}]}, "says must be one line"),
        ({"figures": [{"rule": "rest-period", "parameter": "face 0.50", "value": 7, "says": "x", "role": "trial"}]}, "role must be one of protocol, clinic"),
        ({"figures": [{"rule": "rest-period", "parameter": "face 0.50", "value": 7, "says": "x", "unit": "d"}]}, "unknown field 'unit'"),
    ],
)
def test_bad_figures_are_named(over, message):
    with pytest.raises(RulesError, match=message):
        parse_catalogue({"sources": {"mine": _entry(**over)}}, "f.toml")


def test_a_user_entry_may_give_figures():
    entry = _entry(figures=[{"rule": "rest-period", "parameter": "face 0.50", "value": 14, "says": "every two weeks"}])
    (s,) = parse_catalogue({"sources": {"my-derm": entry}}, "f.toml").values()
    assert s.figures[0].value == 14 and s.figures[0].sets_threshold and not s.unconfirmed
