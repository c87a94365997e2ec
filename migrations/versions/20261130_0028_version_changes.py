"""version_changes: a refused stale change says what changed since

Issue 15 item 5: "a conflicting change gets 409/412 with a Dutch message and what changed,
never a silent overwrite". Every claimed version of a case, agreement or meeting records who
made it, when and which fields; a change refused as stale names those made after the version
its sender saw (as far as the sender may read them).

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-30 10:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "version_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_table", sa.String(length=20), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fields", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["users.id"],
            name=op.f("fk_version_changes_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_changes")),
    )
    op.create_index(
        "ix_version_changes_row",
        "version_changes",
        ["row_table", "row_id", "version"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_version_changes_row", table_name="version_changes")
    op.drop_table("version_changes")
