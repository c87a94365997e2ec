"""The jaarverslag as tables, once, for the page, the CSV and the PDF: Dutch headings, the
numbers (each with the drill-down it links to) and the definitions printed below each table.
For publication, small numbers become "<5" (DESIGN §8)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from . import jaarverslag_definitions as jd
from . import suppression
from .definitions import SUPPRESS_BELOW
from .jaarverslag import Jaarverslag, SwvView
from .schoolyear import SchoolYear

SMALL = suppression.SMALL
SECONDARY = suppression.SECONDARY
SMALL_BASE = f"n<{SUPPRESS_BELOW}"


@dataclass(frozen=True)
class Cell:
    text: str
    link: dict | None = None  # query arguments of the list behind the number
    value: int | float | None = None  # the number itself (None: text only, e.g. a name)


@dataclass
class Table:
    id: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    definitions: list[tuple[str, str]] = field(default_factory=list)


def dutch_percentage(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%".replace(".", ",")


def dutch_number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def small(n: int, publication: bool) -> bool:
    """A count that publication hides: 1 to 4."""
    return publication and 0 < n < SUPPRESS_BELOW


def count_text(n: int, publication: bool, hidden: bool = False) -> str:
    if small(n, publication):
        return SMALL
    return SECONDARY if publication and hidden else dutch_number(n)


def count_paths(r: Jaarverslag) -> list[str]:
    """The count figures of a gemeente whose total over the gemeenten is shown as well."""
    return [
        "cases",
        "thuiszitters",
        "thuiszitters_4w_3m",
        "thuiszitters_3m_plus",
        "returned",
        *(f"outcome.{o}" for o in OUTCOMES),
        *(f"blocker.{b}" for b in BLOCKER_KINDS),
        *process_paths(r),
        *(jd.regie_figure(p, k) for p, k in r.regie_columns()),
    ]


CLOSED = "closed"  # "Totaal gesloten": the outcomes added up


def _secondary(r: Jaarverslag) -> set:
    """Cells (municipality id or None, path, first year) that publication hides besides the
    small ones: the gemeenten add up to the total, the outcomes to "Totaal gesloten"."""
    values, groups = {}, []
    rows = [None, *r.ids]
    for year in (r.year, r.previous):
        for path in count_paths(r):
            cells = [(mid, path, year.first) for mid in rows]
            values.update({cell: r.count(cell[0], path, year) for cell in cells})
            groups.append(cells)
        outcomes = [f"outcome.{o}" for o in OUTCOMES]
        for mid in rows:
            parts = [(mid, path, year.first) for path in outcomes]
            values[(mid, CLOSED, year.first)] = sum(values[cell] for cell in parts)
            groups.append([(mid, CLOSED, year.first), *parts])
    leads = _regie_leads(r)
    for phase in _regie_phases(r):  # the regie table: this year, the region's total
        parts = [(None, jd.regie_figure(phase, k), r.year.first) for k in leads]
        for part in parts:
            if part not in values:  # a kind without pupils in this phase: its 0
                values[part] = r.count(None, part[1], r.year)
        total = (None, _regie_total_path(phase), r.year.first)
        values[total] = _regie_total(r, phase, leads)
        groups.append([total, *parts])
    return suppression.secondary(values, groups)


def _regie_leads(r: Jaarverslag) -> list[str]:
    """The regie table's columns: the kinds of regie organisation the year had."""
    return sorted({k for _, k in r.regie_columns()}, key=list(jd.LEAD_KINDS).index)


def _regie_phases(r: Jaarverslag) -> list[int]:
    """The regie table's rows."""
    return sorted({p for p, _ in r.regie_columns()})


def _regie_total_path(phase: int) -> str:
    return f"regie-totaal.{phase}"


def _regie_total(r: Jaarverslag, phase: int, leads: list[str]) -> int:
    """The pupils with regie of any kind in `phase` (one pupil can have had two kinds)."""
    every = [m for k in leads for m in r.this.members(r.ids, jd.regie_figure(phase, k))]
    return len({m.pupil.key for m in every})


