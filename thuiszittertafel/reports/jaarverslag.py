"""The jaarverslag tables (issue 13 item 2) and the SWV view (item 3): per gemeente, SWV or
school, pupils with a case and thuiszitters beside the pupil totals, outflow by outcome,
blockers by kind and days, regie per phase over the year. Every figure counts distinct
pupils and keeps them with their cases, so the list behind a number is the number itself.
Where a pupil's cases differ, one case decides (the latest closed one for the outcome, the
longest for the duration). The law decides thuiszitters (verzuim.py, cases/law.py); the
report's year decides which cases count (queries.py); regie comes from case_regie_history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from .. import clock
from ..auth.models import Role, User
from ..cases import law
from ..cases.models import Case, Pupil, RegieRecord
from ..core import permissions, policy
from ..core.collector import collector_paused
from ..core.errors import Forbidden, ValidationFailed
from ..core.inputs import Input
from ..organisations.models import Municipality, Organisation, OrgKind
from . import pupil_counts, queries, telling_queries, verzuim
from .jaarverslag_definitions import (
    FIGURES,
    LEAD_KINDS,
    NO_LEAD,
    PROCESS_HANDHAVING,
    PROCESS_OF_KIND,
    PROCESS_TOTAL,
    regie_figure,
)
from .models import PupilCount
from .schoolyear import SchoolYear, peildatum_in
from .services import median
from .telling import duration_bucket, may_count, sees_cases
from .telling_definitions import HANDHAVING_BY_STEP
from .verzuim import PupilFacts

GROUPINGS = ("municipality", "swv", "school")
NO_SCHOOL = 0  # the row key of cases without a school in the SWV view


def may_read(actor: User) -> bool:
    """Who may open the jaarverslag: the telling's readers, and functioneel beheer (who keeps
    the pupil totals and is told there why it gets no figures)."""
    return may_count(actor) or actor.has_role(Role.functioneel_beheer)


def require_read(actor: User) -> None:
    if not may_read(actor):
        raise Forbidden(
            "Het jaarverslag is er voor leerplicht, de gemeente, de coördinator van het"
            " samenwerkingsverband en functioneel beheer."
        )


# Privacy first: whoever sees no cases through the visibility policy gets no figures (a
# row of zeros would look like a real count), but is told why and who can make them.
NO_FIGURES = (
    "U ziet geen casussen, dus het jaarverslag toont u geen cijfers: een telling van"
    " casussen die u niet mag inzien zou nullen laten zien die op echte cijfers lijken."
    " Het jaarverslag maken leerplicht en de gemeente (voor hun eigen gemeenten) en de"
    " coördinator van het samenwerkingsverband; vraag het hun. Functioneel beheer houdt"
    " wel de leerlingaantallen bij waarmee zij de percentages berekenen."
)
NO_SWV_FIGURES = (
    "U ziet geen casussen, dus deze pagina toont u geen cijfers per samenwerkingsverband:"
    " een telling van casussen die u niet mag inzien zou nullen laten zien die op echte"
    " cijfers lijken. De cijfers per samenwerkingsverband en school maakt de coördinator"
    " van het samenwerkingsverband; vraag het die."
)


def no_figures_reason(session: Session, actor: User) -> str | None:
    """Why the actor, who may open the page, gets no figures (None: it gets them)."""
    return None if may_count(actor) and sees_cases(session, actor) else NO_FIGURES


def require_figures(session: Session, actor: User) -> None:
    require_read(actor)
    reason = no_figures_reason(session, actor)
    if reason:
        raise Forbidden(reason)


def reads_handhaving(actor: User, access: str | None) -> bool:
    """May the actor read handhaving on a case it sees through `access`? The permission
    table's rule (Wet politiegegevens: leerplicht with full access), never a copy of it."""
    return permissions.may(actor, "enforcement", None, access)


def shows_handhaving(actor: User) -> bool:
    """Does the jaarverslag show the actor the handhaving rows at all?"""
    return any(reads_handhaving(actor, access) for access in policy.FULL_ACCESS)


