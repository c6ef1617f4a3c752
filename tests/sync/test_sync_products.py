"""Sync carries products, applications, a session's products and cartridge, and a
device's sharing, by uid, last writer wins; and reads a format-1 file of an older homelog."""

from __future__ import annotations

import json

from tests.sync.test_sync import content, machines, sync  # noqa: F401  (the fixture)


def test_products_applications_cartridges_and_sharing_reach_the_other_machine(machines):  # noqa: F811
    on = machines
    assert on("laptop", "product", "add", "HA", "--ingredients", "Aqua, Sodium Hyaluronate", "--sterile").code == 0
    assert on("laptop", "device", "add", "--name", "pen", "--kind", "pen").code == 0
    assert on("laptop", "add", "--area", "face", "--needle", "0.5", "--device", "1", "--cartridge", "new",
              "--product", "1", "--date", "2025-02-20", "--disinfected").code == 0
    assert on("laptop", "apply", "1", "--area", "face", "--date", "2025-02-21").code == 0
    sync(on, "laptop")
    got = sync(on, "desktop")
    assert got["changes"]["products"]["added"] == 1 and got["changes"]["applications"]["added"] == 1
    assert content(on.path("laptop")) == content(on.path("desktop"))
    s = on("desktop", "list", "--json").json()[0]
    assert s["cartridge"] == "new" and len(s["product_ids"]) == 1

    # An edit of the product and a session's products on one side, sharing on the other: both reach both.
    assert on("desktop", "product", "add", "Toner", "--ingredients", "Glycolic Acid").code == 0
    assert on("desktop", "edit", str(s["id"]), "--product", "1", "--product", "2", "--override", "test").code == 0
    assert on("laptop", "device", "shared", "1", "--date", "2025-02-25").code == 0
    assert on("laptop", "product", "edit", "1", "--name", "HA glide").code == 0
    for name in ("desktop", "laptop", "desktop"):
        sync(on, name)
    assert content(on.path("laptop")) == content(on.path("desktop"))
    laptop = on("laptop", "list", "--json").json()[0]
    assert len(laptop["product_ids"]) == 2
    assert [p["name"] for p in on("desktop", "product", "list", "--json").json()] == ["HA glide", "Toner"]
    assert on("desktop", "device", "list", "--json").json()[0]["shared_from"] == "2025-02-25"
    # Syncing again changes nothing; undo of a sync takes the sharing back on that machine.
    again = sync(on, "laptop")
    assert all(not any(c.values()) for c in again["changes"].values())


def test_a_format_1_file_of_an_older_homelog_still_merges(machines):  # noqa: F811
    on = machines
    assert on("laptop", "add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01").code == 0
    sync(on, "laptop")
    (path,) = on.folder.glob("*.homelog-sync.json")
    body = json.loads(path.read_text())
    from homelog.store.sync_rows import FIELDS, FIELDS_V1

    body["version"] = 1
    records = {}
    for entity, fields in FIELDS_V1.items():
        rows = [[dict(zip(FIELDS[entity], r))[f] for f in fields] for r in body["records"][entity]["rows"]]
        records[entity] = {"fields": list(fields), "rows": rows}
    body["records"] = records
    path.write_text(json.dumps(body))
    got = sync(on, "desktop")
    assert got["changes"]["sessions"]["added"] == 1
    assert on("desktop", "list", "--json").json()[0]["cartridge"] is None
