"""Skin: observations of how a session's skin reacted, and standing conditions.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("redness", sa.Integer(), nullable=False),
        sa.Column("swelling", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("bleeding", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("infection", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("notes", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_reactions_session_id_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_reactions"),
        sa.UniqueConstraint("uid", name="uq_reactions_uid"),
    )
    op.create_index("ix_reactions_session_id_date", "reactions", ["session_id", "date"])
    op.create_index("ix_reactions_date", "reactions", ["date"])
    op.create_table(
        "conditions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("area", sa.String(40), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_conditions"),
        sa.UniqueConstraint("uid", name="uq_conditions_uid"),
    )
    op.create_index("ix_conditions_start", "conditions", ["start"])


def downgrade() -> None:
    op.drop_index("ix_conditions_start", "conditions")
    op.drop_table("conditions")
    op.drop_index("ix_reactions_date", "reactions")
    op.drop_index("ix_reactions_session_id_date", "reactions")
    op.drop_table("reactions")
