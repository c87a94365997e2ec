"""pupil totals per gemeente and school year (leerplichtig, kwalificatieplichtig), kept by
functioneel beheer for the jaarverslag's percentages

A new table; nothing existing changes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pupil_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("leerplichtig", sa.Integer(), nullable=False),
        sa.Column("kwalificatieplichtig", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "leerplichtig >= 0", name=op.f("ck_pupil_counts_leerplichtig_not_negative")
        ),
        sa.CheckConstraint(
            "kwalificatieplichtig >= 0",
            name=op.f("ck_pupil_counts_kwalificatieplichtig_not_negative"),
        ),
        sa.CheckConstraint(
            "school_year BETWEEN 2000 AND 2999", name=op.f("ck_pupil_counts_school_year_range")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_pupil_counts_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_pupil_counts_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupil_counts")),
        sa.UniqueConstraint(
            "municipality_id",
            "school_year",
            name=op.f("uq_pupil_counts_municipality_id_school_year"),
        ),
    )
    with op.batch_alter_table("pupil_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pupil_counts_municipality_id"), ["municipality_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pupil_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupil_counts_municipality_id"))
    op.drop_table("pupil_counts")
