"""The engine's connection settings, on the database the suite runs against."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from thuiszittertafel.extensions import db, make_engine


def test_connection_settings(app, session, backend):
    """SQLite enforces foreign keys; PostgreSQL runs without JIT (its compile time cost the
    list queries 0.2-1 s each at 100k cases), prices a page read by index for SSD and plans
    a prepared statement for its values each time (a generic plan doubled page times)."""
    with db.engine.connect() as conn:
        if backend == "postgresql":
            assert conn.scalar(text("SHOW jit")) == "off"
            assert conn.scalar(text("SHOW random_page_cost")) == "1.1"
            assert conn.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
        else:
            assert conn.scalar(text("PRAGMA foreign_keys")) == 1
            assert conn.scalar(text("PRAGMA journal_mode")) == "wal"


def test_sqlite_gathers_planner_statistics_when_a_connection_closes(app, session, backend):
    """PRAGMA optimize on close: the tables a connection used get statistics — on the first
    close of an engine, then not again within the hour (an empty partial index made every
    optimize analyse its whole table again)."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL's autovacuum gathers them")
    engine = make_engine(db.engine.url.render_as_string(hide_password=False))

    def forget_stats() -> None:  # through the app's engine: a connection of its own
        with db.engine.connect() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS sqlite_stat1")
            conn.commit()

    def stats_kept() -> bool:
        with db.engine.connect() as conn:
            found = conn.scalar(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            )
        return bool(found)

    def use_cases() -> None:  # a new connection: it reads the schema without statistics
        with engine.connect() as conn:
            query = "SELECT id FROM cases WHERE status = 'open' ORDER BY id LIMIT 5"
            conn.execute(text(query)).all()

    try:
        forget_stats()
        use_cases()  # the engine's first close: optimize
        assert stats_kept()
        forget_stats()
        use_cases()  # within the hour: no second analysis
        assert not stats_kept()
    finally:
        engine.dispose()
