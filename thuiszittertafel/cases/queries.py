"""Read side of cases: every statement starts from the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select, true, union_all
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql.util import find_tables

from .. import clock
from ..agreements.queries import agreement_past_due_exists, earliest
from ..auth.models import User
from ..core import policy
from ..core.errors import NotFound, ValidationFailed
from ..organisations.models import Municipality, Organisation
from . import law, pupils
from .filters import CaseFilters
from .models import (
    AbsenceReport,
    Blocker,
    Case,
    CaseEvent,
    Consent,
    Exemption,
    Participation,
    Pupil,
)


@dataclass
class CasePage:
    rows: list[tuple[Case, str]]
    total: int
    filters: CaseFilters

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


def _filtered(actor: User, f: CaseFilters, today: date, *, pupil: bool = True):
    """The visible cases with the table's filters; the pupils joined when `pupil` or when a
    filter reads them."""
    conditions = _conditions(actor, f, today)
    pupil = pupil or _reads_pupil(conditions)
    return policy.visible_cases(actor, pupil=pupil).where(*conditions)


def _conditions(actor: User, f: CaseFilters, today: date) -> list[ColumnElement[bool]]:
    """The table's filters as conditions on a case joined with its pupil."""
    conditions: list[ColumnElement[bool]] = []
    if f.status != "all":
        conditions.append(Case.status == f.status)
    if f.kind:
        conditions.append(Case.kind == f.kind)
    if f.phase is not None:
        conditions.append(Case.phase == f.phase)
    if f.lead_org_id is not None:
        conditions.append(Case.lead_org_id == f.lead_org_id)
    # A case seen only for a meeting shows neither school nor gemeente: filtering on them
    # would tell, so these filters hold only where the actor may read the whole file.
    if f.school_org_id is not None:
        conditions.append(policy.case_full_access(actor) & (Case.school_org_id == f.school_org_id))
    if f.municipality:
        named = select(Municipality.id).where(
            func.lower(Municipality.name) == f.municipality.lower()
        )
        conditions.append(policy.case_full_access(actor) & Case.municipality_id.in_(named))
    if f.mine:
        # One list of ids, each side found by its index: under OR beside a list PostgreSQL
        # guessed half the table and tested every case (a school's "mijn casussen" at 1M
        # cases: 546 ms to count its 1,019).
        mine = union_all(
            select(Case.id).where(Case.lead_user_id == actor.id).correlate(None),
            select(Participation.case_id)
            .where(Participation.contact_user_id == actor.id, Participation.ended_on.is_(None))
            .correlate(None),
        )
        conditions.append(Case.id.in_(mine))
    if f.overdue:
        conditions.append(overdue_condition(today))
    if f.thuiszitter:
        conditions.append(law.thuiszitter_condition(today))
    if f.q:
        # Name search only over cases whose name the actor may read (never meeting access).
        # Both sides folded alike (pupils.search_key): 'ozturk' finds 'Öztürk' everywhere.
        key = pupils.search_key(f.q)
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(policy.case_full_access(actor))
        conditions.append(Case.search_name.like(f"%{escaped}%", escape="\\"))
    return conditions


def overdue_condition(today: date) -> ColumnElement[bool]:
    """An open case with a term that has passed ("termijn verlopen"): its phase term, or an
    open agreement past its term and not paused; an escalated case counts too."""
    now = clock.now()
    return (Case.status == "open") & or_(
        Case.phase_due_on < today, Case.escalated.is_(True), agreement_past_due_exists(now, today)
    )


def _order(stmt, actor: User, f: CaseFilters, prefer_org_id: int | None):
    lead = aliased(Organisation)
    school = aliased(Organisation)
    full = policy.case_full_access(actor)

    def shown(column):
        """What a row shows orders it: under meeting access name, school and gemeente
        are not shown, so those rows fall back to the case number."""
        return sql_case((full, column), else_=None)

    order = []
    if prefer_org_id is not None:
        order.append((Case.school_org_id == prefer_org_id).desc())
    match f.sort:
        case "days_absent":
            order += [Case.absent_since.asc()]
        case "-days_absent":
            order += [Case.absent_since.desc()]
        case "name":  # Dutch list order, from the case's copy (pupils.sort_name)
            name = shown(Case.sort_name)
            order += [name.is_(None), name]
        case "next_term":  # the phase term or an open agreement's, whichever is first
            term = earliest(Case.phase_due_on, Case.next_due_at)
            order += [term.is_(None), term.asc()]
        case "phase":
            order += [Case.phase.desc(), Case.absent_since.asc()]
        case "lead":
            stmt = stmt.outerjoin(lead, lead.id == Case.lead_org_id)
            order += [lead.name.is_(None), lead.name, Case.phase.desc()]
        case "municipality":
            stmt = stmt.join(Municipality, Municipality.id == Case.municipality_id)
            order += [shown(Municipality.name).is_(None), shown(Municipality.name)]
            order += [Case.absent_since.asc()]
        case "school":
            stmt = stmt.outerjoin(school, school.id == Case.school_org_id)
            order += [shown(school.name).is_(None), shown(school.name), Case.absent_since.asc()]
        case "-id":
            order += [Case.id.desc()]
    return stmt.order_by(*order, Case.id)


