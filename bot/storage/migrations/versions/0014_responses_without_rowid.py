"""responses without rowid: on SQLite the handed-in responses live in their random id's tree,
with no rowid counting up in the order they were handed in (other databases: nothing to do)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 22:05:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(with_rowid: bool) -> None:
    """SQLite cannot change the option in place: the table is copied. Dropping the old copy
    deletes the counted answers with it (their foreign key cascades), so they are kept aside
    and put back."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TEMPORARY TABLE kept_survey_answers AS SELECT * FROM survey_answers")
    with op.batch_alter_table(
        "survey_responses", recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}
    ):
        pass
    op.execute("INSERT INTO survey_answers SELECT * FROM kept_survey_answers")
    op.execute("DROP TABLE kept_survey_answers")


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
