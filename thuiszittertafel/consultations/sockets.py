"""Socket.IO handlers for consultations: join the room of a member, post with ack.

Rooms are never joined on the client's word: membership is checked on every join.
"""

from __future__ import annotations

from flask_socketio import join_room, leave_room

from .. import clock
from ..auth.sockets import event_id, for_user_and, refused
from ..core.errors import DomainError
from ..extensions import db, socketio
from ..rooms import consultation_room
from ..web.edge import audit, audit_refused_join
from .queries import get_consultation, message_json, require_readable_messages
from .services import post_message


def _consultation_id(data) -> int | None:
    return event_id(data, "consultation_id")


@socketio.on("join_consultation")
@for_user_and("consultation_id", "consultatienummer", join=True)
def join_consultation(user, consultation_id, data):
    try:
        consultation = get_consultation(db.session, user, consultation_id)
        require_readable_messages(consultation)
    except DomainError as exc:
        audit_refused_join(user, "join_consultation", "consultation", consultation_id, exc.code)
        return refused(exc)
    audit(
        "consultation.follow",
        by=user,
        object_type="consultation",
        object_id=consultation.id,
        access="member",
    )
    db.session.commit()
    join_room(consultation_room(consultation.id))
    return {"ok": True}


@socketio.on("leave_consultation")
def leave_consultation(data=None):
    consultation_id = _consultation_id(data)
    if consultation_id is not None:
        leave_room(consultation_room(consultation_id))
    return {"ok": True}


@socketio.on("post_consultation_message")
@for_user_and("consultation_id", "consultatienummer")
def socket_post_message(user, consultation_id, data):
    try:
        consultation = get_consultation(db.session, user, consultation_id)
        message, created = post_message(db.session, user, consultation, data, now=clock.now())
        if created:
            audit(
                "consultation.message",
                by=user,
                object_type="consultation",
                object_id=consultation.id,
                access="member",
                detail={"message_id": message.id},
            )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return refused(exc)
    return {"ok": True, "created": created, "message": message_json(message)}
