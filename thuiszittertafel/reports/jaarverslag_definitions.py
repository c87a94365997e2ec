"""The jaarverslag's figures and what each one counts: distinct pupils, never cases. The
law's terms come from cases/law.py (through verzuim.py); the case rules from the report
(definitions.py). A figure is named by a path: "cases", "thuiszitters",
"thuiszitters_4w_3m", "thuiszitters_3m_plus", "returned", "outcome.<code>",
"blocker.<kind>", "proces.<process>" or "regie.<phase>.<org kind or geen>"."""

from __future__ import annotations

from ..cases.law import LONG_TERM_DAYS, THREE_MONTHS_DAYS
from ..cases.vocabulary import BLOCKER_KINDS, OUTCOMES
from ..organisations.models import ORG_KIND_LABELS, OrgKind
from .definitions import SUPPRESS_BELOW
from .suppression import SECONDARY_RULE

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

# Seed 000's "Processen per gemeente": the case kinds (cases/vocabulary.py) as the seed names
# them. process → (Dutch label, the case kinds it counts).
PROCESSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "zorg-preventie": ("Zorg en preventie (signaal)", ("dreigend",)),
    "relatief": ("Relatief verzuim", ("relatief",)),
    "absoluut": ("Absoluut verzuim", ("absoluut",)),
    "vrijstelling": ("Vrijstelling", ("vrijstelling-traject",)),
}
PROCESS_OF_KIND = {kind: p for p, (_, kinds) in PROCESSES.items() for kind in kinds}
PROCESS_RULE = (
    "Leerlingen met een casus die op minstens één dag van het schooljaar tot de peildatum"
    " open was, naar de soort casus: zorg en preventie is een dreigende casus (risico op"
    " thuiszitten, geen verzuim), relatief en absoluut verzuim zijn de soorten verzuim van de"
    " Leerplichtwet. Een leerling met casussen van twee soorten telt bij beide, in het totaal"
    " één keer. " + PUPIL_RULE
)
VRIJSTELLING_RULE = (
    "Leerlingen met een casus 'vrijstelling, traject naar onderwijs', of met een toegekende of"
    " van rechtswege verleende vrijstelling (elk artikel) die in het schooljaar tot de"
    " peildatum inging of op de peildatum van kracht was, zoals de leerplichttelling ze telt."
    " Vervangende leerplicht legt de applicatie niet vast: die rij van het jaarverslag"
    " ontbreekt."
)
PROCESS_TOTAL = "proces.totaal"
PROCESS_FIGURES: dict[str, tuple[str, str]] = {
    **{
        f"proces.{p}": (label, VRIJSTELLING_RULE if p == "vrijstelling" else PROCESS_RULE)
        for p, (label, _) in PROCESSES.items()
    },
    PROCESS_TOTAL: (
        "Totaal",
        "Leerlingen in minstens één van de processen hierboven. " + PUPIL_RULE,
    ),
}
# "Waarvan": handhaving (Wet politiegegevens: only leerplicht reads it). figure → (label,
# definition, the telling's handhaving keys it counts).
_HANDHAVING_RULE = (
    " met een datum in het schooljaar tot de peildatum, op een casus van de gemeente. Alleen"
    " leerplicht ziet deze getallen (Wet politiegegevens). " + PUPIL_RULE
)
PROCESS_HANDHAVING: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "proces.halt": (
        "Waarvan Halt",
        "Leerlingen met een Halt-verwijzing die leerplicht vastlegde" + _HANDHAVING_RULE,
        ("halt",),
    ),
    "proces.proces-verbaal": (
        "Waarvan proces-verbaal",
        "Leerlingen met een proces-verbaal (relatief, luxe of absoluut verzuim) dat leerplicht"
        " vastlegde" + _HANDHAVING_RULE,
        ("processen_verbaal_relatief", "processen_verbaal_luxe", "processen_verbaal_absoluut"),
    ),
}
FIGURES: dict[str, tuple[str, str]] = {
    **CASE_FIGURES,
    **OUTCOME_FIGURES,
    **BLOCKER_FIGURES,
    **PROCESS_FIGURES,
    **{path: (label, text) for path, (label, text, _) in PROCESS_HANDHAVING.items()},
}


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
PLICHT_PUPILS = (
    "Leerplichtig en kwalificatieplichtig",
    "Het leerlingaantal gesplitst zoals functioneel beheer het invoert: leerplichtig (5 jaar"
    " tot het einde van het schooljaar waarin de leerling 16 wordt) en kwalificatieplichtig"
    " (daarna tot 18 jaar of een startkwalificatie).",
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
    " telt met zijn huidige fase en regie vanaf de opening. Omdat het totaal per fase ten"
    " hoogste de soorten opgeteld is, geldt voor een rij in de publicatieversie dezelfde"
    " secundaire onderdrukking als voor een totaal en zijn delen.",
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
    f" 'n<{SUPPRESS_BELOW}'. De lijst achter een getal toont dan alleen initialen. "
    + SECONDARY_RULE
    + " Een percentage, aantal dagen of mediaan bij een getal 'x' staat er ook als 'x'.",
)


def definitions(
    phase_names: dict[int, str] | None = None, regie=(), *, handhaving: bool = True
) -> dict[str, str]:
    """Every figure path → its Dutch definition (the API and the CSV), regie pairs included;
    the handhaving figures only for whom reads them."""
    out = {
        path: text
        for path, (_, text) in FIGURES.items()
        if handhaving or path not in PROCESS_HANDHAVING
    }
    for phase, lead in regie:
        path = regie_figure(phase, lead)
        out[path] = f"{label(path, phase_names)}. {REGIE[1]}"
    return {
        **out,
        "pupils": PUPILS[1],
        "pupils_leerplichtig": PLICHT_PUPILS[1],
        "pupils_kwalificatieplichtig": PLICHT_PUPILS[1],
        "percentage": PERCENTAGE[1],
        "blocker_days": BLOCKER_DAYS[1],
        "peildatum": PEILDATUM[1],
        "publication": PUBLICATION[1],
    }