def require_figure_readable(actor: User, figure: str) -> None:
    """The handhaving figures' lists are leerplicht's alone."""
    if figure in PROCESS_HANDHAVING and not shows_handhaving(actor):
        raise Forbidden(
            "Handhaving (Halt, proces-verbaal) ziet alleen leerplicht (Wet politiegegevens)."
        )


def is_swv_coordinator(actor: User) -> bool:
    return actor.organisation.kind == OrgKind.swv and actor.has_role(Role.coordinator)


def may_read_swv(actor: User) -> bool:
    return is_swv_coordinator(actor) or actor.has_role(Role.functioneel_beheer)


def require_read_swv(actor: User) -> None:
    if not may_read_swv(actor):
        raise Forbidden(
            "De cijfers per samenwerkingsverband zijn er voor de coördinator van het"
            " samenwerkingsverband en functioneel beheer."
        )


def no_swv_figures_reason(session: Session, actor: User) -> str | None:
    ok = is_swv_coordinator(actor) and sees_cases(session, actor)
    return None if ok else NO_SWV_FIGURES


def require_swv_figures(session: Session, actor: User) -> None:
    require_read_swv(actor)
    reason = no_swv_figures_reason(session, actor)
    if reason:
        raise Forbidden(reason)


def municipalities_of(actor: User) -> list[Municipality]:
    """The telling's rule: the gemeenten of the actor's organisation."""
    return sorted(actor.organisation.municipalities, key=lambda m: m.name.lower())


def swvs_of(actor: User) -> list[Organisation]:
    """The SWV coordinator's own SWV (nobody else gets SWV figures)."""
    return [actor.organisation] if is_swv_coordinator(actor) else []


@dataclass
class Member:
    """One pupil behind a number, counted once, with the cases that put it there."""

    pupil: PupilFacts
    cases: dict[int, None] = field(default_factory=dict)  # in the order they were counted
    notes: list[str] = field(default_factory=list)
    days: int = 0  # blockers: the pupil's days of that kind

    def merged(self, other: Member) -> Member:
        return Member(
            self.pupil,
            {**self.cases, **other.cases},
            [*self.notes, *other.notes],
            self.days + other.days,
        )


