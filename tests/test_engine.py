"""The engine's connection settings, on the database the suite runs against."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from thuiszittertafel.extensions import db


def test_connection_settings(app, session, backend):
    """SQLite enforces foreign keys; PostgreSQL runs without JIT (its compile time cost the
    list queries 0.2-1 s each at 100k cases)."""
    with db.engine.connect() as conn:
        if backend == "postgresql":
            assert conn.scalar(text("SHOW jit")) == "off"
        else:
            assert conn.scalar(text("PRAGMA foreign_keys")) == 1
            assert conn.scalar(text("PRAGMA journal_mode")) == "wal"


def test_sqlite_gathers_planner_statistics_when_a_connection_closes(app, session, backend):
    """PRAGMA optimize on close: the tables a connection used get statistics once."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL's autovacuum gathers them")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS sqlite_stat1")
        conn.commit()
    with db.engine.connect() as conn:
        conn.execute(text("SELECT id FROM cases WHERE status = 'open' ORDER BY id LIMIT 5")).all()
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"))
