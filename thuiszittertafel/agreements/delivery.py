"""Live `agreement_updated` (DESIGN §8) for every committed change to an agreement.

As for `case_updated` (cases/live.py), a flush listener notes which agreements changed —
the agreement row, an occurrence, a term change — so no route or service has to remember
to announce them. Just before the real commit each changed agreement goes, as the API
returns it, to its case's rooms in the after-commit outbox: rolled-back work is never
announced, and a participation ended in the same transaction no longer hears.
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..core import policy
from ..extensions import socketio
from ..notifications import outbox
from ..rooms import case_room
from .models import Agreement, AgreementOccurrence, TermChange
from .queries import agreement_json

_KEY = "agreement_changes"


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context) -> None:
    changed = session.info.setdefault(_KEY, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Agreement):
            if obj in session.new or session.is_modified(obj, include_collections=False):
                changed.add(obj.id)
        elif isinstance(obj, AgreementOccurrence | TermChange):
            changed.add(obj.agreement_id)


@event.listens_for(Session, "before_commit")
def _queue(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT: wait for the real commit
        return
    session.flush()  # what is still pending is part of this commit too
    changed = session.info.pop(_KEY, None)
    if not changed or socketio.server is None:  # CLI work without sockets
        return
    agreements = session.scalars(
        select(Agreement).where(Agreement.id.in_(sorted(changed))).order_by(Agreement.id)
    ).all()
    audiences: dict[int, list] = {}
    for agreement in agreements:
        if agreement.case_id not in audiences:
            case = session.get(Case, agreement.case_id)
            audiences[agreement.case_id] = policy.live_audience(session, case) if case else []
        payload = agreement_json(agreement)
        for org, reasons in audiences[agreement.case_id]:
            rooms = [case_room(agreement.case_id, org.id, r) for r in reasons]
            outbox.push_event(session, "agreement_updated", payload, rooms)
    session.info.pop(_KEY, None)  # the audience queries flushed nothing new


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_KEY, None)