def _reads_pupil(conditions: list[ColumnElement[bool]]) -> bool:
    """A filter reads the pupil record (the law's age test of "thuiszitter"; the name
    search reads the case's copy): only then must a count or a grouping join the pupils."""
    return any(Pupil.__table__ in find_tables(c, check_columns=True) for c in conditions)


def case_count(session: Session, actor: User, f: CaseFilters, today: date) -> int:
    """How many cases the table shows with these filters, over all pages. Pupils are
    joined only when a filter reads them (at 1M cases joining every pupil was a merge join
    over all of them)."""
    stmt = _filtered(actor, f, today, pupil=False)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def case_rows(
    session: Session,
    actor: User,
    f: CaseFilters,
    today: date,
    prefer_org_id: int | None = None,
    *,
    page: bool = True,
) -> list[tuple[Case, str]]:
    """The table's rows in its order: one page, or every row (`page=False`, an export).

    A page takes two statements: the ids of the page, then those cases with the access
    reason. Asked in one, the reason (a CASE over the rules) made PostgreSQL build a hash of
    every participation of the actor's organisation before the LIMIT."""
    loads = (
        selectinload(Case.school),
        selectinload(Case.lead_org),
        selectinload(Case.lead_user),
        selectinload(Case.participations),
        selectinload(Case.regie_proposal),  # the API shows it per row
    )
    if f.after is not None:
        prefer_org_id = None  # paging by `after` follows the sort alone
    # A page's ids join the pupils only for a filter that reads them (sorting by name reads
    # the case's copy): for leerplicht at 1M cases that spared a lookup of each of its
    # ~10,000 pupils.
    pupil = not page
    stmt = _order(_filtered(actor, f, today, pupil=pupil), actor, f, prefer_org_id)
    if not page:
        return [(c, access) for c, access in session.execute(stmt.options(*loads)).all()]
    if f.after is not None:  # keyset: from that row on through an index, however deep
        stmt = stmt.where(_after(session, actor, f))
    else:
        stmt = stmt.offset((f.page - 1) * f.per_page)
    ids = list(session.scalars(stmt.with_only_columns(Case.id).limit(f.per_page)))
    found = {
        c.id: (c, access)
        for c, access in session.execute(
            policy.visible_cases(actor).where(Case.id.in_(ids)).options(*loads)
        ).all()
    }
    return [found[i] for i in ids if i in found]


def _after(session: Session, actor: User, f: CaseFilters) -> ColumnElement[bool]:
    """The rows after case `f.after` in the table's order (sorts in KEYSET_SORTS; ties on
    the days at home go by case number). For the days-at-home sorts that case's own place is
    read, so it must be a case the actor sees: another would tell its absence date."""
    if f.sort in ("id", "-id"):
        return Case.id < f.after if f.sort == "-id" else Case.id > f.after
    since = session.scalar(
        policy.visible_cases(actor, few=True, pupil=False)
        .with_only_columns(Case.absent_since)
        .where(Case.id == f.after)
    )
    if since is None:
        raise ValidationFailed(
            {"after": "Na casus: die casus staat niet in uw overzicht. Begin zonder 'after'."}
        )
    later = Case.absent_since > since if f.sort == "days_absent" else Case.absent_since < since
    return later | ((Case.absent_since == since) & (Case.id > f.after))


def case_page(
    session: Session,
    actor: User,
    f: CaseFilters,
    today: date,
    prefer_org_id: int | None = None,
    *,
    total: int | None = None,
) -> CasePage:
    """One page of the case table for this actor, with the total count (counted here unless
    the caller has it from `filter_choices`)."""
    if total is None:
        total = case_count(session, actor, f, today)
    rows = case_rows(session, actor, f, today, prefer_org_id)
    return CasePage(rows=rows, total=total, filters=f)


