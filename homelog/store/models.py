"""The journal's tables (SQLAlchemy 2 typed ORM).

Schema changes go through a new Alembic revision in ``migrations/versions``
and a bump of ``schema.HEAD``; ``tests/store/test_migrations.py`` checks that
``create_all`` and the migrations agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Columns every record a sync exchanges carries: when its current version was
    made (UTC, microseconds) and by which journal (``versions`` stamps both)."""

    updated_at: Mapped[datetime] = mapped_column(DateTime)
    origin: Mapped[str] = mapped_column(String(32))


class MetaRow(Base):
    """Facts about this journal file (``journal_id``: its sync name)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DeviceRow(Versioned, Base):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    needle_um: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the day it was first used on another person (never use it again from then on)
    shared_from: Mapped[date | None] = mapped_column(Date)


class DeviceTombstoneRow(Base):
    """A device that was removed (devices are deleted, not marked): a sync passes the removal on."""

    __tablename__ = "device_tombstones"

    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    origin: Mapped[str] = mapped_column(String(32))


class SessionRow(Versioned, Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    date: Mapped[date] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(40))
    needle_um: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    disinfected: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_rules: Mapped[str | None] = mapped_column(Text)  # comma-separated rule ids
    cartridge: Mapped[str | None] = mapped_column(String(8))  # a pen's: "new" | "reused"; None: not said
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        # status/check read one area's sessions in a date window; list pages by date.
        Index("ix_sessions_area_date", "area", "date"),
        Index("ix_sessions_date", "date"),
        Index("ix_sessions_device_id", "device_id"),
    )


class ChangeRow(Base):
    """The undo log: one row per user change, with the state before it."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    entity: Mapped[str] = mapped_column(String(16))  # "session" | "device" | "reaction" | "condition"
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # "add" | "edit" | "delete" | "retire" | "import"
    before: Mapped[str | None] = mapped_column(Text)  # JSON of the row before the change
    undone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))


class ReactionRow(Versioned, Base):
    """One observation of a session's skin (sessions are soft-deleted: a plain foreign key)."""

    __tablename__ = "reactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    date: Mapped[date] = mapped_column(Date)
    redness: Mapped[int] = mapped_column(Integer)
    swelling: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    bleeding: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    infection: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    notes: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        # the rules read the latest observation of given sessions on or before a day.
        Index("ix_reactions_session_id_date", "session_id", "date"),
        Index("ix_reactions_date", "date"),
    )


class ConditionRow(Versioned, Base):
    """A standing contraindication (soft-deleted like sessions)."""

    __tablename__ = "conditions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    area: Mapped[str | None] = mapped_column(String(40))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_conditions_start", "start"),)


class ProductRow(Versioned, Base):
    """Something put on the skin: during a session (the glide) or after (``ApplicationRow``).
    Its ingredient list is kept as typed; the rules classify it (``rules.ingredients``)."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(Text)
    ingredients: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    sterile: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    notes: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)


class SessionProductRow(Base):
    """A product on the skin during a session: part of the session's record (its
    version is the session's)."""

    __tablename__ = "session_products"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)

    __table_args__ = (Index("ix_session_products_product_id", "product_id"),)


class ApplicationRow(Versioned, Base):
    """A product put on an area on a day, after a session (soft-deleted like sessions)."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    area: Mapped[str] = mapped_column(String(40))
    date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_applications_area_date", "area", "date"),)
