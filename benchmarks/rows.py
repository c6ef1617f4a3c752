"""The benchmark's rows: each figure, its floor and its budget (see README.md)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import journals  # benchmarks/journals.py
import user_venv  # benchmarks/user_venv.py
from harness import CACHE, PY, TODAY, WORK, Command, Row, RunFailed, driver, has_command, has_tui, homelog, user_env


SIZES = (10, 100, 10_000, 100_000)


def journal_path(n: int) -> Path:
    return WORK / f"journal-{n}.db"


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_db(src: Path, dst: Path) -> None:
    """A fresh copy, on disk before the timed run starts: else the run's first
    fsync (a commit's checkpoint) would also write out the copy's pages."""
    remove_db(dst)
    shutil.copyfile(src, dst)
    fd = os.open(dst, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


ADD_ARGS = ("add", "--area", "legs", "--needle", "0.25", "--date", TODAY, "--disinfected", "--notes", "benchmark",
            "--override", "benchmark run")  # saved whatever the rules say


def add_target(n: int) -> Path:
    return WORK / f"add-target-{n}.db"


def forget_checks() -> None:
    """As after a change made outside homelog: no journal is remembered as having
    passed ``quick_check``."""
    shutil.rmtree(CACHE, ignore_errors=True)


def status_target(n: int) -> Path:
    return WORK / f"status-target-{n}.db"


def copy_and_add(src: Path, dst: Path) -> None:
    """A fresh copy (its first open checks it), then one ``homelog add`` (not timed)."""
    copy_db(src, dst)
    homelog(dst, *ADD_ARGS).run()


QUICK_CHECK = (
    "import sqlite3, sys; "
    "con = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True); "
    "assert con.execute('PRAGMA quick_check').fetchall() == [('ok',)]"
)


def check_args(db: Path, device_id: int | None) -> tuple[str, ...]:
    """``check`` with the journal's current device (its fixed needle if a roller or stamp)."""
    args = ["check", "--area", "face", "--date", TODAY, "--disinfected"]
    needle = "0.5"
    if device_id is not None:
        args += ["--device", str(device_id)]
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            kind, fixed = con.execute("SELECT kind, needle_um FROM devices WHERE id = ?", (device_id,)).fetchone()
        finally:
            con.close()
        if kind in ("roller", "stamp") and fixed is not None:
            needle = None
    if needle:
        args += ["--needle", needle]
    return tuple(args)


#: Where the installed homelog keeps its cached status answers (XDG_CACHE_HOME/homelog/status).
USER_STATUS_CACHE = WORK / "xdg" / "cache" / "homelog" / "status"
LOAD = os.cpu_count() or 2


def user_rows(big: Path, *, rebuild: bool) -> list[Row]:
    """What a user's shell runs (issue 29): the installed ``homelog`` script of a
    clean venv (``pip install .``), its floor from that venv's Python; each row
    idle, and loaded (one busy process per CPU running meanwhile)."""
    why = user_venv.ensure(rebuild=rebuild)
    env = user_env()
    py = str(user_venv.PYTHON)

    def installed(*args: str, **kw) -> Command:
        return Command((str(user_venv.HOMELOG), "--db", str(big), *args), env=env, **kw)

    def forget_answers() -> None:
        shutil.rmtree(USER_STATUS_CACHE, ignore_errors=True)

    floor = Command((py, "-c", "import sqlite3"), env=env)
    rows = []
    for loaded in (False, True):
        tag, how = ("-loaded", f", {LOAD} busy processes running") if loaded else ("", "")
        rows += [
            Row(
                "prompt-cached" + tag,
                f"installed `homelog status --short`, its cached answer valid (100,000 sessions{how})",
                '`python -c "import sqlite3"` (the same venv)',
                1.5,
                installed("status", "--short"),
                floor,
                na=why,
                load=LOAD if loaded else 0,
            ),
            Row(
                "status-installed" + tag,
                f"installed `homelog status` (never cached; 100,000 sessions{how})",
                '`python -c "import sqlite3"` (the same venv)',
                3.0,
                installed("status"),
                floor,
                na=why,
                load=LOAD if loaded else 0,
            ),
        ]
    rows.append(
        Row(
            "prompt-miss",
            "installed `homelog status --short` computing and keeping its answer (the cache emptied before each run)",
            '`python -c "import sqlite3"` (the same venv)',
            3.0,
            installed("status", "--short", before=forget_answers),
            floor,
            na=why,
        )
    )
    return rows


def build_rows(built: dict[int, journals.Built], *, rebuild: bool) -> list[Row]:
    j = {n: b.path for n, b in built.items()}
    big, small = j[100_000], j[10]
    ok_check = (0, 3)  # 3: a rule says stop; still a complete check
    rows = [
        Row(
            "status-100k",
            "`homelog status` on 100,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(big, "status"),
            homelog(small, "status"),
        ),
        Row(
            "status-100k-after-add",
            "`homelog status` on 100,000 sessions, right after a `homelog add` to it (a fresh copy each run)",
            "the same on 10 sessions",
            1.25,
            homelog(status_target(100_000), "status", before=lambda: copy_and_add(big, status_target(100_000))),
            homelog(status_target(10), "status", before=lambda: copy_and_add(small, status_target(10))),
        ),
        Row(
            "status-100k-outside-change",
            "`homelog status` on 100,000 sessions, first open after a change outside homelog (quick_check runs)",
            "`python -c` opening the same file read-only and running `PRAGMA quick_check`",
            3.0,
            homelog(big, "status", before=forget_checks),
            Command((PY, "-c", QUICK_CHECK, str(big))),
        ),
        Row(
            "status-10k",
            "`homelog status` on 10,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(j[10_000], "status"),
            homelog(small, "status"),
        ),
        Row(
            "check-100k",
            "`homelog check` on 100,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(big, *check_args(big, built[100_000].current_device), ok=ok_check),
            homelog(small, *check_args(small, built[10].current_device), ok=ok_check),
        ),
        Row(
            "check-10k",
            "`homelog check` on 10,000 sessions",
            "the same on 10 sessions",
            1.25,
            homelog(j[10_000], *check_args(j[10_000], built[10_000].current_device), ok=ok_check),
            homelog(small, *check_args(small, built[10].current_device), ok=ok_check),
        ),
        Row(
            "add-100k",
            "`homelog add` on 100,000 sessions (a fresh copy each run)",
            "the same on 10 sessions",
            1.25,
            homelog(add_target(100_000), *ADD_ARGS, before=lambda: copy_db(big, add_target(100_000))),
            homelog(add_target(10), *ADD_ARGS, before=lambda: copy_db(small, add_target(10))),
        ),
        Row(
            "status-floor",
            "`homelog status` (whole process, 100,000 sessions)",
            '`python -c "import sqlite3"`',
            3.0,
            homelog(big, "status"),
            Command((PY, "-c", "import sqlite3")),
        ),
        Row(
            "check-floor",
            "`homelog check` (whole process, 100,000 sessions)",
            '`python -c "import sqlite3"`',
            3.0,
            homelog(big, *check_args(big, built[100_000].current_device), ok=ok_check),
            Command((PY, "-c", "import sqlite3")),
        ),
        Row(
            "version",
            "`homelog --version` (whole process)",
            '`python -c pass`',
            2.0,
            Command((PY, "-m", "homelog", "--version")),
            Command((PY, "-c", "pass")),
        ),
    ]

    rows += user_rows(big, rebuild=rebuild)

    why_no_tui = has_tui()
    rows.append(
        Row(
            "tui-first-frame",
            "TUI to its first frame with the area panel filled, 100,000 sessions",
            "bare Textual app, same widget types, headless, + `import sqlalchemy.orm`",
            1.3,
            driver("tui_app.py", "--db", str(big), frame=True),
            driver("tui_floor.py", frame=True),
            heavy=True,
            na=None if why_no_tui is None else f"not built yet: {why_no_tui[:80]}",
        )
    )

    has_export = has_command("export")
    has_import = has_command("import")
    csv_big = WORK / "export-100000.csv"
    csv_small = WORK / "export-100.csv"
    csv_floor = WORK / "export-floor.csv"
    source_csv = WORK / "import-source.csv"

    def unlink(path: Path) -> Callable[[], None]:
        return lambda: path.unlink(missing_ok=True)

    export_big = homelog(big, "export", "--format", "csv", "-o", str(csv_big), before=unlink(csv_big))
    rows.append(
        Row(
            "export-100k",
            "CSV export of 100,000 sessions (`homelog export --format csv -o FILE`)",
            "`sqlite3` + `csv` loop over the same rows, + `import sqlalchemy.orm`",
            1.5,
            export_big,
            driver("export_floor.py", str(big), str(csv_floor), before=unlink(csv_floor)),
            heavy=True,
            na=None if has_export else "not built yet",
        )
    )
    rows.append(
        Row(
            "export-memory",
            "peak memory (max RSS), CSV export of 100,000 sessions",
            "the same export of 100 sessions",
            1.3,
            export_big,
            homelog(j[100], "export", "--format", "csv", "-o", str(csv_small), before=unlink(csv_small)),
            metric="rss",
            heavy=True,
            na=None if has_export else ("not built yet" if hasattr(os, "wait4") else "no os.wait4 here"),
            reuse_figure_of="export-100k",
        )
    )

    import_na = None
    if not has_import:
        import_na = "not built yet"
    elif not has_export:
        import_na = "not built yet (its CSV comes from `homelog export`)"
    else:
        if rebuild or not source_csv.is_file() or source_csv.stat().st_mtime < big.stat().st_mtime:
            try:
                homelog(big, "export", "--format", "csv", "-o", str(source_csv), before=unlink(source_csv)).run()
            except RunFailed as exc:
                import_na = f"export for the import failed: {exc}"
    template = WORK / "empty.db"
    if import_na is None and (rebuild or not journals.at_head(template)):
        journals.make_empty(template)
    target = WORK / "import-target.db"
    plain = WORK / "import-floor.db"
    rows.append(
        Row(
            "import-100k",
            "import of 100,000 CSV rows into a new journal (`homelog import FILE`)",
            "the same rows through `csv` + `sqlite3.executemany` into a plain table",
            5.0,
            homelog(target, "import", str(source_csv), before=lambda: copy_db(template, target)),
            driver("import_floor.py", str(source_csv), str(plain), before=lambda: remove_db(plain)),
            heavy=True,
            na=import_na,
        )
    )
    return rows
