"""parents and pupil as parties (cirkel 0), agreements they own, who was at the table;
per gemeente the vast aanspreekpunt leerplicht and who carries the kwalificatieplicht; SWVs
per sector; a verkort rooster on a case

Nothing existing changes meaning: gemeenten without a contact keep telling leerplicht's
coordinators, an SWV without a sector serves both, cases have no verkort rooster.

Revision ID: 0012
Revises: 0009
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('ouder', 'verzorger', 'jongere')", name=op.f("ck_parties_role")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_parties_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_parties_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
    )
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parties_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        for name in ("parents_informed", "parents_present", "pupil_present"):
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), server_default=sa.text("false"), nullable=False)
            )

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_party", sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_agreements_owner_party"),
            "owner_party IS NULL OR owner_party IN ('ouders', 'jongere')",
        )

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reduced_hours", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reduced_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reduced_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reduced_informed_on", sa.Date(), nullable=True))

    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leerplicht_contact_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kwalificatieplicht_org_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_municipalities_kwalificatieplicht_org_id_organisations"),
            "organisations",
            ["kwalificatieplicht_org_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_municipalities_leerplicht_contact_user_id_users"),
            "users",
            ["leerplicht_contact_user_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sector", sa.String(length=2), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_organisations_sector"), "sector IS NULL OR sector IN ('po', 'vo')"
        )


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_organisations_sector"), type_="check")
        batch_op.drop_column("sector")

    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_municipalities_leerplicht_contact_user_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_municipalities_kwalificatieplicht_org_id_organisations"),
            type_="foreignkey",
        )
        batch_op.drop_column("kwalificatieplicht_org_id")
        batch_op.drop_column("leerplicht_contact_user_id")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        for name in ("reduced_informed_on", "reduced_until", "reduced_from", "reduced_hours"):
            batch_op.drop_column(name)

    # Agreements the parents or pupil owned stay with the professional who checked them.
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agreements_owner_party"), type_="check")
        batch_op.drop_column("owner_party")

    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        for name in ("pupil_present", "parents_present", "parents_informed"):
            batch_op.drop_column(name)

    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parties_case_id"))
    op.drop_table("parties")
