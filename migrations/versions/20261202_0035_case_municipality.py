"""a case's `municipality_id`: the woongemeente of its pupil record, on the case itself

Issue 16 point 2: leerplicht sees the cases of the gemeenten it serves (DESIGN §3 rule 2).
With the woongemeente only on `pupils`, every list of leerplicht joined all pupils and
tested every case (PostgreSQL, 100k cases over 8 regions: the filter counts of /casussen
105 ms); on the case, with an index, the database reads the area's cases (48 ms). A pupil
record belongs to one case and its woongemeente is never rewritten (cases/intake.py), so
the copy cannot drift; existing rows are filled from their pupil in one UPDATE.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("municipality_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE cases SET municipality_id ="
        " (SELECT pupils.municipality_id FROM pupils WHERE pupils.id = cases.pupil_id)"
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("municipality_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "fk_cases_municipality_id_municipalities", "municipalities", ["municipality_id"], ["id"]
        )
        batch_op.create_index("ix_cases_municipality_id", ["municipality_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_municipality_id")
        batch_op.drop_constraint("fk_cases_municipality_id_municipalities", type_="foreignkey")
        batch_op.drop_column("municipality_id")
