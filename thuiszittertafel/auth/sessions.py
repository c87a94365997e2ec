"""Server-side sessions (issue 15, "sessions that end"): a row per login through the form.

The signed cookie only carries a random token; the row decides whether it still counts. A
session ends at logout, when its owner ends it, when the account is deactivated or its
password changes, after `idle` without a request and at `lifetime` after the login. A
replayed cookie of an ended session finds an ended row (or none) and is refused, on pages
and in the API alike. The database row works for the embedded SQLite installation and for
several web processes on PostgreSQL alike, without a second store to keep consistent.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from ..core.errors import NotFound
from .models import LoginSession

# A request refreshes `last_seen_at` at most this often (one write a minute, not one per
# request); the idle timeout is therefore exact to within this.
TOUCH_EVERY = timedelta(seconds=60)

END_REASONS = {
    "logout": "uitgelogd",
    "ended-by-user": "beëindigd door uzelf",
    "idle": "verlopen (geen activiteit)",
    "lifetime": "verlopen (maximale duur)",
    "deactivated": "account uitgezet",
    "password": "wachtwoord gewijzigd",
}


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=12)

    @classmethod
    def of(cls, settings) -> Lifetimes:
        return cls(
            idle=timedelta(minutes=settings.session_idle_minutes),
            lifetime=timedelta(hours=settings.session_max_hours),
        )


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    session: Session,
    user_id: int,
    now: datetime,
    *,
    address: str | None = None,
    user_agent: str | None = None,
) -> tuple[str, LoginSession]:
    """A new session for a login that passed every check; the token goes in the cookie."""
    token = secrets.token_urlsafe(32)
    row = LoginSession(
        user_id=user_id,
        token_hash=digest(token),
        created_at=now,
        last_seen_at=now,
        address=(address or "")[:64] or None,
        user_agent=(user_agent or "")[:200] or None,
    )
    session.add(row)
    session.flush()
    return token, row


def expiry_reason(row: LoginSession, now: datetime, lifetimes: Lifetimes) -> str | None:
    """Why this still-open session has run out as of `now`, or None."""
    if now >= row.created_at + lifetimes.lifetime:
        return "lifetime"
    if now >= row.last_seen_at + lifetimes.idle:
        return "idle"
    return None


def check(
    session: Session, token: str | None, now: datetime, lifetimes: Lifetimes
) -> tuple[LoginSession | None, str | None]:
    """(row, None) for the open session of a cookie's token; else (row or None, why): 'idle'
    or 'lifetime' when it has run out (`record_check` ends it), 'ended', 'unknown'. Reads
    only."""
    if not token:
        return None, "unknown"
    row = session.scalar(
        select(LoginSession)
        .where(LoginSession.token_hash == digest(token))
        .execution_options(populate_existing=True)  # written in its own transaction
    )
    if row is None:
        return None, "unknown"
    if row.ended_at is not None:
        return None, "ended"
    return row, expiry_reason(row, now, lifetimes)


def record_check(
    connection: Connection, row_id: int, last_seen_at: datetime, now: datetime, why: str | None
) -> None:
    """Write what a check found, in its own small transaction (a page that only reads
    commits nothing): the end of a run-out session, or the new `last_seen_at`."""
    if why:
        connection.execute(
            update(LoginSession)
            .where(LoginSession.id == row_id, LoginSession.ended_at.is_(None))
            .values(ended_at=now, end_reason=why)
        )
    elif now - last_seen_at >= TOUCH_EVERY:
        connection.execute(
            update(LoginSession).where(LoginSession.id == row_id).values(last_seen_at=now)
        )


def touch(connection: Connection, row_id: int, now: datetime) -> None:
    """Something the user did over a live connection (a note typed, a case or meeting
    joined) counts as activity, as a page request does; at most one write a minute."""
    connection.execute(
        update(LoginSession)
        .where(
            LoginSession.id == row_id,
            LoginSession.ended_at.is_(None),
            LoginSession.last_seen_at <= now - TOUCH_EVERY,
        )
        .values(last_seen_at=now)
    )


def end(session: Session, row: LoginSession, now: datetime, reason: str) -> None:
    if row.ended_at is None:
        row.ended_at = now
        row.end_reason = reason
    session.flush()


def end_all(
    session: Session, user_id: int, now: datetime, reason: str, *, keep: int | None = None
) -> list[int]:
    """End every open session of a user (except `keep`); the ids that ended."""
    stmt = select(LoginSession.id).where(
        LoginSession.user_id == user_id, LoginSession.ended_at.is_(None)
    )
    if keep is not None:
        stmt = stmt.where(LoginSession.id != keep)
    ids = list(session.scalars(stmt))
    if ids:
        session.execute(
            update(LoginSession)
            .where(LoginSession.id.in_(ids))
            .values(ended_at=now, end_reason=reason)
            .execution_options(synchronize_session="fetch")
        )
    return ids


def own_sessions(
    session: Session, user_id: int, now: datetime, lifetimes: Lifetimes, limit: int = 20
) -> list[LoginSession]:
    """The user's sessions, open first then the most recently ended (their own page)."""
    rows = session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user_id)
        .order_by(LoginSession.ended_at.is_not(None), LoginSession.id.desc())
        .limit(limit)
    )
    return [r for r in rows if r.ended_at is not None or not expiry_reason(r, now, lifetimes)]


def end_own(session: Session, user_id: int, session_id: int, now: datetime) -> LoginSession:
    """A user ends one of their own sessions; another user's is not found."""
    row = session.get(LoginSession, session_id)
    if row is None or row.user_id != user_id:
        raise NotFound()
    end(session, row, now, "ended-by-user")
    return row
