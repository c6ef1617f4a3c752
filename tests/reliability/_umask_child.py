"""Child for test_privacy.py: under umask 000 (the worst case), create a journal
in a new folder, add a session, make a backup and exports, and report every
file mode as JSON while homelog still holds the journal open (so that its
-wal and -shm exist). usage: _umask_child.py FOLDER"""

import json
import os
import stat
import sys
from datetime import date
from pathlib import Path


def mode(p: Path) -> str | None:
    try:
        return oct(stat.S_IMODE(p.stat().st_mode))
    except FileNotFoundError:
        return None


def main() -> int:
    os.umask(0)
    base = Path(sys.argv[1])
    os.environ["HOMELOG_CACHE_DIR"] = str(base / "cache" / "deep" / "homelog")  # made here, under umask 000
    db = base / "new" / "folder" / "journal.db"
    from homelog.cli.main import main as cli
    from homelog.locations import resolve
    from homelog.service import open_journal

    today = lambda: date(2025, 3, 1)  # noqa: E731
    sys.stdout = open(os.devnull, "w")
    codes = {}
    codes["add"] = cli(["--db", str(db), "add", "--area", "face", "--needle", "0.2", "--override", "x", "--notes", "private"], today=today)
    codes["backup"] = cli(["--db", str(db), "backup"], today=today)
    codes["backup -o"] = cli(["--db", str(db), "backup", "-o", str(base / "copy.db")], today=today)
    codes["export csv"] = cli(["--db", str(db), "export", "-o", str(base / "all.csv")], today=today)
    codes["export json"] = cli(["--db", str(db), "export", "-o", str(base / "all.json")], today=today)
    codes["restore"] = cli(["--db", str(db), "restore", str(base / "copy.db")], today=today)
    journal = open_journal(resolve(db=db), today=today)
    try:
        journal.add(journal.session_input(area="neck", needle="0.2", notes="held"), override="x")
        with journal.db.read() as s:  # homelog's own connection: -wal and -shm exist now
            from sqlalchemy import text

            s.execute(text("SELECT count(*) FROM sessions")).scalar()
            modes = {str(p.relative_to(base)): mode(p) for p in sorted(base.rglob("*"))}
    finally:
        journal.db.close()
    os.write(1, json.dumps({"codes": codes, "modes": modes}).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
