"""cases: leerplicht's and the SWV's index carry the counted columns; paused agreements

PostgreSQL only. A count over leerplicht's area or an SWV's cases read one heap page per
case: a region's cases lie scattered over the table (they come in over the years, between
those of every other region), ~3,700 pages for leerplicht's 10,467 at 100k cases and ~10,000
at 1M, where most are not in shared buffers. With the columns the lists count, group and
filter on in the index (INCLUDE), it is an index-only scan: 3,841 -> 119 buffers, ~30 ->
7 ms for the filter choices of /casussen at 100k (EXPLAIN ANALYZE). The visibility map must
be current for that: autovacuum visits `cases` after 2% of its rows changed (default 20%:
200,000 changed rows at 1M cases before a page counts as all-visible again).

ix_agreements_open_paused: the "termijn verlopen" filter asks whether a case has an open
agreement paused today (agreements/queries.agreement_past_due_exists); few are.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of cases.models.AREA_COUNTED as of this revision.
COUNTED = (  # noqa: SIM905 - compact; test_migrations checks it
    "status absence_authorised absence_reported kind phase phase_due_on absent_since"
    " next_due_at escalated pupil_id school_org_id lead_org_id lead_user_id"
).split()
AREAS = {
    "ix_cases_municipality_id_id": ("municipality_id", "swv_org_id"),
    "ix_cases_swv_org_id_id": ("swv_org_id", "municipality_id"),
}


def upgrade() -> None:
    op.create_index(
        "ix_agreements_open_paused",
        "agreements",
        ["case_id"],
        sqlite_where=sa.text("status = 'open' AND paused_until IS NOT NULL"),
        postgresql_where=sa.text("status = 'open' AND paused_until IS NOT NULL"),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (column, other) in AREAS.items():
        op.drop_index(name, table_name="cases")
        op.create_index(name, "cases", [column, "id"], postgresql_include=[*COUNTED, other])
    op.execute("ALTER TABLE cases SET (autovacuum_vacuum_scale_factor = 0.02)")


def downgrade() -> None:
    op.drop_index("ix_agreements_open_paused", table_name="agreements")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE cases RESET (autovacuum_vacuum_scale_factor)")
    for name, (column, _other) in AREAS.items():
        op.drop_index(name, table_name="cases")
        op.create_index(name, "cases", [column, "id"])
