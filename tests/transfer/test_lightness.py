"""The format helpers and the CLI module stay light: no SQLAlchemy at import time."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(out.stdout.split())


def test_transfer_helpers_import_no_sqlalchemy():
    loaded = _modules_after(
        "import homelog.transfer.csv_format, homelog.transfer.json_format, "
        "homelog.transfer.atomic, homelog.transfer.progress"
    )
    assert not any(m.startswith("sqlalchemy") for m in loaded)


def test_cli_main_does_not_load_the_service_for_help():
    loaded = _modules_after("import homelog.cli.main")
    assert "homelog.service.transfer" not in loaded
    assert not any(m.startswith("sqlalchemy") for m in loaded)


def test_bulk_module_itself_uses_no_sqlalchemy():
    import ast
    from pathlib import Path

    import homelog.store.bulk as bulk

    tree = ast.parse(Path(bulk.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not any(str(m).startswith(("sqlalchemy", "homelog.store.models", "homelog.store.repo")) for m in imported)
