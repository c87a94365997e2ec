"""The jaarverslag tables (issue 13 item 2) and the SWV view (item 3): per gemeente, SWV or
school, cases and thuiszitters beside the pupil totals, outflow by outcome, blockers by kind
and days, regie per phase. Every number keeps its members (the cases, or blockers, behind
it), so the list behind a number is the number itself. The law decides thuiszitters
(verzuim.py, cases/law.py); the report's year decides which cases count (queries.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..auth.models import Role, User
from ..cases import law
from ..cases.models import Case, Pupil
from ..core import policy
from ..core.errors import Forbidden, ValidationFailed
from ..core.inputs import Input
from ..organisations.models import Municipality, Organisation, OrgKind
from . import pupil_counts, queries, verzuim
from .jaarverslag_definitions import FIGURES, LEAD_KINDS, NO_LEAD, regie_figure
from .models import PupilCount
from .schoolyear import SchoolYear
from .services import median
from .telling import duration_bucket, may_count

GROUPINGS = ("municipality", "swv", "school")
NO_SCHOOL = 0  # the row key of cases without a school in the SWV view


def may_read(actor: User) -> bool:
    """The telling's readers, and functioneel beheer (who keeps the pupil totals)."""
    return may_count(actor) or actor.has_role(Role.functioneel_beheer)


def require_read(actor: User) -> None:
    if not may_read(actor):
        raise Forbidden(
            "Het jaarverslag is er voor leerplicht, de gemeente, de coördinator van het"
            " samenwerkingsverband en functioneel beheer."
        )


def may_read_swv(actor: User) -> bool:
    return (
        actor.organisation.kind == OrgKind.swv
        and actor.has_role(Role.coordinator)
        or (actor.has_role(Role.functioneel_beheer))
    )


def require_read_swv(actor: User) -> None:
    if not may_read_swv(actor):
        raise Forbidden(
            "De cijfers per samenwerkingsverband zijn er voor de coördinator van het"
            " samenwerkingsverband en functioneel beheer."
        )


def municipalities_of(session: Session, actor: User) -> list[Municipality]:
    """The telling's rule: the organisation's gemeenten; functioneel beheer the region's."""
    if actor.has_role(Role.functioneel_beheer):
        return pupil_counts.municipalities(session)
    return sorted(actor.organisation.municipalities, key=lambda m: m.name.lower())


def swvs_of(session: Session, actor: User) -> list[Organisation]:
    """The SWV coordinator's own SWV; functioneel beheer every SWV."""
    if actor.organisation.kind == OrgKind.swv and actor.has_role(Role.coordinator):
        return [actor.organisation]
    stmt = select(Organisation).where(Organisation.kind == OrgKind.swv).order_by(Organisation.name)
    return list(session.scalars(stmt))


@dataclass
class Member:
    case_id: int
    note: str | None = None
    days: int | None = None  # a blocker's days


