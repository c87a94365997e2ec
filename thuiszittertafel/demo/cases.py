"""The demo's everyday cases, from demo/data/cases.toml: situations from the source
documents and the cases built from them.

Each `Situation` is a kind of story the seeds describe (school anxiety, long sick leave, a
TLV that takes months, a full ISK, an mbo student waiting for the next intake moment, …).
`SPECS` lists the cases to build from them: kind, phase, how long the child has been at home,
and for closed cases the outcome. Names, birth dates, schools and exact days are drawn with a
fixed-seed random generator in seed.py, so every run builds the same region.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .content import load

_DATA = load("cases")

GIRLS: tuple[str, ...] = tuple(_DATA["girls"])
BOYS: tuple[str, ...] = tuple(_DATA["boys"])
FAMILY_NAMES: tuple[str, ...] = tuple(_DATA["family_names"])
# Newcomers waiting for the ISK (seed 000: "Overvolle ISK-locaties").
NEWCOMER_GIRLS: tuple[str, ...] = tuple(_DATA["newcomer_girls"])
NEWCOMER_BOYS: tuple[str, ...] = tuple(_DATA["newcomer_boys"])
NEWCOMER_FAMILY_NAMES: tuple[str, ...] = tuple(_DATA["newcomer_family_names"])


@dataclass(frozen=True)
class Situation:
    summary: str
    events: tuple[str, ...] = ()
    blockers: dict[str, str] = field(default_factory=dict)  # kind -> note
    partners: tuple[str, ...] = ()  # org kinds that join
    newcomer: bool = False
    closing: dict[str, str] = field(default_factory=dict)  # outcome -> last log line
    authorised: str | None = None  # absent with a valid reason (ABSENCE_REASONS): no verzuim


@dataclass(frozen=True)
class Spec:
    situation: str
    kind: str
    edu: str
    phase: int
    absent: int  # open: days at home; closed: days until return/closing
    outcome: str | None = None
    closed_ago: int = 0  # closed: days since closing
    blockers: tuple[str, ...] = ()
    ended: tuple[str, ...] = ()  # blockers lifted before now/closing
    escalated: bool = False
    lead: str | None = None  # "leerplicht" / "doorstroompunt": regie moved there
    age: int | None = None  # age today (otherwise drawn from the education type)
    exemption: str | None = None  # article
    school: str | None = None  # force a school (OrgSpec.key)
    melding: str | None = None  # a verzuimmelding of this type (ABSENCE_REPORT_TYPES)
    rooster: int | None = None  # a verkort rooster of this many hours a week (dreigend)
    # leerplicht's handhaving: "waarschuwing", "halt", "proces-verbaal:<type>" (PV_TYPES)
    handhaving: tuple[str, ...] = ()


def _tuples(row: dict, *names: str) -> dict:
    return {**row, **{n: tuple(row[n]) for n in names if n in row}}


# Placeholders: {naam} given name, {leeftijd}, {ze}/{Ze} subject pronoun, {zijn} possessive,
# {gemeente} municipality of residence.
SITUATIONS: dict[str, Situation] = {
    key: Situation(**_tuples(row, "events", "partners")) for key, row in _DATA["situations"].items()
}
SPECS: tuple[Spec, ...] = tuple(
    Spec(**_tuples(row, "blockers", "ended", "handhaving")) for row in _DATA["cases"]
)
