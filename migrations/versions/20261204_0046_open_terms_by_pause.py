"""Open terms by their pause: the index of a case's open terms carries it (PostgreSQL), and
the paused ones are found by the day the pause ends

The SWV coordinator's regie overview orders the region's open cases by how many of their
terms are overdue (past and not paused today). It read each case's open agreements from
the table to see the pause: at 1M cases ~25,800 agreements of ~6,400 cases, ~190 ms warm.
With `paused_until` in the index the count is read from the index (~43 ms).

Leerplicht's termijnbewaking lists the terms paused today among the overdue ones apart:
few, found through an index on the day the pause ends. The index of paused terms by case
could not name them without being read whole, and SQLite, with no statistics for an index
that holds no rows yet, read another index whole instead.

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASE_TERMS = "ix_agreements_open_case_due"
PAUSED = "ix_agreements_open_paused_until"
OPEN = sa.text("status = 'open'")
OPEN_PAUSED = sa.text("status = 'open' AND paused_until IS NOT NULL")


def _case_terms(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(CASE_TERMS, table_name="agreements")
    op.create_index(
        CASE_TERMS,
        "agreements",
        ["case_id", "due_at"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
        postgresql_include=include,
    )


def upgrade() -> None:
    _case_terms(["paused_until"])
    op.create_index(
        PAUSED,
        "agreements",
        ["paused_until"],
        sqlite_where=OPEN_PAUSED,
        postgresql_where=OPEN_PAUSED,
    )


def downgrade() -> None:
    op.drop_index(PAUSED, table_name="agreements")
    _case_terms([])
