"""Live consultation events, queued in the after-commit outbox: every member sees every
message, so one room suffices."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..notifications import outbox
from ..rooms import consultation_room
from .models import Consultation, ConsultationMessage
from .queries import message_json


def queue_message(session: Session, message: ConsultationMessage) -> None:
    outbox.push_event(
        session,
        "consultation_message",
        message_json(message),
        consultation_room(message.consultation_id),
    )


def queue_status(session: Session, consultation: Consultation) -> None:
    """Closed or converted: open pages stop their composer (and link to the case)."""
    outbox.push_event(
        session,
        "consultation_status",
        {
            "consultation_id": consultation.id,
            "status": consultation.status,
            "case_id": consultation.case_id,
        },
        consultation_room(consultation.id),
    )
