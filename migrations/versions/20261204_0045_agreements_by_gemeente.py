"""Agreements carry their case's gemeente; cases count their open agreements

Leerplicht's termijnbewaking lists the open terms of its gemeenten, most urgent first,
50 at a time, and says how many there are. It read every open agreement of its ~10,400
visible cases to sort them (at 1M cases ~41,600 agreements, one index probe per case,
~175 ms). Now:

- `agreements.municipality_id` copies the case's woongemeente, under a foreign key to
  (cases.municipality_id, cases.id) with ON UPDATE CASCADE, so the database keeps the copy
  when a case's gemeente changes and refuses one that differs; leerplicht's index on the
  cases becomes unique (the id is) to be that key. An index (municipality_id, due_at, id)
  of open agreements gives each gemeente's terms in order: a page is read from their front.
- `cases.open_agreements` counts the case's open agreements, kept with `next_due_at`
  (agreements/next_term.py), and on PostgreSQL the area indexes carry it: the total adds
  up the visible cases' counts from the index.

Existing rows are filled here, and both tables analysed afterwards: SQLite's batch mode
copies a table into a new one, which loses the planner's statistics (measured: the
leerplicht start page at 100k cases ~600 ms without them, ~210 ms with them), and
PostgreSQL has none for the new columns yet.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of cases.models.AREA_COUNTED as of revision 0044 (this one adds the count).
COUNTED = (  # noqa: SIM905 - compact; test_migrations checks it
    "status absence_authorised absence_reported kind phase phase_due_on absent_since"
    " next_due_at escalated pupil_id school_org_id lead_org_id lead_user_id search_name"
    " birth_date has_startkwalificatie has_exemption"
).split()
AREAS = {
    "ix_cases_municipality_id_id": ("municipality_id", "swv_org_id"),
    "ix_cases_swv_org_id_id": ("swv_org_id", "municipality_id"),
}
FOREIGN_KEY = "fk_agreements_municipality_id_cases"
OPEN = sa.text("status = 'open'")


def _area_indexes(counted: list[str], *, unique: bool) -> None:
    # Before the foreign key below exists (upgrade) or after it is gone (downgrade): from
    # here on a migration that rebuilds leerplicht's index drops that key around it.
    for name, (column, other) in AREAS.items():
        op.drop_index(name, table_name="cases")
        op.create_index(
            name,
            "cases",
            [column, "id"],
            unique=unique and column == "municipality_id",
            postgresql_include=[*counted, other],
        )


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(
            sa.Column("open_agreements", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    op.execute(
        "UPDATE cases SET open_agreements = (SELECT count(*) FROM agreements"
        " WHERE agreements.case_id = cases.id AND agreements.status = 'open')"
        " WHERE id IN (SELECT case_id FROM agreements WHERE status = 'open')"
    )
    _area_indexes([*COUNTED, "open_agreements"], unique=True)
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.add_column(sa.Column("municipality_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE agreements SET municipality_id ="
        " (SELECT municipality_id FROM cases WHERE cases.id = agreements.case_id)"
    )
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.alter_column("municipality_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            FOREIGN_KEY,
            "cases",
            ["municipality_id", "case_id"],
            ["municipality_id", "id"],
            onupdate="CASCADE",
            ondelete="CASCADE",
        )
    op.create_index(
        "ix_agreements_open_municipality_due",
        "agreements",
        ["municipality_id", "due_at", "id"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    _analyse()


def downgrade() -> None:
    op.drop_index("ix_agreements_open_municipality_due", table_name="agreements")
    with op.batch_alter_table("agreements") as batch_op:
        batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch_op.drop_column("municipality_id")
    _area_indexes(COUNTED, unique=False)
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("open_agreements")
    _analyse()


def _analyse() -> None:
    for table in ("cases", "agreements"):
        op.execute(f"ANALYZE {table}")