@dataclass
class YearFigures:
    """One school year's figures per row key (gemeente, SWV or school id)."""

    year: SchoolYear
    peildatum: date
    cells: dict[tuple[int, str], dict[Hashable, Member]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def add(self, row: int, figure: str, case_id: int, key=None, **kw) -> None:
        self.cells[(row, figure)][case_id if key is None else key] = Member(case_id, **kw)

    def members(self, row: int, figure: str) -> list[Member]:
        return list(self.cells.get((row, figure), {}).values())

    def count(self, row: int, figure: str) -> int:
        return len(self.cells.get((row, figure), {}))

    def total(self, rows, figure: str) -> int:
        return sum(self.count(r, figure) for r in rows)

    def days(self, rows, figure: str) -> list[int]:
        return [m.days or 0 for r in rows for m in self.members(r, figure)]

    def median_days(self, rows, figure: str):
        return median(self.days(rows, figure))


def _row_key(grouping: str) -> Callable:
    if grouping == "municipality":
        return lambda r: r.municipality_id
    if grouping == "swv":
        return lambda r: r.swv_org_id
    return lambda r: r.school_org_id or NO_SCHOOL


def year_figures(
    session: Session,
    actor: User,
    year: SchoolYear,
    today: date,
    rows: list[int],
    *,
    grouping: str = "municipality",
    municipality_ids=None,
    swv_ids=None,
) -> YearFigures:
    """The figures of one school year for `rows` (ids of the grouping), over the cases the
    actor may see."""
    peildatum = year.reference_date(today)
    out = YearFigures(year, peildatum)
    wanted, key_of = set(rows), _row_key(grouping)
    yc = queries.YearCases(session, actor, year, today)
    c = yc.sq.c
    stmt = select(
        c.case_id,
        c.municipality_id,
        c.swv_org_id,
        c.school_org_id,
        c.outcome,
        c.closed_in_year,
        yc.returned.label("returned"),
    )
    if municipality_ids is not None:
        stmt = stmt.where(c.municipality_id.in_(list(municipality_ids)))
    if swv_ids is not None:
        stmt = stmt.where(c.swv_org_id.in_(list(swv_ids)))
    row_of: dict[int, int] = {}
    for r in session.execute(stmt):
        row = key_of(r)
        if row not in wanted:
            continue
        row_of[r.case_id] = row
        out.add(row, "cases", r.case_id)
        if r.closed_in_year and r.outcome:
            out.add(row, f"outcome.{r.outcome}", r.case_id)
        if r.returned:
            out.add(row, "returned", r.case_id)
    for facts in verzuim.load(session, actor, year.start, peildatum, municipality_ids):
        row = row_of.get(facts.case_id)
        runs = law.thuiszitter_spans(facts.situation, year.start, peildatum)
        if row is None or not runs:
            continue
        out.add(row, "thuiszitters", facts.case_id)
        if law.holds_on(runs, peildatum):
            bucket = duration_bucket(law.days_without_education(facts.situation, peildatum))
            if bucket:
                out.add(row, f"thuiszitters_{bucket}", facts.case_id)
    for blocker_id, case_id, kind, days in queries.blocker_items(session, yc):
        if case_id in row_of:
            note = f"{FIGURES[f'blocker.{kind}'][0]}: {days} dagen in het schooljaar"
            out.add(
                row_of[case_id], f"blocker.{kind}", case_id, ("b", blocker_id), note=note, days=days
            )
    return out


def regie_figures(
    session: Session, actor: User, today: date, rows: list[int], *, grouping="municipality"
) -> YearFigures:
    """Open cases now, per phase and the kind of organisation with regie."""
    out = YearFigures(SchoolYear.of(today), today)
    lead = aliased(Organisation)
    column = {
        "municipality": Pupil.municipality_id,
        "swv": Case.swv_org_id,
        "school": Case.school_org_id,
    }[grouping]
    stmt = (
        policy.visible_cases(actor)
        .outerjoin(lead, lead.id == Case.lead_org_id)
        .where(Case.status == "open")
        .with_only_columns(Case.id, column, Case.phase, lead.kind)
    )
    wanted = set(rows)
    for case_id, row, phase, kind in session.execute(stmt):
        row = row or NO_SCHOOL
        if row in wanted:
            out.add(row, regie_figure(phase, str(kind) if kind else NO_LEAD), case_id)
    return out


def percentage(count: int, pupils: int | None) -> float | None:
    return round(100 * count / pupils, 2) if pupils else None


@dataclass
class Jaarverslag:
    year: SchoolYear
    previous: SchoolYear
    municipalities: list[Municipality]
    this: YearFigures
    last: YearFigures
    regie: YearFigures
    pupils: dict[tuple[int, int], PupilCount]  # (municipality id, first year) → PupilCount

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.municipalities]

    def pupil_total(self, municipality_id: int | None, year: SchoolYear) -> int | None:
        ids = self.ids if municipality_id is None else [municipality_id]
        totals: list[int] = []
        for i in ids:
            count = self.pupils.get((i, year.first))
            if count is None:
                return None
            totals.append(count.total)
        return sum(totals) if totals else None

    def figures_of(self, year: SchoolYear) -> YearFigures:
        return self.this if year == self.year else self.last

    def count(self, municipality_id: int | None, figure: str, year: SchoolYear) -> int:
        figures = self.figures_of(year)
        if municipality_id is None:
            return figures.total(self.ids, figure)
        return figures.count(municipality_id, figure)

    def percentage(self, municipality_id: int | None, figure: str, year: SchoolYear):
        count = self.count(municipality_id, figure, year)
        return percentage(count, self.pupil_total(municipality_id, year))

    def regie_columns(self) -> list[tuple[int, str]]:
        """(phase, lead kind) pairs that occur, in order."""
        found = {tuple(f.split(".")[1:]) for (_, f) in self.regie.cells}
        return sorted(
            ((int(p), k) for p, k in found), key=lambda pk: (pk[0], list(LEAD_KINDS).index(pk[1]))
        )


def jaarverslag(session: Session, actor: User, year: SchoolYear, today: date) -> Jaarverslag:
    """The jaarverslag of a school year, beside the year before, for the actor's gemeenten."""
    require_read(actor)
    municipalities = municipalities_of(session, actor)
    ids = [m.id for m in municipalities]
    previous = SchoolYear(year.first - 1)
    this = year_figures(session, actor, year, today, ids, municipality_ids=ids)
    last = year_figures(session, actor, previous, today, ids, municipality_ids=ids)
    return Jaarverslag(
        year=year,
        previous=previous,
        municipalities=municipalities,
        this=this,
        last=last,
        regie=regie_figures(session, actor, today, ids),
        pupils=pupil_counts.counts(session, [year.first, previous.first], ids),
    )


def parse_figure(args, *, regie_phases=None) -> str:
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
    session: Session, actor: User, year: SchoolYear, today: date, swv: Organisation
) -> YearFigures:
    """The year's figures of one SWV's cases, per school."""
    schools = [i for i, _ in schools_of(session, swv)]
    return year_figures(session, actor, year, today, schools, grouping="school", swv_ids=[swv.id])


@dataclass
class SwvView:
    year: SchoolYear
    swvs: list[Organisation]
    per_swv: YearFigures
    schools: dict[int, tuple[list[tuple[int, str]], YearFigures]]


def swv_view(session: Session, actor: User, year: SchoolYear, today: date) -> SwvView:
    """Per SWV (po and vo) and per school of it, over the cases the actor may see."""
    require_read_swv(actor)
    swvs = swvs_of(session, actor)
    ids = [s.id for s in swvs]
    per_swv = year_figures(session, actor, year, today, ids, grouping="swv")
    schools = {
        s.id: (schools_of(session, s), swv_school_figures(session, actor, year, today, s))
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
    swv = next((s for s in swvs_of(session, actor) if s.id == swv_id), None)
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
