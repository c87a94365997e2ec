"""agreements: an index on (case_id, due_at) of the open ones, for a case's next term

`cases.next_due_at` is recomputed from the earliest open term of each case touched (a
correlated min(due_at) per case). PostgreSQL planned it through ix_agreements_open_due
(due_at first), reading every open agreement for each case: `demo-data` at 1M cases
slowed down with every batch. With case_id first, each case is one index probe.

Revision ID: 0032
Revises: 0031
Create Date: 2026-11-30 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_agreements_open_case_due",
        "agreements",
        ["case_id", "due_at"],
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )


def downgrade() -> None:
    op.drop_index("ix_agreements_open_case_due", table_name="agreements")
