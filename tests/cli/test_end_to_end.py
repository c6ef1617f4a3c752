"""The installed command, end to end in real processes."""

from __future__ import annotations

import sys


def test_help_explains_every_command_and_exit_codes(run_homelog):
    r = run_homelog("--help", db=False)
    assert r.code == 0
    for command in ("add", "check", "list", "edit", "delete", "undo", "status", "rules", "sources", "device", "where", "doctor"):
        assert f"    {command}" in r.out
    assert "exit codes:" in r.out and "not medical advice" in r.out
    for variable in ("HOMELOG_DB", "HOMELOG_CONFIG_DIR", "HOMELOG_CACHE_DIR"):  # every one locations reads
        assert f"  {variable}  " in r.out
    for command in ("add", "check", "status", "device"):
        sub = run_homelog(command, "--help", db=False)
        assert sub.code == 0 and "usage: homelog" in sub.out


def test_undo_across_two_processes(run_homelog):
    assert run_homelog("add", "--area", "face", "--needle", "0.25", "--date", "2025-02-01", "--disinfected").code == 0
    assert run_homelog("add", "--area", "neck", "--needle", "0.25", "--date", "2025-02-02", "--disinfected").code == 0
    assert run_homelog("delete", "1").code == 0
    r = run_homelog("undo")  # a new process: the undo log is in the journal
    assert r.code == 0 and "deleting session 1" in r.out
    r = run_homelog("undo")
    assert "adding session 2" in r.out
    listed = run_homelog("list", "--json").json()
    assert [s["id"] for s in listed] == [1]


def test_json_is_exactly_one_document(run_homelog):
    run_homelog("add", "--area", "face", "--needle", "0.25", "--not-disinfected")
    for args in (["status", "--json"], ["list", "--json"], ["rules", "--json"], ["sources", "--json"], ["device", "list", "--json"], ["where", "--json"], ["check", "--area", "face", "--needle", "0.3", "--json"]):
        r = run_homelog(*args)
        assert r.code in (0, 3)
        r.json()  # raises if stdout is not exactly one JSON document


def test_python_dash_m_and_version(run_homelog):
    r = run_homelog("--version", db=False)
    assert r.code == 0 and r.out.startswith("homelog ")


def test_cli_does_not_import_textual_or_the_orm_up_front():
    import subprocess

    code = "import sys, homelog.cli.main; print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sqlalchemy', 'alembic'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
