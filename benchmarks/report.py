"""The benchmark's report: the machine, the table, or one JSON document."""

from __future__ import annotations

import json
import os
import platform

from harness import TODAY, Row


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    for dist in ("sqlalchemy", "textual", "platformdirs", "alembic"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:
            versions[dist] = None
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "versions": versions,
    }


def fmt(row: Row, v: float | None) -> str:
    if v is None:
        return "—"
    if row.metric == "rss":
        return f"{v / 1024:.1f} MB"
    return f"{v * 1000:.0f} ms"


def table(rows: list[Row]) -> list[str]:
    head = ("figure", "median", "floor", "median", "ratio", "budget", "verdict")
    body = []
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        body.append(
            (r.figure, fmt(r, r.fig_median), r.floor, fmt(r, r.flo_median), ratio, f"≤ {r.budget:g}×", r.verdict)
        )
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    right = {1, 3, 4}

    def line(cells) -> str:
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return [line(head), sep, *(line(b) for b in body)]


def print_report(rows: list[Row], built: dict, *, mode: str, seconds: float, now: str, as_json: bool) -> None:
    info = machine()
    if as_json:
        print(
            json.dumps(
                {
                    "date": now,
                    "machine": info,
                    "mode": mode,
                    "seconds": round(seconds, 1),
                    "journals": {str(n): b.to_json() for n, b in built.items()},
                    "rows": [r.to_json() for r in rows],
                },
                indent=2,
            )
        )
        return
    v = info["versions"]
    print(f"homelog benchmark — {now} — {mode} mode, {seconds:.0f} s")
    print(
        f"machine: {info['platform']}, {info['implementation']} {info['python']}, "
        f"{info['cpu_count']} CPUs ({info['cpu'] or 'unknown cpu'})"
    )
    print(f"versions: SQLAlchemy {v['sqlalchemy']}, Textual {v['textual']}, platformdirs {v['platformdirs']}")
    print(f"HOMELOG_TODAY={TODAY}; medians of alternating runs; whole processes unless said otherwise")
    print()
    for line in table(rows):
        print(line)
