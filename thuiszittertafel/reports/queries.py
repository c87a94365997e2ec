"""Read side of the report: SQL over the cases the actor may see (core.policy), per year.

The year's cases are read once, as narrow rows of day numbers (`YearCases.rows`), and the
figures counted from them here: each figure as its own GROUP BY was a pass over every
visible case (leerplicht at 100k cases: six passes, half a second on PostgreSQL). The
blockers are one join in SQL, and `YearCases.sq` stays the subquery the drill-downs
(report_cases.py) filter with the same conditions. Dates become day numbers (days since
1970-01-01) so the same arithmetic runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import namedtuple
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import Date, Integer, and_, case, cast, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..cases.models import Blocker, Case, Pupil
from ..cases.vocabulary import BLOCKER_KINDS, CASE_KINDS, EDUCATION_TYPES, OUTCOMES
from ..core import policy
from ..organisations.models import Municipality
from .definitions import EDUCATION_RETURN_OUTCOMES, RETURN_NORM_DAYS
from .schoolyear import SchoolYear

EPOCH = date(1970, 1, 1)
# Days-at-home buckets for the distribution chart: (label, lowest day, highest day or None).
DAY_BUCKETS = (
    ("minder dan 4 weken", 0, 27),
    ("4 weken tot 3 maanden", 28, 91),
    ("3 tot 6 maanden", 92, 182),
    ("6 tot 12 maanden", 183, 365),
    ("een jaar of langer", 366, None),
)


def day_number(d: date) -> int:
    return (d - EPOCH).days


def _local_day(value) -> int | None:
    """SQLite function: the Europe/Amsterdam day number of a stored UTC timestamp."""
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return day_number(clock.local(moment).date())


class _Days:
    """Day-number expressions for one dialect."""

    def __init__(self, session: Session):
        connection = session.connection()
        self.dialect = connection.dialect.name
        if self.dialect == "sqlite":
            connection.connection.driver_connection.create_function(
                "tzt_local_day", 1, _local_day, deterministic=True
            )

    def of(self, column):
        """Day number of a DATE column."""
        if self.dialect == "postgresql":
            return type_coerce(column - literal(EPOCH, Date), Integer)
        return cast(func.julianday(column) - 2440587.5, Integer)

    def local(self, column):
        """Day number of a UTC timestamp column, as the local date."""
        if self.dialect == "postgresql":
            local = cast(func.timezone(clock.LOCAL_TZ.key, column), Date)
            return type_coerce(local - literal(EPOCH, Date), Integer)
        return type_coerce(func.tzt_local_day(column), Integer)


def _least(a, b):
    return case((a < b, a), else_=b)


def _greatest(a, b):
    return case((a > b, a), else_=b)


class YearCases:
    """The cases of one school year the actor may see, as a subquery with day numbers."""

    def __init__(self, session: Session, actor: User, year: SchoolYear, today: date):
        self.year, self.today = year, today
        self.days = days = _Days(session)
        self.start_n = day_number(year.start)
        self.end_n = day_number(year.end)
        self.today_n = day_number(today)
        self.cap_n = min(self.end_n + 1, self.today_n)  # exclusive end of "the year so far"
        self.open_end_n = self.today_n  # where a blocker that still runs ends (exclusive)
        start_at, end_at = year.instants()
        # A peildatum before the year's end (`today`): what happened after it does not count.
        end_at = min(end_at, datetime.combine(today + timedelta(days=1), time(0), clock.LOCAL_TZ))
        absent = days.of(Case.absent_since)
        resumed = days.of(Case.education_resumed_on)
        home_end = func.coalesce(resumed, days.local(Case.closed_at), self.today_n)
        closed_in_year = and_(Case.closed_at >= start_at, Case.closed_at < end_at)
        stmt = (
            policy.visible_cases(actor)
            .with_only_columns(
                Case.id.label("case_id"),
                Case.pupil_id.label("pupil_id"),
                Case.municipality_id.label("municipality_id"),
                Pupil.education_type.label("education_type"),
                Case.swv_org_id.label("swv_org_id"),
                Case.school_org_id.label("school_org_id"),
                Case.kind.label("kind"),
                Case.outcome.label("outcome"),
                absent.label("absent_n"),
                resumed.label("resumed_n"),
                home_end.label("home_end_n"),
                (_least(home_end, self.cap_n) - absent).label("home_days"),
                case((closed_in_year, 1), else_=0).label("closed_in_year"),
                case((or_(Case.status == "open", Case.closed_at >= end_at), 1), else_=0).label(
                    "open_at_end"
                ),
            )
            .where(
                Case.absent_since <= min(year.end, today),
                or_(Case.status == "open", Case.closed_at >= start_at),
            )
        )
        self.sq = stmt.subquery("year_cases")
        self._session = session
        self._rows: list | None = None

    @property
    def returned(self):
        c = self.sq.c
        return and_(
            c.resumed_n >= self.start_n,
            c.resumed_n <= min(self.end_n, self.today_n),
            c.outcome.in_(EDUCATION_RETURN_OUTCOMES),
        )

    def rows(self) -> list:
        """The year's cases, read once: what every count below is made of. As named
        tuples: the counts read ten columns of each of tens of thousands of rows, and a
        named tuple's field is a plain index where a Row looks its key up (count_rows at
        10k rows: 42 -> 6 ms)."""
        if self._rows is None:
            result = self._session.execute(select(self.sq))
            row = namedtuple("YearCase", result.keys())  # type: ignore[misc]
            self._rows = [row._make(r) for r in result]
        return self._rows

    def has_returned(self, row) -> bool:
        """Python twin of `returned` for one row."""
        return (
            row.resumed_n is not None
            and self.start_n <= row.resumed_n <= min(self.end_n, self.today_n)
            and row.outcome in EDUCATION_RETURN_OUTCOMES
        )


# The count key of each case kind, outcome and education type (count_rows).
_KIND_KEY = {kind: kind.replace("-", "_") for kind in CASE_KINDS}
_OUTCOME_KEY = {outcome: "outcome_" + outcome.replace("-", "_") for outcome in OUTCOMES}
_EDUCATION_KEY = {kind: "education_" + kind for kind in EDUCATION_TYPES}


def count_rows(session: Session, yc: YearCases) -> list[dict]:
    """Per municipality: every count key of the report except the blockers (the same
    conditions as report_cases._condition, which lists the cases behind each). One pass,
    each case adding to the keys that hold for it (leerplicht at 100k cases: 10k rows)."""
    by_municipality: dict[int, dict] = {}
    for r in yc.rows():
        counts = by_municipality.get(r.municipality_id)
        if counts is None:
            counts = by_municipality[r.municipality_id] = _zero_counts(r.municipality_id)
        counts["cases"] += 1
        counts["carried_in" if r.absent_n < yc.start_n else "new"] += 1
        if r.closed_in_year == 1:
            counts["closed"] += 1
            if r.outcome in _OUTCOME_KEY:
                counts[_OUTCOME_KEY[r.outcome]] += 1
        if r.open_at_end == 1:
            counts["open_at_end"] += 1
        # Relatief splits into langdurig and kort by the law (services, from verzuim.py).
        if r.kind in _KIND_KEY:
            counts[_KIND_KEY[r.kind]] += 1
        if yc.has_returned(r):
            counts["returned"] += 1
            if r.resumed_n - r.absent_n <= RETURN_NORM_DAYS:
                counts["returned_within_3_months"] += 1
        if r.education_type in _EDUCATION_KEY:
            counts[_EDUCATION_KEY[r.education_type]] += 1
    return list(by_municipality.values())


def _zero_counts(municipality_id: int) -> dict:
    keys = [
        "cases",
        "carried_in",
        "new",
        "closed",
        "open_at_end",
        *(k.replace("-", "_") for k in CASE_KINDS),
        *("outcome_" + o.replace("-", "_") for o in OUTCOMES),
        "returned",
        "returned_within_3_months",
        *("education_" + t for t in EDUCATION_TYPES),
    ]
    return {"municipality_id": municipality_id, **dict.fromkeys(keys, 0)}


def _blockers(yc: YearCases, columns):
    """select() of `columns` over the blockers of the year's cases that touch the year,
    with `overlap`: their days within the year up to the peildatum."""
    days = yc.days
    since = days.of(Blocker.since)
    until = func.coalesce(days.of(Blocker.until), yc.open_end_n)
    low = _greatest(since, yc.start_n)
    high = _least(until, yc.cap_n)
    overlap = case((high > low, high - low), else_=0)
    return (
        select(*columns(overlap))
        .join(yc.sq, yc.sq.c.case_id == Blocker.case_id)
        .where(
            Blocker.since <= yc.year.end,
            or_(Blocker.until.is_(None), Blocker.until >= yc.year.start),
            Blocker.kind.in_(list(BLOCKER_KINDS)),
        )
    )


def blocker_rows(session: Session, yc: YearCases) -> list[tuple[int, str, int, int]]:
    """(municipality_id, kind, blockers, days) for blockers of the year's cases."""
    m = yc.sq.c.municipality_id
    stmt = _blockers(yc, lambda overlap: (m, Blocker.kind, func.count(), func.sum(overlap)))
    stmt = stmt.group_by(m, Blocker.kind)
    return [(m, k, n, int(d or 0)) for m, k, n, d in session.execute(stmt)]


