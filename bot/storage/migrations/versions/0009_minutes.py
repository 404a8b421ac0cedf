"""minutes and the methodical year: heads of each year, methodical topics, meeting plans, the
deadlines the year sets, minutes with their versions, agenda items and attachments, the
uploaded protocol template

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 18:15:46.367544
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "head_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_head_terms_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_head_terms_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_head_terms")),
    )
    with op.batch_alter_table("head_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_head_terms_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_head_terms_year", ["year", "association_id"], unique=False)

    op.create_table(
        "meeting_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "school",
                "municipal",
                "district",
                name="plan_level",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("months", sa.JSON(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_meeting_plans_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["members.id"],
            name=op.f("fk_meeting_plans_updated_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_plans")),
        sa.UniqueConstraint("year", "scope", name=op.f("uq_meeting_plans_year_scope")),
    )
    op.create_table(
        "methodical_topics",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_methodical_topics_association_id_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["members.id"],
            name=op.f("fk_methodical_topics_set_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("association_id", "year", name=op.f("pk_methodical_topics")),
    )
    op.create_table(
        "protocol_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_protocol_templates_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protocol_templates")),
    )
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_minutes_association_id_associations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadlines.id"],
            name=op.f("fk_minutes_deadline_id_deadlines"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_minutes_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint(
            "association_id", "year", "number", name=op.f("uq_minutes_association_id_year_number")
        ),
    )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.create_index("ix_minutes_year", ["year", "organisation_id"], unique=False)

    op.create_table(
        "year_duties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "school",
                "municipal",
                "district",
                name="duty_level",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadlines.id"],
            name=op.f("fk_year_duties_deadline_id_deadlines"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_duties")),
        sa.UniqueConstraint("deadline_id", name=op.f("uq_year_duties_deadline_id")),
        sa.UniqueConstraint("key", name=op.f("uq_year_duties_key")),
    )
    with op.batch_alter_table("year_duties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_year_duties_year"), ["year"], unique=False)

    op.create_table(
        "minutes_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("absent", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("head_name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_minutes_versions_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["minutes_id"],
            ["minutes.id"],
            name=op.f("fk_minutes_versions_minutes_id_minutes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_versions")),
        sa.UniqueConstraint(
            "minutes_id", "version", name=op.f("uq_minutes_versions_minutes_id_version")
        ),
    )
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_versions_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "minutes_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file_ref", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("local_path", sa.String(length=500), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["minutes_versions.id"],
            name=op.f("fk_minutes_files_version_id_minutes_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_files")),
    )
    with op.batch_alter_table("minutes_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_files_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "minutes_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("heard", sa.Text(), nullable=True),
        sa.Column("spoke", sa.Text(), nullable=True),
        sa.Column("decided", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["minutes_versions.id"],
            name=op.f("fk_minutes_items_version_id_minutes_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_items")),
        sa.UniqueConstraint(
            "version_id", "position", name=op.f("uq_minutes_items_version_id_position")
        ),
    )


def downgrade() -> None:
    op.drop_table("minutes_items")
    with op.batch_alter_table("minutes_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_files_version_id"))

    op.drop_table("minutes_files")
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_versions_member_id"))

    op.drop_table("minutes_versions")
    with op.batch_alter_table("year_duties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_year_duties_year"))

    op.drop_table("year_duties")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_index("ix_minutes_year")

    op.drop_table("minutes")
    op.drop_table("protocol_templates")
    op.drop_table("methodical_topics")
    op.drop_table("meeting_plans")
    with op.batch_alter_table("head_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_head_terms_year")
        batch_op.drop_index(batch_op.f("ix_head_terms_member_id"))

    op.drop_table("head_terms")
