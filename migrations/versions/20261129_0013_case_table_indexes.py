"""an index for the case table sorted by days at home

The case table's sorts on `absent_since` (days at home, both ways, and the tie on the id) read
one page from this index instead of sorting every visible case (issue 16).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_absent_since_id", "cases", ["absent_since", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_absent_since_id", table_name="cases")