def hidden(r: Jaarverslag, mid: int | None, path: str, year: SchoolYear) -> bool:
    """The count is hidden against subtraction in the publication variant ("x")."""
    if r.secondary is None:
        r.secondary = _secondary(r)
    return (mid, path, year.first) in r.secondary


def _swv_secondary(v: SwvView) -> set:
    """Cells (SWV id, school id or None for its total, path) that publication hides besides
    the small ones: the schools of an SWV add up to its total."""
    values: dict[tuple[int, int | None, str], int] = {}
    groups = []
    for swv in v.swvs:
        schools, per_school = v.schools[swv.id]
        for path in jd.CASE_FIGURES:
            values[(swv.id, None, path)] = v.per_swv.count(swv.id, path)
            for school, _ in schools:
                values[(swv.id, school, path)] = per_school.count(school, path)
            groups.append([(swv.id, None, path), *((swv.id, s, path) for s, _ in schools)])
    return suppression.secondary(values, groups)


def swv_count_text(v: SwvView, swv_id: int, school: int | None, path: str, publication: bool):
    """`swv_count` as the page writes it (1.234)."""
    value = swv_count(v, swv_id, school, path, publication)
    return value if isinstance(value, str) else dutch_number(value)


def swv_count(v: SwvView, swv_id: int, school: int | None, path: str, publication: bool):
    """A count of the SWV view (school None: the SWV's total) as published: '<5', 'x' or
    the number."""
    figures = v.per_swv if school is None else v.schools[swv_id][1]
    n = figures.count(swv_id if school is None else school, path)
    if not publication:
        return n
    if v.secondary is None:
        v.secondary = _swv_secondary(v)
    return suppression.shown(n, (swv_id, school, path) in v.secondary)


def _count(r: Jaarverslag, m, figure: str, year: SchoolYear, publication: bool) -> Cell:
    mid = m.id if m else None
    n = r.count(mid, figure, year)
    link = {"field": figure, "school_year": year.label}
    if year == r.year:
        link["peildatum"] = r.this.peildatum.isoformat()
    if m is not None:
        link["municipality"] = m.name
    if publication:
        link["publication"] = "true"
    secret = publication and hidden(r, mid, figure, year)
    return Cell(count_text(n, publication, secret), link if n else None, None if secret else n)


def _percentage(r: Jaarverslag, mid, figure: str, year: SchoolYear, publication: bool) -> Cell:
    value = r.percentage(mid, figure, year)
    if small(r.count(mid, figure, year), publication):
        return Cell(SMALL_BASE, None, None)
    if publication and hidden(r, mid, figure, year):
        return Cell(SECONDARY, None, None)  # the percentage would give the count away
    return Cell(dutch_percentage(value), None, value)


def _statistic(value, base: int, publication: bool, secret: bool = False) -> Cell:
    """Days or a median over `base` pupils (`secret`: that count is hidden)."""
    if small(base, publication):
        return Cell(SMALL_BASE, None, None)
    if publication and secret:
        return Cell(SECONDARY, None, None)
    return Cell(dutch_number(value), None, value)


def _plain(value) -> Cell:
    return Cell(dutch_number(value), None, value)


def _rows(r: Jaarverslag):
    """Each gemeente, then the total (None)."""
    return [*r.municipalities, None]


def _name(m) -> Cell:
    return Cell(m.name if m else "Totaal")


def pupils_and_cases(r: Jaarverslag, publication: bool = False) -> Table:
    y, p = r.year, r.previous
    rows = []
    for m in _rows(r):
        mid = m.id if m else None
        rows.append(
            [
                _name(m),
                _plain(r.pupil_total(mid, p)),
                _plain(r.pupil_total(mid, y, "leerplichtig")),
                _plain(r.pupil_total(mid, y, "kwalificatieplichtig")),
                _plain(r.pupil_total(mid, y)),
                _count(r, m, "cases", p, publication),
                _count(r, m, "cases", y, publication),
                _percentage(r, mid, "cases", p, publication),
                _percentage(r, mid, "cases", y, publication),
            ]
        )
    return Table(
        "jv-casussen",
        "Leerlingen en casussen per gemeente",
        [
            "Gemeente",
            f"Leerlingen {p.label}",
            f"Leerplichtig {y.label}",
            f"Kwalificatieplichtig {y.label}",
            f"Leerlingen {y.label}",
            f"Met casus {p.label}",
            f"Met casus {y.label}",
            f"% met casus {p.label}",
            f"% met casus {y.label}",
        ],
        rows,
        [jd.PUPILS, jd.PLICHT_PUPILS, jd.FIGURES["cases"], jd.PERCENTAGE],
    )


