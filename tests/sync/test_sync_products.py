"""Sync carries products, applications, a session's products and cartridge, and a
device's sharing, by uid, last writer wins; and reads the file of a homelog from
before products."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from homelog.store import sync_rows


def sync(on, name):
    r = on(name, "sync", str(on.folder), "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def records(path: Path) -> dict:
    """Every record as the merge compares them (products and applications included)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {e: sorted(rows.values()) for e, rows in sync_rows.read_all(con).items()}
    finally:
        con.close()


def test_products_applications_cartridges_and_sharing_reach_the_other_machine(machines):
    on = machines
    assert on("laptop", "product", "add", "HA", "--ingredients", "Aqua, Sodium Hyaluronate", "--sterile").code == 0
    assert on("laptop", "device", "add", "--name", "pen", "--kind", "pen").code == 0
    assert on("laptop", "add", "--area", "face", "--needle", "0.5", "--device", "1", "--cartridge", "new",
              "--product", "1", "--date", "2025-02-20", "--disinfected").code == 0
    assert on("laptop", "apply", "1", "--area", "face", "--date", "2025-02-21").code == 0
    sync(on, "laptop")
    assert on("desktop", "add", "--area", "legs", "--needle", "0.25", "--date", "2025-02-10").code == 0
    got = sync(on, "desktop")
    assert got["changes"]["products"]["added"] == 1 and got["changes"]["applications"]["added"] == 1
    sync(on, "laptop")
    assert records(on.path("laptop")) == records(on.path("desktop"))
    s = next(x for x in on("desktop", "list", "--json").json() if x["area"] == "face")
    assert s["cartridge"] == "new" and len(s["product_ids"]) == 1

    # A session's products changed on one side, sharing and a product's edit on the other: both reach both.
    assert on("desktop", "product", "add", "Toner", "--ingredients", "Glycolic Acid").code == 0
    assert on("desktop", "edit", str(s["id"]), "--product", "1", "--product", "2", "--override", "test").code == 0
    assert on("laptop", "device", "shared", "1", "--date", "2025-02-25").code == 0
    assert on("laptop", "product", "edit", "1", "--name", "HA glide").code == 0
    for name in ("desktop", "laptop", "desktop"):
        sync(on, name)
    assert records(on.path("laptop")) == records(on.path("desktop"))
    laptop = next(x for x in on("laptop", "list", "--json").json() if x["area"] == "face")
    assert len(laptop["product_ids"]) == 2
    assert [p["name"] for p in on("desktop", "product", "list", "--json").json()] == ["HA glide", "Toner"]
    assert on("desktop", "device", "list", "--json").json()[0]["shared_from"] == "2025-02-25"
    again = sync(on, "laptop")
    assert all(not any(c.values()) for c in again["changes"].values())


def test_a_file_from_before_products_is_read_in_todays_fields(tmp_path, monkeypatch):
    from homelog.transfer import sync_file

    key = os.urandom(32)
    jid = "ab" * 16
    old = {e: [] for e in sync_rows.FIELDS_V1}
    old["sessions"] = [("s1", "2025-02-01", "face", 250, None, 1, "", None, None, "2025-02-01 09:00:00",
                        "2025-02-01 09:00:00.000000", jid, None)]
    monkeypatch.setattr(sync_file, "FIELDS", sync_rows.FIELDS_V1)
    text = sync_file.seal(jid, old, key)
    monkeypatch.setattr(sync_file, "FIELDS", sync_rows.FIELDS)
    path = tmp_path / sync_file.file_name(jid)
    path.write_text(text)
    found = sync_file.read(sync_file.envelope(path, path.read_bytes()), key)
    (session,) = found.records["sessions"]
    fields = dict(zip(sync_rows.FIELDS["sessions"], session))
    assert fields["uid"] == "s1" and fields["cartridge"] is None and fields["product_uids"] is None
    assert found.records["products"] == [] and found.records["applications"] == []
    assert len(found.records["devices"]) == 0
