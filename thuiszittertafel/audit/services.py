"""Record reads and changes in the audit log, in the caller's transaction."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from .models import AuditEntry


def _digest(key: bytes, entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.at.isoformat(),
            entry.user_id,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.access,
            entry.detail,
        ],
        separators=(",", ":"),
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def record(
    session: Session,
    *,
    key: str,
    actor: User | None,
    action: str,
    now: datetime,
    object_type: str | None = None,
    object_id: int | None = None,
    access: str | None = None,
    detail: dict | str | None = None,
) -> AuditEntry:
    """Add one audit entry, sealed with an HMAC so later edits show in `audit verify`."""
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    entry = AuditEntry(
        at=now,
        user_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        access=access,
        detail=detail,
    )
    entry.hash = _digest(key.encode(), entry)
    session.add(entry)
    return entry


def verify(session: Session, key: str) -> list[int]:
    """Ids of entries whose seal does not match their content."""
    bad = []
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        if not hmac.compare_digest(entry.hash, _digest(key.encode(), entry)):
            bad.append(entry.id)
    return bad


def record_denied(session: Session, *, key: str, actor: User, now: datetime, path: str) -> None:
    """A read refused with 404 (hidden or absent, the same answer): who asked for what."""
    record(session, key=key, actor=actor, action="denied.not_found", now=now, detail={"path": path})
