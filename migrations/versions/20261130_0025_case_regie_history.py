"""a case's phase and regie over time (`case_regie_history`), for regie per phase over a
school year in the jaarverslag

A new table: one row when a case opens and one each time its phase or regie organisation
changes (written by a mapper listener in cases/models.py). Existing cases get one row with
their present phase and regie from the day they opened: nothing earlier was recorded.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_regie_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("lead_org_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_regie_history_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_org_id"],
            ["organisations.id"],
            name=op.f("fk_case_regie_history_lead_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_regie_history")),
    )
    with op.batch_alter_table("case_regie_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_regie_history_case_id"), ["case_id"], unique=False
        )
    op.execute(
        "INSERT INTO case_regie_history (case_id, since, phase, lead_org_id)"
        " SELECT id, opened_at, phase, lead_org_id FROM cases"
    )


def downgrade() -> None:
    with op.batch_alter_table("case_regie_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_regie_history_case_id"))
    op.drop_table("case_regie_history")
