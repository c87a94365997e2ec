"""agreements: an organisation's open agreements by term

The start page's "mijn termijnen" lists an organisation's open agreements past their term
or due within a week. Through the owner index alone PostgreSQL read every agreement the
organisation ever owned and tested each one's case (leerplicht at 100k cases: 10,088 open
agreements on 5,644 pages, ~90 ms); by owner and term it reads the 4,071 due before next
week (~45 ms).

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-02 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status = 'open'"


def upgrade() -> None:
    op.create_index(
        "ix_agreements_owner_org_open_due",
        "agreements",
        ["owner_org_id", "due_at"],
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_agreements_owner_org_open_due", table_name="agreements")