@dataclass
class YearFigures:
    """One school year's figures per row key (gemeente, SWV or school id): distinct pupils.
    A pupil counts once in a row; in a total over rows once as well."""

    year: SchoolYear
    peildatum: date
    cells: dict[tuple[int, str], dict[Hashable, Member]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def add(
        self, row: int, figure: str, pupil: PupilFacts, case_id: int, note=None, days: int = 0
    ) -> None:
        cell = self.cells[(row, figure)]
        member = cell.get(pupil.key)
        if member is None:
            member = cell[pupil.key] = Member(pupil)
        member.cases[case_id] = None
        member.days += days
        if note:
            member.notes.append(note)

    def members(self, rows: Iterable[int], figure: str) -> list[Member]:
        """The pupils of `figure` over `rows`, each once (its cases and days together)."""
        found: dict[Hashable, Member] = {}
        for row in rows:
            for key, member in self.cells.get((row, figure), {}).items():
                known = found.get(key)
                found[key] = member if known is None else known.merged(member)
        return list(found.values())

    def count(self, row: int, figure: str) -> int:
        return len(self.cells.get((row, figure), {}))

    def total(self, rows: Iterable[int], figure: str) -> int:
        return len(self.members(rows, figure))

    def days(self, rows: Iterable[int], figure: str) -> list[int]:
        return [m.days for m in self.members(rows, figure)]

    def median_days(self, rows: Iterable[int], figure: str):
        return median(self.days(rows, figure))

    def figure_names(self, prefix: str) -> set[str]:
        return {f for (_, f) in self.cells if f.startswith(prefix)}


def _row_key(grouping: str) -> Callable:
    if grouping == "municipality":
        return lambda r: r.municipality_id
    if grouping == "swv":
        return lambda r: r.swv_org_id
    return lambda r: r.school_org_id or NO_SCHOOL


@dataclass
class _YearCase:
    """What one case of the year brings to the figures."""

    row: int
    pupil: PupilFacts
    opened: date
    closed: date | None
    phase: int
    lead: str  # the regie organisation's kind now, or NO_LEAD


class _Deciding:
    """Per pupil, the case that decides a bucket: the highest rank wins."""

    def __init__(self) -> None:
        self.best: dict[tuple, tuple] = {}

    def offer(self, figure_of: str, pupil: PupilFacts, rank: tuple, row: int, case_id: int):
        key = (figure_of, pupil.key)
        if key not in self.best or rank > self.best[key][0]:
            self.best[key] = (rank, row, case_id, pupil)

    def into(self, out: YearFigures, figure: Callable[[str, tuple], str | None]) -> None:
        for (name, _), (rank, row, case_id, pupil) in self.best.items():
            chosen = figure(name, rank)
            if chosen:
                out.add(row, chosen, pupil, case_id)


def _local_date(moment: datetime) -> date:
    return clock.local(moment).date()


def _year_cases(session: Session, yc: queries.YearCases, key_of, wanted, where) -> dict:
    """case id → its row of the year's cases (pupil, outcome, return, regie now), for the
    cases whose row key is wanted."""
    c, lead = yc.sq.c, aliased(Organisation)
    stmt = (
        select(
            c.case_id,
            c.municipality_id,
            c.swv_org_id,
            c.school_org_id,
            c.outcome,
            c.closed_in_year,
            c.kind,
            yc.returned.label("returned"),
            Case.opened_at,
            Case.closed_at,
            Case.phase,
            lead.kind.label("lead_kind"),
            *verzuim.pupil_columns(),
        )
        .join(Case, Case.id == c.case_id)
        .join(Pupil, Pupil.id == c.pupil_id)
        .outerjoin(lead, lead.id == Case.lead_org_id)
        .where(*where)
    )
    return {r.case_id: r for r in session.execute(stmt) if key_of(r) in wanted}


def year_figures(
    session: Session,
    actor: User,
    year: SchoolYear,
    peildatum: date,
    rows: list[int],
    *,
    grouping: str = "municipality",
    municipality_ids=None,
    swv_ids=None,
) -> YearFigures:
    """The figures of one school year up to `peildatum` for `rows` (ids of the grouping),
    over the cases the actor may see, counted in distinct pupils."""
    with collector_paused():  # the pass holds ~4 objects per case; none are garbage
        return _year_figures(
            session, actor, YearFigures(year, peildatum), rows, grouping, municipality_ids, swv_ids
        )


def _year_figures(session, actor, out: YearFigures, rows, grouping, municipality_ids, swv_ids):
    year, peildatum = out.year, out.peildatum
    key_of = _row_key(grouping)
    yc = queries.YearCases(session, actor, year, peildatum)
    yc.cap_n = yc.open_end_n = queries.day_number(peildatum) + 1  # blocker days through it
    where = []
    if municipality_ids is not None:
        where.append(yc.sq.c.municipality_id.in_(list(municipality_ids)))
    if swv_ids is not None:
        where.append(yc.sq.c.swv_org_id.in_(list(swv_ids)))
    found = _year_cases(session, yc, key_of, set(rows), where)
    cases: dict[int, _YearCase] = {}
    latest = _Deciding()
    for case_id, r in found.items():
        row, pupil = key_of(r), verzuim.pupil_facts(r)
        cases[case_id] = _YearCase(
            row,
            pupil,
            _local_date(r.opened_at),
            _local_date(r.closed_at) if r.closed_at else None,
            r.phase,
            str(r.lead_kind) if r.lead_kind else NO_LEAD,
        )
        out.add(row, "cases", pupil, case_id)
        if r.closed_in_year and r.outcome:
            latest.offer("outcome", pupil, (r.closed_at, case_id, r.outcome), row, case_id)
        if r.returned:
            out.add(row, "returned", pupil, case_id)
        process = PROCESS_OF_KIND.get(r.kind) if grouping == "municipality" else None
        if process:
            out.add(row, f"proces.{process}", pupil, case_id)
            out.add(row, PROCESS_TOTAL, pupil, case_id)
    latest.into(out, lambda _, rank: f"outcome.{rank[2]}")
    if grouping == "municipality":
        _processes(session, actor, out, set(rows), municipality_ids)
    _thuiszitters(session, actor, out, cases, municipality_ids)
    _blockers(session, yc, out, cases)
    _regie(session, yc, out, cases, where)
    return out


def _thuiszitters(session, actor, out: YearFigures, cases, municipality_ids) -> None:
    """Thuiszitters during the year; on the peildatum by the longest duration of a pupil's
    cases that hold then (that case decides the bucket)."""
    year, peildatum = out.year, out.peildatum
    longest = _Deciding()
    for facts in verzuim.load(session, actor, year.start, peildatum, municipality_ids):
        case = cases.get(facts.case_id)
        runs = law.thuiszitter_spans(facts.situation, year.start, peildatum)
        if case is None or not runs:
            continue
        out.add(case.row, "thuiszitters", case.pupil, facts.case_id)
        if law.holds_on(runs, peildatum):
            days = law.days_without_education(facts.situation, peildatum)
            longest.offer("duur", case.pupil, (days, facts.case_id), case.row, facts.case_id)
    longest.into(out, lambda _, rank: _bucket_figure(rank[0]))


def _processes(session, actor, out: YearFigures, rows: set[int], municipality_ids) -> None:
    """Seed 000's processes beside the case kinds: vrijstellingen as the telling counts them
    (new in the year or in force on the peildatum), and handhaving for whom reads it."""
    first, last = out.year.start, out.peildatum
    ids = rows if municipality_ids is None else rows & set(municipality_ids)
    for e in telling_queries.exemptions(session, actor, first, last, ids):
        if first <= e.starts_on <= last or law.in_force(e.starts_on, e.ends_on, e.decision, last):
            pupil = verzuim.pupil_facts(e)
            out.add(e.municipality_id, "proces.vrijstelling", pupil, e.case_id)
            out.add(e.municipality_id, PROCESS_TOTAL, pupil, e.case_id)
    if not shows_handhaving(actor):
        return
    figure_of = {key: path for path, (*_, keys) in PROCESS_HANDHAVING.items() for key in keys}
    for e in telling_queries.enforcement_steps(session, actor, first, last, ids):
        figure = figure_of.get(HANDHAVING_BY_STEP.get((e.step, e.pv_type), ""))
        if figure and reads_handhaving(actor, e.access):
            note = f"{FIGURES[figure][0]}: {e.taken_on:%d-%m-%Y}"
            out.add(e.municipality_id, figure, verzuim.pupil_facts(e), e.case_id, note)


def _bucket_figure(days: int) -> str | None:
    bucket = duration_bucket(days)
    return f"thuiszitters_{bucket}" if bucket else None


def _blockers(session, yc, out: YearFigures, cases) -> None:
    for _blocker_id, case_id, kind, days in queries.blocker_items(session, yc):
        case = cases.get(case_id)
        if case is not None:
            note = f"{FIGURES[f'blocker.{kind}'][0]}: {days} dagen in het schooljaar"
            out.add(case.row, f"blocker.{kind}", case.pupil, case_id, note, days)


def _regie(session, yc, out: YearFigures, cases, where) -> None:
    """Per pupil, each phase and kind of regie organisation its case had on a day of the
    year up to the peildatum (case_regie_history; a case without history: its present)."""
    lead = aliased(Organisation)
    stmt = (
        select(RegieRecord.case_id, RegieRecord.since, RegieRecord.phase, lead.kind)
        .join(yc.sq, yc.sq.c.case_id == RegieRecord.case_id)
        .outerjoin(lead, lead.id == RegieRecord.lead_org_id)
        .where(*where)
        .order_by(RegieRecord.case_id, RegieRecord.since, RegieRecord.id)
    )
    history: dict[int, list[tuple[date, int, str]]] = defaultdict(list)
    for case_id, since, phase, kind in session.execute(stmt):
        history[case_id].append((_local_date(since), phase, str(kind) if kind else NO_LEAD))
    for case_id, case in cases.items():
        stands = history.get(case_id) or [(case.opened, case.phase, case.lead)]
        for phase, kind in held_in(stands, case, out.year.start, out.peildatum):
            out.add(case.row, regie_figure(phase, kind), case.pupil, case_id)


def held_in(stands, case: _YearCase, first: date, last: date) -> set[tuple[int, str]]:
    """(phase, lead kind) pairs that held at the end of a day in [first, last] while the
    case was open. A stand holds from its day until the day before the next one."""
    start = max(first, case.opened)
    end = min(last, case.closed) if case.closed else last
    held = set()
    for i, (since, phase, kind) in enumerate(stands):
        begins = case.opened if i == 0 else since
        until = stands[i + 1][0] - timedelta(days=1) if i + 1 < len(stands) else end
        if max(begins, start) <= min(until, end):
            held.add((phase, kind))
    return held


def percentage(count: int, pupils: int | None) -> float | None:
    return round(100 * count / pupils, 2) if pupils else None


@dataclass
class Jaarverslag:
    year: SchoolYear
    previous: SchoolYear
    municipalities: list[Municipality]
    this: YearFigures
    last: YearFigures
    pupils: dict[tuple[int, int], PupilCount]  # (municipality id, first year) → PupilCount
    handhaving: bool = False  # the "waarvan Halt, proces-verbaal" rows: leerplicht only
    # Publication: the cells hidden against subtraction (jaarverslag_tables.hidden), once.
    secondary: set | None = field(default=None, repr=False, compare=False)

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.municipalities]

    def pupil_total(
        self, municipality_id: int | None, year: SchoolYear, part: str = "total"
    ) -> int | None:
        """The pupils of a gemeente (None: of all), `part` "total", "leerplichtig" or
        "kwalificatieplichtig"; None when a gemeente has no count that year."""
        ids = self.ids if municipality_id is None else [municipality_id]
        totals: list[int] = []
        for i in ids:
            count = self.pupils.get((i, year.first))
            if count is None:
                return None
            totals.append(getattr(count, part))
        return sum(totals) if totals else None

    def figures_of(self, year: SchoolYear) -> YearFigures:
        return self.this if year == self.year else self.last

    def count(self, municipality_id: int | None, figure: str, year: SchoolYear) -> int:
        """Distinct pupils in one gemeente, or over all of them (None)."""
        figures = self.figures_of(year)
        if municipality_id is None:
            return figures.total(self.ids, figure)
        return figures.count(municipality_id, figure)

    def percentage(self, municipality_id: int | None, figure: str, year: SchoolYear):
        count = self.count(municipality_id, figure, year)
        return percentage(count, self.pupil_total(municipality_id, year))

    def regie_columns(self) -> list[tuple[int, str]]:
        """(phase, lead kind) pairs that occur this year, in order."""
        found = {tuple(f.split(".")[1:]) for f in self.this.figure_names("regie.")}
        return sorted(
            ((int(p), k) for p, k in found), key=lambda pk: (pk[0], list(LEAD_KINDS).index(pk[1]))
        )


