"""Scheduled entry point: one escalation pass, then the mail that is waiting."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .. import clock
from ..audit import services as audit
from ..cases import live as _case_live  # noqa: F401 - engine changes reach open case pages
from ..config import Settings
from ..notifications.mail import send_pending
from . import calendar
from .model import load as load_model
from .notices import PassResult, run_pass

log = logging.getLogger(__name__)


def run_escalations(
    engine: Engine, settings: Settings, now: datetime | None = None, *, live: bool = True, **options
) -> PassResult:
    """One idempotent pass as of `now` (default: the clock), audited; mail after commit."""
    # Settings.__post_init__ falls back to the secret key: the audit key is always set.
    assert settings.audit_key is not None
    now = now or clock.now()
    model = load_model(settings.escalation_model)
    # One connection for the whole pass (its batches still commit one by one): SQLite's
    # NullPool would otherwise connect, set up and close again for every batch.
    with engine.connect() as connection, Session(connection, expire_on_commit=False) as session:
        result = run_pass(
            session,
            now,
            model=model,
            calendar=calendar.load(),
            mail=bool(settings.smtp_url),
            live=live,
            **options,
        )
        audit.record(
            session,
            key=settings.audit_key,
            actor=None,
            action="escalation.pass",
            now=clock.now(),
            detail={
                "as_of": now.isoformat(),
                "due": result.due,
                "recorded": result.recorded,
                "notifications": result.notifications,
                "placed": result.placed,
            },
        )
        session.commit()
    if settings.smtp_url:
        send_pending(engine, settings.smtp_url)  # also retries earlier failures
    log.info(
        "escalation pass as of %s: %s due, %s recorded, %s notifications",
        now,
        result.due,
        result.recorded,
        result.notifications,
    )
    return result
