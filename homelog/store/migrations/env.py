"""Alembic environment for homelog: always runs on the connection handed in by
``homelog.store.migrate`` (inside its single transaction); never configures
logging (that would reconfigure the app's)."""

from alembic import context

from homelog.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
