"""The law per case over a period (cases/law.py), for the reports: which of the cases an
actor may see were absoluut or langdurig relatief verzuimer, and on which days.

The database picks the visible cases of the period that can be verzuim at all
(`law.may_be_thuiszitter_condition`) with their granted vrijstellingen; the law's own
functions decide the rest, so no report re-derives a definition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, or_, select
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


def granted_exemptions(first: date, last: date, municipality_ids=None) -> Select:
    """select() of (case id, starts, ends, decision) of the granted vrijstellingen that
    touch [first, last], of pupils in the municipalities. No visibility here: the caller
    keeps only those of the cases it loaded through the policy (asking the policy a second
    time, as a subquery, cost as much as loading the cases)."""
    stmt = select(Exemption.case_id, Exemption.starts_on, Exemption.ends_on, Exemption.decision)
    stmt = stmt.where(
        Exemption.decision.in_(law.GRANTED),
        Exemption.starts_on <= last,
        or_(Exemption.ends_on.is_(None), Exemption.ends_on >= first),
    )
    if municipality_ids is not None:
        stmt = stmt.join(Case, Case.id == Exemption.case_id).where(
            Case.municipality_id.in_(list(municipality_ids))
        )
    return stmt.order_by(Exemption.id)


def load(
    session: Session, actor: User, first: date, last: date, municipality_ids=None
) -> list[CaseFacts]:
    """The facts of every case `period_cases` selects, as the law reads them."""
    cases = period_cases(actor, first, last, municipality_ids)
    exemptions: dict[int, list[tuple]] = defaultdict(list)
    for case_id, starts, ends, decision in session.execute(
        granted_exemptions(first, last, municipality_ids)
    ):
        exemptions[case_id].append((starts, ends, decision))
    stmt = cases.with_only_columns(
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
    ).order_by(Case.id)
    found = []
    # Plain tuples through Core (no ORM row processing): a report reads tens of thousands
    # of these rows, and they are columns, not entities.
    for (
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
    ) in session.connection().execute(stmt):
        situation = law.Situation(
            birth_date=birth_date,
            kind=kind,
            enrolled=school_org_id is not None,
            absent_since=absent_since,
            absence_authorised=bool(authorised),
            has_startkwalificatie=bool(startkwalificatie),
            exemptions=tuple(exemptions.get(case_id, ())),
            absent_until=law.absence_end(status == "open", resumed_on, closed_at),
            outcome=outcome,
        )
        found.append(
            CaseFacts(case_id, access, municipality_id, situation, given_name, family_name)
        )
    return found


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
