"""The product use cases over a real journal: versions for sync, one transaction each."""

from __future__ import annotations

import sqlite3


def _version(db_path, table, rid):
    con = sqlite3.connect(db_path)
    try:
        return con.execute(f"SELECT updated_at, origin FROM {table} WHERE id = ?", (rid,)).fetchone()
    finally:
        con.close()


def test_products_and_applications_are_versioned_records(journal, db_path):
    p = journal.add_product(name="HA", ingredients="Aqua, Sodium Hyaluronate", sterile=True)
    first = _version(db_path, "products", p.id)
    assert first[0] and len(first[1]) == 32
    journal.edit_product(p.id, name="HA glide")
    assert _version(db_path, "products", p.id)[0] > first[0]
    a = journal.apply(p.id, area="face").application
    assert _version(db_path, "applications", a.id)[0] > first[0]


def test_changing_only_a_sessions_products_gives_the_session_a_new_version(journal, db_path):
    p = journal.add_product(name="HA", ingredients="Aqua, Sodium Hyaluronate", sterile=True)
    q = journal.add_product(name="HA 2", ingredients="Aqua, Sodium Hyaluronate", sterile=True)
    s = journal.add(journal.session_input(area="face", needle="0.25", products=[p.id], disinfected=True)).session
    before = _version(db_path, "sessions", s.id)
    saved = journal.edit(s.id, products=[p.id, q.id])
    assert saved.saved and saved.session.product_ids == (p.id, q.id)
    assert _version(db_path, "sessions", s.id)[0] > before[0]
    journal.undo()
    assert journal.get(s.id).product_ids == (p.id,)


def test_a_deleted_product_stays_with_the_sessions_that_had_it(journal):
    p = journal.add_product(name="HA", ingredients="Aqua, Sodium Hyaluronate", sterile=True)
    s = journal.add(journal.session_input(area="face", needle="0.25", products=[p.id], disinfected=True)).session
    journal.delete_product(p.id)
    # An edit of the notes keeps its products, though the product is deleted; a new session cannot name it.
    assert journal.edit(s.id, notes="kept").session.product_ids == (p.id,)
    import pytest

    from homelog.errors import NotFound

    with pytest.raises(NotFound):
        journal.session_input(area="face", needle="0.25", products=[p.id])


def test_an_edit_naming_the_same_pen_keeps_its_cartridge_another_device_drops_it(journal):
    pen = journal.add_device(name="pen", kind="pen")
    roller = journal.add_device(name="roller", kind="roller", needle="0.25")
    s = journal.add(journal.session_input(area="face", needle="0.25", device=pen.id, cartridge="new", disinfected=True)).session
    assert journal.edit(s.id, device=str(pen.id), notes="same pen").session.cartridge == "new"
    assert journal.edit(s.id, device=str(roller.id), override="test").session.cartridge is None
