"""The floor of the CSV import row: the same CSV rows through ``csv.reader``
and one ``sqlite3.executemany`` into a plain table (one untyped column per
CSV column, no index, no constraint) in a new file, one transaction, the
driver's default settings. No parsing, no validation, no rules, no devices.

Usage: python import_floor.py IN.csv NEW.db
"""

from __future__ import annotations

import csv
import sqlite3
import sys


def main(src: str, db: str) -> int:
    con = sqlite3.connect(db)
    try:
        with open(src, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            columns = ", ".join(f'"c{i}"' for i in range(len(header)))
            marks = ", ".join("?" * len(header))
            with con:
                con.execute(f"CREATE TABLE rows ({columns})")
                con.executemany(f"INSERT INTO rows VALUES ({marks})", reader)
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
