"""a version on cases and agreements: every change claims the version it read

A state transition (done, cancelled, phase) and an edit are one conditional UPDATE
(… SET version = version + 1 WHERE id = ? AND version = ?): of two parallel changes one
wins and the other is told (409), on SQLite and PostgreSQL alike. Existing rows start at 1.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("cases", "agreements")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
