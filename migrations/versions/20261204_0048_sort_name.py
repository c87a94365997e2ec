"""pupils.sort_name and its copy on the case: the case table sorted by name in Dutch list
order, from the case row

Sorting by name compared the pupil's family name byte by byte: 'de Vries' and 'van Dijk'
came after 'Zwart' (lower case after upper), 'Öztürk' after all of them; and it read one
pupil per visible case (leerplicht at 1M cases: 10,411 index probes, ~55 ms of a ~117 ms
request). `sort_name` holds the name as a Dutch list orders it (cases/pupils.sort_name:
the family name without its tussenvoegsels, then those, then the given name; letter case
and accents ignored as in search), kept like `search_name`; on PostgreSQL leerplicht's
and the SWV's index carry it.

Existing pupils are filled here in Python (the folding is not SQL), 5,000 at a time, and
their cases copy them. On PostgreSQL both area indexes are rebuilt; leerplicht's is the
key of the agreements' foreign key to their case's gemeente, which is dropped around it
and made again (checked against every agreement). At 1M cases about two minutes.

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-04 21:00:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0048"
down_revision: str | None = "0047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of cases.models.AREA_COUNTED as of revision 0045 (this one adds sort_name).
COUNTED = (  # noqa: SIM905 - compact; test_migrations checks it
    "status absence_authorised absence_reported kind phase phase_due_on absent_since"
    " next_due_at escalated pupil_id school_org_id lead_org_id lead_user_id search_name"
    " birth_date has_startkwalificatie has_exemption open_agreements"
).split()
AREAS = {
    "ix_cases_municipality_id_id": ("municipality_id", "swv_org_id"),
    "ix_cases_swv_org_id_id": ("swv_org_id", "municipality_id"),
}
FOREIGN_KEY = "fk_agreements_municipality_id_cases"
BATCH = 5000

# A copy of cases/pupils.search_key, sort_name and TUSSENVOEGSELS as they were when this revision was
# written: a migration must give the same result whatever the code does later.
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


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c)).translate(_FOLD)
    return " ".join(bare.split())


_WORDS = (
    "van de der den het 't te ten ter in op uit aan bij onder voor over tot 's"
    " la le les l' du d' da das di do dos del della von vom zu zum zur dem des"
)
_TUSSENVOEGSELS = frozenset(_WORDS.split())


def _sort_name(given_name: str, family_name: str) -> str:
    words = family_name.split()
    lead = 0
    while lead < len(words) - 1 and words[lead].casefold() in _TUSSENVOEGSELS:
        lead += 1
    return _key(" ".join([*words[lead:], *words[:lead], given_name]))


def _column() -> sa.Column:
    return sa.Column(
        "sort_name", sa.String(length=201), server_default=sa.text("''"), nullable=False
    )


def upgrade() -> None:
    for table in ("pupils", "cases"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(_column())
    _fill_pupils()
    if op.get_bind().dialect.name == "postgresql":
        # A join: a subquery per case is a million index probes at 1M cases.
        op.execute(
            "UPDATE cases SET sort_name = pupils.sort_name FROM pupils"
            " WHERE pupils.id = cases.pupil_id"
        )
        _area_indexes([*COUNTED, "sort_name"])
    else:
        op.execute(
            "UPDATE cases SET sort_name ="
            " (SELECT pupils.sort_name FROM pupils WHERE pupils.id = cases.pupil_id)"
        )
    _analyse()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _area_indexes(COUNTED)
    for table in ("cases", "pupils"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("sort_name")
    _analyse()


def _fill_pupils() -> None:
    pupils = sa.table(
        "pupils",
        sa.column("id", sa.Integer),
        sa.column("given_name", sa.String),
        sa.column("family_name", sa.String),
        sa.column("sort_name", sa.String),
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
        names = [(r.id, _sort_name(r.given_name, r.family_name)) for r in rows]
        if conn.dialect.name == "postgresql":
            # One statement per batch (a join with its values): an UPDATE per pupil was a
            # million round trips at 1M cases. SQLite has no column names for VALUES.
            named = sa.values(
                sa.column("pupil_id", sa.Integer), sa.column("name", sa.String), name="named"
            ).data(names)
            conn.execute(
                pupils.update()
                .where(pupils.c.id == named.c.pupil_id)
                .values(sort_name=named.c.name)
            )
        else:
            conn.execute(
                pupils.update().where(pupils.c.id == sa.bindparam("pupil_id")),
                [{"pupil_id": i, "sort_name": name} for i, name in names],
            )
        last = rows[-1].id


def _area_indexes(counted: list[str]) -> None:
    """Rebuild the area indexes (PostgreSQL: they carry the counted columns); leerplicht's
    is the key of the agreements' foreign key, which is dropped around it."""
    op.drop_constraint(FOREIGN_KEY, "agreements", type_="foreignkey")
    for name, (column, other) in AREAS.items():
        op.drop_index(name, table_name="cases")
        op.create_index(
            name,
            "cases",
            [column, "id"],
            unique=column == "municipality_id",
            postgresql_include=[*counted, other],
        )
    op.create_foreign_key(
        FOREIGN_KEY,
        "agreements",
        "cases",
        ["municipality_id", "case_id"],
        ["municipality_id", "id"],
        onupdate="CASCADE",
        ondelete="CASCADE",
    )


def _analyse() -> None:
    for table in ("pupils", "cases"):
        op.execute(f"ANALYZE {table}")
