"""regie is agreed, not moved: regie proposals; consent records who gave it and why it was
withdrawn, and parents and pupil together (12–15) as a basis

Existing consents keep their basis; `thuiszittertafel cases check` lists those whose basis
does not fit the pupil's age for functioneel beheer to review (nothing is changed silently).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_BASES = ("toestemming-ouders", "toestemming-jongere", "wettelijke-grondslag")
NEW_BASES = (
    "toestemming-ouders",
    "toestemming-ouders-en-jongere",
    "toestemming-jongere",
    "wettelijke-grondslag",
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "regie_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'declined', 'superseded')",
            name=op.f("ck_regie_proposals_status"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_regie_proposals_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_regie_proposals_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_regie_proposals_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_regie_proposals_proposed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regie_proposals")),
    )
    with op.batch_alter_table("regie_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regie_proposals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_regie_proposals_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            "uq_regie_proposals_open",
            ["case_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("given_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.String(length=500), nullable=True))
        batch_op.drop_constraint(op.f("ck_consents_basis"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consents_basis"), _in("basis", NEW_BASES))


def downgrade() -> None:
    # Before 0009 the pair was recorded as the parents' consent.
    op.execute(
        "UPDATE consents SET basis = 'toestemming-ouders'"
        " WHERE basis = 'toestemming-ouders-en-jongere'"
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_consents_basis"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consents_basis"), _in("basis", OLD_BASES))
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("given_by")

    with op.batch_alter_table("regie_proposals", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_regie_proposals_open",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_regie_proposals_org_id"))
        batch_op.drop_index(batch_op.f("ix_regie_proposals_case_id"))
    op.drop_table("regie_proposals")
