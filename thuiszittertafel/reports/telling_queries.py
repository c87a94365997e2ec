"""Read side of the leerplichttelling beside the law's cases (verzuim.py): vrijstellingen,
verzuimmeldingen and consultations of one period, over what the actor may see."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from ..auth.models import User
from ..cases import law
from ..cases.models import AbsenceReport, Case, EnforcementStep, Exemption
from ..consultations.models import Consultation
from ..consultations.queries import consultation_visible
from ..core import policy
from .verzuim import local_midnight, pupil_columns


def _joined(session: Session, actor: User, municipality_ids, table, where, columns):
    """Rows of `table` (an alias: the policy has EXISTS over some tables of its own) on
    visible cases in the municipalities, with the case, access reason and pupil."""
    stmt = (
        policy.visible_cases(actor)
        .where(Case.municipality_id.in_(list(municipality_ids)))
        .join(table, table.case_id == Case.id)
        .where(*where)
        .with_only_columns(
            *columns,
            Case.id.label("case_id"),
            policy.case_access(actor).label("access"),
            *pupil_columns(),
        )
        .order_by(table.id)
    )
    return session.execute(stmt).all()


def exemptions(session: Session, actor: User, first: date, last: date, municipality_ids):
    """Granted vrijstellingen touching [first, last] on visible cases, with their pupil."""
    e = aliased(Exemption)
    where = (
        e.decision.in_(law.GRANTED),
        e.starts_on <= last,
        or_(e.ends_on.is_(None), e.ends_on >= first),
    )
    columns = (e.id, e.article, e.starts_on, e.ends_on, e.decision)
    return _joined(session, actor, municipality_ids, e, where, columns)


def absence_reports(session: Session, actor: User, first: date, last: date, municipality_ids):
    """Verzuimmeldingen dated in [first, last] on visible cases, with their pupil."""
    r = aliased(AbsenceReport)
    where = (r.reported_on >= first, r.reported_on <= last)
    return _joined(session, actor, municipality_ids, r, where, (r.id, r.type, r.reported_on))


def enforcement_steps(session: Session, actor: User, first: date, last: date, municipality_ids):
    """Handhaving dated in [first, last] on visible cases (the caller: leerplicht only)."""
    e = aliased(EnforcementStep)
    where = (e.taken_on >= first, e.taken_on <= last)
    columns = (e.id, e.step, e.pv_type, e.taken_on)
    return _joined(session, actor, municipality_ids, e, where, columns)


def consultations(session: Session, actor: User, first: date, last: date, municipality_ids):
    """The actor's consultations opened in [first, last] (local days) in the municipalities."""
    stmt = (
        select(
            Consultation.id,
            Consultation.municipality_id,
            Consultation.age,
            Consultation.education_type,
            Consultation.status,
            Consultation.created_at,
        )
        .where(
            consultation_visible(actor),
            Consultation.municipality_id.in_(list(municipality_ids)),
            Consultation.created_at >= local_midnight(first),
            Consultation.created_at < local_midnight(last + timedelta(days=1)),
        )
        .order_by(Consultation.id)
    )
    return session.execute(stmt).all()


def cases_by_id(session: Session, actor: User, ids) -> dict[int, tuple[Case, str]]:
    """The visible cases among `ids`, with the access reason (for a drill-down list)."""
    if not ids:
        return {}
    stmt = policy.visible_cases(actor, few=True).where(Case.id.in_(list(ids)))
    return {case.id: (case, access) for case, access in session.execute(stmt)}
