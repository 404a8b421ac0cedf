"""one push and one reminder mechanism: outbox sources by kind and id, one reminders table

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS = sa.Enum(
    "pending",
    "fired",
    "dropped",
    name="reminder_status",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_kind", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE outbox SET source_kind = 'broadcast', source_id = broadcast_id"
        " WHERE broadcast_id IS NOT NULL"
    )
    # Every row of an event (its publication, notices and reminders) belongs to the event.
    op.execute(
        "UPDATE outbox SET source_kind = 'event', source_id = event_id WHERE event_id IS NOT NULL"
    )
    op.execute(
        "UPDATE outbox SET source_kind = 'event', source_id = ("
        " SELECT e.id FROM events e WHERE outbox.source LIKE 'event:' || e.id || ':%'"
        ") WHERE source_kind IS NULL AND source LIKE 'event:%'"
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_event_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_broadcast_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_broadcast_id_broadcasts"), type_="foreignkey"
        )
        batch_op.drop_column("event_id")
        batch_op.drop_column("broadcast_id")
        batch_op.create_index("ix_outbox_source", ["source_kind", "source_id"], unique=False)

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("minutes_before", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint(
            "source_kind",
            "source_id",
            "minutes_before",
            "due_at",
            name=op.f("uq_reminders_source_kind_source_id_minutes_before_due_at"),
        ),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_due", ["status", "due_at"], unique=False)
    op.create_table(
        "reminder_contents",
        sa.Column("source_kind", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["contents.id"],
            name=op.f("fk_reminder_contents_content_id_contents"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "source_kind", "source_id", "locale", name=op.f("pk_reminder_contents")
        ),
    )
    op.execute(
        "INSERT INTO reminders"
        " (source_kind, source_id, minutes_before, due_at, status, fired_at, outcome)"
        " SELECT 'event', event_id, minutes_before, due_at, status, fired_at, outcome"
        " FROM event_reminders ORDER BY id"
    )
    op.execute(
        "INSERT INTO reminder_contents (source_kind, source_id, locale, content_id)"
        " SELECT 'event', event_id, locale, content_id FROM event_contents"
        " WHERE purpose = 'reminder'"
    )
    with op.batch_alter_table("event_reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_event_reminders_due")
    op.drop_table("event_reminders")
    op.drop_table("event_contents")


def downgrade() -> None:
    op.create_table(
        "event_contents",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["contents.id"],
            name=op.f("fk_event_contents_content_id_contents"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_contents_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "purpose", "locale", name=op.f("pk_event_contents")),
    )
    op.create_table(
        "event_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("minutes_before", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_reminders_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_reminders")),
        sa.UniqueConstraint(
            "event_id",
            "minutes_before",
            "due_at",
            name=op.f("uq_event_reminders_event_id_minutes_before_due_at"),
        ),
    )
    with op.batch_alter_table("event_reminders", schema=None) as batch_op:
        batch_op.create_index("ix_event_reminders_due", ["status", "due_at"], unique=False)
    op.execute(
        "INSERT INTO event_reminders"
        " (event_id, minutes_before, due_at, status, fired_at, outcome)"
        " SELECT source_id, minutes_before, due_at, status, fired_at, outcome"
        " FROM reminders WHERE source_kind = 'event'"
        " AND source_id IN (SELECT id FROM events) ORDER BY id"
    )
    op.execute(
        "INSERT INTO event_contents (event_id, purpose, locale, content_id)"
        " SELECT source_id, 'reminder', locale, content_id FROM reminder_contents"
        " WHERE source_kind = 'event' AND source_id IN (SELECT id FROM events)"
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_due")
    op.drop_table("reminders")
    op.drop_table("reminder_contents")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("broadcast_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE outbox SET broadcast_id = source_id"
        " WHERE source_kind = 'broadcast' AND source_id IN (SELECT id FROM broadcasts)"
    )
    # Only an event's publication rows carried its id.
    op.execute(
        "UPDATE outbox SET event_id = source_id"
        " WHERE source_kind = 'event' AND source = 'event:' || source_id"
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_source")
        batch_op.drop_column("source_id")
        batch_op.drop_column("source_kind")
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_broadcast_id_broadcasts"),
            "broadcasts",
            ["broadcast_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_outbox_broadcast_id"), ["broadcast_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_event_id"), ["event_id"], unique=False)
