"""Storage: the SQLite journal through SQLAlchemy, its migrations and backups.

Imports nothing from the service, the rules or the front ends.
"""

from homelog.store.database import Database, open_database

__all__ = ["Database", "open_database"]
