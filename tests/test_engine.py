"""The engine's connection settings, on the database the suite runs against."""

from __future__ import annotations

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
