"""Products, applications, cartridges and session products through export, import,
backup and restore."""

from __future__ import annotations

import csv
import io


def _journal_with_products(cli):
    assert cli("product", "add", "HA glide", "--ingredients", "Aqua, Sodium Hyaluronate", "--sterile").code == 0
    assert cli("product", "add", "Toner", "--ingredients", "Aqua, Glycolic Acid").code == 0
    assert cli("product", "add", "Old", "--ingredients", "Aqua").code == 0
    assert cli("device", "add", "--name", "pen", "--kind", "pen").code == 0
    r = cli("add", "--area", "face", "--needle", "0.5", "--device", "1", "--cartridge", "new", "--product", "1",
            "--product", "3", "--date", "2025-02-20", "--disinfected")
    assert r.code == 0, r.err
    assert cli("add", "--area", "legs", "--needle", "0.5", "--date", "2025-02-21").code == 0
    assert cli("product", "delete", "3").code == 0  # the session keeps it
    assert cli("apply", "2", "--area", "face", "--date", "2025-02-26").code == 0


def test_csv_export_has_products_and_cartridge_columns(cli):
    _journal_with_products(cli)
    r = cli("export")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    by_area = {row["area"]: row for row in rows}
    assert by_area["face"]["products"] == "HA glide;Old" and by_area["face"]["cartridge"] == "new"
    assert by_area["legs"]["products"] == "" and by_area["legs"]["cartridge"] == ""


def test_csv_import_accepts_and_ignores_the_new_columns(cli, tmp_path):
    _journal_with_products(cli)
    path = tmp_path / "out.csv"
    assert cli("export", "-o", str(path)).code == 0
    other = tmp_path / "other.db"
    r = cli("import", str(path), "--json", db=other)
    assert r.code == 0, r.err
    assert r.json()["added"] == 2 and r.json()["ignored_columns"] == []


def test_json_round_trip_carries_products_applications_and_cartridges(cli, tmp_path):
    _journal_with_products(cli)
    path = tmp_path / "out.json"
    assert cli("export", "--format", "json", "-o", str(path)).code == 0
    other = tmp_path / "other.db"
    r = cli("import", str(path), "--json", db=other)
    assert r.code == 0, r.err
    assert (r.json()["products_added"], r.json()["applications_added"]) == (2, 1)
    names = [p["name"] for p in cli("product", "list", "--json", db=other).json()]
    assert names == ["HA glide", "Toner"]  # the deleted one came across deleted
    face = next(s for s in cli("list", "--json", db=other).json() if s["area"] == "face")
    assert face["cartridge"] == "new" and len(face["product_ids"]) == 2
    # A check on the new journal sees the application in the aftercare of a session on 02-24.
    doc = cli("check", "--area", "face", "--needle", "1.0", "--date", "2025-02-24", "--json", db=other).json()
    assert any(f["rule"] == "products" and "Glycolic Acid" in f["message"] for f in doc["findings"])
    # Importing again adds nothing; undo of the first import takes its products and applications back.
    again = cli("import", str(path), "--json", db=other).json()
    assert (again["added"], again["products_added"], again["applications_added"]) == (0, 0, 0)
    cli("undo", db=other)  # the second import (nothing)
    assert cli("undo", db=other).code == 0
    assert cli("product", "list", "--json", db=other).json() == []
    assert cli("list", "--json", db=other).json() == []


def test_a_file_naming_an_unknown_product_imports_nothing(cli, tmp_path):
    import json

    doc = {
        "format": "homelog", "version": 1,
        "sessions": [{"uid": "s-1", "date": "2025-02-20", "area": "face", "needle_mm": 0.25, "product_uids": ["nope"]}],
        "applications": [{"uid": "a-1", "product_uid": "nope", "area": "face", "date": "2025-02-21"}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    r = cli("import", str(path))
    assert r.code == 2 and "product_uid 'nope'" in r.err
    assert cli("list", "--json").json() == []


def test_backup_and_restore_keep_products(cli, tmp_path):
    _journal_with_products(cli)
    r = cli("backup", "--json")
    assert r.code == 0, r.err
    backup = r.json()["backup"]
    assert cli("product", "delete", "1").code == 0
    assert cli("restore", backup).code == 0
    assert [p["name"] for p in cli("product", "list", "--json").json()] == ["HA glide", "Toner"]