def blocker_items(session: Session, yc: YearCases) -> list[tuple[int, int, str, int]]:
    """(blocker id, case id, kind, days) of each blocker `blocker_rows` counts."""
    stmt = _blockers(yc, lambda overlap: (Blocker.id, Blocker.case_id, Blocker.kind, overlap))
    return [(i, c, k, int(d or 0)) for i, c, k, d in session.execute(stmt.order_by(Blocker.id))]


def return_durations(session: Session, yc: YearCases) -> list[tuple[int, int]]:
    """(municipality_id, days at home until return) of every returned case."""
    return [(r.municipality_id, r.resumed_n - r.absent_n) for r in yc.rows() if yc.has_returned(r)]


def municipality_names(session: Session, ids) -> dict[int, str]:
    if not ids:
        return {}
    stmt = select(Municipality.id, Municipality.name).where(Municipality.id.in_(list(ids)))
    return dict(session.execute(stmt).all())


def days_at_home_buckets(session: Session, yc: YearCases) -> list[tuple[str, int]]:
    """How many of the year's cases had how many days at home (up to the peildatum). The
    buckets follow each other without a gap: a case's is the last whose lowest day it
    reached."""
    lows = [low for _, low, _ in DAY_BUCKETS]
    counts = [0] * len(DAY_BUCKETS)
    for r in yc.rows():
        i = bisect_right(lows, r.home_days) - 1
        if i >= 0:
            counts[i] += 1
    return [(label, counts[i]) for i, (label, _, _) in enumerate(DAY_BUCKETS)]


