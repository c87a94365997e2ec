"""The Leerplichtwet in the data (DESIGN §4a): who is leerplichtig, who is a verzuimer,
who is a thuiszitter. One module decides; the engine, the table, the case page, the reports
and the API ask it and never re-derive.

Each definition exists twice and the two must agree: a pure function over a `Situation`
(the facts of one case, as of a date) and, for the database, a SQL condition on `cases`,
which carry a copy of their pupil's birth date and startkwalificatie (`*_condition`). The
tests run both over the same table of boundary dates.

Terms, as OCW, Ingrado and the Thuiszitterspact use them:
- *absoluut verzuimer*: leer- of kwalificatieplichtig, not enrolled at any school, no
  active vrijstelling;
- *relatief verzuim*: enrolled and absent without a valid reason (ongeoorloofd);
  *langdurig relatief verzuimer*: that for 4 weeks (28 days since the first day without
  education, weekends and holidays included), leer- of kwalificatieplichtig, no active
  vrijstelling;
- *thuiszitter*: an absoluut verzuimer or a langdurig relatief verzuimer. Nobody else: a
  child absent with a valid reason (sick with a medical reason, leave) is *geoorloofd
  afwezig*, followed as `dreigend`, never counted as verzuim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, or_, select

from .. import clock

# The module, not its names: cases.models imports this one (Pupil.leerplichtig asks it).
from . import models
from .vocabulary import FOUR_WEEKS_DAYS, RETURN_OUTCOMES, THREE_MONTHS_DAYS

if TYPE_CHECKING:
    # What a birth date and startkwalificatie are read from in SQL: the case's copy of its
    # pupil's (`cases.birth_date`, `cases.has_startkwalificatie`), or the pupil.
    Born = type[models.Case] | type[models.Pupil]

LONG_TERM_DAYS = FOUR_WEEKS_DAYS  # "4 weken": langdurig relatief verzuim
# THREE_MONTHS_DAYS: the Thuiszitterspact norm, no child at home longer than 3 months.
# A vrijstelling counts once it is granted: by a decision (beschikking) or, when leerplicht
# did not decide in time, by operation of law (van rechtswege).
GRANTED = ("toegekend", "van-rechtswege")
# Kinds in which the child is absent without a valid reason, entirely.
VERZUIM_KINDS = ("absoluut", "relatief")
# Absoluut verzuim is *opgelost* once the pupil is enrolled (back in education) or exempted.
RESOLVED_OUTCOMES = (*RETURN_OUTCOMES, "vrijstelling")
ONE_DAY = timedelta(days=1)


# --- age: leerplicht and kwalificatieplicht --------------------------------------------


def school_year_end(on: date) -> date:
    """The last day (31 July) of the school year that contains `on`."""
    return date(on.year if on.month < 8 else on.year + 1, 7, 31)


def birthday(birth_date: date, years: int) -> date:
    """The birthday at `years` (29 February counts from 1 March in other years)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return date(birth_date.year + years, 3, 1)


def leerplicht_starts(birth_date: date) -> date:
    """The first day of the month after the 5th birthday."""
    fifth = birthday(birth_date, 5)
    return date(fifth.year + (fifth.month == 12), fifth.month % 12 + 1, 1)


def leerplichtig(birth_date: date, on: date) -> bool:
    """From the first of the month after the 5th birthday to the end of the school year in
    which the child turns 16."""
    return leerplicht_starts(birth_date) <= on <= school_year_end(birthday(birth_date, 16))


def kwalificatieplichtig(birth_date: date, on: date, has_startkwalificatie: bool) -> bool:
    """After leerplicht ends, until the 18th birthday or a startkwalificatie."""
    if has_startkwalificatie or on <= school_year_end(birthday(birth_date, 16)):
        return False
    return on < birthday(birth_date, 18)


def plichtig(birth_date: date, on: date, has_startkwalificatie: bool) -> bool:
    """Leer- of kwalificatieplichtig: the law has a say at all."""
    return leerplichtig(birth_date, on) or kwalificatieplichtig(
        birth_date, on, has_startkwalificatie
    )


