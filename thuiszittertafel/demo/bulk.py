"""`thuiszittertafel demo-data --cases N [--seed S] [--regions R]`: many realistic cases for
benchmarks.

On top of the demo region (seeded first when the database is empty), and of R - 1 copies of
it (regions.py: a database of many cases serves several regions), the rows of bulk_rows.py,
the same for the same seed and regions. Built for a million cases (about eighteen million
rows) in minutes and bounded memory: rows are made and written per batch of cases, each
batch its own transaction, on PostgreSQL with COPY (psycopg's `cursor.copy()`), on SQLite
with executemany of prepared tuples — neither ORM objects nor SQLAlchemy compiling a
statement per row. Ids are explicit (max + 1, as before), so both databases get the same
ids; on PostgreSQL each batch moves the sequences past them, so the app's own inserts go on
from there.
"""

from __future__ import annotations

import contextlib
import functools
import queue
import random
import threading
from collections.abc import Callable

from sqlalchemy import Connection, func, select

from .. import clock
from ..agreements.next_term import refresh_next_due
from ..auth.models import Role, User, UserRole
from ..cases.models import Case
from ..config import Settings
from ..escalation.model import load as load_model
from ..extensions import make_engine
from ..models import metadata
from ..organisations.models import Municipality, Organisation, OrgKind, organisation_municipalities
from . import region
from .bulk_rows import COLUMNS, Batch, Region
from .regions import add_regions, home_name, region_of
from .seed import seed_if_empty

BATCH = 10_000  # cases per transaction: ~150,000 rows


