"""``homelog completion bash|zsh|fish``: scripts generated from the parser, with
the rules' areas and condition kinds; the bash one loads and completes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    e.update(PYTHONPATH=str(ROOT), HOMELOG_CONFIG_DIR=str(tmp_path / "config"), HOMELOG_CACHE_DIR=str(tmp_path / "cache"))
    return e


def generate(tmp_path: Path, shell: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "homelog", "completion", shell], capture_output=True, text=True, env=env(tmp_path), timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def bash_complete(tmp_path: Path, script: str, line: str) -> list[str]:
    """COMPREPLY for the command line ``line`` (its last word being completed)."""
    path = tmp_path / "homelog.bash"
    path.write_text(script)
    words = line.split(" ")
    code = (
        f"source {path}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}\n"
        "_shtab_homelog homelog \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    proc = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return sorted(w.strip() for w in proc.stdout.split("\n") if w.strip())


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@needs_bash
def test_the_bash_script_loads(tmp_path):
    """The README's line: ``source <(homelog completion bash)`` registers the completion."""
    cmd = f"source <({sys.executable} -m homelog completion bash); complete -p homelog"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "complete -o bashdefault -F _shtab_homelog homelog"


@needs_bash
def test_bash_completes_commands_options_areas_and_condition_kinds(tmp_path):
    script = generate(tmp_path, "bash")
    assert {"add", "check", "status", "completion", "export"} <= set(bash_complete(tmp_path, script, "homelog "))
    assert bash_complete(tmp_path, script, "homelog st") == ["status"]
    assert "--short" in bash_complete(tmp_path, script, "homelog status --")
    assert bash_complete(tmp_path, script, "homelog add --area f") == ["face"]
    assert bash_complete(tmp_path, script, "homelog add --area b") == ["back", "buttocks"]
    assert "pregnancy" in bash_complete(tmp_path, script, "homelog condition add ")
    assert bash_complete(tmp_path, script, "homelog device add --kind r") == ["roller"]
    assert bash_complete(tmp_path, script, "homelog completion ") == ["bash", "fish", "zsh"]


@needs_bash
def test_an_area_from_the_users_rules_is_completed(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "rules.toml").write_text('[areas]\nforehead = "face"\n')
    assert bash_complete(tmp_path, generate(tmp_path, "bash"), "homelog list --area f") == ["face", "forehead"]


def test_the_zsh_script_is_a_compdef(tmp_path):
    script = generate(tmp_path, "zsh")
    assert script.startswith("#compdef homelog")
    assert "face" in script and "pregnancy" in script
    if shutil.which("zsh"):
        path = tmp_path / "_homelog"
        path.write_text(script)
        proc = subprocess.run(["zsh", "-n", str(path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr


def test_the_fish_script_has_a_line_per_command_and_option(tmp_path):
    script = generate(tmp_path, "fish")
    lines = script.splitlines()
    status = [line for line in lines if line.startswith("complete -c homelog -n '__fish_use_subcommand' -a status -d '")]
    assert len(status) == 1 and "every area" in status[0]  # with the command's help line
    area = [line for line in lines if "'__fish_seen_subcommand_from add; and not" in line and "-l area" in line]
    assert len(area) == 1 and "-a 'face neck chest scalp hands arms legs abdomen back buttocks'" in area[0]
    kinds = [line for line in lines if "__fish_seen_subcommand_from condition; and __fish_seen_subcommand_from add" in line and " -a '" in line]
    assert kinds and "pregnancy" in kinds[0]
    assert any("-l db -r -F" in line for line in lines)
    if shutil.which("fish"):
        path = tmp_path / "homelog.fish"
        path.write_text(script)
        proc = subprocess.run(["fish", "--no-execute", str(path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr


def test_an_unknown_shell_is_a_usage_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "homelog", "completion", "powershell"], capture_output=True, text=True, env=env(tmp_path), timeout=120
    )
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_other_commands_do_not_import_shtab(tmp_path):
    code = (
        "import sys\nfrom homelog.cli.main import main\n"
        "main(['where'])\nmain(['--help']) if False else None\n"
        "print('shtab' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("False")