def get_case(session: Session, actor: User, case_id: int) -> tuple[Case, str]:
    """The case and the actor's access reason; NotFound if it is hidden or absent alike."""
    row = session.execute(policy.visible_cases(actor, few=True).where(Case.id == case_id)).first()
    if row is None:
        raise NotFound()  # the same answer as for any missing page or id
    return row[0], row[1]


@dataclass
class CaseFile:
    """Everything the case page shows next to the case itself."""

    consents: list[Consent]
    exemptions: list[Exemption]
    absence_reports: list[AbsenceReport]
    blockers: list[Blocker]
    events: list[CaseEvent]


def case_file(session: Session, case: Case) -> CaseFile:
    by_case = lambda model: select(model).where(model.case_id == case.id)  # noqa: E731
    return CaseFile(
        consents=list(session.scalars(by_case(Consent).order_by(Consent.id))),
        exemptions=list(session.scalars(by_case(Exemption).order_by(Exemption.id))),
        absence_reports=list(
            session.scalars(by_case(AbsenceReport).order_by(AbsenceReport.reported_on.desc()))
        ),
        blockers=list(session.scalars(by_case(Blocker).order_by(Blocker.since))),
        events=list(session.scalars(by_case(CaseEvent).order_by(CaseEvent.id.desc()))),
    )


def filter_choices(
    session: Session, actor: User, f: CaseFilters | None = None, today: date | None = None
) -> tuple[dict[str, list], int]:
    """Choices for the table's filter selects, only values from visible cases; and, given
    the table's filters, how many cases they match (0 without filters).

    One pass over the visible cases: their distinct (regie, school, gemeente) triples, a few
    hundred in a region, each with how many of its cases pass the filters (`count(*)
    FILTER`); then the few organisations and municipalities are loaded by id. The total
    rides along, so the table does not pass over everything the actor sees a second time
    to count (at 100k cases on PostgreSQL: 100–150 ms a pass for leerplicht and the SWV)."""
    conditions = _conditions(actor, f, today or clock.today()) if f is not None else []
    matches = and_(*conditions) if conditions else true()
    # OFFSET 0 keeps the visible cases one subquery: grouped in place, PostgreSQL walked an
    # index in group order with a lookup per pupil (SWV: 250 against 130 ms at 100k).
    # Pupils are joined only when a filter reads the pupil record (the name search, the
    # law's age test of "thuiszitter"): joining every pupil was a third of leerplicht's pass.
    reads_pupil = _reads_pupil(conditions)
    # School and gemeente of a case seen only for a meeting are not shown, so they are no
    # choice either; the flag costs a test per case, asked only of someone in a meeting.
    in_meeting = policy.in_open_meeting(actor)
    full = policy.case_full_access(actor) if in_meeting else true()
    visible = (
        policy.visible_cases(actor, pupil=reads_pupil)
        .with_only_columns(
            Case.lead_org_id,
            Case.school_org_id,
            Case.municipality_id,
            matches.label("matches"),
            full.label("whole_file"),
        )
        .offset(0)
        .subquery()
    )
    group = (
        visible.c.lead_org_id,
        visible.c.school_org_id,
        visible.c.municipality_id,
        visible.c.whole_file,
    )
    triples = select(*group, func.count().filter(visible.c.matches)).group_by(*group)
    ids: dict[str, set[int]] = {"lead": set(), "school": set(), "municipality": set()}
    total = 0
    for lead, school, municipality, shown, matched in session.execute(triples):
        total += matched
        found = [
            ("lead", lead),
            ("school", school if shown else None),
            ("municipality", municipality if shown else None),
        ]
        for column, value in found:
            if value is not None:
                ids[column].add(value)
    orgs = session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(ids["lead"] | ids["school"]))
        .order_by(Organisation.name)
    ).all()
    municipalities = session.scalars(
        select(Municipality)
        .where(Municipality.id.in_(ids["municipality"]))
        .order_by(Municipality.name)
    )
    choices: dict[str, list] = {
        "lead_orgs": [o for o in orgs if o.id in ids["lead"]],
        "schools": [o for o in orgs if o.id in ids["school"]],
        "municipalities": list(municipalities),
    }
    return choices, total if f is not None else 0
