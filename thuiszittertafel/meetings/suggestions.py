"""The agenda builder's proposals: cases the chair may see that need a table."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ..agreements.queries import agreement_past_due_exists
from ..auth.models import User
from ..cases.models import Case
from ..cases.vocabulary import THREE_MONTHS_DAYS
from ..core import policy
from ..escalation.engine import PHASE_TERM, THREE_MONTHS
from ..escalation.models import EscalationNotice
from .models import AgendaItem, Meeting

REASONS = {
    "escalated": "Opgeschaald",
    "three_months": "Drie maanden zonder onderwijs",
    "phase_term": "Fasetermijn verlopen",
    "agreements_overdue": "Afspraken over de termijn",
    "put_forward": "Voorgedragen door de opschaling",
    "keeps_returning": "Komt steeds terug",
    "not_discussed": "Niet besproken in een vorig overleg",
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
    """Open cases the actor may see in full, with why each needs a table; most urgent first.

    One statement ranks and limits in the database, a second loads the cases it kept: the
    candidates are never loaded (selecting the cases themselves in the ranking built their
    joined pupils, schools and gemeenten for each of leerplicht's ~10,000 candidates at 1M
    cases before the sort), and no parameter is bound per candidate (PostgreSQL refuses
    more than 65,535 of them)."""
    put_forward = (
        select(EscalationNotice.id)
        .where(
            EscalationNotice.case_id == Case.id,
            EscalationNotice.rule.in_((THREE_MONTHS, PHASE_TERM)),
        )
        .exists()
    )
    # How often each case was discussed at meetings with final minutes (a small table).
    discussed = (
        select(AgendaItem.case_id, func.count().label("times"))
        .join(Meeting)
        .where(Meeting.status == "final", AgendaItem.not_discussed_reason.is_(None))
        .group_by(AgendaItem.case_id)
        .subquery()
    )
    times = func.coalesce(discussed.c.times, 0)
    # Not discussed at a final meeting and on no later agenda yet (carried over): one
    # uncorrelated list of case ids, computed once.
    later = aliased(AgendaItem)
    skipped = Case.id.in_(
        select(AgendaItem.case_id)
        .join(Meeting)
        .where(
            Meeting.status == "final",
            AgendaItem.not_discussed_reason.is_not(None),
            ~select(later.id).where(later.carried_from_id == AgendaItem.id).exists(),
        )
    )
    conditions = {
        "escalated": Case.escalated.is_(True),
        "three_months": Case.absent_since <= today - timedelta(days=THREE_MONTHS_DAYS),
        "phase_term": Case.phase_due_on < today,
        "agreements_overdue": agreement_past_due_exists(now, today),
        "put_forward": put_forward,
        "keeps_returning": times >= RETURNING,
        "not_discussed": skipped,
    }
    ones = {name: case((c, 1), else_=0) for name, c in conditions.items()}
    # Each reason is computed once per candidate, in a fenced subquery (OFFSET 0), and the
    # ranking filters and sorts on the results: written as one statement the reasons were
    # tested in the WHERE and again for the sort, each hashed list (the escalation
    # notices, ~80,000 at 100k cases) built twice.
    candidates = (
        policy.visible_cases(actor, pupil=False)
        .with_only_columns(
            Case.id,
            Case.absent_since,
            times.label("times"),
            *(one.label(name) for name, one in ones.items()),
        )
        .outerjoin(discussed, discussed.c.case_id == Case.id)
        .where(policy.case_full_access(actor), Case.status == "open")
    )
    if exclude_meeting_id is not None:
        candidates = candidates.where(
            ~Case.id.in_(
                select(AgendaItem.case_id).where(AgendaItem.meeting_id == exclude_meeting_id)
            )
        )
    c = candidates.offset(0).subquery()
    flags = [c.c[name] for name in conditions]
    reason_count = reduce(operator.add, flags)
    rows = session.execute(
        select(c.c.id, c.c.times, *flags)
        .where(reason_count > 0)
        .order_by(reason_count.desc(), c.c.absent_since, c.c.id)
        .limit(limit)
    ).all()
    ids = [case_id for case_id, *_ in rows]
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))} if ids else {}
    return [
        Suggestion(
            cases[case_id],
            [name for name, flag in zip(conditions, flags_, strict=True) if flag],
            times_,
        )
        for case_id, times_, *flags_ in rows
        if case_id in cases  # gone since the ranking (a deleted test case): left out
    ]
