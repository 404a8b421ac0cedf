"""surveys: launched waves, answers in progress and handed in, uploaded templates, the
teachers' own areas; answers to a survey as a kind of deadline

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 15:27:44.955753
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

KINDS = ("plan", "minutes", "report", "analysis", "application", "materials", "info_card")


def _kinds(*extra: str) -> str:
    names = ", ".join(f"'{k}'" for k in (*KINDS, "other", *extra))
    return f"kind IN ({names})"


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deadlines_deliverable"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deadlines_deliverable"), _kinds("survey"))
    op.create_table(
        "survey_templates",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_survey_templates_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_survey_templates")),
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column(
            "unit",
            sa.Enum(
                "person",
                "association",
                "organisation",
                name="survey_unit",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.Column("campaign", sa.String(length=32), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "closed",
                name="survey_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_surveys_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadlines.id"],
            name=op.f("fk_surveys_deadline_id_deadlines"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("campaign", name=op.f("uq_surveys_campaign")),
        sa.UniqueConstraint("deadline_id", name=op.f("uq_surveys_deadline_id")),
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surveys_template_key"), ["template_key"], unique=False)

    op.create_table(
        "member_areas",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=True),
        sa.Column("strength", sa.Integer(), nullable=True),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_areas_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_member_areas_survey_id_surveys"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("member_id", "area", name=op.f("pk_member_areas")),
    )
    op.create_table(
        "survey_progress",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("position", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_survey_progress_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_progress_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "unit_id", name=op.f("pk_survey_progress")),
    )
    with op.batch_alter_table("survey_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_progress_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_survey_responses_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_survey_responses_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_responses_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_responses_survey_id"), ["survey_id"], unique=False
        )


def downgrade() -> None:
    op.execute("DELETE FROM deadlines WHERE kind = 'survey'")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deadlines_deliverable"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deadlines_deliverable"), _kinds())
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_survey_id"))
        batch_op.drop_index(batch_op.f("ix_survey_responses_member_id"))

    op.drop_table("survey_responses")
    with op.batch_alter_table("survey_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_progress_member_id"))

    op.drop_table("survey_progress")
    op.drop_table("member_areas")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_template_key"))

    op.drop_table("surveys")
    op.drop_table("survey_templates")
