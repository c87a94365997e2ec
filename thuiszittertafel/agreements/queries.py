"""Read side of agreements: an agreement is visible exactly when its case is."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, literal_column, or_, select, union_all
from sqlalchemy import case as sql_case
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased, selectinload
from sqlalchemy.sql.functions import FunctionElement

from .. import clock
from ..auth.models import User
from ..cases.models import Case
from ..core import policy
from ..core.errors import NotFound
from ..core.inputs import MAX_ID
from ..core.listing import counted_lists
from . import shapes
from .models import Agreement, AgreementOccurrence, TermChange


def open_past_due(now: datetime, today: date, agreement=Agreement):
    """WHERE on agreements (or `owned_agreements`): open, past its term and not paused
    today."""
    return and_(agreement.status == "open", past_due(now, today, agreement))


def past_due(now: datetime, today: date, agreement=Agreement):
    """`open_past_due` of agreements known to be open: on the columns the index of a case's
    open terms carries (PostgreSQL), so a count per case reads the index alone."""
    return and_(
        agreement.due_at < now,
        or_(agreement.paused_until.is_(None), agreement.paused_until < today),
    )


def owned_agreements(actor: User, status: str | None, *, due_before: datetime | None = None):
    """The agreements owned by the actor, or by their organisation without a named owner
    (with `status`, or all; with `due_before`, only terms before it), as an entity: the
    shape that loads a few of them by id (a page of `counted_lists`)."""
    return aliased(Agreement, _owned(actor, status, due_before).subquery("owned"))


def owned_agreement_keys(actor: User, status: str | None, *, due_before: datetime | None = None):
    """The same agreements as `owned_agreements`, only the columns a count and an order
    read (id, case, term, pause; status and end unless only open ones), as a subquery
    read whole before its cases are tested (the pass of `counted_lists`).

    Fenced off (OFFSET 0), PostgreSQL finds them through the owner indexes and then tests
    each one's case; joined in place it walked every agreement in case order beside the
    cases it took for visible (leerplicht's /mijn-afspraken at 100k cases: 320 against 85
    ms). The two owners are two arms (disjoint: a named owner, or none): under one OR the
    owner indexes were combined into a bitmap, and every agreement was read from the table
    (leerplicht's 10,250 at 1M cases: 7,639 pages); apart, the organisation's open terms
    are read from its index alone."""
    keys = [Agreement.id, Agreement.case_id, Agreement.due_at, Agreement.paused_until]
    if status != "open":  # the open ones are all the start page and most lists read
        keys += [Agreement.status, Agreement.closed_at]
    arms = [
        _owned(actor, status, due_before, by_user=by_user).with_only_columns(*keys)
        for by_user in (True, False)
    ]
    return union_all(*arms).offset(0).subquery("owned")


def _owned(actor: User, status: str | None, due_before: datetime | None, *, by_user=None):
    """select(Agreement) of the owned agreements; `by_user` True or False: only those the
    actor owns by name, or only their organisation's without a named owner."""
    by_name = Agreement.owner_user_id == actor.id
    by_org = (Agreement.owner_org_id == actor.org_id) & Agreement.owner_user_id.is_(None)
    owned = {None: or_(by_name, by_org), True: by_name, False: by_org}[by_user]
    stmt = select(Agreement).where(owned)
    if status is not None:
        stmt = stmt.where(Agreement.status == status)
    if due_before is not None:
        stmt = stmt.where(Agreement.due_at < due_before)
    return stmt


def case_agreements(session: Session, case: Case) -> list[Agreement]:
    """A visible case's agreements: open ones by term, then finished ones, newest first."""
    stmt = (
        select(Agreement)
        .where(Agreement.case_id == case.id)
        .order_by((Agreement.status != "open"), Agreement.due_at, Agreement.id)
    )
    return list(session.scalars(stmt))


def agreement_history(
    session: Session, agreement_ids: list[int]
) -> tuple[dict[int, list], dict[int, list]]:
    """Finished occurrences and term changes per agreement (for the case page)."""
    occurrences: dict[int, list] = {i: [] for i in agreement_ids}
    changes: dict[int, list] = {i: [] for i in agreement_ids}
    if agreement_ids:
        for o in session.scalars(
            select(AgreementOccurrence)
            .where(AgreementOccurrence.agreement_id.in_(agreement_ids))
            .order_by(AgreementOccurrence.number)
        ):
            occurrences[o.agreement_id].append(o)
        for c in session.scalars(
            select(TermChange)
            .where(TermChange.agreement_id.in_(agreement_ids))
            .order_by(TermChange.id)
        ):
            changes[c.agreement_id].append(c)
    return occurrences, changes


def get_agreement(session: Session, actor: User, agreement_id: int) -> tuple[Agreement, Case, str]:
    """The agreement, its case and the actor's access; NotFound when the case is hidden."""
    if not 0 < agreement_id <= MAX_ID:
        agreement_id = 0
    row = session.execute(
        policy.visible_cases(actor)
        .add_columns(Agreement)
        .join(Agreement, Agreement.case_id == Case.id)
        .where(Agreement.id == agreement_id)
    ).first()
    if row is None:
        raise NotFound()  # the same answer as a route that does not exist
    case, access, agreement = row
    return agreement, case, access


def _agreements_in_own_gemeenten(actor: User):
    """(agreement, case, access) in leerplicht's own gemeenten: the access says whether
    the pupil may be named. No pupils joined: the policy reads the case only, and the
    page's rows load their pupils by key (joined, every pupil of a leerplicht's area was
    read to count its terms)."""
    return (
        select(Agreement, Case, policy.case_access(actor).label("access"))
        .join(Case, Case.id == Agreement.case_id)
        .where(policy.visible_in_own_gemeenten(actor))
    )


def _page_and_count(
    session: Session, stmt, order, offset: int, limit: int, key=Agreement.id, load=None
):
    """One page of (agreement, case, access) rows, and how many there are, from one pass
    over them (core.listing): the page's ids in order, then those rows. Selecting the rows
    themselves in the ordered statement built the joined eager loads of agreement, case and
    pupil for every matching agreement before the sort (330,000 rows of 3.6 kB for
    leerplicht at 100k cases: 3 s); a count and a page each passed the visible set."""
    ((total, rows),) = counted_lists(
        session, stmt, key, [(None, order)], limit=limit, offset=offset, load=load
    )
    return rows, total


def my_agreements(
    session: Session, actor: User, *, status: str = "open", offset: int = 0, limit: int = 50
) -> tuple[list[tuple[Agreement, Case, str]], int]:
    """Agreements owned by the actor, or by their organisation without a named owner: one
    page of them, and how many there are."""

    listed = None if status == "all" else status
    mine = owned_agreement_keys(actor, listed)
    stmt = select(mine).join(Case, Case.id == mine.c.case_id).where(policy.case_visible(actor))
    by_id = owned_agreements(actor, listed)
    load = (
        select(by_id, Case, policy.case_access(actor).label("access"))
        .join(Case, Case.id == by_id.case_id)
        .where(policy.case_visible(actor))
    )
    order = (mine.c.due_at, mine.c.id) if status == "open" else (mine.c.closed_at.desc(), mine.c.id)
    return _page_and_count(
        session, stmt, order, offset, limit, key=mine.c.id, load=(load, by_id.id)
    )


def term_watch(
    session: Session, actor: User, now: datetime, *, offset: int = 0, limit: int = 50
) -> tuple[list[tuple[Agreement, Case, str]], int]:
    """Leerplicht's termijnbewaking: open agreements in its municipalities, most urgent
    first (past their term and not paused, then paused past their term, then those to
    come; each by term); one page of them, and how many there are.

    The total adds up the visible cases' counts (`Case.open_agreements`). The page is read
    per gemeente (`_terms_by_urgency`) where that reads fewer rows than sorting every open
    term of the area (~41,600 agreements for leerplicht at 1M cases)."""
    today = clock.local(now).date()
    visible = policy.visible_in_own_gemeenten(actor)
    total = session.scalar(select(func.coalesce(func.sum(Case.open_agreements), 0)).where(visible))
    ranked = _terms_by_urgency(actor, now, today, reach=offset + limit, total=total)
    ids = list(
        session.scalars(
            select(ranked.c.id)
            .order_by(ranked.c.rank, ranked.c.due_at, ranked.c.id)
            .offset(offset)
            .limit(limit)
        )
    )
    listed = _agreements_in_own_gemeenten(actor).where(Agreement.id.in_(ids))
    rows = {a.id: (a, c, access) for a, c, access in session.execute(listed)}
    return [rows[i] for i in ids if i in rows], total or 0


# A row read from a gemeente's range costs about four of a sort over the whole area (it is
# found through the agreement's index and then its case, each by itself): page 20 of the
# termijnbewaking at 1M cases took 280 ms per gemeente and 234 ms sorted (bench/pages_ab.py).
ROW_IN_RANGE_COST = 4
_MOST_ARMS = 500  # SQLite's limit of SELECTs in one compound statement


def _terms_by_urgency(actor: User, now: datetime, today: date, *, reach: int, total):
    """Subquery (rank, due_at, id) holding the first `reach` open agreements of leerplicht's
    gemeenten by (rank, due_at, id): rank 0 past their term and not paused, 1 paused past
    their term, 2 to come. Read per gemeente and rank, each arm in order from the
    gemeente's index and cut off at `reach`, its cases tested one by one, unless that would
    read about as many rows as there are (`total`: a page far on, a small area) or need
    more arms than SQLite takes (250 gemeenten; the largest leerplicht region serves ~20):
    then all of them, to be sorted."""
    gemeenten = policy.own_gemeenten(actor)
    overdue, past = open_past_due(now, today), Agreement.due_at < now
    arms = 2 * len(gemeenten) + 1
    if arms > _MOST_ARMS or reach * arms * ROW_IN_RANGE_COST >= total:
        rank = sql_case((overdue, 0), (past, 1), else_=2)
        return _ranked(rank, policy.visible_in_own_gemeenten(actor)).subquery()
    visible = policy.visible_in_own_gemeenten(actor, few=True)
    in_gemeente = [Agreement.municipality_id == g for g in gemeenten]
    # Few are paused today: named first by the day their pause ends (its own index), in all
    # gemeenten at once. (Left to choose, SQLite went through every case of the area for
    # them, or every overdue term of the database.)
    paused = select(Agreement.id).where(
        Agreement.status == "open",
        Agreement.paused_until.is_not(None),
        Agreement.paused_until >= today,
    )
    ranked = [
        *(_ranked(literal_column("0"), visible, overdue, g, reach=reach) for g in in_gemeente),
        _ranked(literal_column("1"), visible, past, Agreement.id.in_(paused), reach=reach),
        *(_ranked(literal_column("2"), visible, ~past, g, reach=reach) for g in in_gemeente),
    ]
    return union_all(*(select(*arm.c) for arm in ranked)).subquery()


def _ranked(rank, visible, *conditions, reach: int | None = None):
    """(rank, due_at, id) of the open agreements of visible cases that meet `conditions`;
    with `reach`, the first that many by term, as a subquery."""
    stmt = (
        select(rank.label("rank"), Agreement.due_at, Agreement.id)
        .join(Case, Case.id == Agreement.case_id)
        .where(Agreement.status == "open", visible, *conditions)
    )
    if reach is None:
        return stmt
    return stmt.order_by(Agreement.due_at, Agreement.id).limit(reach).subquery()


def regie_overview(
    session: Session, actor: User, now: datetime, *, offset: int = 0, limit: int = 50
) -> tuple[list, int]:
    """The SWV coordinator's regie view: open cases of the SWV, with their terms; one page of
    them, and how many there are."""
    today = clock.local(now).date()
    counts = (
        select(
            Agreement.case_id,
            func.count().label("open_count"),
            func.sum(sql_case((past_due(now, today), 1), else_=0)).label("overdue_count"),
            func.min(Agreement.due_at).label("next_due"),
        )
        # Only the SWV's open cases: grouping every open agreement of the database first
        # cost the whole table (4M agreements at 1M cases) for one region's overview.
        .join(Case, Case.id == Agreement.case_id)
        .where(Agreement.status == "open", Case.swv_org_id == actor.org_id, Case.status == "open")
        .group_by(Agreement.case_id)
        .subquery()
    )
    own_open = (Case.swv_org_id == actor.org_id, Case.status == "open", policy.case_visible(actor))
    # The page's ids first, then those cases: selecting the cases in the ordered statement
    # built the joined pupil, school and gemeente of each of the region's ~6,000 open cases
    # at 1M before the sort. No pupils joined: the policy reads the case only.
    page = (
        select(
            Case.id,
            counts.c.open_count,
            counts.c.overdue_count,
            counts.c.next_due,
            policy.case_access(actor).label("access"),
        )
        .outerjoin(counts, counts.c.case_id == Case.id)
        .where(*own_open)
        .order_by(
            Case.escalated.desc(),
            counts.c.overdue_count.desc().nulls_last(),
            Case.phase.desc(),
            Case.absent_since,
            Case.id,
        )
        .offset(offset)
        .limit(limit)
    )
    rows = session.execute(page).all()
    ids = [row[0] for row in rows]
    loads = (selectinload(Case.lead_org), selectinload(Case.lead_user))
    found = session.scalars(select(Case).where(Case.id.in_(ids)).options(*loads)) if ids else ()
    loaded: dict[int, Case] = {c.id: c for c in found}
    total = session.scalar(select(func.count()).select_from(Case).where(*own_open))
    return [(loaded[i], *rest) for i, *rest in rows if i in loaded], total or 0


def agreement_json(a: Agreement) -> dict:
    """The agreement as the API returns it (DESIGN §8)."""
    return agreement_shape(a).dump()


def agreement_shape(a: Agreement) -> shapes.Agreement:
    every, unit = a.recurrence_every, a.recurrence_unit
    recurrence = shapes.Recurrence(every=every, unit=unit) if every and unit else None
    return shapes.Agreement(
        id=a.id,
        case_id=a.case_id,
        description=a.description,
        owner_org_id=a.owner_org_id,
        owner_user_id=a.owner_user_id,
        owner_party=a.owner_party,
        due_at=a.due_at,
        recurrence=recurrence,
        status=a.status,
        paused_until=a.paused_until,
        day_count=a.day_count,
        occurrence=a.occurrence,
        result=a.result,
        cancel_reason=a.cancel_reason,
        pause_reason=a.pause_reason,
        meeting_id=a.meeting_id,
        created_by_id=a.created_by_id,
        created_at=a.created_at,
        version=a.version,
    )


class earliest(FunctionElement):  # noqa: N801 - reads like the SQL function it is
    """The smaller of two values, NULL only when both are (LEAST / scalar MIN)."""

    inherit_cache = True
    name = "earliest"


@compiles(earliest)
def _earliest_default(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"LEAST({compiler.process(a, **kw)}, {compiler.process(b, **kw)})"


@compiles(earliest, "sqlite")
def _earliest_sqlite(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"MIN(COALESCE({a}, {b}), COALESCE({b}, {a}))"


def agreement_past_due_exists(now: datetime, today: date):
    """Correlated: the case has an open agreement past its term and not paused.

    Only a case whose earliest open term (`Case.next_due_at`) has passed can have one, and
    such a case has one unless an open agreement of it is paused today: that agreement may
    be the earliest. Only then are its agreements looked at one by one. A pause is rare:
    the cases with one are a list computed once per statement through
    ix_agreements_open_paused. PostgreSQL hashed the past-due test over every open
    agreement for each count (100k cases: 132k of 400k agreements read, 66 ms of a 119 ms
    statement); now it builds that test only if a case has a paused agreement."""
    paused = select(Agreement.case_id).where(
        # The partial index's own conditions, 'open' as a literal: a bound parameter does
        # not prove them (SQLite, or PostgreSQL's generic plan of a prepared statement).
        Agreement.status == literal_column("'open'"),
        Agreement.paused_until.is_not(None),
        Agreement.paused_until >= today,
    )
    past_due = (
        select(Agreement.id)
        .where(Agreement.case_id == Case.id, open_past_due(now, today))
        .correlate(Case)
        .exists()
    )
    return (Case.next_due_at < now) & (~policy.among(Case.id, paused) | past_due)


def next_terms(session: Session, case_ids: list[int]) -> dict[int, datetime]:
    """Earliest open agreement term per case, for one page of the case table."""
    if not case_ids:
        return {}
    rows = session.execute(
        select(Case.id, Case.next_due_at).where(
            Case.id.in_(case_ids), Case.next_due_at.is_not(None)
        )
    )
    return {case_id: due for case_id, due in rows if due is not None}
