"""The demo's pupil totals per gemeente (demo/data/pupils.toml, seed 000), entered as
functioneel beheer enters them (reports.pupil_counts.save_year), for the running school
year and the one before: so the demo's jaarverslag shows its percentages."""

from __future__ import annotations

from ..reports import pupil_counts
from ..reports.schoolyear import SchoolYear
from .content import load
from .script import Region

ENTERED_BY = "functioneel.beheer"


def build(r: Region) -> None:
    data = load("pupils")
    this = SchoolYear.of(r.today)
    for year, rows in ((this, data["this_year"]), (SchoolYear(this.first - 1), data["last_year"])):
        save(
            r, year, {name: _split(value, data["this_year"][name]) for name, value in rows.items()}
        )


def _split(value, this_year: list[int]) -> tuple[int, int]:
    """[leerplichtig, kwalificatieplichtig] as given, or a total split as this year's."""
    if isinstance(value, list):
        return value[0], value[1]
    leerplichtig = round(value * this_year[0] / sum(this_year))
    return leerplichtig, value - leerplichtig


def save(r: Region, year: SchoolYear, counts: dict[str, tuple[int, int]]) -> None:
    form = {}
    for name, (leerplichtig, kwalificatieplichtig) in counts.items():
        m = r.munis[name]
        form[f"leerplichtig-{m.id}"] = str(leerplichtig)
        form[f"kwalificatieplichtig-{m.id}"] = str(kwalificatieplichtig)
    pupil_counts.save_year(r.session, r.users[ENTERED_BY], year, form, now=r.now)
