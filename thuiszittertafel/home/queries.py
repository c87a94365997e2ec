"""Read side of the start page. Every statement starts from the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from .. import clock
from ..agreements.queries import owned_agreement_keys, owned_agreements, past_due
from ..auth.models import Role, User
from ..cases import law
from ..cases.models import AbsenceReport, Case, RegieProposal
from ..cases.vocabulary import FOUR_WEEKS_DAYS, THREE_MONTHS_DAYS
from ..core import permissions, policy
from ..core.listing import counted_lists
from ..meetings.models import AgendaItem, Meeting, meeting_attendees
from ..notifications.models import Notification
from ..notifications.queries import own_and_still_visible
from ..organisations.models import Organisation, OrgKind

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


def _open_cases(actor: User, *, own_gemeenten: bool = False):
    # No condition of the start page reads the pupil (the law's age test reads the case's
    # copy); a loaded case brings its pupil.
    return (
        policy.visible_cases(actor, pupil=False, own_gemeenten=own_gemeenten)
        .where(Case.status == "open")
        .options(selectinload(Case.lead_org))
    )


def _count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def unread_mentions(session: Session, actor: User) -> list[Notification]:
    stmt = (
        select(Notification)
        .where(
            # No mention of a case the actor no longer sees, not even by its number.
            own_and_still_visible(actor),
            Notification.kind == "mention",
            Notification.read_at.is_(None),
        )
        .order_by(Notification.id.desc())
        .limit(10)
    )
    return list(session.scalars(stmt))


@dataclass
class Bucket:
    """A counted list of cases: `total` may exceed the cases shown."""

    total: int
    cases: list[tuple[Case, str]] = field(default_factory=list)


def _buckets(session: Session, base, wanted: dict[str, tuple]) -> dict[str, Bucket]:
    """Several counted lists of the same cases, by name: (condition or None, order)."""
    counted = counted_lists(session, base, Case.id, list(wanted.values()), limit=LIST_LIMIT)
    return {
        name: Bucket(total, first) for name, (total, first) in zip(wanted, counted, strict=True)
    }


def school_overview(session: Session, actor: User, today: date) -> dict[str, Bucket]:
    """The zorgcoördinator: the school's open cases, longest at home first."""
    base = _open_cases(actor).where(Case.school_org_id == actor.org_id)
    longest = (Case.absent_since, Case.id)
    three_months = law.thuiszitter_condition(today) & (
        Case.absent_since <= today - timedelta(days=THREE_MONTHS_DAYS)
    )
    return _buckets(
        session,
        base,
        {
            "open": (None, longest),
            "three_months": (three_months, longest),
            "overdue": (Case.phase_due_on < today, (Case.phase_due_on, Case.id)),
            "escalated": (Case.escalated.is_(True), longest),
            "clocks": (_clocks_condition(today), longest),
        },
    )


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
        policy.visible_cases(actor, pupil=False)
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


def swv_overview(session: Session, actor: User, today: date) -> dict[str, Bucket]:
    """The SWV coordinator: escalated cases of the region, and those reaching four weeks
    or three months at home this week."""
    base = _open_cases(actor).where(Case.swv_org_id == actor.org_id)
    return _buckets(
        session,
        base,
        {
            "escalations": (Case.escalated.is_(True), (Case.phase_due_on, Case.id)),
            "clocks": (_clocks_condition(today), (Case.absent_since, Case.id)),
        },
    )


def term_watch(session: Session, actor: User, today: date) -> dict[str, Bucket]:
    """Leerplicht: terms and clocks of open cases in its municipalities."""
    base = _open_cases(actor, own_gemeenten=True)
    four = today - timedelta(days=FOUR_WEEKS_DAYS)
    three = today - timedelta(days=THREE_MONTHS_DAYS)
    by_term = (Case.phase_due_on, Case.id)
    longest = (Case.absent_since, Case.id)
    return _buckets(
        session,
        base,
        {
            "overdue": (Case.phase_due_on < today, by_term),
            "coming": (
                (Case.phase_due_on >= today)
                & (Case.phase_due_on <= today + timedelta(days=COMING_DAYS)),
                by_term,
            ),
            # reaching 4 weeks within 7 days (not yet a thuiszitter: act before it is one)
            "four_weeks_soon": (
                law.verzuim_condition()
                & Case.school_org_id.is_not(None)
                & (Case.absent_since > four)
                & (Case.absent_since <= four + timedelta(days=7)),
                longest,
            ),
            # reaching 3 months within 14 days: the Thuiszitterspact norm
            "three_months_soon": (
                law.verzuim_condition()
                & (Case.absent_since > three)
                & (Case.absent_since <= three + timedelta(days=COMING_DAYS)),
                longest,
            ),
            "three_months": (
                law.thuiszitter_condition(today) & (Case.absent_since <= three),
                longest,
            ),
        },
    )


# --- what needs the actor today, whatever their role ----------------------------------

NEAR_DAYS = 7


@dataclass
class Rows:
    """A counted list of (thing, case, access) rows: `total` may exceed the rows shown."""

    total: int
    rows: list = field(default_factory=list)


