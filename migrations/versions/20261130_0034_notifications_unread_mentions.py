"""notifications: an index of the unread mentions per user

The start page lists a user's ten newest unread mentions. After one escalation pass
leerplicht has tens of thousands of unread notices and no mention among them: through
ix_notifications_user_unread PostgreSQL read all of them to find none (63 ms at 100k
cases); this partial index holds only the mentions.

Revision ID: 0034
Revises: 0033
Create Date: 2026-11-30 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNREAD_MENTIONS = "kind = 'mention' AND read_at IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_notifications_user_unread_mentions",
        "notifications",
        ["user_id", "id"],
        sqlite_where=sa.text(UNREAD_MENTIONS),
        postgresql_where=sa.text(UNREAD_MENTIONS),
    )


def downgrade() -> None:
    op.drop_index("ix_notifications_user_unread_mentions", table_name="notifications")
