"""The jaarverslag's figures and what each one counts: distinct pupils, never cases. The
law's terms come from cases/law.py (through verzuim.py); the case rules from the report
(definitions.py). A figure is named by a path: "cases", "thuiszitters",
"thuiszitters_4w_3m", "thuiszitters_3m_plus", "returned", "outcome.<code>",
"blocker.<kind>" or "regie.<phase>.<org kind or geen>"."""

from __future__ import annotations

from ..cases.law import LONG_TERM_DAYS, THREE_MONTHS_DAYS
from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from ..organisations.models import ORG_KIND_LABELS, OrgKind
from .definitions import SUPPRESS_BELOW

NO_LEAD = "geen"
LEAD_KINDS = {**{kind.value: ORG_KIND_LABELS[kind] for kind in OrgKind}, NO_LEAD: "Nog geen regie"}

PUPIL_RULE = (
    "Een leerling telt één keer, ook met meer casussen (dezelfde naam en geboortedatum is"
    " dezelfde leerling); in een totaal over gemeenten, samenwerkingsverbanden of scholen"
    " ook één keer."
)

# path → (Dutch label, definition)
CASE_FIGURES: dict[str, tuple[str, str]] = {
    "cases": (
        "Leerlingen met een casus",
        "Leerlingen met een casus die op minstens één dag van het schooljaar tot de peildatum"
        " open was: eerste dag zonder onderwijs op of vóór de peildatum, en niet gesloten"
        " vóór 1 augustus. " + PUPIL_RULE,
    ),
    "thuiszitters": (
        "Thuiszitters",
        "Leerlingen die op minstens één dag van het schooljaar tot de peildatum thuiszitter"
        " waren volgens de Leerplichtwet (absoluut verzuimer of langdurig relatief verzuimer,"
        " leer- of kwalificatieplichtig, zonder vrijstelling), in een van hun casussen. "
        + PUPIL_RULE,
    ),
    "thuiszitters_4w_3m": (
        "Thuiszitters 4 weken tot 3 maanden (peildatum)",
        "Leerlingen die op de peildatum thuiszitter waren en toen"
        f" {LONG_TERM_DAYS} tot en met {THREE_MONTHS_DAYS - 1} dagen zonder onderwijs. Heeft"
        " een leerling op de peildatum meer casussen, dan beslist de casus met de langste duur.",
    ),
    "thuiszitters_3m_plus": (
        "Thuiszitters 3 maanden of langer (peildatum)",
        "Leerlingen die op de peildatum thuiszitter waren en toen"
        f" {THREE_MONTHS_DAYS} dagen of meer zonder onderwijs (norm van het Thuiszitterspact)."
        " Bij meer casussen beslist de casus met de langste duur.",
    ),
    "returned": (
        "Terug naar onderwijs",
        "Leerlingen met een casus met een hervattingsdatum in het schooljaar tot de peildatum"
        " en een uitkomst die terugkeer naar onderwijs is: teruggeleid naar dezelfde of een"
        " andere school, so/vso of onderwijs-zorgarrangement. " + PUPIL_RULE,
    ),
}
OUTCOME_RULE = (
    "Leerlingen met een casus gesloten in het schooljaar tot de peildatum, naar de uitkomst"
    " bij het sluiten (categorieën van de leerplichttelling). Bij meer gesloten casussen"
    " beslist de laatst gesloten casus: een leerling telt bij één uitkomst."
)
OUTCOME_FIGURES = {f"outcome.{o}": (name, OUTCOME_RULE) for o, name in OUTCOMES.items()}
BLOCKER_RULE = (
    "Leerlingen met een belemmering van deze soort in een casus van het schooljaar, waarvan"
    " de periode het schooljaar tot de peildatum raakt. " + PUPIL_RULE
)
BLOCKER_FIGURES = {f"blocker.{b}": (name, BLOCKER_RULE) for b, name in BLOCKER_KINDS.items()}
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
    "Het aantal leerlingen (met een casus, of thuiszitter) gedeeld door het aantal leerlingen"
    " van de gemeente in hetzelfde schooljaar, maal 100, op twee decimalen. Zonder"
    " leerlingaantal: —.",
)
BLOCKER_DAYS = (
    "Dagen belemmerd (totaal en mediaan)",
    "Per belemmering de dagen van vanaf tot opheffen (de dag van opheffen telt niet; een"
    " belemmering die nog loopt telt door tot en met de peildatum) binnen het schooljaar tot"
    " en met de peildatum, per leerling opgeteld over zijn belemmeringen van die soort."
    " Mediaan: de middelste van die aantallen per leerling; bij een even aantal het"
    " gemiddelde van de middelste twee.",
)
REGIE = (
    "Regie per fase",
    "Leerlingen van wie een casus op minstens één dag van het schooljaar tot de peildatum, terwijl"
    " de casus open was, in deze fase van het opschalingsmodel zat met de regie bij deze soort"
    " organisatie (nog geen regie: niemand had de regie aanvaard). Telt de stand aan het eind"
    " van elke dag, uit de regiegeschiedenis van de casus; een leerling kan zo in meer fasen"
    " en bij meer soorten regie tellen, in elk vak één keer. Totaal per fase: de leerlingen in"
    " die fase, één keer. Een casus zonder regiegeschiedenis (van vóór het bijhouden ervan)"
    " telt met zijn huidige fase en regie vanaf de opening.",
)
SWV_ROWS = (
    "Samenwerkingsverband en school",
    "Het samenwerkingsverband (po of vo) en de school zoals ze nu in de casus staan. Casussen"
    " zonder school (absoluut verzuim) staan onder 'zonder school'. Een leerling met casussen"
    " bij twee scholen telt bij elke school één keer, in het totaal één keer.",
)
PEILDATUM = (
    "Peildatum",
    "De dag waarop geteld wordt: standaard het einde van het schooljaar (31 juli), of vandaag"
    " zolang het schooljaar loopt. Het vorige schooljaar telt altijd tot en met 31 juli.",
)
PUBLICATION = (
    "Versie voor publicatie",
    f"Aantallen van 1 tot en met {SUPPRESS_BELOW - 1} staan er als '<{SUPPRESS_BELOW}'; een"
    f" percentage, aantal dagen of mediaan over minder dan {SUPPRESS_BELOW} leerlingen als"
    f" 'n<{SUPPRESS_BELOW}'. De lijst achter een getal toont dan alleen initialen.",
)


def definitions(phase_names: dict[int, str] | None = None, regie=()) -> dict[str, str]:
    """Every figure path → its Dutch definition (the API and the CSV), regie pairs included."""
    out = {path: text for path, (_, text) in FIGURES.items()}
    for phase, lead in regie:
        path = regie_figure(phase, lead)
        out[path] = f"{label(path, phase_names)}. {REGIE[1]}"
    return {
        **out,
        "pupils": PUPILS[1],
        "percentage": PERCENTAGE[1],
        "blocker_days": BLOCKER_DAYS[1],
        "peildatum": PEILDATUM[1],
        "publication": PUBLICATION[1],
    }
