"""administration: organisations can be deactivated; an organisation's contact per gemeente

Functioneel beheer deactivates an organisation that stopped (kept for the history that
points at it; existing rows stay active). An organisation's beheerder names its vast
aanspreekpunt per gemeente it serves (seed 000, DESIGN §8 notices).

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False)
        )
    op.create_table(
        "organisation_contacts",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_organisation_contacts_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_contacts_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_organisation_contacts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", "municipality_id", name=op.f("pk_organisation_contacts")),
    )
    op.create_index(
        op.f("ix_organisation_contacts_user_id"), "organisation_contacts", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_organisation_contacts_user_id"), table_name="organisation_contacts")
    op.drop_table("organisation_contacts")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("active")
