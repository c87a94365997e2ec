"""Live delivery of notes after commit: one emit per organisation room of the case.

Readers of a case differ by organisation (scopes `organisatie`, `medisch`, `leerplicht`),
so a note is rendered per organisation and sent to that organisation's room only.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import clock
from ..cases.models import Case
from ..core import policy
from ..extensions import socketio
from .models import Note
from .presence import viewers
from .queries import note_json


def case_org_room(case_id: int, org_id: int) -> str:
    return f"case:{case_id}:org:{org_id}"


def broadcast_note(session: Session, note: Note, case: Case) -> None:
    for org in policy.organisations_with_full_access(session, case):
        if policy.note_shown_to_org(note.scope, note.org_id, org):
            socketio.emit("note_created", note_json(note, org),
                          to=case_org_room(case.id, org.id))


def broadcast_presence(session: Session, case: Case) -> None:
    payload = {"case_id": case.id, "viewers": viewers(session, case.id, clock.now())}
    for org in policy.organisations_with_full_access(session, case):
        socketio.emit("presence", payload, to=case_org_room(case.id, org.id))
