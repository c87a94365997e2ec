"""Migrations: an empty database upgraded to head equals the models, and downgrades work."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.conftest import create_postgres_database, drop_postgres_database
from thuiszittertafel.core.migrate import downgrade, upgrade
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.models import metadata


@pytest.fixture
def empty_database(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    url = create_postgres_database("migrate")
    yield url
    drop_postgres_database(url)


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
