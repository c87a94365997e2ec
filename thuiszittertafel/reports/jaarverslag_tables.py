"""The jaarverslag as tables, once, for the page and the PDF: Dutch headings, the numbers
(each with the drill-down it links to) and the definitions printed below each table."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from . import jaarverslag_definitions as jd
from .jaarverslag import Jaarverslag
from .schoolyear import SchoolYear


@dataclass(frozen=True)
class Cell:
    text: str
    link: dict | None = None  # query arguments of the list behind the number


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


def _count(r: Jaarverslag, m, figure: str, year: SchoolYear) -> Cell:
    n = r.count(m.id if m else None, figure, year)
    link = {"field": figure, "school_year": year.label}
    if m is not None:
        link["municipality"] = m.name
    return Cell(dutch_number(n), link if n else None)


def _rows(r: Jaarverslag):
    """Each gemeente, then the total (None)."""
    return [*r.municipalities, None]


def _name(m) -> Cell:
    return Cell(m.name if m else "Totaal")


def pupils_and_cases(r: Jaarverslag) -> Table:
    y, p = r.year, r.previous
    rows = []
    for m in _rows(r):
        mid = m.id if m else None
        rows.append(
            [
                _name(m),
                Cell(dutch_number(r.pupil_total(mid, p))),
                Cell(dutch_number(r.pupil_total(mid, y))),
                _count(r, m, "cases", p),
                _count(r, m, "cases", y),
                Cell(dutch_percentage(r.percentage(mid, "cases", p))),
                Cell(dutch_percentage(r.percentage(mid, "cases", y))),
            ]
        )
    return Table(
        "jv-casussen",
        "Leerlingen en casussen per gemeente",
        [
            "Gemeente",
            f"Leerlingen {p.label}",
            f"Leerlingen {y.label}",
            f"Casussen {p.label}",
            f"Casussen {y.label}",
            f"% casussen {p.label}",
            f"% casussen {y.label}",
        ],
        rows,
        [jd.PUPILS, jd.FIGURES["cases"], jd.PERCENTAGE],
    )


def thuiszitters(r: Jaarverslag) -> Table:
    y, p = r.year, r.previous
    rows = []
    for m in _rows(r):
        mid = m.id if m else None
        rows.append(
            [
                _name(m),
                _count(r, m, "thuiszitters", p),
                _count(r, m, "thuiszitters", y),
                Cell(dutch_percentage(r.percentage(mid, "thuiszitters", p))),
                Cell(dutch_percentage(r.percentage(mid, "thuiszitters", y))),
                _count(r, m, "thuiszitters_4w_3m", y),
                _count(r, m, "thuiszitters_3m_plus", y),
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


def outflow(r: Jaarverslag) -> Table:
    y, p = r.year, r.previous
    rows = []
    for code, name in OUTCOMES.items():
        figure = f"outcome.{code}"
        rows.append(
            [
                Cell(name),
                *(_count(r, m, figure, y) for m in r.municipalities),
                _count(r, None, figure, y),
                _count(r, None, figure, p),
            ]
        )
    rows.append(
        [
            Cell("Totaal gesloten"),
            *(
                Cell(dutch_number(sum(r.count(m.id, f"outcome.{o}", y) for o in OUTCOMES)))
                for m in r.municipalities
            ),
            Cell(dutch_number(sum(r.count(None, f"outcome.{o}", y) for o in OUTCOMES))),
            Cell(dutch_number(sum(r.count(None, f"outcome.{o}", p) for o in OUTCOMES))),
        ]
    )
    return Table(
        "jv-uitstroom",
        "Uitstroom naar uitkomst",
        ["Uitkomst", *(m.name for m in r.municipalities), f"Totaal {y.label}", f"Totaal {p.label}"],
        rows,
        [
            (
                "Uitkomst",
                "Casussen gesloten in het schooljaar, naar de uitkomst bij het sluiten"
                " (categorieën van de leerplichttelling).",
            )
        ],
    )


def blockers(r: Jaarverslag) -> Table:
    y, p = r.year, r.previous
    ids = r.ids
    rows = []
    for kind, name in BLOCKER_KINDS.items():
        figure = f"blocker.{kind}"
        rows.append(
            [
                Cell(name),
                _count(r, None, figure, y),
                Cell(dutch_number(sum(r.this.days(ids, figure)))),
                Cell(dutch_number(r.this.median_days(ids, figure))),
                _count(r, None, figure, p),
                Cell(dutch_number(sum(r.last.days(ids, figure)))),
            ]
        )
    return Table(
        "jv-belemmeringen",
        "Belemmeringen naar soort",
        [
            "Belemmering",
            f"Aantal {y.label}",
            f"Dagen {y.label}",
            f"Mediaan dagen {y.label}",
            f"Aantal {p.label}",
            f"Dagen {p.label}",
        ],
        rows,
        [
            (
                "Belemmeringen",
                "Belemmeringen van de casussen van het schooljaar waarvan de periode het"
                " schooljaar raakt; een casus kan er meer hebben.",
            ),
            jd.BLOCKER_DAYS,
        ],
    )


def regie(r: Jaarverslag, phase_names: dict[int, str]) -> Table:
    columns = r.regie_columns()
    leads = sorted({k for _, k in columns}, key=list(jd.LEAD_KINDS).index)
    phases = sorted({p for p, _ in columns})
    year = SchoolYear.of(r.regie.peildatum)
    rows = []
    for phase in phases:
        cells = [Cell(f"{phase}. {phase_names.get(phase, '')}".strip())]
        for lead in leads:
            figure = jd.regie_figure(phase, lead)
            n = r.regie.total(r.ids, figure)
            link = {"field": figure, "school_year": year.label}
            cells.append(Cell(dutch_number(n), link if n else None))
        total = sum(r.regie.total(r.ids, jd.regie_figure(phase, k)) for k in leads)
        cells.append(Cell(dutch_number(total)))
        rows.append(cells)
    return Table(
        "jv-regie",
        f"Regie per fase (open casussen op {r.regie.peildatum:%d-%m-%Y})",
        ["Fase", *(jd.LEAD_KINDS[k] for k in leads), "Totaal"],
        rows,
        [jd.REGIE],
    )


def tables(r: Jaarverslag, phase_names: dict[int, str]) -> list[Table]:
    return [pupils_and_cases(r), thuiszitters(r), outflow(r), blockers(r), regie(r, phase_names)]


def charts(r: Jaarverslag) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(id, title, [(label, value)]) of the jaarverslag's bar charts, from its own numbers."""
    y = r.year
    return [
        (
            "jv-grafiek-thuiszitters",
            f"Thuiszitters per gemeente, {y.label}",
            [(m.name, r.count(m.id, "thuiszitters", y)) for m in r.municipalities],
        ),
        (
            "jv-grafiek-uitstroom",
            f"Gesloten casussen naar uitkomst, {y.label}",
            [(name, r.count(None, f"outcome.{o}", y)) for o, name in OUTCOMES.items()],
        ),
        (
            "jv-grafiek-belemmeringen",
            f"Dagen belemmerd naar soort, {y.label}",
            [(name, sum(r.this.days(r.ids, f"blocker.{b}"))) for b, name in BLOCKER_KINDS.items()],
        ),
    ]
