"""Presence: who is viewing a case now."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..auth.models import User
from .models import CasePresence

TTL = timedelta(seconds=90)  # the page pings every 30 s


def arrive(session: Session, sid: str, case_id: int, user: User, now: datetime) -> None:
    row = session.get(CasePresence, (sid, case_id))
    if row is None:
        session.add(CasePresence(sid=sid, case_id=case_id, user_id=user.id, seen_at=now))
    else:
        row.seen_at = now


def leave(session: Session, sid: str, case_id: int | None = None) -> list[int]:
    """Forget a socket (in one case or all); returns the case ids it was viewing."""
    stmt = select(CasePresence.case_id).where(CasePresence.sid == sid)
    if case_id is not None:
        stmt = stmt.where(CasePresence.case_id == case_id)
    case_ids = list(session.scalars(stmt))
    if case_ids:
        session.execute(
            delete(CasePresence).where(CasePresence.sid == sid, CasePresence.case_id.in_(case_ids))
        )
    return case_ids


def viewers(session: Session, case_id: int, now: datetime) -> list[dict]:
    """Distinct people with the case open, by name."""
    rows = session.scalars(
        select(CasePresence).where(
            CasePresence.case_id == case_id, CasePresence.seen_at > now - TTL
        )
    )
    people = {
        r.user_id: {
            "user_id": r.user_id,
            "name": r.user.name,
            "organisation": r.user.organisation.name,
        }
        for r in rows
    }
    return sorted(people.values(), key=lambda p: p["name"])