# --- one case's facts ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Situation:
    """What the law looks at in one case. `absent_until` is the day education resumed (or
    the case was closed); None while the child is still at home."""

    birth_date: date
    kind: str
    enrolled: bool
    absent_since: date
    absence_authorised: bool = False
    has_startkwalificatie: bool = False
    exemptions: tuple[tuple[date | None, date | None, str | None], ...] = ()
    absent_until: date | None = None
    outcome: str | None = None


def absence_end(is_open: bool, resumed_on: date | None, closed_at: datetime | None) -> date | None:
    """`absent_until` of a case: the day education resumed, else the (local) day it was
    closed; None while it is open."""
    if is_open:
        return None
    return resumed_on or (clock.local(closed_at).date() if closed_at else None)


def situation(case: models.Case, exemptions: Iterable[models.Exemption] | None = None) -> Situation:
    """The facts of a loaded case (its exemptions: `case.exemptions` unless given)."""
    if exemptions is None:
        exemptions = case.exemptions
    return Situation(
        birth_date=case.pupil.birth_date,
        kind=case.kind,
        enrolled=case.school_org_id is not None,
        absent_since=case.absent_since,
        absence_authorised=bool(case.absence_authorised),
        has_startkwalificatie=bool(case.pupil.has_startkwalificatie),
        exemptions=tuple((e.starts_on, e.ends_on, e.decision) for e in exemptions),
        absent_until=absence_end(case.is_open, case.education_resumed_on, case.closed_at),
        outcome=case.outcome,
    )


def in_force(starts: date | None, ends: date | None, decision: str | None, on: date) -> bool:
    """One vrijstelling is granted and in force on `on`."""
    return (
        decision in GRANTED and starts is not None and starts <= on and (ends is None or on <= ends)
    )


def exempt(s: Situation, on: date) -> bool:
    """A granted vrijstelling is in force on `on`."""
    return any(in_force(starts, ends, decision, on) for starts, ends, decision in s.exemptions)


def absent(s: Situation, on: date) -> bool:
    """Without education on `on`."""
    return s.absent_since <= on and (s.absent_until is None or on < s.absent_until)


def days_without_education(s: Situation, on: date) -> int:
    end = on if s.absent_until is None else min(on, s.absent_until)
    return max(0, (end - s.absent_since).days)


def geoorloofd_afwezig(s: Situation) -> bool:
    """Absent with a valid reason (sick with a medical reason, leave): not verzuim."""
    return s.absence_authorised


def absoluut_verzuimer(s: Situation, on: date) -> bool:
    return (
        absent(s, on)
        and not s.enrolled
        and plichtig(s.birth_date, on, s.has_startkwalificatie)
        and not exempt(s, on)
    )


def relatief_verzuim(s: Situation, on: date) -> bool:
    """Enrolled and absent without a valid reason."""
    return s.enrolled and s.kind == "relatief" and not s.absence_authorised and absent(s, on)


def langdurig_relatief_verzuimer(s: Situation, on: date) -> bool:
    return (
        relatief_verzuim(s, on)
        and (on - s.absent_since).days >= LONG_TERM_DAYS
        and plichtig(s.birth_date, on, s.has_startkwalificatie)
        and not exempt(s, on)
    )


def thuiszitter(s: Situation, on: date) -> bool:
    """The national definition: an absoluut or a langdurig relatief verzuimer."""
    return absoluut_verzuimer(s, on) or langdurig_relatief_verzuimer(s, on)


def case_is_thuiszitter(case: models.Case, on: date) -> bool:
    """`thuiszitter` for a loaded case."""
    return thuiszitter(situation(case), on)


def clock_badge(case: models.Case, on: date) -> str | None:
    """The clock a case shows (the templates word it): "3-maanden" and "langdurig" or
    "absoluut" only for a thuiszitter; "geoorloofd" (neutral) for 4 weeks of authorised
    absence; None otherwise — a kind's label never says "langdurig" by itself."""
    s = situation(case)
    if thuiszitter(s, on):
        if days_without_education(s, on) >= THREE_MONTHS_DAYS:
            return "3-maanden"
        return "absoluut" if absoluut_verzuimer(s, on) else "langdurig"
    if s.absence_authorised and days_without_education(s, on) >= LONG_TERM_DAYS:
        return "geoorloofd"
    return None


