"""The jaarverslag's figures and what each one counts. Case figures take their definitions
from the report (definitions.py); the law's terms from the telling (telling_definitions.py).
A figure is named by a path: "cases", "thuiszitters", "thuiszitters_4w_3m",
"thuiszitters_3m_plus", "returned", "outcome.<code>", "blocker.<kind>" or
"regie.<phase>.<org kind or geen>"."""

from __future__ import annotations

from ..cases.law import LONG_TERM_DAYS, THREE_MONTHS_DAYS
from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from ..organisations.models import ORG_KIND_LABELS, OrgKind
from .definitions import BLOCKER_KEYS, COLUMNS, OUTCOME_KEYS

_OUTCOME_KEY = {o: key for key, o in OUTCOME_KEYS.items()}
_BLOCKER_KEY = {b: key for key, b in BLOCKER_KEYS.items()}
NO_LEAD = "geen"
LEAD_KINDS = {**{kind.value: ORG_KIND_LABELS[kind] for kind in OrgKind}, NO_LEAD: "Nog geen regie"}

# path → (Dutch label, definition)
CASE_FIGURES: dict[str, tuple[str, str]] = {
    "cases": COLUMNS["cases"],
    "thuiszitters": COLUMNS["thuiszitters"],
    "thuiszitters_4w_3m": (
        "Thuiszitters 4 weken tot 3 maanden (peildatum)",
        "Casussen waarin de leerling op de peildatum thuiszitter was (zie Thuiszitters) en toen"
        f" {LONG_TERM_DAYS} tot en met {THREE_MONTHS_DAYS - 1} dagen zonder onderwijs.",
    ),
    "thuiszitters_3m_plus": (
        "Thuiszitters 3 maanden of langer (peildatum)",
        "Casussen waarin de leerling op de peildatum thuiszitter was en toen"
        f" {THREE_MONTHS_DAYS} dagen of meer zonder onderwijs (norm van het Thuiszitterspact).",
    ),
    "returned": COLUMNS["returned"],
}
OUTCOME_FIGURES = {f"outcome.{o}": COLUMNS[_OUTCOME_KEY[o]] for o in OUTCOMES}
BLOCKER_FIGURES = {
    f"blocker.{b}": (BLOCKER_KINDS[b], COLUMNS[_BLOCKER_KEY[b]][1]) for b in BLOCKER_KINDS
}
FIGURES: dict[str, tuple[str, str]] = {**CASE_FIGURES, **OUTCOME_FIGURES, **BLOCKER_FIGURES}


def regie_figure(phase: int, lead: str) -> str:
    return f"regie.{phase}.{lead}"


def label(figure: str, phase_names: dict[int, str] | None = None) -> str:
    """The Dutch label of any figure path, regie included."""
    if figure.startswith("regie."):
        _, phase, lead = figure.split(".")
        name = (phase_names or {}).get(int(phase), "")
        return f"Fase {phase}{' ' + name if name else ''}, regie: {LEAD_KINDS[lead]}"
    return FIGURES[figure][0]


PUPILS = (
    "Leerlingen",
    "Leerlingen van 5 tot 18 jaar die in de gemeente wonen, leerplichtig plus"
    " kwalificatieplichtig, zoals functioneel beheer ze per schooljaar invoert"
    " (Beheer, Leerlingaantallen).",
)
PERCENTAGE = (
    "% van de leerlingen",
    "Het aantal (casussen of thuiszitters) gedeeld door het aantal leerlingen van de gemeente"
    " in hetzelfde schooljaar, maal 100, op twee decimalen. Zonder leerlingaantal: —.",
)
BLOCKER_DAYS = (
    "Dagen belemmerd (totaal en mediaan)",
    COLUMNS["blocker_days"][1] + " Mediaan: de middelste van die aantallen per belemmering;"
    " bij een even aantal het gemiddelde van de middelste twee.",
)
REGIE = (
    "Regie per fase",
    "Open casussen op de dag van opvragen, naar hun fase in het opschalingsmodel en de soort"
    " organisatie die de regie heeft (nog geen regie: niemand heeft de regie aanvaard). Een"
    " fase en regie worden niet per datum bijgehouden, dus alleen de stand van nu.",
)
SWV_ROWS = (
    "Samenwerkingsverband en school",
    "Het samenwerkingsverband (po of vo) en de school zoals ze nu in de casus staan. Casussen"
    " zonder school (absoluut verzuim) staan onder 'zonder school'.",
)
