"""survey consent: the press of «Согласен» / «Не согласен» kept with the answers in progress,
and a named survey's consent kept with its response

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:17:09.570925
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_progress", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_column("consented_at")

    with op.batch_alter_table("survey_progress", schema=None) as batch_op:
        batch_op.drop_column("consent_at")
        batch_op.drop_column("consent")
