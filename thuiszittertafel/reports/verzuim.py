"""The law per case over a period (cases/law.py), for the reports: which of the cases an
actor may see were absoluut or langdurig relatief verzuimer, and on which days.

The database picks the visible cases of the period that can be verzuim at all
(`law.may_be_thuiszitter_condition`) with their granted vrijstellingen; the law's own
functions decide the rest, so no report re-derives a definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from operator import itemgetter

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..cases import law
from ..cases.models import Case, Exemption, Pupil
from ..cases.pupils import identity
from ..core import policy


@dataclass(frozen=True, slots=True)
class PupilFacts:
    """One child as the reports count it: the same name and birth date is the same child,
    whichever case (each has its own pupil row) it comes from."""

    key: tuple[str, str, date]
    given_name: str
    family_name: str
    birth_date: date
    has_startkwalificatie: bool


@dataclass(frozen=True, slots=True)
class CaseFacts:
    case_id: int
    access: str
    municipality_id: int
    situation: law.Situation
    given_name: str
    family_name: str

    @property
    def pupil(self) -> PupilFacts:
        s = self.situation
        return PupilFacts(
            key=identity(self.given_name, self.family_name, s.birth_date),
            given_name=self.given_name,
            family_name=self.family_name,
            birth_date=s.birth_date,
            has_startkwalificatie=s.has_startkwalificatie,
        )


def pupil_columns() -> tuple:
    """The columns `pupil_facts` reads, for any select over visible cases."""
    return (
        Pupil.given_name,
        Pupil.family_name,
        Pupil.birth_date,
        Pupil.has_startkwalificatie,
        Case.municipality_id,
    )


def pupil_facts(row) -> PupilFacts:
    return PupilFacts(
        key=identity(row.given_name, row.family_name, row.birth_date),
        given_name=row.given_name,
        family_name=row.family_name,
        birth_date=row.birth_date,
        has_startkwalificatie=bool(row.has_startkwalificatie),
    )


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), clock.LOCAL_TZ)


def period_cases(actor: User, first: date, last: date, municipality_ids=None) -> Select:
    """select() of the visible cases without education on a day of [first, last] (a
    superset: closed on or after `first`) that can be verzuim, with the access column."""
    stmt = policy.visible_cases(actor).where(
        Case.absent_since <= last,
        or_(Case.status == "open", Case.closed_at >= local_midnight(first)),
        law.may_be_thuiszitter_condition(),
    )
    if municipality_ids is not None:
        stmt = stmt.where(Case.municipality_id.in_(list(municipality_ids)))
    return stmt


def granted(first: date, last: date) -> ColumnElement[bool]:
    """Join condition of a case's granted vrijstellingen that touch [first, last]."""
    return and_(
        Exemption.case_id == Case.id,
        Exemption.decision.in_(law.GRANTED),
        Exemption.starts_on <= last,
        or_(Exemption.ends_on.is_(None), Exemption.ends_on >= first),
    )


def load(
    session: Session, actor: User, first: date, last: date, municipality_ids=None
) -> list[CaseFacts]:
    """The facts of every case `period_cases` selects, as the law reads them. The granted
    vrijstellingen come in the same statement (an outer join: a row per case and
    vrijstelling, most cases have none); read apart, without the visibility that only the
    cases' statement has, they were every granted one in the country (1M cases: 69,191
    rows in 30 ms, of which 807 in leerplicht's gemeenten)."""
    stmt = (
        period_cases(actor, first, last, municipality_ids)
        .outerjoin(Exemption, granted(first, last))
        .with_only_columns(
            Case.id,
            policy.case_access(actor),
            Case.municipality_id,
            Pupil.given_name,
            Pupil.family_name,
            Pupil.birth_date,
            Pupil.has_startkwalificatie,
            Case.kind,
            Case.school_org_id,
            Case.absence_authorised,
            Case.absent_since,
            Case.status,
            Case.education_resumed_on,
            Case.closed_at,
            Case.outcome,
            Exemption.starts_on,
            Exemption.ends_on,
            Exemption.decision,
        )
        .order_by(Case.id, Exemption.id)
    )
    # Plain tuples through Core (no ORM row processing): a report reads tens of thousands
    # of these rows, and they are columns, not entities.
    rows = session.connection().execute(stmt)
    return [_facts(list(same)) for _, same in groupby(rows, key=itemgetter(0))]


def _facts(rows: list) -> CaseFacts:
    """One case's facts from its rows (one per granted vrijstelling, or one without)."""
    (
        case_id,
        access,
        municipality_id,
        given_name,
        family_name,
        birth_date,
        startkwalificatie,
        kind,
        school_org_id,
        authorised,
        absent_since,
        status,
        resumed_on,
        closed_at,
        outcome,
        *_,
    ) = rows[0]
    situation = law.Situation(
        birth_date=birth_date,
        kind=kind,
        enrolled=school_org_id is not None,
        absent_since=absent_since,
        absence_authorised=bool(authorised),
        has_startkwalificatie=bool(startkwalificatie),
        exemptions=tuple((r[-3], r[-2], r[-1]) for r in rows if r[-1] is not None),
        absent_until=law.absence_end(status == "open", resumed_on, closed_at),
        outcome=outcome,
    )
    return CaseFacts(case_id, access, municipality_id, situation, given_name, family_name)


class SharedLoads:
    """`load` for one request that counts the same period twice: /rapportages makes the
    leerplichttelling and the thuiszitter report, by default both over the school year up to
    today. The cases of a period are read once (all gemeenten) and filtered per call (at
    100k cases, ~1 s a load for leerplicht). Only for calls over the same period: the first
    call reads every gemeente the actor sees, whatever it asks for."""

    def __init__(self) -> None:
        self._periods: dict[tuple[int, date, date], list[CaseFacts]] = {}

    def __call__(
        self, session: Session, actor: User, first: date, last: date, municipality_ids=None
    ) -> list[CaseFacts]:
        key = (actor.id, first, last)
        everything = self._periods.get(key)
        if everything is None:
            everything = self._periods[key] = load(session, actor, first, last)
        if municipality_ids is None:
            return list(everything)
        wanted = set(municipality_ids)
        return [facts for facts in everything if facts.municipality_id in wanted]