def thuiszitters(r: Jaarverslag, publication: bool = False) -> Table:
    y, p = r.year, r.previous
    rows = []
    for m in _rows(r):
        mid = m.id if m else None
        rows.append(
            [
                _name(m),
                _count(r, m, "thuiszitters", p, publication),
                _count(r, m, "thuiszitters", y, publication),
                _percentage(r, mid, "thuiszitters", p, publication),
                _percentage(r, mid, "thuiszitters", y, publication),
                _count(r, m, "thuiszitters_4w_3m", y, publication),
                _count(r, m, "thuiszitters_3m_plus", y, publication),
            ]
        )
    return Table(
        "jv-thuiszitters",
        "Thuiszitters per gemeente",
        [
            "Gemeente",
            f"Thuiszitters {p.label}",
            f"Thuiszitters {y.label}",
            f"% {p.label}",
            f"% {y.label}",
            f"4 weken – 3 maanden op {r.this.peildatum:%d-%m-%Y}",
            f"3 maanden of langer op {r.this.peildatum:%d-%m-%Y}",
        ],
        rows,
        [
            jd.FIGURES["thuiszitters"],
            jd.PERCENTAGE,
            jd.FIGURES["thuiszitters_4w_3m"],
            jd.FIGURES["thuiszitters_3m_plus"],
        ],
    )


def outflow(r: Jaarverslag, publication: bool = False) -> Table:
    y, p = r.year, r.previous
    rows = []
    for code, name in OUTCOMES.items():
        figure = f"outcome.{code}"
        rows.append(
            [
                Cell(name),
                *(_count(r, m, figure, y, publication) for m in r.municipalities),
                _count(r, None, figure, y, publication),
                _count(r, None, figure, p, publication),
            ]
        )
    closed = [*((mid, y) for mid in r.ids), (None, y), (None, p)]
    rows.append(
        [
            Cell("Totaal gesloten"),
            *(
                _plain_count(
                    sum(r.count(mid, f"outcome.{o}", year) for o in OUTCOMES),
                    publication,
                    publication and hidden(r, mid, CLOSED, year),
                )
                for mid, year in closed
            ),
        ]
    )
    return Table(
        "jv-uitstroom",
        "Uitstroom naar uitkomst",
        ["Uitkomst", *(m.name for m in r.municipalities), f"Totaal {y.label}", f"Totaal {p.label}"],
        rows,
        [("Uitkomst", jd.OUTCOME_RULE)],
    )


def process_paths(r: Jaarverslag) -> list[str]:
    """The rows of "Processen per gemeente": the processes, their total and, for leerplicht
    only, the handhaving (waarvan Halt, proces-verbaal)."""
    return [*jd.PROCESS_FIGURES, *(jd.PROCESS_HANDHAVING if r.handhaving else ())]


def processes(r: Jaarverslag, publication: bool = False) -> Table:
    y, p = r.year, r.previous
    rows = [
        [
            Cell(jd.FIGURES[path][0]),
            *(_count(r, m, path, y, publication) for m in r.municipalities),
            _count(r, None, path, y, publication),
            _count(r, None, path, p, publication),
        ]
        for path in process_paths(r)
    ]
    own_rule = [jd.FIGURES[path] for path in process_paths(r) if path != "proces.relatief"]
    return Table(
        "jv-processen",
        "Processen per gemeente",
        ["Proces", *(m.name for m in r.municipalities), f"Totaal {y.label}", f"Totaal {p.label}"],
        rows,
        [("Processen", jd.PROCESS_RULE), *(d for d in own_rule if d[1] != jd.PROCESS_RULE)],
    )