def jaarverslag(
    session: Session, actor: User, year: SchoolYear, today: date, peildatum: date | None = None
) -> Jaarverslag:
    """The jaarverslag of a school year up to `peildatum` (default: the year's end, or today
    while it runs), beside the whole year before, for the actor's gemeenten."""
    peildatum = peildatum or year.reference_date(today)
    require_figures(session, actor)
    municipalities = municipalities_of(actor)
    ids = [m.id for m in municipalities]
    previous = SchoolYear(year.first - 1)
    this = year_figures(session, actor, year, peildatum, ids, municipality_ids=ids)
    last = year_figures(session, actor, previous, previous.end, ids, municipality_ids=ids)
    return Jaarverslag(
        year=year,
        previous=previous,
        municipalities=municipalities,
        this=this,
        last=last,
        pupils=pupil_counts.counts(session, [year.first, previous.first], ids),
        handhaving=shows_handhaving(actor),
    )


def parse_period(args, today: date) -> tuple[SchoolYear, date]:
    """school_year and peildatum (default: the year's end, or today while it runs), with
    Dutch 400s."""
    year = SchoolYear.parse(args.get("school_year"), today)
    i = Input(args)
    peildatum = peildatum_in(i, year, today)
    i.done()
    return year, peildatum


def parse_figure(args) -> str:
    """The figure of a drill-down (`field`), with a Dutch 400."""
    i = Input(args)
    figure = i.text("field", "het getal", required=True, max_length=60)
    i.done()
    assert figure is not None  # required: done() raised when it was missing
    if figure in FIGURES:
        return figure
    parts = figure.split(".")
    if (
        len(parts) == 3
        and parts[0] == "regie"
        and parts[1].isascii()
        and parts[1].isdigit()
        and parts[2] in LEAD_KINDS
    ):
        return figure
    raise ValidationFailed({"field": "Onbekend getal; kies een getal uit het jaarverslag."})