def generate(
    settings: Settings,
    *,
    cases: int,
    seed: int = 1,
    regions: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Add `cases` open cases with what hangs off them, spread over the schools of `regions`
    regions (copies of the demo region are added as needed); returns the rows added per
    table."""
    seed_if_empty(settings)
    rnd = random.Random(seed)
    model = load_model(settings.escalation_model)
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        next_ids = add_regions(conn, regions)
        if conn.dialect.name == "postgresql":
            _advance_sequences(conn, next_ids)
    with engine.connect() as conn:
        the_region = _region(conn)
        next_ids = {
            t: (conn.scalar(select(func.max(metadata.tables[t].c.id))) or 0) + 1 for t in COLUMNS
        }
    now = clock.now()
    writer = _Writer(engine, progress)
    try:
        for start in range(0, cases, BATCH):
            batch = Batch(the_region, model, rnd, now, seed, next_ids)
            for _ in range(min(BATCH, cases - start)):
                batch.case()
            writer.put((batch.rows, dict(next_ids)))
    finally:
        writer.close()
    engine.dispose()
    added = {t: n for t, n in writer.added.items() if t != "cases"}
    return {"cases": cases, "seed": seed, "regions": regions, **added}


class _Writer:
    """Writes batches in a thread of its own, one transaction each, while the next batch is
    made: the database (COPY, foreign-key checks, indexes) and Python overlap on two cores."""

    def __init__(self, engine, progress: Callable[[int], None] | None):
        self.engine, self.progress = engine, progress
        self.added = dict.fromkeys(COLUMNS, 0)
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="demo-data-writer", daemon=True)
        self.thread.start()

    def put(self, item) -> None:
        while self.thread.is_alive():
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise RuntimeError("demo-data: schrijven mislukt") from self.error

    def close(self) -> None:
        """Write what is queued, then stop; raises what went wrong in the thread."""
        with contextlib.suppress(RuntimeError):  # the thread has stopped already
            self.put(None)
        self.thread.join()
        if self.error is not None:
            raise RuntimeError("demo-data: schrijven mislukt") from self.error

    def _run(self) -> None:
        try:
            with self.engine.connect() as conn:
                postgres = conn.dialect.name == "postgresql"
                write = _copy if postgres else _insert_many
                while (item := self.queue.get()) is not None:
                    rows_by_table, next_ids = item
                    for table, rows in rows_by_table.items():
                        if rows:
                            write(conn, table, rows)
                            self.added[table] += len(rows)
                    _refresh_terms(conn, rows_by_table.get("cases", []))
                    if postgres:
                        _advance_sequences(conn, next_ids)
                    conn.commit()
                    if self.progress:
                        self.progress(self.added["cases"])
                # What autovacuum (PostgreSQL) or the first requests' PRAGMA optimize
                # (SQLite) would do; the benchmarks start sooner.
                conn.exec_driver_sql("ANALYZE " + (", ".join(COLUMNS) if postgres else ""))
                conn.commit()
        except BaseException as exc:  # noqa: BLE001 - handed to the generating thread
            self.error = exc


def _refresh_terms(conn: Connection, cases: list[tuple]) -> None:
    """The batch's agreements bypassed the session: set its cases' next term (one UPDATE)."""
    if cases:
        ids = [row[0] for row in cases]  # COLUMNS["cases"] starts with the id
        refresh_next_due(conn, select(Case.id).where(Case.id.between(min(ids), max(ids))))


def _copy(conn: Connection, table: str, rows: list[tuple]) -> None:
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.close()


def _insert_many(conn: Connection, table: str, rows: list[tuple]) -> None:
    """executemany of one prepared INSERT, values converted as SQLAlchemy would store them
    (dates and UTC datetimes as text on SQLite)."""
    columns = COLUMNS[table]
    dialect = conn.dialect
    convert = []
    for i, name in enumerate(columns):
        process = metadata.tables[table].c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            convert.append((i, functools.cache(process)))  # few distinct dates
    if convert:
        converted = []
        for row in rows:
            values = list(row)
            for i, process in convert:
                values[i] = process(values[i])
            converted.append(tuple(values))
        rows = converted
    marks = ", ".join("?" * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _advance_sequences(conn: Connection, next_ids: dict[str, int]) -> None:
    for table, next_id in next_ids.items():
        if next_id > 1:
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence(%(table)s, 'id'), %(last)s)",
                {"table": table, "last": next_id - 1},
            )


def _region(conn: Connection) -> Region:
    """The schools, who serves which municipality, and each organisation's vast
    aanspreekpunt per municipality (leerplicht: its officer for that municipality)."""
    kinds = {
        org_id: OrgKind(kind).value
        for org_id, kind in conn.execute(select(Organisation.id, Organisation.kind))
    }
    users = _users_by_org(conn)
    return Region(
        schools=_schools(conn),
        serving=_serving(conn),
        contacts=_contacts(conn, users, kinds),
        kinds=kinds,
        fallback_user=min(u for members in users.values() for u, _, _ in members),
    )


def _schools(conn: Connection) -> list[tuple[int, int, int | None, str]]:
    return [
        (org_id, muni, swv, types or "vo")
        for org_id, muni, swv, types in conn.execute(
            select(
                Organisation.id,
                Organisation.municipality_id,
                Organisation.swv_id,
                Organisation.education_types,
            )
            .where(Organisation.kind == OrgKind.school, Organisation.municipality_id.is_not(None))
            .order_by(Organisation.id)
        )
    ]


def _serving(conn: Connection) -> dict[tuple[str, int], int]:
    """(organisation kind, municipality) -> the first organisation of that kind serving it."""
    serving: dict[tuple[str, int], int] = {}
    for org_id, kind, muni in conn.execute(
        select(Organisation.id, Organisation.kind, organisation_municipalities.c.municipality_id)
        .join(organisation_municipalities)
        .order_by(Organisation.id)
    ):
        serving.setdefault((OrgKind(kind).value, muni), org_id)
    return serving


def _users_by_org(conn: Connection) -> dict[int, list[tuple[int, str, set[str]]]]:
    """Active users per organisation: (id, username as in the demo region, roles)."""
    roles: dict[int, set[str]] = {}
    for user_id, role in conn.execute(select(UserRole.user_id, UserRole.role)):
        roles.setdefault(user_id, set()).add(role)
    users: dict[int, list[tuple[int, str, set[str]]]] = {}
    for user_id, org_id, username in conn.execute(
        select(User.id, User.org_id, User.username).where(User.active).order_by(User.id)
    ):
        users.setdefault(org_id, []).append(
            (user_id, home_name(username), roles.get(user_id, set()))
        )
    return users


def _contacts(
    conn: Connection, users: dict[int, list[tuple[int, str, set[str]]]], kinds: dict[int, str]
) -> dict[tuple[int, int], int]:
    """(organisation, municipality) -> its contact: leerplicht's officer for that
    municipality, otherwise the SWV's consulent, a coordinator or a worker."""
    municipalities = dict(conn.execute(select(Municipality.id, Municipality.name)).all())
    in_region: dict[int, dict[int, str]] = {}
    for muni, muni_name in municipalities.items():
        in_region.setdefault(region_of(muni_name), {})[muni] = home_name(muni_name)
    names = dict(conn.execute(select(Organisation.id, Organisation.name)).all())
    contacts: dict[tuple[int, int], int] = {}
    for org_id, members in users.items():
        default = _default_contact(members)
        by_name = {name: u for u, name, _ in members}
        # A case pairs an organisation only with municipalities of its own region.
        for muni, muni_name in in_region.get(region_of(names[org_id]), {}).items():
            officer = by_name.get(region.LPA_FOR.get(muni_name, ""))
            contacts[(org_id, muni)] = (
                officer if kinds[org_id] == "leerplicht" and officer else default
            )
    return contacts


def _default_contact(members: list[tuple[int, str, set[str]]]) -> int:
    preferred = [u for u, name, r in members if name == "swv.consulent"]
    coordinators = [u for u, _, r in members if Role.coordinator.value in r]
    workers = [u for u, _, r in members if Role.medewerker.value in r]
    return (preferred or coordinators or workers or [members[0][0]])[0]
