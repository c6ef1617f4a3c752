"""Sync: every record carries the version a merge compares (``updated_at``, UTC,
and ``origin``, the journal that made it); removed devices leave a tombstone;
the journal gets a stable id of its own.

Existing rows take their latest known moment (retired, deleted or created) as
their version, made by this journal.

Revision ID: 0004
Revises: 0003
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: table -> the moment an existing row's version is dated from
FIRST_VERSION = {
    "devices": "coalesce(retired_at, created_at)",
    "reactions": "coalesce(deleted_at, created_at)",
    "conditions": "coalesce(deleted_at, created_at)",
}


def upgrade() -> None:
    journal_id = uuid.uuid4().hex
    op.create_table(
        "meta",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    op.execute(sa.text("INSERT INTO meta (key, value) VALUES ('journal_id', :id)").bindparams(id=journal_id))
    op.create_table(
        "device_tombstones",
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("uid", name="pk_device_tombstones"),
    )
    for table in ("devices", "sessions", "reactions", "conditions"):
        with op.batch_alter_table(table) as batch:
            if table != "sessions":  # sessions have had updated_at since 0001
                batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
            batch.add_column(sa.Column("origin", sa.String(32), nullable=True))
        if table in FIRST_VERSION:
            op.execute(f"UPDATE {table} SET updated_at = {FIRST_VERSION[table]}")
        op.execute(sa.text(f"UPDATE {table} SET origin = :id").bindparams(id=journal_id))
        with op.batch_alter_table(table) as batch:
            if table != "sessions":
                batch.alter_column("updated_at", existing_type=sa.DateTime(), nullable=False)
            batch.alter_column("origin", existing_type=sa.String(32), nullable=False)


def downgrade() -> None:
    for table in ("devices", "sessions", "reactions", "conditions"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("origin")
            if table != "sessions":
                batch.drop_column("updated_at")
    op.drop_table("device_tombstones")
    op.drop_table("meta")
