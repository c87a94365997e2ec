"""decision client ids (a retried decision is made once); agreements.meeting_id a foreign key

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:11:29.593475
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Only decisions ever set it, but a dangling id must not block the new foreign key.
    op.execute(
        "UPDATE agreements SET meeting_id = NULL WHERE meeting_id IS NOT NULL"
        " AND meeting_id NOT IN (SELECT id FROM meetings)"
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_agreements_meeting_id_meetings"),
            "meetings",
            ["meeting_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_decisions_agenda_item_id_client_id"), ["agenda_item_id", "client_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_decisions_agenda_item_id_client_id"), type_="unique"
        )
        batch_op.drop_column("client_id")

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agreements_meeting_id_meetings"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_agreements_meeting_id"))
