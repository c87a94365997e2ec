"""Socket.IO handlers for the live meeting screen: join the meeting's room, get its state.

Only the chair and the attendees may join (checked on every join, never the client's
word). The acknowledgement carries the current state, so someone who joins late sees at
once which item is open and what has been decided. Changes themselves go through the
pages and the API; their services queue the new state for the room (delivery.queue_state),
sent after each commit.
"""

from __future__ import annotations

from flask_socketio import join_room, leave_room

from .. import clock
from ..auth.sockets import event_id, for_user_and, refused
from ..core.errors import DomainError
from ..extensions import db, socketio
from ..rooms import meeting_room
from ..web.edge import audit, audit_refused_join
from .queries import meeting_state, viewed
from .services import get_meeting


@socketio.on("join_meeting")
@for_user_and("meeting_id", "overlegnummer", join=True)
def join_meeting(user, meeting_id, data):
    try:
        meeting = get_meeting(db.session, user, meeting_id)
    except DomainError as exc:
        audit_refused_join(user, "join_meeting", "meeting", meeting_id, exc.code)
        return refused(exc)
    for fields in viewed(meeting, user):
        audit("meeting.follow", by=user, **fields)
    state = meeting_state(db.session, meeting, user, today=clock.today())
    db.session.commit()
    join_room(meeting_room(meeting.id))
    return {"ok": True, "state": state}


@socketio.on("leave_meeting")
def leave_meeting(data=None):
    meeting_id = event_id(data, "meeting_id")
    if meeting_id is not None:
        leave_room(meeting_room(meeting_id))
    return {"ok": True}
