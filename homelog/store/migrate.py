"""Upgrading an older journal: backup first, then every migration in one
transaction, so a failure leaves the file as it was.

Only this module imports Alembic (about 0.2 s), and only when a journal's
stored revision is older than ``schema.HEAD``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from homelog import messages as msg
from homelog.errors import StorageError
from homelog.store.backup import backup_file
from homelog.store.connection import BUSY_TIMEOUT_S, translate

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def upgrade(path: Path, from_revision: str, *, target: str = "head") -> Path:
    """Back up ``path`` then migrate it to ``target``; returns the backup's path."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    backup = backup_file(path, reason=f"pre-migrate-{from_revision}")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=NullPool, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        # Off *before* BEGIN (it is a no-op inside a transaction): SQLite's
        # table rebuild would otherwise cascade deletes (see reliability.md §2.1).
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign key check failed on {len(problems)} rows")
    except StorageError:
        raise
    except Exception as exc:  # any failure: the transaction was rolled back
        if isinstance(exc, sqlite3.Error) or hasattr(exc, "orig"):
            error = translate(exc, path)
            if type(error) is not StorageError:
                raise error from None
        raise StorageError(msg.MIGRATION_FAILED.format(path=path, backup=backup), path) from exc
    finally:
        engine.dispose()
    return backup
