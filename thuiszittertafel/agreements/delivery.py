"""Live `agreement_updated` after commit, to the case's rooms (the same audience as notes)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core import policy
from ..extensions import socketio
from ..rooms import case_room
from .models import Agreement
from .queries import agreement_json


def broadcast_agreement(session: Session, agreement: Agreement, case: Case) -> None:
    payload = agreement_json(agreement)
    for org, reasons in policy.live_audience(session, case):
        socketio.emit(
            "agreement_updated", payload, to=[case_room(case.id, org.id, r) for r in reasons]
        )
