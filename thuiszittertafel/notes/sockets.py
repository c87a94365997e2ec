"""Socket.IO handlers for the case log: join a case room, post a note with acknowledgement."""

from __future__ import annotations

from flask import current_app, request
from flask_socketio import join_room, leave_room

from .. import clock
from ..auth.sockets import NOT_LOGGED_IN, event_id, for_user_and, refused, socket_user
from ..cases.queries import get_case
from ..core import policy
from ..core.errors import DomainError
from ..extensions import db, socketio
from ..rooms import case_room
from ..web.edge import audit, audit_refused_join
from . import presence
from .delivery import queue_presence
from .queries import note_json
from .services import post_note


def _case_id(data) -> int | None:
    return event_id(data, "case_id")


@socketio.on("join_case")
@for_user_and("case_id", "casusnummer", join=True)
def join_case(user, case_id, data):
    try:
        case, access = get_case(db.session, user, case_id)
    except DomainError as exc:
        audit_refused_join(user, "join_case", "case", case_id, exc.code)
        return refused(exc)
    if access not in ("participant", "leerplicht", "swv-coordinator"):
        audit_refused_join(user, "join_case", "case", case_id, "geen-toegang")
        return {
            "ok": False,
            "error": "geen-toegang",
            "message": "U kunt deze casus niet live volgen.",
        }
    audit("case.follow", by=user, object_type="case", object_id=case.id, access=access)
    # Joined before the commit sends the new presence list, so this page hears it too.
    for reason in policy.full_access_reasons(db.session, user, case):
        join_room(case_room(case.id, user.org_id, reason))
    presence.arrive(db.session, request.sid, case.id, user, clock.now())
    queue_presence(db.session, case.id, clock.now())
    db.session.commit()
    return {"ok": True}


@socketio.on("leave_case")
def leave_case(data=None):
    user = socket_user()
    case_id = _case_id(data)
    if user is not None and case_id is not None:
        for reason in policy.FULL_ACCESS:
            leave_room(case_room(case_id, user.org_id, reason))
        _forget(case_id)
    return {"ok": True}


@socketio.on("still_here")
def still_here(data=None):
    """The page's ping: keeps this socket in the case's presence list."""
    user = socket_user()
    case_id = _case_id(data)
    if user is None or case_id is None:
        return NOT_LOGGED_IN if user is None else {"ok": False}
    try:
        get_case(db.session, user, case_id)
    except DomainError as exc:
        return refused(exc)
    presence.arrive(db.session, request.sid, case_id, user, clock.now())
    db.session.commit()
    return {"ok": True}


@socketio.on("disconnect")
def disconnect(reason=None):
    _forget(None)


def _forget(case_id: int | None) -> None:
    """Drop this socket from presence lists and tell the remaining viewers."""
    for cid in presence.leave(db.session, request.sid, case_id):
        queue_presence(db.session, cid, clock.now())
    db.session.commit()


@socketio.on("post_note")
@for_user_and("case_id", "casusnummer")
def socket_post_note(user, case_id, data):
    try:
        case, access = get_case(db.session, user, case_id)
        note, created = post_note(
            db.session,
            user,
            case,
            access,
            data,
            now=clock.now(),
            mail=bool(current_app.config["SETTINGS"].smtp_url),
        )
        if created:
            audit("note.create", by=user, object_type="note", object_id=note.id, access=access)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return refused(exc)
    current_app.logger.debug("note %s via socket (created=%s)", note.id, created)
    return {"ok": True, "created": created, "note": note_json(note, user.organisation)}
