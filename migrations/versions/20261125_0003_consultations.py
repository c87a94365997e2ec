"""consultations: consultation, its member organisations and messages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:28:52.728076
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_by_org_id", sa.Integer(), nullable=False),
        sa.Column("partner_org_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("education_type", sa.String(length=5), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "education_type IN ('po', 'so', 'vo', 'vso', 'mbo')",
            name=op.f("ck_consultations_education_type"),
        ),
        sa.CheckConstraint(
            "status != 'converted' OR case_id IS NOT NULL",
            name=op.f("ck_consultations_converted_case"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'closed', 'converted')", name=op.f("ck_consultations_status")
        ),
        sa.CheckConstraint("age >= 4 AND age <= 23", name=op.f("ck_consultations_age")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_consultations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["users.id"], name=op.f("fk_consultations_closed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_consultations_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_consultations_opened_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_org_id"],
            ["organisations.id"],
            name=op.f("fk_consultations_opened_by_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_org_id"],
            ["organisations.id"],
            name=op.f("fk_consultations_partner_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("case_id", name=op.f("uq_consultations_case_id")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultations_opened_by_org_id"), ["opened_by_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultations_partner_org_id"), ["partner_org_id"], unique=False
        )

    op.create_table(
        "consultation_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('opener', 'partner', 'invited')", name=op.f("ck_consultation_members_role")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_members_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_members_invited_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_consultation_members_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_members")),
        sa.UniqueConstraint("consultation_id", "org_id", name="uq_consultation_members_org"),
    )
    with op.batch_alter_table("consultation_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_members_org_id"), ["org_id"], unique=False
        )

    op.create_table(
        "consultation_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_consultation_messages_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_messages_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_consultation_messages_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_messages")),
        sa.UniqueConstraint(
            "author_id", "client_id", name="uq_consultation_messages_author_client"
        ),
    )
    with op.batch_alter_table("consultation_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_messages_consultation_id_id", ["consultation_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consultation_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_messages_consultation_id_id")

    op.drop_table("consultation_messages")
    with op.batch_alter_table("consultation_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_members_org_id"))

    op.drop_table("consultation_members")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_partner_org_id"))
        batch_op.drop_index(batch_op.f("ix_consultations_opened_by_org_id"))

    op.drop_table("consultations")
