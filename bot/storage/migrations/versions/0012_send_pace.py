"""send pace: the pace of sending that several instances of the bot share (PostgreSQL)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:17:40.696348
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_pace",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_send_pace")),
    )
    op.create_table(
        "send_pace_chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("booked", sa.String(length=400), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_send_pace_chats")),
    )
    with op.batch_alter_table("send_pace_chats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_send_pace_chats_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("send_pace_chats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_send_pace_chats_expires_at"))
    op.drop_table("send_pace_chats")
    op.drop_table("send_pace")