def my_terms(session: Session, actor: User, now) -> dict[str, Rows]:
    """The actor's open agreements on open visible cases: past their term, and due within
    a week (agreements owned by them, or by their organisation without a named owner)."""
    today = clock.local(now).date()
    # Both lists end within a week: an agreement due later is in neither, and is not read.
    week = now + timedelta(days=NEAR_DAYS)

    def terms(owned, its_case):
        return (
            policy.visible_cases(actor, pupil=False)  # loaded cases bring their pupil
            .add_columns(owned)
            .join(owned, its_case == Case.id)
            .where(Case.status == "open")
        )

    # Counted from the owned agreements' keys, the page loaded by id (counted_lists).
    owned_keys = owned_agreement_keys(actor, "open", due_before=week)
    keys = owned_keys.c
    by_id = owned_agreements(actor, "open", due_before=week)
    by_term = (keys.due_at, keys.id)
    near = (keys.due_at >= now) & (keys.due_at < week)
    overdue, coming = counted_lists(
        session,
        terms(owned_keys, keys.case_id),
        keys.id,
        [(past_due(now, today, keys), by_term), (near, by_term)],
        limit=LIST_LIMIT,
        load=(terms(by_id, by_id.case_id), by_id.id),
    )
    return {"overdue": Rows(*overdue), "near": Rows(*coming)}


def regie_to_answer(session: Session, actor: User) -> list:
    """Open regie proposals to the actor's organisation that the actor may answer
    (the permission table decides: its coordinators)."""
    stmt = (
        policy.visible_cases(actor, pupil=False)  # loaded cases bring their pupil
        .add_columns(RegieProposal)
        .join(RegieProposal, RegieProposal.case_id == Case.id)
        .where(
            Case.status == "open",
            RegieProposal.status == "open",
            RegieProposal.org_id == actor.org_id,
        )
        .order_by(RegieProposal.proposed_at, RegieProposal.id)
        .limit(LIST_LIMIT)
    )
    return [
        (proposal, case_, access)
        for case_, access, proposal in session.execute(stmt)
        if permissions.may(actor, "regie.answer", case_, access, proposal)
    ]


def new_reports(session: Session, actor: User, today: date) -> Rows:
    """Leerplicht: verzuimmeldingen of the last two weeks on cases it supervises."""
    stmt = (
        # Loaded cases bring their pupil.
        policy.visible_cases(actor, pupil=False, own_gemeenten=True)
        .add_columns(AbsenceReport)
        .join(AbsenceReport, AbsenceReport.case_id == Case.id)
        .where(AbsenceReport.reported_on >= today - timedelta(days=COMING_DAYS))
    )
    order = (AbsenceReport.reported_on.desc(), AbsenceReport.id.desc())
    ((total, rows),) = counted_lists(
        session, stmt, AbsenceReport.id, [(None, order)], limit=LIST_LIMIT
    )
    return Rows(total, rows)


def own_cases(session: Session, actor: User, today: date) -> dict[str, Bucket]:
    """Open cases the actor's organisation takes part in, and those of them reaching four
    weeks or three months at home within a week (the law decides which count)."""
    base = _open_cases(actor).where(policy.case_access(actor) == policy.PARTICIPANT)
    longest = (Case.absent_since, Case.id)
    return _buckets(
        session, base, {"open": (None, longest), "clocks": (_clocks_condition(today), longest)}
    )


def _clocks_condition(today: date):
    """Open cases reaching four weeks or three months at home within a week (the law
    decides which absence counts)."""
    week = timedelta(days=7)
    four = today - timedelta(days=FOUR_WEEKS_DAYS)
    three = today - timedelta(days=THREE_MONTHS_DAYS)
    return law.verzuim_condition() & (
        ((Case.absent_since > four) & (Case.absent_since <= four + week))
        | ((Case.absent_since > three) & (Case.absent_since <= three + week))
    )


@dataclass
class NextMeeting:
    meeting: object
    items: list  # (agenda item, case, access): the first LIST_LIMIT the actor may see
    total: int  # how many agenda items the actor may see


def next_meeting(session: Session, actor: User, now) -> NextMeeting | None:
    """The first meeting from today on that the actor chairs or attends, with the agenda
    items whose case they may see (the policy decides, and how much)."""
    attends = (
        select(meeting_attendees.c.meeting_id)
        .where(meeting_attendees.c.user_id == actor.id)
        .scalar_subquery()
    )
    day_start = now - timedelta(hours=12)
    meeting = session.scalar(
        select(Meeting)
        .where(
            Meeting.status != "final",
            Meeting.starts_at >= day_start,
            or_(Meeting.chair_user_id == actor.id, Meeting.id.in_(attends)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    if meeting is None:
        return None
    item = aliased(AgendaItem)  # the policy's rule 4 has a subquery on agenda_items
    stmt = (
        policy.visible_cases(actor, pupil=False)  # loaded cases bring their pupil
        .add_columns(item)
        .join(item, item.case_id == Case.id)
        .where(item.meeting_id == meeting.id)
        .order_by(item.position)
    )
    rows = session.execute(stmt.limit(LIST_LIMIT)).all()
    items = [(item, case_, access) for case_, access, item in rows]
    # A thuiszitterstafel after a catch-up pass can hold thousands of escalated cases: the
    # start page names the first ones and the count, the meeting page has them all.
    return NextMeeting(meeting, items, _count(session, stmt))
