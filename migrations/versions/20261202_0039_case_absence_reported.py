"""a case's `absence_reported`: a verzuimmelding was recorded for it

DESIGN §3 rule 2: a geoorloofd (authorised) case is leerplicht's task once it has a
melding. Tested as "a melding exists", PostgreSQL hashed every melding for each statement of
leerplicht (125k meldingen at 1M cases: 12–25 ms per statement); on the case it is a column.
A melding is never removed (retention clears its free text; a case's rows go with the case),
so the flag, set with the first melding (cases/leerplicht.py), cannot drift; existing cases
are filled from their meldingen in one UPDATE.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-02 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "absence_reported", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
        )
    op.execute(
        "UPDATE cases SET absence_reported = true WHERE id IN (SELECT case_id FROM absence_reports)"
    )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("absence_reported")
