"""agreements: the occurrence and term version whose notices are all recorded

The escalation pass recomputed every open agreement's moments on every pass, also those
whose last notice (escalated) was recorded long ago: at 1M cases and 4M agreements that
was ~20 s of Python per pass. The pass now notes, per agreement, the occurrence and term
version it has recorded every notice of, and skips the agreement while both are current.
Existing agreements start empty: the first pass after the upgrade looks at all of them,
as before, and notes them.

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-30 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agreements") as batch:
        batch.add_column(sa.Column("notices_done_occurrence", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notices_done_term_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreements") as batch:
        batch.drop_column("notices_done_term_version")
        batch.drop_column("notices_done_occurrence")
