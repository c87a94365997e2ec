"""handhaving: leerplicht's enforcement steps on a case (waarschuwing, Halt, proces-verbaal
with its type, civiele route, melding Veilig Thuis), read by leerplicht only

A new table; nothing existing changes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enforcement_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("pv_type", sa.String(length=10), nullable=True),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "step IN ('waarschuwing', 'halt', 'proces-verbaal', 'civiele-route', 'veilig-thuis')",
            name=op.f("ck_enforcement_steps_step"),
        ),
        sa.CheckConstraint(
            "(step = 'proces-verbaal') = (pv_type IS NOT NULL)",
            name=op.f("ck_enforcement_steps_pv_type_with_pv"),
        ),
        sa.CheckConstraint(
            "pv_type IS NULL OR pv_type IN ('relatief', 'luxe', 'absoluut')",
            name=op.f("ck_enforcement_steps_pv_type"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_enforcement_steps_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_enforcement_steps_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_enforcement_steps_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enforcement_steps")),
    )
    with op.batch_alter_table("enforcement_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enforcement_steps_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_enforcement_steps_taken_on"), ["taken_on"])


def downgrade() -> None:
    op.drop_table("enforcement_steps")