def at_home_by_month(
    session: Session, yc: YearCases, thuiszitter_runs
) -> list[tuple[date, int, int]]:
    """On the first of each month so far: cases at home, and thuiszitters among them (the
    days the law gives, `thuiszitter_runs`: one list of runs per case). A case is at home
    on the days [absent_n, home_end_n): it adds one where its first such day starts and
    takes it back after its last, and a running sum gives the count per day."""
    days = [d for d in yc.year.month_starts() if d <= yc.today]
    if not days:
        return []
    numbers = [day_number(d) for d in days]
    changes = [0] * (len(days) + 1)
    for r in yc.rows():
        first, after = bisect_left(numbers, r.absent_n), bisect_left(numbers, r.home_end_n)
        if first < after:
            changes[first] += 1
            changes[after] -= 1
    at_home = list(accumulate(changes[:-1]))
    thuiszitters = holding_on(days, thuiszitter_runs)
    return [(d, at_home[i], thuiszitters[i]) for i, d in enumerate(days)]


def holding_on(days: list[date], runs_per_case) -> list[int]:
    """For each of the ascending `days`: of how many cases a run holds on it (as
    `law.holds_on`). One pass over the runs, each finding its days by bisection; asking
    every case on every day was 0.6 s of /rapportages for leerplicht at 100k cases."""
    counts = [0] * len(days)
    for runs in runs_per_case:
        covered: set[int] = set()
        for first, last in runs:
            covered.update(range(bisect_left(days, first), bisect_right(days, last)))
        for i in covered:
            counts[i] += 1
    return counts