def _plain_count(n: int, publication: bool, secret: bool = False) -> Cell:
    return Cell(count_text(n, publication, secret), None, None if secret else n)


def blockers(r: Jaarverslag, publication: bool = False) -> Table:
    y, p = r.year, r.previous
    ids = r.ids
    rows = []
    for kind, name in BLOCKER_KINDS.items():
        figure = f"blocker.{kind}"
        n_this, n_last = r.this.total(ids, figure), r.last.total(ids, figure)
        secret_this = publication and hidden(r, None, figure, y)
        secret_last = publication and hidden(r, None, figure, p)
        rows.append(
            [
                Cell(name),
                _count(r, None, figure, y, publication),
                _statistic(sum(r.this.days(ids, figure)), n_this, publication, secret_this),
                _statistic(r.this.median_days(ids, figure), n_this, publication, secret_this),
                _count(r, None, figure, p, publication),
                _statistic(sum(r.last.days(ids, figure)), n_last, publication, secret_last),
            ]
        )
    return Table(
        "jv-belemmeringen",
        "Belemmeringen naar soort",
        [
            "Belemmering",
            f"Leerlingen {y.label}",
            f"Dagen {y.label}",
            f"Mediaan dagen {y.label}",
            f"Leerlingen {p.label}",
            f"Dagen {p.label}",
        ],
        rows,
        [("Belemmeringen", jd.BLOCKER_RULE), jd.BLOCKER_DAYS],
    )


def regie(r: Jaarverslag, phase_names: dict[int, str], publication: bool = False) -> Table:
    """Regie per phase; the Totaal column counts pupils, and since it bounds what the kinds
    add up to, publication hides a second cell of a row where one is hidden."""
    rows = []
    leads = _regie_leads(r)
    for phase in _regie_phases(r):
        cells = [Cell(f"{phase}. {phase_names.get(phase, '')}".strip())]
        cells += [_count(r, None, jd.regie_figure(phase, k), r.year, publication) for k in leads]
        secret = publication and hidden(r, None, _regie_total_path(phase), r.year)
        cells.append(_plain_count(_regie_total(r, phase, leads), publication, secret))
        rows.append(cells)
    return Table(
        "jv-regie",
        f"Regie per fase, {r.year.label} tot en met {r.this.peildatum:%d-%m-%Y}",
        ["Fase", *(jd.LEAD_KINDS[k] for k in leads), "Totaal"],
        rows,
        [jd.REGIE],
    )


LEGEND = ("Legenda", f"{SMALL} = 1 tot en met 4; {suppression.SECONDARY_LEGEND}")


def tables(r: Jaarverslag, phase_names: dict[int, str], publication: bool = False) -> list[Table]:
    found = [
        pupils_and_cases(r, publication),
        thuiszitters(r, publication),
        processes(r, publication),
        outflow(r, publication),
        blockers(r, publication),
        regie(r, phase_names, publication),
    ]
    if publication:  # under every table, what '<5' and 'x' mean
        for t in found:
            t.definitions.append(LEGEND)
    return found


def charts(r: Jaarverslag) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(id, title, [(label, value)]) of the jaarverslag's bar charts, from its own numbers
    (not in the publication variant: a bar shows a small number as well as a figure)."""
    y = r.year
    return [
        (
            "jv-grafiek-thuiszitters",
            f"Thuiszitters per gemeente, {y.label}",
            [(m.name, r.count(m.id, "thuiszitters", y)) for m in r.municipalities],
        ),
        (
            "jv-grafiek-uitstroom",
            f"Leerlingen met een gesloten casus naar uitkomst, {y.label}",
            [(name, r.count(None, f"outcome.{o}", y)) for o, name in OUTCOMES.items()],
        ),
        (
            "jv-grafiek-belemmeringen",
            f"Dagen belemmerd naar soort, {y.label}",
            [(name, sum(r.this.days(r.ids, f"blocker.{b}"))) for b, name in BLOCKER_KINDS.items()],
        ),
    ]
