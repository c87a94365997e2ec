"""Run Alembic migrations from code (CLI, tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from ..resources import resource_dir


def alembic_config(database_url: str) -> Config:
    """The Alembic configuration for running the shipped migrations (no alembic.ini needed:
    that file is for developers writing revisions in a checkout)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["database_url"] = database_url
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)
