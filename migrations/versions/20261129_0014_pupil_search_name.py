"""pupils.search_name: the full name folded for search (letter case, accents, diacritics
ignored), so 'Öztürk', 'Ozturk' and 'öztürk' find each other on SQLite and PostgreSQL alike;
existing pupils are filled here, new and changed ones on every write (cases/models.py)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 20:30:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A copy of cases/pupils.search_key as it was when this revision was written: a migration
# must give the same result whatever the code does later.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
BATCH = 5000


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c)).translate(_FOLD)
    return " ".join(bare.split())


def upgrade() -> None:
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "search_name", sa.String(length=201), server_default=sa.text("''"), nullable=False
            )
        )
    pupils = sa.table(
        "pupils",
        sa.column("id", sa.Integer),
        sa.column("given_name", sa.String),
        sa.column("family_name", sa.String),
        sa.column("search_name", sa.String),
    )
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(pupils.c.id, pupils.c.given_name, pupils.c.family_name)
            .where(pupils.c.id > last)
            .order_by(pupils.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        conn.execute(
            pupils.update().where(pupils.c.id == sa.bindparam("pid")),
            [{"pid": r.id, "search_name": _key(f"{r.given_name} {r.family_name}")} for r in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.drop_column("search_name")
