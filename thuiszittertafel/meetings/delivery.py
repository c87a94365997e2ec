"""Live meeting screen: one Socket.IO room per meeting, joined only by its chair and
attendees (checked on join). After every committed change the room hears a thin
`meeting_state` signal (id, status, current item; no case data): each screen then fetches
what it may see, so access is checked again and every view of a case is audited, also for
someone whose account was deactivated after joining."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from .. import clock
from ..extensions import socketio
from ..rooms import meeting_room
from .models import Meeting


def signal(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "status": meeting.status,
        "current_item_id": meeting.current_item_id,
        "now": clock.now().isoformat(),
    }


def emit_state(meeting: Meeting) -> None:
    """Tell the meeting room that something changed (and what is on the screen now)."""
    socketio.emit("meeting_state", signal(meeting), to=meeting_room(meeting.id))


def announce(
    session: Session, meeting: Meeting, *, notes: Iterable = (), agreements: Iterable = ()
) -> None:
    """After a committed change: the meeting's new state to its room. (Its notes and
    agreements went to their case rooms through the outbox at the commit.)"""
    emit_state(meeting)
