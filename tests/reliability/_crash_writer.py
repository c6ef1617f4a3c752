"""Child process for test_crash.py: adds sessions in a loop until killed.

usage: _crash_writer.py DB MODE MAX
MODE "cli": each add is a full ``homelog.cli.main.main([...])`` call (open,
checks, one transaction, close), like a person running ``homelog add``.
MODE "service": one journal opened once, ``Journal.add`` in a tight loop
(many more kills land inside a transaction or a commit).
MODE "import": ``homelog import`` of a CSV of IMPORT_ROWS rows per round
(notes ``iN-R``): all or nothing per file.
MODE "restore": ``homelog restore`` of backup A then B then A... (notes
``a*`` / ``b*``): the journal is always one or the other, never a mix.

Protocol on stdout (unbuffered, written with os.write): ``ready`` once
imported and about to write, then ``ack N`` ONLY after add N returned success,
or ``fail N CODE`` and exit 3. Notes are ``nN``.
"""

import os
import sys
from datetime import date
from pathlib import Path

TODAY = date(2025, 3, 1)
IMPORT_ROWS = 40


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def main() -> int:
    db, mode, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    sys.stdout = open(os.devnull, "w")  # homelog's own output must not mix with acks
    sys.stderr = open(os.devnull, "w")
    if mode == "cli":
        from homelog.cli.main import main as cli_main

        say("ready")
        for i in range(limit):
            argv = ["--db", str(db), "add", "--area", "face", "--needle", "0.2", "--disinfected",
                    "--notes", f"n{i}", "--override", "t"]
            code = cli_main(argv, today=lambda: TODAY)
            if code != 0:
                say(f"fail {i} {code}")
                return 3
            say(f"ack {i}")
    elif mode == "import":
        from homelog.cli.main import main as cli_main

        say("ready")
        for i in range(limit):
            src = db.with_name(f"round{i}.csv")
            rows = "".join(f"2025-02-01,legs,0.2,i{i}-{r}\n" for r in range(IMPORT_ROWS))
            src.write_text("date,area,needle_mm,notes\n" + rows)
            code = cli_main(["--db", str(db), "import", str(src)], today=lambda: TODAY)
            if code != 0:
                say(f"fail {i} {code}")
                return 3
            say(f"ack {i}")
    elif mode == "restore":
        from homelog.cli.main import main as cli_main

        say("ready")
        for i in range(limit):
            which = "AB"[i % 2]
            code = cli_main(["--db", str(db), "restore", str(db.with_name(f"{which}.db"))], today=lambda: TODAY)
            if code != 0:
                say(f"fail {i} {code}")
                return 3
            say(f"ack {i}")
    else:
        from homelog.locations import resolve
        from homelog.service import open_journal

        journal = open_journal(resolve(db=db), today=lambda: TODAY)
        say("ready")
        for i in range(limit):
            cand = journal.session_input(area="neck", needle="0.2", disinfected=True, notes=f"n{i}")
            if not journal.add(cand, override="t").saved:
                say(f"fail {i} refused")
                return 3
            say(f"ack {i}")
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
