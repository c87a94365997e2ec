"""Running the escalation pass on a schedule with APScheduler 3 (DESIGN §7, STACK.md).

Correctness comes from the notice table's unique keys, not from the scheduler: the job only
calls one pass. No persistent job store (never shared between processes), UTC, coalesce and
no misfire limit, so a late or missed run becomes one pass that catches up.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from ..config import Settings
from ..extensions import db, make_engine, socketio
from ..retention import jobs as retention
from .jobs import run_escalations

log = logging.getLogger(__name__)
INTERVAL_MINUTES = 5
_embedded: BackgroundScheduler | None = None


def mode(settings: Settings, env=os.environ) -> str:
    """'embedded' (in the web process) or 'external' (a `thuiszittertafel scheduler`)."""
    value = (env.get("THUISZITTERTAFEL_SCHEDULER") or "").strip().lower()
    if value in ("embedded", "external"):
        return value
    return "embedded" if settings.database_url.startswith("sqlite") else "external"


def interval_minutes(env=os.environ) -> float:
    raw = env.get("THUISZITTERTAFEL_ESCALATION_INTERVAL_MINUTES", "")
    try:
        return max(0.05, float(raw)) if raw else INTERVAL_MINUTES
    except ValueError:
        return INTERVAL_MINUTES


def _add_job(scheduler, job, minutes: float) -> None:
    scheduler.add_job(
        job,
        IntervalTrigger(minutes=minutes, timezone="UTC"),
        id="escalations",
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
        replace_existing=True,
        next_run_time=_soon(),
    )


def _soon():
    return datetime.now(UTC)  # scheduler time, not domain time: run once at start


def start_embedded(app) -> BackgroundScheduler | None:
    """Start the in-process scheduler of `serve`/`demo`, unless it is not wanted here."""
    global _embedded
    settings = app.config["SETTINGS"]
    if mode(settings) != "embedded" or _embedded is not None:
        return None
    if os.environ.get("WERKZEUG_RUN_MAIN") == "true" or app.debug:
        log.warning("geen scheduler onder de debug-reloader")
        return None

    def job():
        with app.app_context():
            try:
                run_escalations(db.engine, settings)
            except Exception:  # noqa: BLE001 - the next run tries again
                log.exception("escalatiepass mislukt")

    _embedded = BackgroundScheduler(timezone="UTC")
    _add_job(_embedded, job, interval_minutes())
    retention.schedule(_embedded, lambda: db.engine, settings, context=app.app_context)
    _embedded.start()
    return _embedded


def run_dedicated(settings: Settings) -> None:
    """`thuiszittertafel scheduler`: one process, emitting through the Redis queue."""
    live = bool(settings.redis_url)
    if live:  # write-only: this process serves no clients, it only publishes
        socketio.init_app(None, message_queue=settings.redis_url, channel=settings.socketio_channel)
    engine = make_engine(settings.database_url)

    def job():
        try:
            run_escalations(engine, settings, live=live)
        except Exception:  # noqa: BLE001
            log.exception("escalatiepass mislukt")

    scheduler = BlockingScheduler(timezone="UTC")
    _add_job(scheduler, job, interval_minutes())
    retention.schedule(scheduler, lambda: engine, settings)
    log.info("scheduler gestart: elke %s minuten een escalatiepass", interval_minutes())
    scheduler.start()
