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


def test_0045_copies_the_gemeente_onto_agreements_and_counts_open_ones(empty_database, backend):
    """Agreements present before 0045 carry their case's gemeente and cases their number of
    open agreements, so the termijnbewaking lists and counts the same terms after the
    upgrade; from then on the database keeps the copy (a case that moves takes its
    agreements along) and refuses one that differs. A downgrade takes both off again."""
    from sqlalchemy.exc import IntegrityError

    upgrade(empty_database, "0044")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        seed_leerplicht(conn)
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (2, 'Buren')"))
        for case_id, gemeente in ((1, 1), (2, 2), (3, 1)):
            columns = {"municipality_id": gemeente, "birth_date": "2012-01-01"}
            insert_open_case(conn, case_id, gemeente, columns)
        for row in (
            (1, 1, "2026-12-10 16:00:00", "open"),
            (2, 1, "2026-12-03 16:00:00", "open"),
            (3, 1, "2026-11-20 16:00:00", "done"),
            (4, 2, "2026-12-01 16:00:00", "open"),
            (5, 2, "2026-12-01 16:00:00", "cancelled"),
        ):
            conn.execute(
                text(AGREEMENT), dict(zip(("id", "case", "due", "status"), row, strict=True))
            )
    engine.dispose()
    upgrade(empty_database, "0045")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        counts = dict(conn.execute(text("SELECT id, open_agreements FROM cases")).all())
        copies = dict(conn.execute(text("SELECT id, municipality_id FROM agreements")).all())
    assert counts == {1: 2, 2: 1, 3: 0}
    assert copies == {1: 1, 2: 1, 3: 1, 4: 2, 5: 2}
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET municipality_id = 1 WHERE id = 2"))
        moved = conn.execute(text("SELECT municipality_id FROM agreements WHERE case_id = 2"))
        assert set(moved.scalars()) == {1}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE agreements SET municipality_id = 2 WHERE id = 1"))
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("cases")}
    assert indexes["ix_cases_municipality_id_id"]["unique"]
    engine.dispose()
    downgrade(empty_database, "0044")
    engine = make_engine(empty_database)
    assert "municipality_id" not in {c["name"] for c in inspect(engine).get_columns("agreements")}
    assert "open_agreements" not in {c["name"] for c in inspect(engine).get_columns("cases")}
    assert not inspect(engine).get_foreign_keys("agreements") or all(
        fk["referred_columns"] != ["municipality_id", "id"]
        for fk in inspect(engine).get_foreign_keys("agreements")
    )
    with engine.begin() as conn:  # the rows are all still there
        assert conn.execute(text("SELECT count(*) FROM agreements")).scalar() == 5
    engine.dispose()
    upgrade(empty_database)
