"""Parsed rules files kept between runs, so a command skips ``tomllib`` (its
import and the parse of the defaults and a rules.toml: about 2.5 ms of every
``status``).

Each file in ``<cache>/rules/`` holds ``marshal.dumps((FORMAT, text, parsed))``:
the whole text it was parsed from is compared on reading, so a file is never
taken for another's (its name, a CRC and the length, only finds it). Written
atomically, 0600, in the 0700 cache folder; a document marshal cannot hold (a
TOML date) is not kept. The cache folder is the user's own: whoever can write in
it can edit their rules.toml too.
"""

from __future__ import annotations

import marshal
import os

from homelog import status_cache

FORMAT = 1


class CompiledRules:
    """``homelog.rules.load.Compiled`` over a folder."""

    def __init__(self, folder: str):
        self.folder = folder

    @classmethod
    def default(cls) -> "CompiledRules | None":
        folder = status_cache.cache_dir()
        return None if folder is None else cls(os.path.join(folder, "rules"))

    def _path(self, text: str) -> str:
        import zlib

        return os.path.join(self.folder, f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}-{len(text):x}")

    def get(self, text: str) -> dict | None:
        path = self._path(text)
        try:
            if not (status_cache.ours(path) and status_cache.ours(self.folder)):
                return None  # a file someone else could have written is parsed anew
            with open(path, "rb") as f:
                kept = marshal.loads(f.read())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == FORMAT and kept[1] == text and isinstance(kept[2], dict):
            return kept[2]
        return None

    def keep(self, text: str, data: dict) -> None:
        try:
            blob = marshal.dumps((FORMAT, text, data))
        except ValueError:  # a TOML date or time: marshal takes only plain values
            return
        status_cache.write_private(self._path(text), blob)
