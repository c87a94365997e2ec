"""Live notes and presence, queued in the after-commit outbox (never for rolled-back work).

Readers of a case differ by organisation (scopes `organisatie`, `medisch`, `leerplicht`)
and by why they may read it, so a socket joins one room per (case, organisation, access
reason) and each note is rendered per organisation and sent to the rooms whose reason
still holds: when a participation ends, its room stops receiving at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core import policy
from ..notifications import outbox
from ..rooms import case_room
from .models import Note
from .presence import viewers
from .queries import note_json


def queue_note(session: Session, note: Note, case: Case) -> None:
    """`note_created` to every room that may read the note, once this transaction commits;
    each organisation gets the note as it may read it (a medical note's summary only)."""
    for org, reasons in policy.live_audience(session, case):
        if policy.note_shown_to_org(note.scope, note.org_id, org):
            outbox.push_event(
                session,
                "note_created",
                note_json(note, org),
                [case_room(case.id, org.id, r) for r in reasons],
            )


def queue_presence(session: Session, case_id: int, now: datetime) -> None:
    """Who has the case open, to everyone following it, once this transaction commits."""
    case = session.get(Case, case_id)
    if case is None:
        return
    payload = {"case_id": case.id, "viewers": viewers(session, case.id, now)}
    for org, reasons in policy.live_audience(session, case):
        outbox.push_event(
            session, "presence", payload, [case_room(case.id, org.id, r) for r in reasons]
        )
