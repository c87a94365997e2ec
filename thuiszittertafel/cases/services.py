"""What every case service shares: the history line, the open-case check, and taking part.

The rules themselves live per subject: intake.py (opening), participation.py (who takes
part, consent), regie.py (phase and regie), lifecycle.py (facts, blockers, closing) and
leerplicht.py (vrijstellingen, meldingen); who may do what is core/permissions.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from ..auth.models import User
from ..core.errors import Conflict
from ..escalation.model import EscalationModel
from ..organisations.models import Organisation
from .models import Case, CaseEvent, Participation


def record_event(
    session: Session, case: Case, actor: User | None, kind: str, description: str, now: datetime
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        at=now,
        actor_id=actor.id if actor else None,
        kind=kind,
        description=description,
    )
    session.add(event)
    return event


def require_open(case: Case) -> None:
    if not case.is_open:
        raise Conflict("Deze casus is gesloten; wijzigingen zijn niet meer mogelijk.")


def organisation(session: Session, org_id: int | None) -> Organisation | None:
    return session.get(Organisation, org_id) if org_id is not None else None


def ensure_participant(
    session: Session, case: Case, org: Organisation, today: date, contact: User | None = None
) -> Participation:
    """The organisation takes part (from today), with a contact person if none is set."""
    for p in case.participations:
        if p.org_id == org.id and p.ended_on is None:
            if contact is not None and p.contact_user_id is None:
                p.contact_user_id = contact.id
            return p
    p = Participation(
        case_id=case.id,
        org_id=org.id,
        started_on=today,
        contact_user_id=contact.id if contact else None,
    )
    p.organisation = org
    case.participations.append(p)
    session.add(p)
    return p


def phase_term(model: EscalationModel, phase: int, since: date, kind: str | None = None) -> date:
    """The last day of a phase entered on `since` (the case kind may have its own phases)."""
    return since + timedelta(days=model.phase(phase, kind).max_days)
