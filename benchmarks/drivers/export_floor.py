"""The floor of the CSV export row: ``import sqlalchemy.orm``, then the stdlib
``sqlite3`` + ``csv`` loop over the same rows (live sessions joined with their
device, oldest first) into a file. No formatting of values, no validation:
the least any exporter of this journal must do.

Usage: python export_floor.py JOURNAL OUT.csv
"""

from __future__ import annotations

import csv
import sqlite3
import sys

import sqlalchemy.orm  # noqa: F401  (the same import the floor of every row pays)

QUERY = """
SELECT s.id, s.uid, s.date, s.area, s.needle_um, s.disinfected, s.notes,
       s.override_reason, s.overridden_rules,
       s.device_id, d.uid, d.name, d.kind, d.needle_um
FROM sessions AS s LEFT JOIN devices AS d ON d.id = s.device_id
WHERE s.deleted_at IS NULL
ORDER BY s.date, s.id
"""
HEADER = (
    "id", "uid", "date", "area", "needle_um", "disinfected", "notes", "override_reason",
    "overridden_rules", "device_id", "device_uid", "device_name", "device_kind", "device_needle_um",
)


def main(db: str, out: str) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        with open(out, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            for row in con.execute(QUERY):
                writer.writerow(row)
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
