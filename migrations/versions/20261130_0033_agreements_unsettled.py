"""agreements: a partial index of those whose current term still has a notice to come

After 0031 the escalation pass skips settled agreements, but still found the others by
reading every open agreement of a slice (4M rows per slice at 1M cases on PostgreSQL).
This index holds only the unsettled ones; the pass's conditions are written as its
predicate (escalation/notices.pending_agreements), so both databases read only them.

Revision ID: 0033
Revises: 0032
Create Date: 2026-11-30 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in thuiszittertafel/agreements/models.py (a migration keeps its own copy).
_UNSETTLED = (
    "status = 'open' AND (notices_done_occurrence {op} occurrence"
    " OR notices_done_term_version {op} term_version)"
)


def upgrade() -> None:
    op.create_index(
        "ix_agreements_unsettled",
        "agreements",
        ["case_id", "due_at"],
        sqlite_where=sa.text(_UNSETTLED.format(op="IS NOT")),
        postgresql_where=sa.text(_UNSETTLED.format(op="IS DISTINCT FROM")),
    )


def downgrade() -> None:
    op.drop_index("ix_agreements_unsettled", table_name="agreements")
