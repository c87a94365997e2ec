"""cases.birth_date, cases.has_startkwalificatie: the law's age test on the case

Whether a child is leer- or kwalificatieplichtig today (so a thuiszitter or not, and
which clock runs) read the pupil of every visible case: at 1M cases on PostgreSQL
leerplicht's thuiszitter count and start page probed `pupils` once per case of its area
(~10,000 index probes per statement). The case now carries a copy of its pupil's birth
date and startkwalificatie (as it does the woongemeente since 0035 and the search name
since 0041), and on PostgreSQL leerplicht's and the SWV's index include them, so the
count is read from the index. Existing cases get their pupil's here.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of cases.models.AREA_COUNTED as of this revision (0041's plus the two).
COUNTED = (  # noqa: SIM905 - compact; test_migrations checks it
    "status absence_authorised absence_reported kind phase phase_due_on absent_since"
    " next_due_at escalated pupil_id school_org_id lead_org_id lead_user_id search_name"
).split()
COPIES = ["birth_date", "has_startkwalificatie"]
AREAS = {
    "ix_cases_municipality_id_id": ("municipality_id", "swv_org_id"),
    "ix_cases_swv_org_id_id": ("swv_org_id", "municipality_id"),
}


def _area_indexes(counted: list[str]) -> None:
    for name, (column, other) in AREAS.items():
        op.drop_index(name, table_name="cases")
        op.create_index(name, "cases", [column, "id"], postgresql_include=[*counted, other])


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "has_startkwalificatie",
                sa.Boolean(),
                server_default=sa.text("false"),
                nullable=False,
            )
        )
    if op.get_bind().dialect.name == "postgresql":
        # A join: a subquery per case is a million index probes at 1M cases.
        op.execute(
            "UPDATE cases SET birth_date = pupils.birth_date,"
            " has_startkwalificatie = pupils.has_startkwalificatie"
            " FROM pupils WHERE pupils.id = cases.pupil_id"
        )
    else:
        op.execute(
            "UPDATE cases SET (birth_date, has_startkwalificatie) ="
            " (SELECT birth_date, has_startkwalificatie FROM pupils"
            " WHERE pupils.id = cases.pupil_id)"
        )
    # Every case has a pupil, and every pupil a birth date.
    with op.batch_alter_table("cases") as batch_op:
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        _area_indexes([*COUNTED, *COPIES])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _area_indexes(COUNTED)
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("has_startkwalificatie")
        batch_op.drop_column("birth_date")
