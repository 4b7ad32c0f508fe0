"""Plumbing tables every service has in its own database: outbox, inbox, idempotency
keys and dead letters, in their own SQLModel registry (``PLUMBING_METADATA``) beside each
service's. ``create_plumbing_tables`` is called by each service's first Alembic migration
so the DDL lives in one place."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from expro_shared.db import SeqType, UTCDateTime


class PlumbingTable(SQLModel, registry=registry()):
    """Base of the plumbing tables (their own registry and metadata)."""


PLUMBING_METADATA = PlumbingTable.metadata


#: What waits for the relay, in order: a partial index (seq WHERE published_at IS NULL) that
#: stays as small as the backlog, so the relay's query never walks the published rows.
UNPUBLISHED = "published_at IS NULL"
UNPUBLISHED_INDEX = sa.Index(
    "ix_outbox_unpublished",
    "seq",
    postgresql_where=sa.text(UNPUBLISHED),
    sqlite_where=sa.text(UNPUBLISHED),
)


class OutboxRecord(PlumbingTable, table=True):
    """An event written with the state change that caused it, waiting for the relay."""

    __tablename__ = "outbox"
    __table_args__ = (UNPUBLISHED_INDEX,)

    seq: int | None = Field(default=None, primary_key=True, sa_type=SeqType)
    event_id: str = Field(unique=True, max_length=36)
    topic: str = Field(max_length=200)
    key: str = Field(max_length=200)
    event_type: str = Field(max_length=200)
    payload: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=sa.Text)


class InboxRecord(PlumbingTable, table=True):
    """An event a consumer has handled; its presence makes redelivery a no-op."""

    __tablename__ = "inbox"

    consumer: str = Field(primary_key=True, max_length=100)
    event_id: str = Field(primary_key=True, max_length=36)
    event_type: str = Field(max_length=200)
    processed_at: datetime = Field(sa_type=UTCDateTime)


class IdempotencyRecord(PlumbingTable, table=True):
    """The first response to an ``Idempotency-Key``, replayed for the same request."""

    __tablename__ = "idempotency_keys"

    scope: str = Field(primary_key=True, max_length=300)
    key: str = Field(primary_key=True, max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    response_body: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(sa_type=UTCDateTime)


class DeadLetter(PlumbingTable, table=True):
    """An event a consumer could not handle after bounded retries, kept for the operator."""

    __tablename__ = "dead_letters"

    id: str = Field(primary_key=True, max_length=36)
    consumer: str = Field(max_length=100)
    topic: str = Field(max_length=200)
    partition: int
    offset: int = Field(sa_type=sa.BigInteger)
    event_id: str | None = Field(default=None, max_length=36)
    event_type: str | None = Field(default=None, max_length=200)
    payload: str = Field(sa_type=sa.Text)
    error: str = Field(sa_type=sa.Text)
    failed_at: datetime = Field(sa_type=UTCDateTime)
    replayed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


def create_unpublished_index() -> None:
    """DDL of ``ix_outbox_unpublished``, for each service's migration that adds it."""
    from alembic import op

    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["seq"],
        postgresql_where=sa.text(UNPUBLISHED),
        sqlite_where=sa.text(UNPUBLISHED),
    )


def drop_unpublished_index() -> None:
    from alembic import op

    op.drop_index("ix_outbox_unpublished", table_name="outbox")


def create_plumbing_tables() -> None:
    """DDL of the plumbing tables, for a service's initial Alembic migration."""
    from alembic import op

    ts = sa.DateTime(timezone=True)
    op.create_table(
        "outbox",
        sa.Column("seq", SeqType, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("published_at", ts, nullable=True, index=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("processed_at", ts, nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(300), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response_body", sa.Text, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=True),
        sa.Column("event_type", sa.String(200), nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("failed_at", ts, nullable=False),
        sa.Column("replayed_at", ts, nullable=True),
    )
