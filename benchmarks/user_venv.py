"""homelog installed as a user installs it, for the rows that measure what a
user's shell runs: ``pip install .`` (not editable) into a clean virtual
environment in ``.work/user-venv``, made from the base interpreter.

An editable install puts a finder (and ``pip install -e``'s ``.pth`` files) in
front of every start of Python, which makes the floor ``python -c "import
sqlite3"`` about 10 ms dearer than a user's (issue 29); this venv has none of
that. It is made once (its dependencies come from the configured index) and
homelog is reinstalled (any new dependency, then homelog ``--no-deps``) whenever its sources change (a hash of
``homelog/`` and ``pyproject.toml`` kept in ``.work/user-venv.stamp``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from harness import ROOT, WORK, log

VENV = WORK / "user-venv"
STAMP = WORK / "user-venv.stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
HOMELOG = BIN / ("homelog.exe" if os.name == "nt" else "homelog")


def sources_hash() -> str:
    h = hashlib.sha256()
    files = sorted(p for p in (ROOT / "homelog").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in [ROOT / "pyproject.toml", *files]:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def base_python() -> str:
    return getattr(sys, "_base_executable", None) or sys.executable


def ensure(*, rebuild: bool = False) -> str | None:
    """Make or refresh the venv; None when ready, else why it could not be made."""
    wanted = sources_hash()
    if not rebuild and PYTHON.exists() and HOMELOG.exists() and STAMP.is_file() and STAMP.read_text() == wanted:
        return None
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_USER")}
    try:
        if rebuild or not PYTHON.exists():
            log(f"  making {VENV.relative_to(ROOT)} (python -m venv, pip install .)")
            subprocess.run([base_python(), "-m", "venv", "--clear", str(VENV)], check=True, env=env)
            subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", str(ROOT)], check=True, env=env, cwd=WORK)
        else:
            log(f"  reinstalling homelog into {VENV.relative_to(ROOT)} (its sources changed)")
            # First any dependency pyproject.toml gained, then homelog itself afresh.
            subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", str(ROOT)], check=True, env=env, cwd=WORK)
            subprocess.run(
                [str(PYTHON), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(ROOT)],
                check=True, env=env, cwd=WORK,
            )
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"could not install homelog into a venv: {exc}"
    STAMP.write_text(wanted)
    return None