def thuiszitter_since(s: Situation) -> date | None:
    """The day the case becomes a thuiszitter if nothing changes (None: never as it
    stands): at once when not enrolled, after 4 weeks of relatief verzuim. The engine's
    legal clocks start here; whether the law still applies on that day is asked again."""
    if s.absence_authorised or s.kind not in VERZUIM_KINDS:
        return None
    if not s.enrolled:
        return s.absent_since
    return s.absent_since + timedelta(days=LONG_TERM_DAYS)


def may_be_thuiszitter(s: Situation) -> bool:
    """The facts that do not change with the date allow a thuiszitter at all: not
    enrolled, or enrolled and relatief without a valid reason."""
    return not s.enrolled or (s.kind == "relatief" and not s.absence_authorised)


def is_verzuim(s: Situation) -> bool:
    """The case is verzuim at all (leerplicht's task), as recorded: an absence without a
    valid reason. Geoorloofd afwezig is not."""
    return s.kind in VERZUIM_KINDS and not s.absence_authorised


# --- over a period: the days on which a definition holds -------------------------------
# A report asks "was this pupil an absoluut verzuimer at any time this school year?". The
# answer is the definitions above, day by day; these functions give the same days as runs
# (first and last day, inclusive), so a year costs a few comparisons instead of 365 calls.
# The tests check them against the day-by-day definitions.

Span = tuple[date, date]


@lru_cache(maxsize=8192)
def plicht_span(birth_date: date, has_startkwalificatie: bool) -> Span:
    """The days on which `plichtig` holds: from leerplicht's start to the end of the school
    year of the 16th birthday (with a startkwalificatie), else to the day before the 18th."""
    if has_startkwalificatie:
        return leerplicht_starts(birth_date), school_year_end(birthday(birth_date, 16))
    return leerplicht_starts(birth_date), birthday(birth_date, 18) - ONE_DAY


def holds_on(spans: Iterable[Span], day: date) -> bool:
    """`day` lies in one of the runs."""
    return any(first <= day <= last for first, last in spans)


def _meet(*spans: Span | None) -> Span | None:
    first, last = date.min, date.max
    for span in spans:  # a plain loop: reports call this for every case
        if span is None:
            return None
        first, last = max(first, span[0]), min(last, span[1])
    return (first, last) if first <= last else None


def _without(span: Span | None, holes: Iterable[Span]) -> list[Span]:
    """The runs of `span` that no hole covers."""
    parts = [span] if span else []
    for hole_first, hole_last in holes:
        kept = []
        for first, last in parts:
            if hole_last < first or last < hole_first:
                kept.append((first, last))
                continue
            if first < hole_first:
                kept.append((first, hole_first - ONE_DAY))
            if hole_last < last:
                kept.append((hole_last + ONE_DAY, last))
        parts = kept
    return sorted(parts)


def _absent_span(s: Situation) -> Span | None:
    last = date.max if s.absent_until is None else s.absent_until - ONE_DAY
    return (s.absent_since, last) if s.absent_since <= last else None


def _exempt_spans(s: Situation) -> list[Span]:
    return [
        (starts, ends or date.max)
        for starts, ends, decision in s.exemptions
        if decision in GRANTED and starts is not None
    ]


def absoluut_verzuimer_spans(s: Situation, first: date, last: date) -> list[Span]:
    """The days of [first, last] on which `absoluut_verzuimer` holds."""
    if s.enrolled:
        return []
    plicht = plicht_span(s.birth_date, s.has_startkwalificatie)
    return _without(_meet(_absent_span(s), plicht, (first, last)), _exempt_spans(s))


def langdurig_relatief_spans(s: Situation, first: date, last: date) -> list[Span]:
    """The days of [first, last] on which `langdurig_relatief_verzuimer` holds."""
    if not (s.enrolled and s.kind == "relatief" and not s.absence_authorised):
        return []
    long_term = (s.absent_since + timedelta(days=LONG_TERM_DAYS), date.max)
    plicht = plicht_span(s.birth_date, s.has_startkwalificatie)
    return _without(_meet(_absent_span(s), long_term, plicht, (first, last)), _exempt_spans(s))


