"""cases.has_exemption: a vrijstelling was recorded for the case

Whether a vrijstelling is in force (the law's test behind "thuiszitter" and which clock
runs) probed the vrijstellingen of every case counted: at 1M cases leerplicht's
thuiszitter count made ~6,900 probes, 14,000 buffers, half the statement. The case now
says whether it has any (set when one is added; a vrijstelling is never removed), and on
PostgreSQL leerplicht's and the SWV's index carry it, so the probe is made only for the
few cases that have one. Existing cases are marked here.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of cases.models.AREA_COUNTED as of revision 0042 (this one adds the flag).
COUNTED = (  # noqa: SIM905 - compact; test_migrations checks it
    "status absence_authorised absence_reported kind phase phase_due_on absent_since"
    " next_due_at escalated pupil_id school_org_id lead_org_id lead_user_id search_name"
    " birth_date has_startkwalificatie"
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
                "has_exemption", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
        )
    op.execute("UPDATE cases SET has_exemption = true WHERE id IN (SELECT case_id FROM exemptions)")
    if op.get_bind().dialect.name == "postgresql":
        _area_indexes([*COUNTED, "has_exemption"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _area_indexes(COUNTED)
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("has_exemption")
