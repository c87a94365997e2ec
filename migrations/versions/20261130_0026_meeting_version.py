"""a meeting's `version`: the chair's changes as conditional updates

Issue 15 item 5 (no lost updates): cases and agreements carry a version (core/versions.py);
meetings get one too. Every change the chair makes (agenda, attendees, publishing, the live
table, finalising) claims it with `UPDATE meetings SET version = version + 1 WHERE id = ?
AND version = ?`, so of two changes made at once exactly one wins and the other gets 409
(two tabs finalising the same minutes). Existing meetings start at 1.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("version")
