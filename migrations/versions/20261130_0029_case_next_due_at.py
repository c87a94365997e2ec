"""a case's `next_due_at`: the earliest term of its open agreements, precomputed

Issue 16 point 2: the case table sorted on the next term computed `min(due_at)` of every
visible case's open agreements, and the "termijn verlopen" filter ran an EXISTS over the
agreements of every visible case. The column holds that minimum (NULL without open
agreements), kept by agreements/next_term.py; existing rows are filled in one UPDATE.

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE cases SET next_due_at = (SELECT min(agreements.due_at) FROM agreements"
        " WHERE agreements.case_id = cases.id AND agreements.status = 'open')"
    )
    op.create_index("ix_cases_next_due_at_id", "cases", ["next_due_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_next_due_at_id", table_name="cases")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("next_due_at")
