"""Migrations: an empty database upgraded to head equals the models, and downgrades work."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.conftest import IN_CI, POSTGRES_URL
from thuiszittertafel.core.migrate import downgrade, upgrade
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.models import metadata


@pytest.fixture
def empty_database(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    url = make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    name = "tzt_migrate_" + __import__("os").environ.get("PYTEST_XDIST_WORKER", "main")
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        if IN_CI:
            pytest.fail(f"CI=true maar PostgreSQL is niet bereikbaar: {exc}")
        pytest.skip(f"PostgreSQL niet bereikbaar: {exc}")
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _diff(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    engine.dispose()
    return diff


def test_upgrade_to_head_equals_models(empty_database):
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_downgrade_to_base_and_up_again(empty_database):
    upgrade(empty_database)
    downgrade(empty_database, "base")
    engine = make_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(empty_database)
    assert _diff(empty_database) == []
