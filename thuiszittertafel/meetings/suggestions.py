"""The agenda builder's proposals: cases the chair may see that need a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.models import Case
from ..cases.vocabulary import THREE_MONTHS_DAYS
from ..core import policy

REASONS = {
    "escalated": "Opgeschaald",
    "three_months": "Drie maanden zonder onderwijs",
    "phase_term": "Fasetermijn verlopen",
    "agreements_overdue": "Afspraken over de termijn",
    "put_forward": "Voorgedragen door de opschaling",
    "keeps_returning": "Komt steeds terug",
}
# Discussed this often at earlier meetings (final minutes): "keeps coming back".
RETURNING = 2


@dataclass
class Suggestion:
    case: Case
    reasons: list[str]
    times_discussed: int

    @property
    def reason_labels(self) -> list[str]:
        return [REASONS[r] for r in self.reasons]


def suggestions(
    session: Session,
    actor: User,
    *,
    now: datetime,
    today: date,
    exclude_meeting_id: int | None = None,
    limit: int = 100,
) -> list[Suggestion]:
    """Open cases the actor may see in full, with why each needs a table; most urgent first."""
    from ..agreements.queries import agreement_past_due_exists
    from ..escalation.engine import PHASE_TERM, THREE_MONTHS
    from ..escalation.models import EscalationNotice
    from .models import AgendaItem, Meeting
    from .services import times_discussed

    put_forward = (
        select(EscalationNotice.id)
        .where(
            EscalationNotice.case_id == Case.id,
            EscalationNotice.rule.in_((THREE_MONTHS, PHASE_TERM)),
        )
        .exists()
    )
    returning = (
        select(AgendaItem.case_id)
        .join(Meeting)
        .where(Meeting.status == "final")
        .group_by(AgendaItem.case_id)
        .having(func.count() >= RETURNING)
    )
    conditions = {
        "escalated": Case.escalated.is_(True),
        "three_months": Case.absent_since <= today - timedelta(days=THREE_MONTHS_DAYS),
        "phase_term": Case.phase_due_on < today,
        "agreements_overdue": agreement_past_due_exists(now, today),
        "put_forward": put_forward,
    }
    stmt = (
        policy.visible_cases(actor)
        .with_only_columns(Case, *(c.label(name) for name, c in conditions.items()))
        .where(
            policy.case_full_access(actor),
            Case.status == "open",
            or_(*conditions.values(), Case.id.in_(returning)),
        )
    )
    if exclude_meeting_id is not None:
        stmt = stmt.where(
            ~Case.id.in_(
                select(AgendaItem.case_id).where(AgendaItem.meeting_id == exclude_meeting_id)
            )
        )
    rows = session.execute(stmt.order_by(Case.absent_since, Case.id)).all()
    counts = times_discussed(session, [row[0].id for row in rows])
    found = []
    for case, *flags in rows:
        reasons = [name for name, flag in zip(conditions, flags, strict=True) if flag]
        discussed = counts.get(case.id, 0)
        if discussed >= RETURNING:
            reasons.append("keeps_returning")
        if reasons:
            found.append(Suggestion(case, reasons, discussed))
    found.sort(key=lambda s: (-len(s.reasons), s.case.absent_since, s.case.id))
    return found[:limit]
