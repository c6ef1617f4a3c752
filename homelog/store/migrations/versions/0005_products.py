"""What touches the skin: products (during a session and applied after), a pen
session's cartridge, and the day a device was first used on someone else.

``products`` and ``applications`` are versioned records like the rest
(``updated_at``/``origin``, a uid); ``session_products`` belongs to its session
(whose version it shares). The new columns are nullable: an existing session's
cartridge and an existing device's sharing are "not said".

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sessions", sa.Column("cartridge", sa.String(8), nullable=True))
    op.add_column("devices", sa.Column("shared_from", sa.Date(), nullable=True))
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("ingredients", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("sterile", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("notes", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_products"),
        sa.UniqueConstraint("uid", name="uq_products_uid"),
    )
    op.create_table(
        "session_products",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name="fk_session_products_session_id_sessions"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name="fk_session_products_product_id_products"),
        sa.PrimaryKeyConstraint("session_id", "product_id", name="pk_session_products"),
    )
    op.create_index("ix_session_products_product_id", "session_products", ["product_id"])
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name="fk_applications_product_id_products"),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.UniqueConstraint("uid", name="uq_applications_uid"),
    )
    op.create_index("ix_applications_area_date", "applications", ["area", "date"])


def downgrade() -> None:
    op.drop_index("ix_applications_area_date", "applications")
    op.drop_table("applications")
    op.drop_index("ix_session_products_product_id", "session_products")
    op.drop_table("session_products")
    op.drop_table("products")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("shared_from")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("cartridge")
