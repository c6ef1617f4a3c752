"""homelog react and homelog condition: output, --json, errors (exit 2, nothing saved), undo."""

from __future__ import annotations

import pytest


@pytest.fixture
def session(cli):
    r = cli("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-27", "--json")
    assert r.code == 0, r.err
    return r.json()["session"]["id"]


def test_react_and_list(cli, session):
    r = cli("react", str(session), "--redness", "2", "--swelling", "--bleeding", "--date", "2025-02-28", "--notes", "hot")
    assert r.code == 0, r.err
    assert r.out.strip() == f"Logged for session {session} (face, 2025-02-27) on 2025-02-28: redness 2, swelling, bleeding."
    healed = cli("react", str(session), "--healed", "--json")
    assert healed.code == 0 and healed.json()["healed"] is True and healed.json()["date"] == "2025-03-01"
    listed = cli("react", str(session), "--json").json()
    assert [(x["redness"], x["swelling"], x["bleeding"], x["notes"]) for x in listed] == [(2, True, True, "hot"), (0, False, False, "")]
    assert "healed" in cli("react", str(session)).out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--redness", "4"), "Redness '4' is not valid"),
        (("--redness", "1", "--date", "2025-02-26"), "before session"),
        (("--redness", "1", "--date", "2025-03-03"), "in the future"),
        (("--healed", "--redness", "1"), "A healed observation"),
        (("--healed", "--infection"), "A healed observation"),
        (("--swelling",), "Give the redness"),
    ],
)
def test_react_refuses_bad_input(cli, session, args, words):
    r = cli("react", str(session), *args)
    assert r.code == 2 and words in r.err and "Traceback" not in r.err
    assert cli("react", str(session), "--json").json() == []


def test_react_unknown_session(cli):
    r = cli("react", "7", "--redness", "1")
    assert r.code == 2 and "There is no session 7" in r.err and "'homelog list' shows the ids" in r.err
    assert cli("react", "x", "--redness", "1").code == 2


def test_condition_commands(cli):
    r = cli("condition", "add", "cold-sore", "--area", "face", "--from", "2025-02-01", "--notes", "lip", "--json")
    assert r.code == 0, r.err
    c = r.json()
    assert {k: c[k] for k in ("kind", "area", "start", "end", "notes")} == {"kind": "cold-sore", "area": "face", "start": "2025-02-01", "end": None, "notes": "lip"}
    assert cli("condition", "add", "isotretinoin").out.strip() == (
        "Added condition 2: isotretinoin (for every area), from 2025-03-01, ongoing."
    )
    assert cli("condition", "end", "1", "--date", "2025-02-15").out.strip() == "Ended condition 1 (cold-sore) on 2025-02-15."
    listed = cli("condition", "list", "--json").json()
    assert [(x["id"], x["end"]) for x in listed] == [(1, "2025-02-15"), (2, None)]
    text = cli("condition", "list").out
    assert "cold-sore" in text and "ongoing" in text
    assert "APPLIES TO" in text.splitlines()[0]

    assert "Deleted condition 2" in cli("condition", "delete", "2").out
    assert [x["id"] for x in cli("condition", "list", "--json").json()] == [1]
    assert "Restored condition 2" in cli("condition", "restore", "2").out
    assert "Undid restoring condition 2" in cli("undo").out
    assert "Undid deleting condition 2" in cli("undo").out
    assert len(cli("condition", "list", "--json").json()) == 2


def test_condition_list_says_where_the_rules_apply_each(cli):
    """Where a condition applies comes from its kind's scope, not only its area."""
    added = [
        cli("condition", "add", "cold-sore").out.strip(),  # no area: the kind's group (face)
        cli("condition", "add", "pregnancy").out.strip(),  # scope "all": every area
        cli("condition", "add", "retinoid", "--area", "neck").out.strip(),
        cli("condition", "add", "skin-cancer", "--area", "chest").out.strip(),  # a new kind: its area
        cli("condition", "add", "skin-cancer").out.strip(),  # else every area
        cli("condition", "add", "bleeding-disorder").out.strip(),
    ]
    assert [line.split(", from")[0] for line in added] == [
        "Added condition 1: cold-sore (for the face group)",
        "Added condition 2: pregnancy (for every area)",
        "Added condition 3: retinoid (on the neck)",
        "Added condition 4: skin-cancer (on the chest)",
        "Added condition 5: skin-cancer (for every area)",
        "Added condition 6: bleeding-disorder (for every area)",
    ]
    rows = [line.split() for line in cli("condition", "list").out.splitlines()[2:]]  # after the header lines
    applies = [(row[1], " ".join(row[2:4]) if row[3] in ("group", "area") else row[2]) for row in rows]
    assert applies == [("cold-sore", "face group"), ("pregnancy", "every area"), ("retinoid", "neck"),
                       ("skin-cancer", "chest"), ("skin-cancer", "every area"), ("bleeding-disorder", "every area")]
    # the rule says the same: the chest's skin cancer rules out the chest, not the face ...
    face = cli("check", "--area", "face", "--needle", "0.2", "--json").json()["findings"]
    chest = cli("check", "--area", "chest", "--needle", "0.2", "--json").json()["findings"]
    assert "on the chest" in " ".join(f["message"] for f in chest if f["rule"] == "contraindication")
    assert "on the chest" not in " ".join(f["message"] for f in face if f["rule"] == "contraindication")
    assert any('"pregnancy" (from 2025-03-01, for every area)' in f["message"] for f in face)


@pytest.mark.parametrize("kind", ["pregnancy", "isotretinoin", "bleeding-disorder", "chemo-radiotherapy", "metal-allergy"])
def test_a_kind_for_every_area_refuses_an_area(cli, kind):
    r = cli("condition", "add", kind, "--area", "face")
    assert r.code == 2 and "Traceback" not in r.err
    assert f'Condition "{kind}" applies to every area whatever its area: leave the area out.' in r.err
    assert cli("condition", "list", "--json").json() == []  # nothing half-written


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "eczema"), "Unknown condition kind 'eczema'. Known kinds: pregnancy"),
        (("add", "acne", "--area", "elbow"), "Unknown area 'elbow'"),
        (("add", "peel", "--from", "2025-02-10", "--to", "2025-02-01"), "before the start"),
        (("end", "9"), "There is no condition 9. 'homelog condition list' shows the ids."),
        (("delete", "9"), "There is no condition 9"),
        (("restore", "9"), "There is no condition 9"),
        (("end", "abc"), "not a valid condition id"),
    ],
)
def test_condition_refuses_bad_input(cli, args, words):
    r = cli("condition", *args)
    assert r.code == 2 and words in r.err and "Traceback" not in r.err
    assert cli("condition", "list", "--json").json() == []


def test_help_explains_the_skin_commands(cli):
    from homelog.cli.main import build_parser

    top = build_parser().format_help()
    assert "react" in top and "condition" in top
    r = cli("condition", "--help")
    assert r.code == 0 and all(a in r.out for a in ("add", "end", "list", "delete", "restore"))
    r = cli("react", "--help")
    assert r.code == 0 and "--healed" in r.out and "--infection" in r.out
