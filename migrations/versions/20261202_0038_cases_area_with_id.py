"""cases: leerplicht's gemeenten and the SWV column indexed with the case id

On PostgreSQL the visibility rules find leerplicht's and an SWV coordinator's cases by
these columns, plus the few cases a participation names beyond them (core/policy.py
`_named_beyond`). With the id in the index those few are found from the index alone:
leerplicht at 100k cases 55 -> 7 ms (it read the area's ~3,700 heap pages). The indexes
replace the single-column ones, which they serve as well.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-02 11:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPLACED = {
    "ix_cases_municipality_id": ("ix_cases_municipality_id_id", "municipality_id"),
    "ix_cases_swv_org_id": ("ix_cases_swv_org_id_id", "swv_org_id"),
}


def upgrade() -> None:
    for old, (new, column) in REPLACED.items():
        op.create_index(new, "cases", [column, "id"])
        op.drop_index(old, table_name="cases")


def downgrade() -> None:
    for old, (new, column) in REPLACED.items():
        op.create_index(old, "cases", [column])
        op.drop_index(new, table_name="cases")