def thuiszitter_spans(s: Situation, first: date, last: date) -> list[Span]:
    """The days of [first, last] on which `thuiszitter` holds (one kind of verzuim or the
    other: enrolled or not)."""
    return absoluut_verzuimer_spans(s, first, last) + langdurig_relatief_spans(s, first, last)


def _days_after(spans: list[Span], last: date) -> list[date]:
    """The day after each run, where that day is still in the period."""
    return [end + ONE_DAY for _, end in spans if end < last]


def _returned_on(s: Situation, day: date, outcomes) -> bool:
    """Education resumed on `day`: the case closed with one of `outcomes` then."""
    return day == s.absent_until and s.outcome in outcomes


def absoluut_opgelost(s: Situation, first: date, last: date, spans=None) -> bool:
    """An absoluut verzuimer in [first, last] whose verzuim ended in it because the pupil
    was enrolled (the case closed with a return to education) or exempted (DESIGN §5).
    `spans`: `absoluut_verzuimer_spans` of the same period, when the caller has them."""
    if spans is None:
        spans = absoluut_verzuimer_spans(s, first, last)
    return any(
        _returned_on(s, day, RESOLVED_OUTCOMES) or exempt(s, day)
        for day in _days_after(spans, last)
    )


def langdurig_relatief_teruggeleid(s: Situation, first: date, last: date, spans=None) -> bool:
    """A langdurig relatief verzuimer in [first, last] back in education in it: the day
    after the verzuim the case closed with a return to education (DESIGN §5).
    `spans`: `langdurig_relatief_spans` of the same period, when the caller has them."""
    if spans is None:
        spans = langdurig_relatief_spans(s, first, last)
    return any(_returned_on(s, day, RETURN_OUTCOMES) for day in _days_after(spans, last))


@lru_cache(maxsize=8192)
def plicht_in(birth_date: date, has_startkwalificatie: bool, first: date, last: date) -> str | None:
    """'leerplichtig' or 'kwalificatieplichtig': which one held on a day of [first, last].
    Leerplicht ends with a school year, so within one school year it is never both."""
    leerplicht = (leerplicht_starts(birth_date), school_year_end(birthday(birth_date, 16)))
    if _meet(leerplicht, (first, last)):
        return "leerplichtig"
    plicht = plicht_span(birth_date, has_startkwalificatie)
    if _meet(plicht, (first, last)):
        return "kwalificatieplichtig"
    return None


# --- the same definitions in SQL -------------------------------------------------------


def _last_true(predicate: Callable[[date], bool], on: date) -> date:
    """The latest birth date for which a predicate that holds for older children (and
    fails for younger ones) still holds, searched over 30 years before `on`."""
    lo, hi = (on - timedelta(days=30 * 366)).toordinal(), on.toordinal()
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if predicate(date.fromordinal(mid)):
            lo = mid
        else:
            hi = mid - 1
    return date.fromordinal(lo)


@lru_cache(maxsize=64)
def birth_date_bounds(on: date) -> tuple[date, date, date]:
    """(oldest_exclusive, leerplicht_oldest, youngest) such that, on `on`:
    leerplichtig ⇔ leerplicht_oldest ≤ birth ≤ youngest, and kwalificatieplichtig (without
    a startkwalificatie) ⇔ oldest_exclusive < birth < leerplicht_oldest. Found from the
    pure functions themselves, so SQL and Python cannot drift apart."""
    youngest = _last_true(lambda b: leerplicht_starts(b) <= on, on)
    # The last birth date whose leerplicht has ended by `on`; one day younger is still in.
    ended = _last_true(lambda b: school_year_end(birthday(b, 16)) < on, on)
    turned_18 = _last_true(lambda b: birthday(b, 18) <= on, on)
    return turned_18, ended + timedelta(days=1), youngest


