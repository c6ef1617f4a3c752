from __future__ import annotations

DEVICE_KEYS = {"id", "name", "kind", "needle_mm", "uses", "first_used", "retired"}


def test_device_add_list_retire(cli):
    r = cli("device", "add", "--name", "Face roller", "--kind", "Roller", "--needle", "0.5", "--json")
    assert r.code == 0
    d = r.json()
    assert DEVICE_KEYS <= set(d) and d["kind"] == "roller" and d["needle_mm"] == 0.5 and d["uses"] == 0
    cli("add", "--area", "arms", "--device", "1", "--date", "2025-01-01", "--disinfected")
    cli("add", "--area", "legs", "--device", "1", "--date", "2025-02-01", "--disinfected")
    [listed] = cli("device", "list", "--json").json()
    assert listed["uses"] == 2 and listed["first_used"] == "2025-01-01" and listed["retired"] is False
    assert cli("device", "retire", "1").code == 0
    assert cli("device", "list", "--json").json()[0]["retired"] is True
    r = cli("add", "--area", "back", "--device", "1", "--disinfected")
    assert r.code == 2 and "retired" in r.err
    assert cli("device", "retire", "1").code == 2
    assert "in use again" in cli("undo").out
    assert cli("device", "list", "--json").json()[0]["retired"] is False


def test_fixed_needle_devices(cli):
    assert cli("device", "add", "--name", "stamp", "--kind", "stamp").code == 2
    cli("device", "add", "--name", "stamp", "--kind", "stamp", "--needle", "0.25")
    r = cli("add", "--area", "face", "--device", "1", "--disinfected", "--json")
    assert r.code == 0 and r.json()["session"]["needle_mm"] == 0.25
    r = cli("add", "--area", "neck", "--device", "1", "--needle", "0.5", "--disinfected")
    assert r.code == 2 and "0.25 mm" in r.err


def test_pen_needs_needle_per_session(cli):
    cli("device", "add", "--name", "pen", "--kind", "pen")
    r = cli("add", "--area", "face", "--device", "1", "--disinfected")
    assert r.code == 2 and "--needle" in r.err
    assert cli("add", "--area", "face", "--device", "1", "--needle", "0.3", "--disinfected").code == 0


def test_bad_kind(cli):
    r = cli("device", "add", "--name", "x", "--kind", "laser")
    assert r.code == 2 and "roller, stamp or pen" in r.err


def test_device_wear_finding(cli):
    cli("device", "add", "--name", "r", "--kind", "roller", "--needle", "0.25")
    for i in range(8):
        day = f"2024-{1 + i:02d}-01"
        assert cli("add", "--area", "arms", "--device", "1", "--date", day, "--disinfected", "--override", "old").code == 0
    # the 9th use: past the sellers' 8-10 uses at their short end, a stop
    r = cli("check", "--area", "legs", "--device", "1", "--date", "2024-11-01", "--disinfected", "--json")
    rules = {f["rule"]: f["level"] for f in r.json()["findings"]}
    assert rules.get("device-wear") == "stop"


def test_undoing_a_device_add_removes_it_or_retires_it_when_a_session_names_it(cli):
    first = cli("device", "add", "--name", "pen A", "--kind", "pen", "--json").json()["id"]
    r = cli("undo")
    assert f"Undid adding device {first} (pen A): it is removed." in r.out
    assert cli("device", "list", "--json").json() == []
    pen = cli("device", "add", "--name", "pen B", "--kind", "pen", "--json").json()["id"]
    assert cli("add", "--area", "back", "--needle", "0.5", "--device", str(pen), "--disinfected").code == 0
    cli("undo")  # the session: deleted, it still names pen B
    r = cli("undo")
    assert f"Undid adding device {pen} (pen B): it is retired, as sessions refer to it." in r.out
    assert [(d["name"], d["retired"]) for d in cli("device", "list", "--json").json()] == [("pen B", True)]
