"""survey answers counted in SQL: one row per answered question and per chosen option of a
handed-in response, filled from the responses already there

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

surveys = sa.table("surveys", sa.column("id", sa.Integer), sa.column("spec", sa.JSON))
responses = sa.table(
    "survey_responses",
    sa.column("id", sa.String),
    sa.column("survey_id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("answers", sa.JSON),
)
answers_table = sa.table(
    "survey_answers",
    sa.column("response_id", sa.String),
    sa.column("question_id", sa.String),
    sa.column("choice", sa.String),
    sa.column("survey_id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("number", sa.Float),
    sa.column("text", sa.Text),
)


def upgrade() -> None:
    op.create_table(
        "survey_answers",
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("choice", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_survey_answers_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_answers_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "response_id", "question_id", "choice", name=op.f("pk_survey_answers")
        ),
        sqlite_with_rowid=False,
    )
    _fill(op.get_bind())
    op.create_index(
        "ix_survey_answers_counts",
        "survey_answers",
        ["survey_id", "question_id", "choice", "number", "organisation_id", "response_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_survey_answers_counts", table_name="survey_answers")
    op.drop_table("survey_answers")


# ---------------------------------------------------------------- the responses already there
# The rules as they stand at this revision (bot/services/surveys/answers.py: ``counted`` and
# ``is_answered``), kept here so that later changes there do not change this migration.


def _fill(bind: sa.Connection) -> None:
    for survey_id, spec in bind.execute(sa.select(surveys.c.id, surveys.c.spec)).all():
        questions = list(_questions(spec or {}))
        last = ""
        while True:
            page = bind.execute(
                sa.select(responses.c.id, responses.c.organisation_id, responses.c.answers)
                .where(responses.c.survey_id == survey_id, responses.c.id > last)
                .order_by(responses.c.id)
                .limit(BATCH)
            ).all()
            if not page:
                break
            rows = [
                {
                    "response_id": response_id,
                    "question_id": question_id,
                    "choice": choice,
                    "survey_id": survey_id,
                    "organisation_id": organisation_id,
                    "number": number,
                    "text": text,
                }
                for response_id, organisation_id, answers in page
                for question_id, choice, number, text in _counted(questions, answers or {})
            ]
            if rows:
                bind.execute(sa.insert(answers_table), rows)
            last = page[-1][0]


def _questions(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "sections" in spec:
        for section in spec["sections"] or []:
            yield from section.get("questions") or []
    else:
        yield from spec.get("questions") or []


def _chosen(value: Any) -> list[str]:
    if isinstance(value, dict) and isinstance(value.get("chosen"), list):
        return [c for c in value["chosen"] if isinstance(c, str)]
    return []


def _other(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("other"), str) and value["other"].strip():
        return str(value["other"])
    return None


def _counted(
    questions: list[dict[str, Any]], answers: dict[str, Any]
) -> list[tuple[str, str, float | None, str | None]]:
    out: list[tuple[str, str, float | None, str | None]] = []
    for question in questions:
        question_id, kind = question["id"], question["type"]
        value = answers.get(question_id)
        if value is None:
            continue
        if kind in ("single", "multi"):
            chosen = _chosen(value)
            other = _other(value)
            if not chosen or (kind == "single" and len(chosen) != 1):
                continue
            if "other" in chosen and other is None:
                continue
            text = other.strip() if other is not None and "other" in chosen else None
            out.append((question_id, "", None, text))
            out.extend((question_id, c, None, None) for c in dict.fromkeys(chosen))
        elif kind in ("scale", "number"):
            scale_ok = isinstance(value, int) and not isinstance(value, bool)
            number_ok = isinstance(value, int | float) and not isinstance(value, bool)
            if scale_ok or (kind == "number" and number_ok):
                out.append((question_id, "", float(value), None))
        elif kind == "yesno":
            if isinstance(value, bool):
                out.append((question_id, "", 1.0 if value else 0.0, None))
        elif isinstance(value, str) and value.strip():
            out.append((question_id, "", None, value))
    return out
