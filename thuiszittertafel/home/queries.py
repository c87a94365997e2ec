"""Read side of the start page. Every statement starts from the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from ..auth.models import Role, User
from ..cases import law
from ..cases.models import Case, Pupil
from ..cases.vocabulary import FOUR_WEEKS_DAYS, THREE_MONTHS_DAYS
from ..core import policy
from ..notifications.models import Notification
from ..notifications.services import own_and_still_visible
from ..organisations.models import Organisation, OrgKind, organisation_municipalities

LIST_LIMIT = 25
COMING_DAYS = 14


def view_for(actor: User) -> str:
    """Which overview the actor starts on."""
    kind = actor.organisation.kind
    if kind == OrgKind.leerplicht:
        return "leerplicht"
    if kind == OrgKind.swv and actor.has_role(Role.coordinator):
        return "swv"
    if kind == OrgKind.school and actor.has_role(Role.coordinator):
        return "school"
    return "worker"


def _open_cases(actor: User):
    return (
        policy.visible_cases(actor)
        .where(Case.status == "open")
        .options(selectinload(Case.lead_org))
    )


def _cases(session: Session, stmt) -> list[tuple[Case, str]]:
    return [(c, a) for c, a in session.execute(stmt.limit(LIST_LIMIT)).all()]


def _count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def unread_mentions(session: Session, actor: User) -> list[Notification]:
    stmt = (
        select(Notification)
        .where(
            own_and_still_visible(actor),  # no mention of a case the actor no longer sees
            Notification.kind == "mention",
            Notification.read_at.is_(None),
        )
        .order_by(Notification.id.desc())
        .limit(10)
    )
    return list(session.scalars(stmt))


def open_agreements(session: Session, actor: User) -> list | None:
    """The actor's open agreements (agreements domain), or None while it is absent."""
    # --- open agreements: provided by the agreements domain -------------------------
    try:
        from ..agreements.queries import my_agreements
    except ImportError:  # the agreements domain is not installed
        return None
    return my_agreements(session, actor)[:10]


@dataclass
class Bucket:
    """A counted list of cases: `total` may exceed the cases shown."""

    total: int
    cases: list[tuple[Case, str]] = field(default_factory=list)


def _bucket(session: Session, stmt) -> Bucket:
    return Bucket(_count(session, stmt), _cases(session, stmt))


def school_overview(session: Session, actor: User, today: date) -> dict[str, Bucket]:
    """The zorgcoördinator: the school's open cases, longest at home first."""
    base = _open_cases(actor).where(Case.school_org_id == actor.org_id)
    return {
        "open": _bucket(session, base.order_by(Case.absent_since, Case.id)),
        "three_months": _bucket(
            session,
            base.where(
                law.thuiszitter_condition(today),
                Case.absent_since <= today - timedelta(days=THREE_MONTHS_DAYS),
            ).order_by(Case.absent_since, Case.id),
        ),
        "overdue": _bucket(
            session, base.where(Case.phase_due_on < today).order_by(Case.phase_due_on, Case.id)
        ),
        "escalated": _bucket(
            session, base.where(Case.escalated.is_(True)).order_by(Case.absent_since, Case.id)
        ),
    }


@dataclass
class PhaseRow:
    phase: int
    lead_org_id: int | None
    lead_name: str
    cases: int
    overdue: int
    longest_in_phase: int


def regie_overview(session: Session, actor: User, today: date) -> list[PhaseRow]:
    """The SWV coordinator: open cases of the SWV region per phase and regie organisation,
    with how many are past their term and the longest time in the phase."""
    visible = (
        policy.visible_cases(actor)
        .where(Case.status == "open", Case.swv_org_id == actor.org_id)
        .with_only_columns(Case.id)
        .scalar_subquery()
    )
    stmt = (
        select(
            Case.phase,
            Case.lead_org_id,
            Organisation.name,
            func.count(),
            func.sum(case((Case.phase_due_on < today, 1), else_=0)),
            func.min(Case.phase_since),
        )
        .outerjoin(Organisation, Organisation.id == Case.lead_org_id)
        .where(Case.id.in_(visible))
        .group_by(Case.phase, Case.lead_org_id, Organisation.name)
        .order_by(Case.phase, Organisation.name)
    )
    return [
        PhaseRow(
            phase,
            org_id,
            name or "Niemand",
            n,
            int(overdue or 0),
            (today - since).days if since else 0,
        )
        for phase, org_id, name, n, overdue, since in session.execute(stmt)
    ]


def swv_escalations(session: Session, actor: User) -> Bucket:
    stmt = (
        _open_cases(actor)
        .where(Case.swv_org_id == actor.org_id, Case.escalated.is_(True))
        .order_by(Case.phase_due_on, Case.id)
    )
    return _bucket(session, stmt)


def term_watch(session: Session, actor: User, today: date) -> dict[str, Bucket]:
    """Leerplicht: terms and clocks of open cases in its municipalities."""
    served = select(organisation_municipalities.c.municipality_id).where(
        organisation_municipalities.c.organisation_id == actor.org_id
    )
    base = _open_cases(actor).where(Pupil.municipality_id.in_(served))
    four = today - timedelta(days=FOUR_WEEKS_DAYS)
    three = today - timedelta(days=THREE_MONTHS_DAYS)
    return {
        "overdue": _bucket(
            session, base.where(Case.phase_due_on < today).order_by(Case.phase_due_on, Case.id)
        ),
        "coming": _bucket(
            session,
            base.where(
                Case.phase_due_on >= today, Case.phase_due_on <= today + timedelta(days=COMING_DAYS)
            ).order_by(Case.phase_due_on, Case.id),
        ),
        # reaching 4 weeks within 7 days (not yet a thuiszitter: act before it is one)
        "four_weeks_soon": _bucket(
            session,
            base.where(
                law.verzuim_condition(),
                Case.school_org_id.is_not(None),
                Case.absent_since > four,
                Case.absent_since <= four + timedelta(days=7),
            ).order_by(Case.absent_since, Case.id),
        ),
        # reaching 3 months within 14 days: the Thuiszitterspact norm
        "three_months_soon": _bucket(
            session,
            base.where(
                law.verzuim_condition(),
                Case.absent_since > three,
                Case.absent_since <= three + timedelta(days=COMING_DAYS),
            ).order_by(Case.absent_since, Case.id),
        ),
        "three_months": _bucket(
            session,
            base.where(law.thuiszitter_condition(today), Case.absent_since <= three).order_by(
                Case.absent_since, Case.id
            ),
        ),
    }
