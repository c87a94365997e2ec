"""The case's index of escalation notices carries the rule; a user's notices by id

The agenda builder asks of each candidate case whether the engine put it forward to a
table (a notice of rule `case_3_months` or `phase_term_breached`). With an index on the
case alone PostgreSQL read every notice of the case from the table to test its rule: at
1M cases (4M notices) leerplicht's ~10,000 candidates were 55,000 buffers, half of them
from disk, ~110 ms of the 131 ms the ranking took (EXPLAIN ANALYZE). On (case_id, rule)
the test is read from the index; the case's other lookups use its first column.

/berichten lists a user's notices newest first, 25 at a time. With an index on the user
alone PostgreSQL checked the visibility of every one of them and sorted them (leerplicht
at 1M cases: 9,233 notices, 116 ms): on (user_id, id) it reads from the end and stops
after the page.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-04 11:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_escalation_notices_case_id_rule", "escalation_notices", ["case_id", "rule"])
    op.drop_index("ix_escalation_notices_case_id", table_name="escalation_notices")
    op.create_index("ix_notifications_user_id_id", "notifications", ["user_id", "id"])
    op.drop_index("ix_notifications_user_id", table_name="notifications")


def downgrade() -> None:
    op.create_index("ix_notifications_user_id", "notifications", ["user_id"])
    op.drop_index("ix_notifications_user_id_id", table_name="notifications")
    op.create_index("ix_escalation_notices_case_id", "escalation_notices", ["case_id"])
    op.drop_index("ix_escalation_notices_case_id_rule", table_name="escalation_notices")
