"""The entry point of ``homelog`` (the console script) and ``python -m homelog``.

A ``status --short``/``--json`` line whose answer ``homelog.status_cache``
keeps is answered here, importing nothing else of homelog; a ``status`` line
runs without the parser (``homelog.cli.execute.status``); anything else goes to
``homelog.cli.main``.
"""

import gc
import os
import sys

from homelog import status_cache


def run() -> None:
    asked = status_cache.parse(sys.argv[1:])
    if asked is None:
        from homelog.cli.main import run as cli_run

        cli_run()
        return
    # A status line answers and exits, its memory bounded by the rules' windows, not
    # by the journal: the cyclic collector would only walk what the imports made
    # (1.5 ms of an uncached status, issue 29). Reference counting still frees.
    gc.disable()
    try:
        text = status_cache.answer(asked)
    except Exception:  # a cache is never worse than no cache
        text = None
    if text is not None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    from homelog.cli.execute import status

    sys.exit(status(asked.form, asked.db, asked.rules, read_only=asked.read_only, debug=asked.debug))


if __name__ == "__main__":
    run()
