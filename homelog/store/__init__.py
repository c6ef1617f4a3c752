"""Storage: the SQLite journal, its migrations and backups. Reads (and the undo
log) are plain SQL in ``queries``; writes and the schema go through SQLAlchemy.

Imports nothing from the service, the rules or the front ends.
"""

from homelog.store.database import Database, open_database

__all__ = ["Database", "open_database"]
