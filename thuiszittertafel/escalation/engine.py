"""The escalation engine: a pure function from state and `now` to the notices that are due.

No database, no clock: the storing layer (notices.py) loads the state, calls `due_notices`
and records each notice once under its key. Every notice whose moment has passed is
returned, so notices missed while nothing ran come out on the next pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .calendar import SchoolCalendar, shift_moment

REMINDER = "agreement_reminder"
OVERDUE = "agreement_overdue"
ESCALATED = "agreement_escalated"
PHASE_TERM = "phase_term_breached"
FOUR_WEEKS = "case_4_weeks"
FOUR_WEEKS_AUTHORISED = "case_4_weeks_authorised"
THREE_MONTHS = "case_3_months"
# Dates the law sets (DESIGN §4a): the 18th birthday ends leer- and kwalificatieplicht, a
# verkort rooster runs until a date, a yearly vrijstelling must be renewed before it ends.
EIGHTEEN = "case_18_years"
REDUCED_TIMETABLE_ENDING = "reduced_timetable_ending"
EXEMPTION_ENDING = "exemption_ending"
RULES = (
    REMINDER,
    OVERDUE,
    ESCALATED,
    PHASE_TERM,
    FOUR_WEEKS,
    FOUR_WEEKS_AUTHORISED,
    THREE_MONTHS,
    EIGHTEEN,
    REDUCED_TIMETABLE_ENDING,
    EXEMPTION_ENDING,
)

# Which case clocks run (cases/law.py decides, the loader asks it): a verzuim case that the
# law applies to gets the legal four-week and three-month notices; authorised absence only
# a neutral four-week signal to school and jeugdarts; any other case none.
CLOCK_VERZUIM = "verzuim"
CLOCK_AUTHORISED = "geoorloofd"


# The state and the notices are NamedTuples: a catch-up pass makes ~100k of each, built
# straight from database rows (a frozen dataclass is three times slower to create).
class AgreementState(NamedTuple):
    """An open agreement as the engine needs it."""

    id: int
    case_id: int
    due_at: datetime
    day_count: str = "school"  # "school" or "calendar"
    occurrence: int = 1
    term_version: int = 1
    paused_until: date | None = None
    region: str = "midden"


class CaseState(NamedTuple):
    """An open case's clocks and phase term."""

    id: int
    absent_since: date
    phase: int
    phase_due_on: date | None
    clock: str | None = CLOCK_VERZUIM  # CLOCK_VERZUIM, CLOCK_AUTHORISED or None
    turns_18_on: date | None = None
    reduced_until: date | None = None  # the end of a verkort rooster


class ExemptionState(NamedTuple):
    """A granted vrijstelling of an open case that ends on a date."""

    id: int
    case_id: int
    ends_on: date


@dataclass(frozen=True)
class Rules:
    reminder_days: int = 2
    escalation_days: int = 5
    four_weeks_days: int = 28
    three_months_days: int = 91
    reduced_timetable_days: int = 7  # calendar days before a verkort rooster ends
    exemption_days: int = 42  # calendar days before a vrijstelling ends (time to renew)

    @classmethod
    def from_model(cls, rules: dict) -> Rules:
        return cls(
            reminder_days=rules["reminder_school_days"],
            escalation_days=rules["overdue_grace_school_days"],
            four_weeks_days=rules["four_weeks_days"],
            three_months_days=rules["three_months_days"],
            reduced_timetable_days=rules["reduced_timetable_reminder_days"],
            exemption_days=rules["exemption_reminder_days"],
        )


class Notice(NamedTuple):
    rule: str
    key: str  # unique per (rule, object, occurrence): the exactly-once guarantee
    case_id: int
    due_at: datetime  # the moment the rule fell due
    agreement_id: int | None = None
    on: date | None = None  # the date a law-date notice is about (an end, a birthday)


def agreement_moments(
    a: AgreementState, rules: Rules, calendar: SchoolCalendar, tz: ZoneInfo
) -> dict[str, datetime]:
    """When each agreement rule falls due (local wall-clock time kept across DST)."""
    school = a.day_count == "school"
    return {
        REMINDER: shift_moment(
            a.due_at,
            -rules.reminder_days,
            school_days=school,
            region=a.region,
            calendar=calendar,
            tz=tz,
        ),
        OVERDUE: a.due_at,
        ESCALATED: shift_moment(
            a.due_at,
            rules.escalation_days,
            school_days=school,
            region=a.region,
            calendar=calendar,
            tz=tz,
        ),
    }


def _agreement_key(rule: str, a: AgreementState) -> str:
    return f"{rule}:a{a.id}:o{a.occurrence}:t{a.term_version}"


def _start_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0)).replace(tzinfo=tz)


