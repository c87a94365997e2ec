"""Live meeting screen: one Socket.IO room per meeting, joined only by its chair and
attendees (checked on join). After every committed change the room hears a thin
`meeting_state` signal (id, status, current item; no case data): each screen then fetches
what it may see, so access is checked again and every view of a case is audited, also for
someone whose account was deactivated after joining.

The service that changes a meeting queues the signal (`queue_state`); just before the real
commit the signal is read as the transaction leaves the meeting and goes into the
after-commit outbox (notifications/outbox.py), so rolled-back work is never announced.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from .. import clock
from ..extensions import socketio
from ..notifications import outbox
from ..rooms import meeting_room
from .models import Meeting

_KEY = "meeting_states"


def signal(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "status": meeting.status,
        "current_item_id": meeting.current_item_id,
        "now": clock.now().isoformat(),
    }


def queue_state(session: Session, meeting: Meeting) -> None:
    """The meeting room hears its new state once this transaction commits (once, however
    many changes the transaction made)."""
    session.info.setdefault(_KEY, set()).add(meeting.id)


@event.listens_for(Session, "before_commit")
def _queue(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT: wait for the real commit
        return
    changed = session.info.pop(_KEY, None)
    if not changed or socketio.server is None:  # CLI work without sockets
        return
    session.flush()  # the signal says what this commit leaves
    for meeting_id in sorted(changed):
        meeting = session.get(Meeting, meeting_id)
        if meeting is not None:
            outbox.push_event(session, "meeting_state", signal(meeting), meeting_room(meeting_id))


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_KEY, None)
