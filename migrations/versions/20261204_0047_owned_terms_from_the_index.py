"""An organisation's open terms without a named owner, read from the index alone

/mijn-afspraken and the start page's "mijn termijnen" count the agreements a user owns by
name and those of their organisation that name no one. Both owners under one OR were read
as a bitmap of two indexes, and every agreement was then fetched from the table: at 1M
cases leerplicht's 10,250 open agreements from 7,639 table pages. The organisation's index
now holds only the agreements without a named owner and carries the columns the count and
the order read (term, case, pause, id), so that arm is read from the index alone.

Rebuilds one index (at 1M cases / 4M agreements a few seconds); no data changes.

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-04 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_agreements_owner_org_open_due"
OPEN = sa.text("status = 'open'")
OWNED_BY_ORG = sa.text("status = 'open' AND owner_user_id IS NULL")


def upgrade() -> None:
    op.drop_index(NAME, table_name="agreements")
    op.create_index(
        NAME,
        "agreements",
        ["owner_org_id", "due_at", "case_id", "paused_until"],
        sqlite_where=OWNED_BY_ORG,
        postgresql_where=OWNED_BY_ORG,
        postgresql_include=["id"],
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="agreements")
    op.create_index(
        NAME, "agreements", ["owner_org_id", "due_at"], sqlite_where=OPEN, postgresql_where=OPEN
    )
