"""The jaarverslag and the SWV view as data: JSON for the API and CSV (Dutch Excel) for the
download, with the same numbers as the page. Every count key is a figure path, so it is
also the `field` of the list behind it; for publication 1–4 become "<5" and statistics over
fewer than 5 pupils "n<5" (DESIGN §8)."""

from __future__ import annotations

from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from . import jaarverslag_definitions as jd
from . import shapes
from .jaarverslag import Jaarverslag, SwvView
from .jaarverslag_tables import (
    SECONDARY,
    SMALL,
    SMALL_BASE,
    hidden,
    process_paths,
    small,
    swv_count,
)
from .schoolyear import SchoolYear
from .spreadsheet import csv_bytes

SWV_FIGURES = tuple(jd.CASE_FIGURES)


def _n(n: int, publication: bool) -> int | str:
    return SMALL if small(n, publication) else n


def _statistic(value, base: int, publication: bool, secret: bool = False):
    if small(base, publication):
        return SMALL_BASE
    return SECONDARY if publication and secret else value


def regie_paths(r: Jaarverslag) -> list[str]:
    return [jd.regie_figure(p, k) for p, k in r.regie_columns()]


class _Row:
    """The counts of one gemeente (None: the total) in one year, as publication shows them:
    '<5', and 'x' where subtraction would give a hidden count away (`hidden`)."""

    def __init__(self, r: Jaarverslag, mid: int | None, year: SchoolYear, publication: bool):
        self.r, self.mid, self.year, self.publication = r, mid, year, publication

    def secret(self, path: str) -> bool:
        return self.publication and hidden(self.r, self.mid, path, self.year)

    def count(self, path: str, n: int | None = None):
        n = self.r.count(self.mid, path, self.year) if n is None else n
        return SECONDARY if self.secret(path) else _n(n, self.publication)


def _year_row(r: Jaarverslag, mid: int | None, year: SchoolYear, publication: bool) -> dict:
    figures = r.figures_of(year)
    ids = r.ids if mid is None else [mid]
    cells = _Row(r, mid, year, publication)
    row: dict = {
        "school_year": year.label,
        "pupils": r.pupil_total(mid, year),
        "pupils_leerplichtig": r.pupil_total(mid, year, "leerplichtig"),
        "pupils_kwalificatieplichtig": r.pupil_total(mid, year, "kwalificatieplichtig"),
    }
    for path in ("cases", "thuiszitters"):
        n = r.count(mid, path, year)
        row[path] = cells.count(path, n)
        row[f"{path}_percentage"] = _statistic(
            r.percentage(mid, path, year), n, publication, cells.secret(path)
        )
    for path in ("thuiszitters_4w_3m", "thuiszitters_3m_plus", "returned"):
        row[path] = cells.count(path)
    for o in OUTCOMES:
        row[f"outcome.{o}"] = cells.count(f"outcome.{o}")
    for b in BLOCKER_KINDS:
        path = f"blocker.{b}"
        n = figures.total(ids, path)
        secret = cells.secret(path)
        row[path] = cells.count(path, n)
        row[f"{path}.days"] = _statistic(sum(figures.days(ids, path)), n, publication, secret)
        median_days = figures.median_days(ids, path)
        row[f"{path}.median_days"] = _statistic(median_days, n, publication, secret)
    for path in process_paths(r):  # handhaving only in leerplicht's jaarverslag
        row[path] = cells.count(path)
    for path in regie_paths(r):
        row[path] = cells.count(path)
    return row


def jaarverslag_rows(r: Jaarverslag, publication: bool) -> list[dict]:
    """Per gemeente this year and the year before, then the total ("Totaal") of both."""
    return [
        {
            "municipality": m.name if m else "Totaal",
            **_year_row(r, m.id if m else None, y, publication),
        }
        for m in [*r.municipalities, None]
        for y in (r.year, r.previous)
    ]


def jaarverslag_shape(
    r: Jaarverslag, phase_names: dict[int, str], publication: bool
) -> shapes.Jaarverslag:
    return shapes.Jaarverslag(
        school_year=r.year.label,
        peildatum=r.this.peildatum,
        previous_school_year=r.previous.label,
        previous_peildatum=r.last.peildatum,
        publication=publication,
        definitions=jd.definitions(phase_names, r.regie_columns(), handhaving=r.handhaving),
        rows=[shapes.JaarverslagRow(**row) for row in jaarverslag_rows(r, publication)],
    )


def jaarverslag_json(r: Jaarverslag, phase_names: dict[int, str], publication: bool) -> dict:
    return jaarverslag_shape(r, phase_names, publication).dump()


def jaarverslag_csv(r: Jaarverslag, publication: bool) -> bytes:
    rows = jaarverslag_rows(r, publication)
    header = list(rows[0])
    return csv_bytes(header, ([row[k] for k in header] for row in rows))


def _swv_row(v: SwvView, swv_id: int, school: int | None, publication: bool) -> dict:
    return {path: swv_count(v, swv_id, school, path, publication) for path in SWV_FIGURES}


def swv_rows(v: SwvView, publication: bool) -> list[dict]:
    """Per SWV its schools (school_id 0: its cases without a school), then its total (school
    and school_id null); for publication '<5' and 'x' (the schools add up to the total)."""
    out = []
    for swv in v.swvs:
        schools, _ = v.schools[swv.id]
        base = {"swv": swv.name, "swv_id": swv.id, "sector": swv.sector}
        for school_id, name in schools:
            out.append(
                {**base, "school": name, "school_id": school_id}
                | _swv_row(v, swv.id, school_id, publication)
            )
        total = {**base, "school": None, "school_id": None}
        out.append(total | _swv_row(v, swv.id, None, publication))
    return out


def swv_shape(v: SwvView, publication: bool) -> shapes.SwvFigures:
    return shapes.SwvFigures(
        school_year=v.year.label,
        peildatum=v.per_swv.peildatum,
        publication=publication,
        definitions={
            "rows": jd.SWV_ROWS[1],
            **{path: jd.CASE_FIGURES[path][1] for path in SWV_FIGURES},
            "peildatum": jd.PEILDATUM[1],
            "publication": jd.PUBLICATION[1],
        },
        rows=[shapes.SwvRow(**row) for row in swv_rows(v, publication)],
    )


def swv_json(v: SwvView, publication: bool) -> dict:
    return swv_shape(v, publication).dump()


def swv_csv(v: SwvView, publication: bool) -> bytes:
    header = ["swv", "swv_id", "sector", "school", "school_id", *SWV_FIGURES]
    rows = swv_rows(v, publication)
    return csv_bytes(header, ([row[k] for k in header] for row in rows))


def filename(name: str, year: SchoolYear, fmt: str, publication: bool) -> str:
    return f"{name}-{year.label}{'-publicatie' if publication else ''}.{fmt}"