def parse_municipality(actor_municipalities: list[Municipality], args) -> Municipality | None:
    """`municipality`: one of the actor's gemeenten; absent: all of them (None)."""
    i = Input(args)
    name = i.text("municipality", "de gemeente", max_length=100)
    i.done()
    if name is None:
        return None
    for m in actor_municipalities:
        if m.name.casefold() == name.casefold():
            return m
    listed = ", ".join(m.name for m in actor_municipalities) or "geen"
    raise ValidationFailed({"municipality": f"Kies een gemeente van uw organisatie: {listed}."})


def schools_of(session: Session, swv: Organisation) -> list[tuple[int, str]]:
    """(id, name) of the SWV's schools, and the row for its cases without a school."""
    stmt = (
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrgKind.school, Organisation.swv_id == swv.id)
        .order_by(Organisation.name)
    )
    return [*((i, n) for i, n in session.execute(stmt)), (NO_SCHOOL, "Zonder school")]


def swv_school_figures(
    session: Session, actor: User, year: SchoolYear, peildatum: date, swv: Organisation
) -> YearFigures:
    """The year's figures of one SWV's cases, per school."""
    schools = [i for i, _ in schools_of(session, swv)]
    return year_figures(
        session, actor, year, peildatum, schools, grouping="school", swv_ids=[swv.id]
    )


