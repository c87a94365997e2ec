"""leerplicht law: authorised absence, the vrijstelling procedure with the articles of
seed 003, verzuimmeldingen, and the outcomes and blockers of DESIGN §5

Existing vrijstellingen keep their meaning under the new codes (5a → 5-a, 5b → 5-b,
5c → 5-c, 5a-lpw → 5a) and count as granted (they were recorded as in force). Existing cases
are not authorised (absence_authorised false: what they were treated as until now);
`thuiszittertafel cases check` lists the dreigend ones for functioneel beheer to review.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 16:46:53.158390
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ARTICLES = ("5a", "5b", "5c", "5a-lpw", "15")
NEW_ARTICLES = ("5-a", "5-b", "5-c", "5a", "15")
# Old code → new code, in an order in which no step overwrites an earlier one's result.
ARTICLE_MAP = (("5a", "5-a"), ("5b", "5-b"), ("5c", "5-c"), ("5a-lpw", "5a"))
OLD_OUTCOMES = (
    "teruggeleid-zelfde-school",
    "teruggeleid-andere-school",
    "so-vso",
    "onderwijs-zorg-arrangement",
    "dagbesteding",
    "vrijstelling",
    "startkwalificatie",
    "18-jaar",
    "verhuisd",
    "anders",
)
NEW_OUTCOMES = (
    *OLD_OUTCOMES,
    "bbl-leren-werken",
    "isk",
    "verwezen-naar-zorg",
    "overgedragen-andere-gemeente",
    "overgedragen-doorstroompunt",
)
OLD_BLOCKERS = (
    "wachtlijst-zorg",
    "wachtlijst-onderwijs",
    "wachtlijst-diagnostiek",
    "tlv-procedure",
    "geen-passend-aanbod",
    "ouders-werken-niet-mee",
    "uit-beeld",
    "anders",
)
NEW_BLOCKERS = (
    *OLD_BLOCKERS,
    "geen-school-bereid",
    "mbo-instroommoment",
    "financiering-onduidelijk",
    "multiproblematiek",
    "taal-onbekend-schoolsysteem",
)
ABSENCE_REASONS = ("ziek-medisch", "verlof", "anders")
DECISIONS = ("toegekend", "van-rechtswege", "afgewezen")
REPORT_TYPES = ("wettelijk", "luxe", "signaal", "langdurig", "overig")


def _in(column: str, values: Sequence[str], nullable: bool = False) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({listed})" if nullable else f"{column} IN ({listed})"


def upgrade() -> None:
    op.create_table(
        "absence_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("duo_reference", sa.String(length=60), nullable=True),
        sa.Column("reporter_org_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in("type", REPORT_TYPES), name=op.f("ck_absence_reports_type")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_absence_reports_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_absence_reports_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_org_id"],
            ["organisations.id"],
            name=op.f("fk_absence_reports_reporter_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_reports")),
    )
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_reports_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "absence_authorised", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
        )
        batch_op.add_column(sa.Column("absence_reason", sa.String(length=20), nullable=True))
        batch_op.drop_constraint(op.f("ck_cases_outcome"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_cases_outcome"), _in("outcome", NEW_OUTCOMES, nullable=True)
        )
        batch_op.create_check_constraint(
            op.f("ck_cases_absence_reason"), _in("absence_reason", ABSENCE_REASONS, nullable=True)
        )
        batch_op.create_check_constraint(
            op.f("ck_cases_authorised_not_verzuim"),
            "NOT (absence_authorised AND kind IN ('absoluut', 'relatief'))",
        )

    with op.batch_alter_table("blockers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_blockers_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_blockers_kind"), _in("kind", NEW_BLOCKERS))

    with op.batch_alter_table("exemptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("advice_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decision", sa.String(length=20), nullable=True))
        batch_op.alter_column("starts_on", existing_type=sa.DATE(), nullable=True)
        batch_op.drop_constraint(op.f("ck_exemptions_article"), type_="check")
    for old, new in ARTICLE_MAP:
        op.execute(
            sa.text("UPDATE exemptions SET article = :new WHERE article = :old").bindparams(
                old=old, new=new
            )
        )
    op.execute("UPDATE exemptions SET decision = 'toegekend', decided_on = starts_on")
    with op.batch_alter_table("exemptions", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_exemptions_article"), _in("article", NEW_ARTICLES)
        )
        batch_op.create_check_constraint(
            op.f("ck_exemptions_decision"), _in("decision", DECISIONS, nullable=True)
        )


def downgrade() -> None:
    # Requests without a start date and refused ones cannot be expressed before 0008.
    op.execute(
        "DELETE FROM exemptions WHERE starts_on IS NULL OR decision IS NULL"
        " OR decision = 'afgewezen'"
    )
    with op.batch_alter_table("exemptions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_exemptions_decision"), type_="check")
        batch_op.drop_constraint(op.f("ck_exemptions_article"), type_="check")
    for old, new in reversed(ARTICLE_MAP):
        op.execute(
            sa.text("UPDATE exemptions SET article = :old WHERE article = :new").bindparams(
                old=old, new=new
            )
        )
    with op.batch_alter_table("exemptions", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_exemptions_article"), _in("article", OLD_ARTICLES)
        )
        batch_op.alter_column("starts_on", existing_type=sa.DATE(), nullable=False)
        batch_op.drop_column("decision")
        batch_op.drop_column("decided_on")
        batch_op.drop_column("advice_on")
        batch_op.drop_column("requested_on")

    op.execute(
        "UPDATE blockers SET kind = 'anders' WHERE kind NOT IN ("
        + ", ".join(f"'{k}'" for k in OLD_BLOCKERS)
        + ")"
    )
    with op.batch_alter_table("blockers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_blockers_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_blockers_kind"), _in("kind", OLD_BLOCKERS))

    op.execute(
        "UPDATE cases SET outcome = 'anders' WHERE outcome NOT IN ("
        + ", ".join(f"'{o}'" for o in OLD_OUTCOMES)
        + ")"
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_cases_authorised_not_verzuim"), type_="check")
        batch_op.drop_constraint(op.f("ck_cases_absence_reason"), type_="check")
        batch_op.drop_constraint(op.f("ck_cases_outcome"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_cases_outcome"), _in("outcome", OLD_OUTCOMES, nullable=True)
        )
        batch_op.drop_column("absence_reason")
        batch_op.drop_column("absence_authorised")

    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_reports_case_id"))
    op.drop_table("absence_reports")
