"""Deliver after commit: live `notification` events and e-mail, never for rolled-back work.

Services queue what to send in `session.info`; a session listener sends it once the
transaction has committed, and drops it on rollback (DESIGN §7: writes first, broadcast after).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import socketio
from ..rooms import user_room
from .mail import send_in_background
from .queries import notification_json

_KEY = "notification_outbox"


def push(session: Session, notification, unread: int) -> None:
    payload = {**notification_json(notification), "unread": unread}
    session.info.setdefault(_KEY, []).append(
        (
            "notification",
            user_room(notification.user_id),
            payload,
            notification.id if notification.mail_state == "pending" else None,
        )
    )


def push_count(session: Session, user_id: int, unread: int) -> None:
    session.info.setdefault(_KEY, []).append(
        ("notification", user_room(user_id), {"unread": unread, "id": None}, None)
    )


def push_event(session: Session, event_name: str, payload: dict, room: str | list[str]) -> None:
    """Any other live event that must go out only once this transaction has committed
    (to one room or several)."""
    session.info.setdefault(_KEY, []).append((event_name, room, payload, None))


@event.listens_for(Session, "after_commit")
def _send(session: Session) -> None:
    # SQLAlchemy also calls this when a SAVEPOINT is released: wait for the real commit.
    if session.in_nested_transaction():
        return
    queued = session.info.pop(_KEY, None)
    if not queued:
        return
    mail_ids = []
    live = socketio.server is not None  # the demo seed and other CLI work have no sockets
    for event_name, room, payload, mail_id in queued:
        if live:
            socketio.emit(event_name, payload, to=room)
        if mail_id is not None:
            mail_ids.append(mail_id)
    if mail_ids:
        send_in_background(mail_ids)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT: what was queued before it stands
        return
    session.info.pop(_KEY, None)
