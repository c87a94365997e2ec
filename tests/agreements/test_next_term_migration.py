"""Migration 0029 fills `cases.next_due_at` from the agreements present, and goes back."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from tests.conftest import create_postgres_database, drop_postgres_database
from tests.test_migrations import insert_open_case, seed_leerplicht
from thuiszittertafel.core.migrate import downgrade, upgrade
from thuiszittertafel.extensions import make_engine

AGREEMENT = (
    "INSERT INTO agreements (id, case_id, description, owner_org_id, due_at, day_count,"
    " occurrence, term_version, status, created_by_id, created_at)"
    " VALUES (:id, :case, 'Gesprek', 1, :due, 'school', 1, 1, :status, 1, '2026-11-01 08:00:00')"
)


@pytest.fixture
def empty_database(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    url = create_postgres_database("migrate")
    yield url
    drop_postgres_database(url)


def _world(conn) -> None:
    seed_leerplicht(conn)
    for case_id in (1, 2, 3):
        insert_open_case(conn, case_id)
    # Case 1: two open terms and an earlier finished one; case 2: only finished ones;
    # case 3: none.
    for row in (
        (1, 1, "2026-12-10 16:00:00", "open"),
        (2, 1, "2026-12-03 16:00:00", "open"),
        (3, 1, "2026-11-20 16:00:00", "done"),
        (4, 2, "2026-12-01 16:00:00", "cancelled"),
    ):
        conn.execute(text(AGREEMENT), dict(zip(("id", "case", "due", "status"), row, strict=True)))


def test_0029_fills_the_next_term_of_existing_cases(empty_database):
    upgrade(empty_database, "0028")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        _world(conn)
    upgrade(empty_database, "0029")
    with engine.begin() as conn:
        terms = dict(conn.execute(text("SELECT id, next_due_at FROM cases")).all())
        earliest_open = conn.execute(text("SELECT due_at FROM agreements WHERE id = 2")).scalar()
    assert terms == {1: earliest_open, 2: None, 3: None}
    assert "ix_cases_next_due_at_id" in {i["name"] for i in inspect(engine).get_indexes("cases")}
    downgrade(empty_database, "0028")
    engine.dispose()
    engine = make_engine(empty_database)
    assert "next_due_at" not in {c["name"] for c in inspect(engine).get_columns("cases")}
    with engine.begin() as conn:  # the rows are all still there
        assert conn.execute(text("SELECT count(*) FROM agreements")).scalar() == 4
    engine.dispose()
