"""cases.search_name: the pupil's name as search compares it, on the case

The name search of the case table read one pupil per visible case: at 1M cases on
PostgreSQL leerplicht's 10,411 cases were 10,411 index probes into `pupils` per statement,
twice per request (the count and the page), ~100 ms each (EXPLAIN ANALYZE). The case now
carries a copy of `pupils.search_name` (as it does the woongemeente since 0035), and on
PostgreSQL leerplicht's and the SWV's index include it, so the search is read from the
index. Existing cases get their pupil's name here.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of cases.models.AREA_COUNTED as of this revision (0040's plus search_name).
COUNTED = (  # noqa: SIM905 - compact; test_migrations checks it
    "status absence_authorised absence_reported kind phase phase_due_on absent_since"
    " next_due_at escalated pupil_id school_org_id lead_org_id lead_user_id"
).split()
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
        batch_op.add_column(
            sa.Column(
                "search_name", sa.String(length=201), server_default=sa.text("''"), nullable=False
            )
        )
    if op.get_bind().dialect.name == "postgresql":
        # A join: a subquery per case is a million index probes at 1M cases.
        op.execute(
            "UPDATE cases SET search_name = pupils.search_name FROM pupils"
            " WHERE pupils.id = cases.pupil_id"
        )
        _area_indexes([*COUNTED, "search_name"])
    else:
        op.execute(
            "UPDATE cases SET search_name ="
            " (SELECT pupils.search_name FROM pupils WHERE pupils.id = cases.pupil_id)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _area_indexes(COUNTED)
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("search_name")
