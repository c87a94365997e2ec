"""Live delivery after commit: every member sees every message, so one room suffices."""

from __future__ import annotations

from ..extensions import socketio
from ..rooms import consultation_room
from .models import Consultation, ConsultationMessage
from .queries import message_json


def broadcast_message(message: ConsultationMessage) -> None:
    socketio.emit(
        "consultation_message", message_json(message), to=consultation_room(message.consultation_id)
    )


def broadcast_status(consultation: Consultation) -> None:
    """Closed or converted: open pages stop their composer (and link to the case)."""
    socketio.emit(
        "consultation_status",
        {
            "consultation_id": consultation.id,
            "status": consultation.status,
            "case_id": consultation.case_id,
        },
        to=consultation_room(consultation.id),
    )
