"""The layers of README's "How it is built", as import contracts.

The contracts live in pyproject.toml ([tool.importlinter]); lint-imports
checks them over the whole import graph (imports inside functions too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache", "--config", "pyproject.toml"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " broken" not in result.stdout.replace("0 broken", "")


# One import that breaks each contract, in a copy of the package.
BREAKS = {
    "cli/output.py": "import homelog.store.repo\nimport textual\n",  # front end -> store; CLI -> Textual
    "rules/common.py": "import homelog.service\n",  # the rules -> the service
    "service/doctor.py": "import homelog.cli.output\n",  # below the front ends -> a front end
    "tui/text.py": "import homelog.cli.output\n",  # one front end -> the other
    "cli/admin.py": "import homelog.cli.main\n",  # the cycle main <-> admin
    "tui/screens/device_form.py": "import homelog.tui.screens.session_form\n",  # one form screen -> another
}


def test_each_contract_fails_on_a_violation(tmp_path):
    shutil.copytree(ROOT / "homelog", tmp_path / "homelog", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in BREAKS.items():
        path = tmp_path / "homelog" / module
        path.write_text(path.read_text() + "\n" + line)
    result = _lint(tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0
    assert "Contracts: 0 kept, 7 broken." in result.stdout, result.stdout + result.stderr
