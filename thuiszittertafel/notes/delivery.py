"""Live delivery of notes and presence after commit.

Readers of a case differ by organisation (scopes `organisatie`, `medisch`, `leerplicht`)
and by why they may read it, so a socket joins one room per (case, organisation, access
reason) and each note is rendered per organisation and sent to the rooms whose reason
still holds: when a participation ends, its room stops receiving at once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import clock
from ..cases.models import Case
from ..core import policy
from ..extensions import socketio
from ..rooms import case_room
from .models import Note
from .presence import viewers
from .queries import note_json


def broadcast_note(session: Session, note: Note, case: Case) -> None:
    for org, reasons in policy.live_audience(session, case):
        if policy.note_shown_to_org(note.scope, note.org_id, org):
            socketio.emit(
                "note_created",
                note_json(note, org),
                to=[case_room(case.id, org.id, r) for r in reasons],
            )


def emit_to_case(session: Session, case: Case, event: str, payload: dict) -> None:
    """Send the same payload to everyone following the case live (after commit)."""
    for org, reasons in policy.live_audience(session, case):
        socketio.emit(event, payload, to=[case_room(case.id, org.id, r) for r in reasons])


def broadcast_presence(session: Session, case: Case) -> None:
    emit_to_case(
        session,
        case,
        "presence",
        {"case_id": case.id, "viewers": viewers(session, case.id, clock.now())},
    )