@dataclass
class SwvView:
    year: SchoolYear
    swvs: list[Organisation]
    per_swv: YearFigures
    schools: dict[int, tuple[list[tuple[int, str]], YearFigures]]
    # Publication: the cells hidden against subtraction (jaarverslag_tables.swv_hidden), once.
    secondary: set | None = field(default=None, repr=False, compare=False)


def swv_view(
    session: Session, actor: User, year: SchoolYear, today: date, peildatum: date | None = None
) -> SwvView:
    """Per SWV (po and vo) and per school of it, over the cases the actor may see."""
    peildatum = peildatum or year.reference_date(today)
    require_swv_figures(session, actor)
    swvs = swvs_of(actor)
    ids = [s.id for s in swvs]
    per_swv = year_figures(session, actor, year, peildatum, ids, grouping="swv")
    schools = {
        s.id: (schools_of(session, s), swv_school_figures(session, actor, year, peildatum, s))
        for s in swvs
    }
    return SwvView(year, swvs, per_swv, schools)


def parse_swv_row(session: Session, actor: User, args) -> tuple[Organisation, int | None, str]:
    """`swv` (an id the actor may read) and optional `school` (a school id of that SWV, or 0
    for its cases without a school): (swv, school id or None, row name), Dutch 400s."""
    i = Input(args)
    swv_id = i.integer("swv", "het samenwerkingsverband", required=True)
    school_id = i.integer("school", "de school")
    i.done()
    swv = next((s for s in swvs_of(actor) if s.id == swv_id), None)
    # i.done() above raised any earlier error, so these are the only ones.
    if swv is None:
        raise ValidationFailed(
            {"swv": "Kies een samenwerkingsverband waarvan u de cijfers mag zien."}
        )
    if school_id is None:
        return swv, None, swv.name
    name = dict(schools_of(session, swv)).get(school_id)
    if name is None:
        raise ValidationFailed({"school": f"Kies een school van {swv.name}."})
    return swv, school_id, f"{swv.name}: {name}"