def due_notices(
    agreements: Iterable[AgreementState],
    cases: Iterable[CaseState],
    now: datetime,
    *,
    rules: Rules,
    calendar: SchoolCalendar,
    tz: ZoneInfo,
    exemptions: Iterable[ExemptionState] = (),
) -> Iterator[Notice]:
    """Every notice whose moment has passed as of `now`.

    A reminder is only given before the term: once the term has passed, the overdue notice
    says more. A paused term gives no notices until the pause has ended.
    """
    today = now.astimezone(tz).date()
    yield from _agreement_notices(agreements, now, today, rules, calendar, tz)
    start_of = _DayStarts(tz)
    yield from _case_notices(cases, now, today, rules, start_of)
    for e in exemptions:
        if e.ends_on >= today:
            at = start_of(e.ends_on - timedelta(days=rules.exemption_days))
            if at <= now:
                key = f"{EXEMPTION_ENDING}:e{e.id}:{e.ends_on}"
                yield Notice(EXEMPTION_ENDING, key, e.case_id, at, None, e.ends_on)


class _DayStarts(dict):
    """The start of a day in the time zone, worked out once per date: absences and terms
    cluster on a few dates."""

    def __init__(self, tz: ZoneInfo):
        super().__init__()
        self.tz = tz

    def __call__(self, day: date) -> datetime:
        at = self.get(day)
        if at is None:
            at = self[day] = _start_of(day, self.tz)
        return at


def _agreement_notices(
    agreements: Iterable[AgreementState],
    now: datetime,
    today: date,
    rules: Rules,
    calendar: SchoolCalendar,
    tz: ZoneInfo,
) -> Iterator[Notice]:
    # Terms cluster on a few moments (a date at the end of the day), so each moment is
    # worked out once per call, not once per agreement.
    moments_of: dict[tuple, dict[str, datetime]] = {}
    for a in agreements:
        if a.paused_until is not None and a.paused_until >= today:
            continue
        term = (a.due_at, a.day_count, a.region)
        moments = moments_of.get(term)
        if moments is None:
            moments = moments_of[term] = agreement_moments(a, rules, calendar, tz)
        if moments[REMINDER] <= now < a.due_at:
            yield Notice(REMINDER, _agreement_key(REMINDER, a), a.case_id, moments[REMINDER], a.id)
        for rule in (OVERDUE, ESCALATED):
            if moments[rule] <= now:
                yield Notice(rule, _agreement_key(rule, a), a.case_id, moments[rule], a.id)


def _case_notices(
    cases: Iterable[CaseState], now: datetime, today: date, rules: Rules, start_of: _DayStarts
) -> Iterator[Notice]:
    four_weeks = timedelta(days=rules.four_weeks_days)
    clocks = {
        CLOCK_VERZUIM: (
            (FOUR_WEEKS, four_weeks),
            (THREE_MONTHS, timedelta(days=rules.three_months_days)),
        ),
        CLOCK_AUTHORISED: ((FOUR_WEEKS_AUTHORISED, four_weeks),),
        None: (),
    }
    for c in cases:
        if c.phase_due_on is not None:
            breached = start_of(c.phase_due_on + timedelta(days=1))
            if breached <= now:
                yield Notice(
                    PHASE_TERM, f"{PHASE_TERM}:c{c.id}:p{c.phase}:{c.phase_due_on}", c.id, breached
                )
        for rule, days in clocks[c.clock]:
            at = start_of(c.absent_since + days)
            if at <= now:
                yield Notice(rule, f"{rule}:c{c.id}", c.id, at)
        if c.turns_18_on is not None and start_of(c.turns_18_on) <= now:
            at = start_of(c.turns_18_on)
            yield Notice(EIGHTEEN, f"{EIGHTEEN}:c{c.id}", c.id, at, None, c.turns_18_on)
        if c.reduced_until is not None and c.reduced_until >= today:  # a term still to come
            at = start_of(c.reduced_until - timedelta(days=rules.reduced_timetable_days))
            if at <= now:
                key = f"{REDUCED_TIMETABLE_ENDING}:c{c.id}:{c.reduced_until}"
                yield Notice(REDUCED_TIMETABLE_ENDING, key, c.id, at, None, c.reduced_until)


def horizon(
    now: datetime, rules: Rules, calendar: SchoolCalendar, tz: ZoneInfo, regions: Iterable[str]
) -> datetime:
    """No agreement due after this moment can have a notice due now (for the SQL filter)."""
    latest = now + timedelta(days=rules.reminder_days)
    for region in regions:
        latest = max(
            latest,
            shift_moment(
                now, rules.reminder_days, school_days=True, region=region, calendar=calendar, tz=tz
            ),
        )
    return latest + timedelta(days=1)
