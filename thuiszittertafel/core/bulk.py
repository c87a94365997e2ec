"""Writing many rows at once: equally long column lists straight to the driver.

The escalation pass records hundreds of thousands of notices, notifications, events and
participations in a catch-up; notifications/writer.py uses the same path for a single
notice, so there is one way to write them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

from sqlalchemy.orm import Session

# Bound parameters per INSERT statement: ~4,500 notices or ~3,200 notifications.
MAX_PARAMETERS = 32_000


def memo(process: Callable) -> Callable:
    """`process`, remembering its answer per value (the same `now` thousands of times)."""
    done: dict = {}

    def convert(value):
        try:
            return done[value]
        except KeyError:
            done[value] = result = process(value)
            return result

    return convert


def insert_rows(
    session: Session,
    table,
    columns: dict[str, list],
    returning: tuple[str, ...] = (),
    unique: str | None = None,
) -> tuple[Sequence[Any], int]:
    """Plain INSERT of equally long column lists; with `unique`, ON CONFLICT DO NOTHING.

    Returns (the `returning` rows, how many rows were inserted). A catch-up pass writes
    hundreds of thousands of rows, so they go straight to the driver with each column's
    own bind conversion (UTC datetimes) applied as SQLAlchemy would: on PostgreSQL one
    INSERT … SELECT FROM unnest(one array per column), sent binary (`%b`: psycopg builds
    text arrays about four times slower), on SQLite multi-row VALUES statements of up to
    MAX_PARAMETERS parameters each (SQLite ≥ 3.32 allows 32,766; SQLAlchemy knows the
    lower limit of older versions). Neither ORM objects nor a VALUES list compiled by
    SQLAlchemy for every batch: that cost 40 s at 100k.
    """
    names = list(columns)
    count = len(columns[names[0]])
    if not count:
        return [], 0
    dialect = session.get_bind().dialect
    values = []
    for name, column in columns.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        # e.g. UTC datetimes: the same `now` thousands of times, a few dozen terms
        values.append(column if process is None else list(map(memo(process), column)))
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
    tail = (f" ON CONFLICT ({quote(unique)}) DO NOTHING" if unique else "") + (
        " RETURNING " + ", ".join(map(quote, returning)) if returning else ""
    )
    connection = session.connection()
    if dialect.name == "postgresql":
        # One array per column: one short statement, whatever the number of rows
        # (PostgreSQL parses a 32,000-parameter VALUES list slowly).
        arrays = [f"%b::{table.c[name].type.compile(dialect)}[]" for name in names]
        result = connection.exec_driver_sql(
            head + f"SELECT * FROM unnest({', '.join(arrays)})" + tail, tuple(values)
        )
        if returning:
            rows = result.all()
            return rows, len(rows)
        return [], result.rowcount
    mark = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    one = "(" + ", ".join([mark] * len(names)) + ")"
    per_statement = max(
        1, min(MAX_PARAMETERS, dialect.insertmanyvalues_max_parameters) // len(names)
    )
    out: list[Any] = []
    inserted = 0
    for first in range(0, count, per_statement):
        page = list(zip(*(v[first : first + per_statement] for v in values), strict=True))
        result = connection.exec_driver_sql(
            head + "VALUES " + ", ".join([one] * len(page)) + tail, tuple(chain.from_iterable(page))
        )
        if returning:
            out += result.all()
        else:
            inserted += result.rowcount
    return out, len(out) if returning else inserted
