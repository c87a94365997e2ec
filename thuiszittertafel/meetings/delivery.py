"""Live meeting screen: one Socket.IO room per meeting, joined only by its chair and
attendees (checked on join). The state goes out once per change, after commit: it holds
only what every member of the room may see while the agenda is published."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from .. import clock
from ..agreements.delivery import broadcast_agreement
from ..cases.models import Case
from ..extensions import socketio
from ..notes.delivery import broadcast_note
from .models import Meeting
from .queries import meeting_state


def meeting_room(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def emit_state(session: Session, meeting: Meeting) -> None:
    """Send the current state, as attendees see it, to the meeting room."""
    state = meeting_state(session, meeting, chair=False, today=clock.today())
    socketio.emit("meeting_state", state, to=meeting_room(meeting.id))


def announce(session: Session, meeting: Meeting, *, notes: Iterable = (),
             agreements: Iterable = ()) -> None:
    """After a committed change: new notes and agreements to their case rooms (the case
    log follows live too), then the meeting's new state to its room."""
    for note in notes:
        broadcast_note(session, note, session.get(Case, note.case_id))
    for agreement in agreements:
        broadcast_agreement(session, agreement, session.get(Case, agreement.case_id))
    emit_state(session, meeting)
