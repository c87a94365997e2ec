"""Idempotent inserts: a row carrying a client-chosen key is stored once, however often (or
however concurrently) the same request arrives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from .models import Base, UTCDateTime

T = TypeVar("T")


def add_once(session: Session, row: T, stored: Callable[[], T | None]) -> tuple[T, bool]:
    """Add `row` in a savepoint. If a concurrent request with the same key won the race (the
    unique constraint fires), return what `stored()` finds instead: (row, created). A
    `stored()` of None means the conflict was something else, and it is raised."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raced = stored()
        if raced is None:
            raise
        return raced, False
    return row, True


# A request key (a form's hidden key, the API's Idempotency-Key header) is kept this long:
# long enough for a resend after a dropped connection, short enough to stay a small table.
KEY_LIFETIME = timedelta(hours=24)
KEY_MAX_LENGTH = 100


class RequestKey(Base):
    """One create request a user sent with a key of their choosing, and how it was answered:
    the same key again from the same user gets this answer instead of a second row."""

    __tablename__ = "request_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_request_keys_user_id_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(KEY_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # What the request was (method, path, body digest): the key again with another request
    # is refused rather than answered with the first one's result.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The answer; null until the request that holds the key has finished.
    status: Mapped[int | None]
    location: Mapped[str | None] = mapped_column(String(2000))
    etag: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)


def key_error(key: str) -> str | None:
    """Why `key` cannot be a request key (Dutch), or None when it can."""
    if not key:
        return "De sleutel van het verzoek is leeg."
    if len(key) > KEY_MAX_LENGTH:
        return f"De sleutel van het verzoek is langer dan {KEY_MAX_LENGTH} tekens."
    if not (key.isascii() and key.isprintable()):
        return "De sleutel van het verzoek mag alleen zichtbare ASCII-tekens bevatten."
    return None


def find_key(session: Session, user_id: int, key: str, now: datetime) -> RequestKey | None:
    """The user's unexpired request with this key."""
    return session.scalar(
        select(RequestKey).where(
            RequestKey.user_id == user_id,
            RequestKey.key == key,
            RequestKey.created_at > now - KEY_LIFETIME,
        )
    )


def claim_key(
    session: Session, user_id: int, key: str, fingerprint: str, now: datetime
) -> tuple[RequestKey, bool]:
    """Claim `key` for a request about to run, in the request's transaction: (row, True);
    or the row of the earlier request that holds it: (row, False). Of two requests at once,
    the second waits on the unique constraint until the first commits, then finds its row."""
    session.execute(
        delete(RequestKey).where(
            RequestKey.user_id == user_id, RequestKey.created_at <= now - KEY_LIFETIME
        )
    )
    row = RequestKey(user_id=user_id, key=key, fingerprint=fingerprint, created_at=now)
    return add_once(session, row, lambda: find_key(session, user_id, key, now))


def free_key(session: Session, row_id: int) -> None:
    """Let a key go (its request was refused), so the corrected request can use it."""
    session.execute(delete(RequestKey).where(RequestKey.id == row_id))


def purge_expired_keys(session: Session, now: datetime) -> int:
    """Remove every user's keys past their lifetime (a claim only clears its own user's);
    an API answer kept with its key can hold case data, so it goes within a day."""
    result = session.execute(delete(RequestKey).where(RequestKey.created_at <= now - KEY_LIFETIME))
    return getattr(result, "rowcount", 0) or 0
