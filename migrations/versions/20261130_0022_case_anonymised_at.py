"""a case's `anonymised_at`: when retention removed what identifies the pupil

Retention (issue 15 item 6) anonymises closed cases some years after closing. The marker is
also the claim: `UPDATE cases SET anonymised_at = ? WHERE id = ? AND anonymised_at IS NULL`
lets exactly one of several processes anonymise a case. Existing rows start empty.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