def plichtig_condition(on: date, of: Born | None = None) -> ColumnElement[bool]:
    """SQL twin of `plichtig`, on the case's copy of the pupil's birth date and
    startkwalificatie (`of=models.Pupil`: on the pupils themselves)."""
    oldest_exclusive, leerplicht_oldest, youngest = birth_date_bounds(on)
    of = of or models.Case
    b = of.birth_date
    return and_(
        b <= youngest,
        or_(
            b >= leerplicht_oldest, and_(b > oldest_exclusive, of.has_startkwalificatie.is_(False))
        ),
    )


def kwalificatieplicht_condition(on: date, of: Born | None = None) -> ColumnElement[bool]:
    """SQL twin of `kwalificatieplichtig`, on the case's copy (or on `pupils`)."""
    oldest_exclusive, leerplicht_oldest, _ = birth_date_bounds(on)
    of = of or models.Case
    b = of.birth_date
    return and_(b > oldest_exclusive, b < leerplicht_oldest, of.has_startkwalificatie.is_(False))


def exempt_condition(on: date) -> ColumnElement[bool]:
    """SQL twin of `exempt`: a granted vrijstelling of the case in force on `on`. Looked up
    only for a case with a vrijstelling recorded (`cases.has_exemption`, read from the
    case, and on PostgreSQL from leerplicht's and the SWV's index): most have none.
    `OFFSET 0` keeps PostgreSQL from hashing every vrijstelling of the country instead (a
    subquery it cannot rewrite as `IN` is asked per case, and only for those)."""
    granted = (
        select(models.Exemption.id)
        .where(
            models.Exemption.case_id == models.Case.id,
            models.Exemption.decision.in_(GRANTED),
            models.Exemption.starts_on <= on,
            or_(models.Exemption.ends_on.is_(None), models.Exemption.ends_on >= on),
        )
        .offset(0)
    )
    return models.Case.has_exemption.is_(True) & granted.exists()


def thuiszitter_condition(on: date) -> ColumnElement[bool]:
    """SQL twin of `thuiszitter` for open cases as of `on` (today, normally)."""
    absoluut = models.Case.school_org_id.is_(None)
    long_relatief = and_(
        models.Case.school_org_id.is_not(None),
        models.Case.kind == "relatief",
        models.Case.absence_authorised.is_(False),
        models.Case.absent_since <= on - timedelta(days=LONG_TERM_DAYS),
    )
    return and_(
        models.Case.status == "open",
        models.Case.absent_since <= on,
        or_(absoluut, long_relatief),
        plichtig_condition(on),
        ~exempt_condition(on),
    )


def may_be_thuiszitter_condition() -> ColumnElement[bool]:
    """SQL twin of `may_be_thuiszitter`: which cases a report must ask the law about."""
    return or_(
        models.Case.school_org_id.is_(None),
        and_(models.Case.kind == "relatief", models.Case.absence_authorised.is_(False)),
    )


def verzuim_condition() -> ColumnElement[bool]:
    """SQL twin of `is_verzuim`."""
    return and_(models.Case.kind.in_(VERZUIM_KINDS), models.Case.absence_authorised.is_(False))


__all__ = [
    "GRANTED",
    "LONG_TERM_DAYS",
    "RESOLVED_OUTCOMES",
    "THREE_MONTHS_DAYS",
    "Situation",
    "Span",
    "absence_end",
    "absent",
    "absoluut_opgelost",
    "absoluut_verzuimer",
    "absoluut_verzuimer_spans",
    "birth_date_bounds",
    "case_is_thuiszitter",
    "days_without_education",
    "exempt",
    "exempt_condition",
    "geoorloofd_afwezig",
    "holds_on",
    "in_force",
    "is_verzuim",
    "kwalificatieplichtig",
    "langdurig_relatief_spans",
    "langdurig_relatief_teruggeleid",
    "langdurig_relatief_verzuimer",
    "may_be_thuiszitter",
    "may_be_thuiszitter_condition",
    "leerplichtig",
    "plicht_in",
    "plicht_span",
    "plichtig",
    "plichtig_condition",
    "relatief_verzuim",
    "school_year_end",
    "situation",
    "thuiszitter",
    "thuiszitter_condition",
    "thuiszitter_since",
    "thuiszitter_spans",
    "verzuim_condition",
]
