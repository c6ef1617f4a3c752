"""Sessions remember which rules an override went past; device lookups get an index.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("overridden_rules", sa.Text(), nullable=True))
    # Overrides saved before this revision did not record which rules they went
    # past: they keep NULL ("not recorded"), never a guess.
    op.create_index("ix_sessions_device_id", "sessions", ["device_id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_device_id", "sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("overridden_rules")
