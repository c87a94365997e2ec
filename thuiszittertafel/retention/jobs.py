"""Scheduled entry point: one retention run (daily), in its own session."""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .. import clock
from ..config import Settings
from ..core.once import purge_expired_keys
from ..core.versions import purge_version_changes
from . import services

log = logging.getLogger(__name__)


def run_retention(
    engine: Engine,
    settings: Settings,
    now: datetime | None = None,
    *,
    dry_run: bool = False,
    batch_size: int = services.BATCH_SIZE,
) -> services.RunResult:
    """Anonymise (or, dry run, list) the closed cases past the retention period; audited."""
    now = now or clock.now()
    years, key = settings.retention_years, settings.audit_key
    assert key is not None  # Settings falls back to the secret key (config.py)
    with Session(engine, expire_on_commit=False) as session:
        if dry_run:
            result = services.dry_run(session, now=now, years=years, audit_key=key)
        else:
            result = services.run(
                session, now=now, years=years, audit_key=key, batch_size=max(1, batch_size)
            )
    if not dry_run:
        with Session(engine) as session:
            purge_expired_keys(session, now)
            purge_version_changes(session, now)
            session.commit()
    log.info("retention as of %s: %s cases (dry run: %s)", now, len(result.cases), dry_run)
    return result


def schedule(scheduler, engine_of, settings: Settings, context=contextlib.nullcontext) -> None:
    """Add the daily retention run to `scheduler`; `context` wraps it (an app context)."""

    def job():
        try:
            with context():
                run_retention(engine_of(), settings)
        except Exception:  # noqa: BLE001 - tomorrow's run tries again
            log.exception("bewaartermijn-run mislukt")

    scheduler.add_job(
        job,
        IntervalTrigger(days=1, timezone="UTC"),
        id="retention",
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
        replace_existing=True,
        # Scheduler time, not domain time: a process restarted every day still runs it.
        next_run_time=datetime.now(UTC) + timedelta(minutes=10),
    )
