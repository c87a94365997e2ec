"""version_changes: an index on `at`, for the daily purge of old entries

The 409 of a stale change names what changed since the sender's version; after
KEEP_CHANGES (core/versions.py) the daily retention run forgets those entries, and deletes
them by their time.

Revision ID: 0030
Revises: 0029
Create Date: 2026-11-30 14:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_version_changes_at", "version_changes", ["at"])


def downgrade() -> None:
    op.drop_index("ix_version_changes_at", table_name="version_changes")
