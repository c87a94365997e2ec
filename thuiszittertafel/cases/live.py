"""Live `case_updated {case_id, what}` (DESIGN §8): every committed change to a case.

A flush listener notes which part of which case changed — by table, and for the case row
by column — so no service has to remember to announce anything. Just before the real commit
the audience is read as the transaction leaves it (a participation ended here no longer
hears) and the events go into the after-commit outbox (notifications/outbox.py): rolled-back
work is never announced. The payload names the part only; an open page fetches that part
again through a route that checks access (`cases.parts`).
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..agreements.models import Agreement
from ..core import policy
from ..extensions import socketio
from ..notifications import outbox
from ..rooms import case_room
from .models import Case

_KEY = "case_changes"

# What changed, as the event names it, by the table of the changed row.
WHAT_BY_TABLE = {
    "agreements": "afspraken",
    "participations": "betrokkenen",
    "consents": "toestemming",
    "exemptions": "vrijstellingen",
    "absence_reports": "verzuimmeldingen",
    "parties": "partijen",
    "regie_proposals": "regie",
    "blockers": "belemmeringen",
}
# Rows that belong to an agreement, not directly to a case.
_AGREEMENT_ROWS = ("agreement_occurrences", "agreement_term_changes")
# The case row by column; any other column changed is "casus" (the whole page).
WHAT_BY_CASE_COLUMN = {
    "phase": "fase",
    "phase_since": "fase",
    "phase_due_on": "fase",
    "escalated": "fase",
    "lead_org_id": "regie",
    "lead_user_id": "regie",
    "status": "afsluiting",
    "closed_at": "afsluiting",
    "outcome": "afsluiting",
    "education_resumed_on": "afsluiting",
}
WHATS = (*sorted(set(WHAT_BY_TABLE.values()) | set(WHAT_BY_CASE_COLUMN.values())), "casus")


def _case_whats(case_) -> set[str]:
    state = inspect(case_)
    return {
        WHAT_BY_CASE_COLUMN.get(attr.key, "casus")
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    }


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context) -> None:
    changes = session.info.setdefault(_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table == "cases":
            # A new case has nobody following it yet.
            if obj not in session.new and session.is_modified(obj, include_collections=False):
                changes.update((obj.id, what) for what in _case_whats(obj))
        elif table in WHAT_BY_TABLE:
            changes.add((obj.case_id, WHAT_BY_TABLE[table]))
        elif table in _AGREEMENT_ROWS:
            changes.add((("agreement", obj.agreement_id), "afspraken"))


@event.listens_for(Session, "before_commit")
def _queue(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT: wait for the real commit
        return
    session.flush()  # what is still pending is part of this commit too
    changes = session.info.pop(_KEY, None)
    if not changes or socketio.server is None:  # CLI work without sockets
        return
    by_case: dict[int, set[str]] = {}
    for key, what in changes:
        if isinstance(key, tuple):
            agreement = session.get(Agreement, key[1])
            key = agreement.case_id if agreement is not None else None
        if key is not None:
            by_case.setdefault(key, set()).add(what)
    for case_id, whats in sorted(by_case.items()):
        case_ = session.get(Case, case_id)
        if case_ is None:
            continue
        rooms = [
            case_room(case_id, org.id, reason)
            for org, reasons in policy.live_audience(session, case_)
            for reason in reasons
        ]
        if not rooms:
            continue
        for what in sorted(whats):
            outbox.push_event(session, "case_updated", {"case_id": case_id, "what": what}, rooms)
    session.info.pop(_KEY, None)  # the audience queries flushed nothing new


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_KEY, None)
