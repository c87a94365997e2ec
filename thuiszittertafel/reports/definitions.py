"""The report's columns and the definitions behind them, shown on the page and in exports.

One place for every choice, so the page, the CSV, the XLSX definitions sheet and the tests
agree. Counting rules are written for a leerplicht analyst who has to publish them.
"""

from __future__ import annotations

from ..cases.vocabulary import BLOCKER_KINDS, EDUCATION_TYPES, OUTCOMES, THREE_MONTHS_DAYS

# Outcomes that mean "back in education" (the Thuiszitterspact's return). Dagbesteding,
# vrijstelling, 18 jaar, verhuisd and anders end the case but are not a return.
EDUCATION_RETURN_OUTCOMES = (
    "teruggeleid-zelfde-school",
    "teruggeleid-andere-school",
    "so-vso",
    "onderwijs-zorg-arrangement",
)
RETURN_NORM_DAYS = THREE_MONTHS_DAYS  # 91 days, "binnen 3 maanden"
SUPPRESS_BELOW = 5


def _code(value: str) -> str:
    return value.replace("-", "_")


OUTCOME_KEYS = {f"outcome_{_code(o)}": o for o in OUTCOMES}
EDUCATION_KEYS = {f"education_{t}": t for t in EDUCATION_TYPES}
BLOCKER_KEYS = {f"blocker_{_code(b)}": b for b in BLOCKER_KINDS}
BLOCKER_DAY_KEYS = {f"{key}_days": b for key, b in BLOCKER_KEYS.items()}

# key → (Dutch label, definition). Order is the column order everywhere.
COLUMNS: dict[str, tuple[str, str]] = {
    "municipality": (
        "Woongemeente",
        "De woongemeente van de leerling zoals die nu in de casus staat (officiële gemeentenaam).",
    ),
    "cases": (
        "Casussen",
        "Casussen die op minstens één dag van het schooljaar open waren:"
        " eerste dag zonder onderwijs op of vóór 31 juli, en niet gesloten vóór 1"
        " augustus. Een leerling met een gesloten en een latere nieuwe casus telt"
        " als twee casussen.",
    ),
    "carried_in": (
        "Meegenomen uit vorig jaar",
        "Casussen met een eerste dag zonder onderwijs"
        " vóór 1 augustus die in dit schooljaar nog open waren.",
    ),
    "new": ("Nieuw", "Casussen met een eerste dag zonder onderwijs in dit schooljaar."),
    "closed": (
        "Gesloten",
        "Casussen gesloten in dit schooljaar (datum van sluiten, tijdzone Europe/Amsterdam).",
    ),
    "open_at_end": (
        "Open op peildatum",
        "Casussen die op de peildatum nog open waren:"
        " de laatste dag van het schooljaar, of vandaag voor het lopende"
        " schooljaar. Casussen = gesloten + open op peildatum.",
    ),
    "thuiszitters": (
        "Thuiszitters",
        "Casussen waarin de leerling op minstens één dag van het schooljaar tot de peildatum"
        " thuiszitter was volgens de Leerplichtwet: absoluut verzuimer of langdurig relatief"
        " verzuimer, leer- of kwalificatieplichtig en zonder vrijstelling (DESIGN §4a).",
    ),
    "absoluut": ("Absoluut verzuim", "Soort casus absoluut (niet ingeschreven)."),
    "relatief_langdurig": (
        "Langdurig relatief verzuim",
        "Soort casus relatief waarin de leerling op minstens één dag van het schooljaar tot"
        " de peildatum langdurig relatief verzuimer was: 28 dagen of meer na de eerste dag"
        " zonder onderwijs nog steeds ongeoorloofd afwezig, leer- of kwalificatieplichtig en"
        " zonder vrijstelling. Wie op dag 28 terug is, was nooit langdurig verzuimer."
        " Dagen vóór 1 augustus tellen mee voor de 28 dagen.",
    ),
    "relatief_kort": (
        "Relatief verzuim korter dan 4 weken",
        "De andere casussen van soort relatief (geen langdurig relatief verzuim in dit"
        " schooljaar).",
    ),
    "dreigend": ("Dreigend thuiszitter", "Soort casus dreigend."),
    "vrijstelling_traject": (
        "Vrijstelling, traject naar onderwijs",
        "Soort casus vrijstelling-traject.",
    ),
    **{
        key: (
            f"Gesloten: {OUTCOMES[o]}",
            f"Gesloten in dit schooljaar met uitkomst"
            f" '{OUTCOMES[o]}' (categorie van de leerplichttelling).",
        )
        for key, o in OUTCOME_KEYS.items()
    },
    "returned": (
        "Terug naar onderwijs",
        "Casussen met een hervattingsdatum in dit schooljaar"
        " en een uitkomst die terugkeer naar onderwijs is: teruggeleid naar dezelfde"
        " of een andere school, so/vso of onderwijs-zorgarrangement.",
    ),
    "returned_within_3_months": (
        "Terug binnen 3 maanden",
        f"Terug naar onderwijs met"
        f" hervattingsdatum − eerste dag zonder onderwijs ≤"
        f" {RETURN_NORM_DAYS} dagen (norm Thuiszitterspact).",
    ),
    "median_days_to_return": (
        "Mediaan dagen thuis tot terugkeer",
        "Mediaan van"
        " (hervattingsdatum − eerste dag zonder onderwijs) in dagen,"
        " over de casussen 'terug naar onderwijs'; bij een even aantal"
        " het gemiddelde van de middelste twee. In het totaal over alle"
        " casussen samen, niet over de rijen.",
    ),
    "p90_days_to_return": (
        "90e percentiel dagen thuis tot terugkeer",
        "Kleinste aantal dagen"
        " waarbinnen minstens 90% van de teruggekeerde leerlingen terug"
        " was (nearest-rank-methode: waarde op plaats ⌈0,9 × n⌉).",
    ),
    **{
        key: (
            f"Onderwijssoort {t}",
            f"Casussen van leerlingen met onderwijssoort {t} (de soort die nu in de casus staat).",
        )
        for key, t in EDUCATION_KEYS.items()
    },
    "blockers": (
        "Belemmeringen",
        "Belemmeringen van getelde casussen waarvan de periode"
        " (vanaf t/m tot) het schooljaar raakt.",
    ),
    "blocker_days": (
        "Dagen belemmerd",
        "Som over die belemmeringen van de overlap van"
        " [vanaf, tot — of vandaag als ze nog loopt) met het schooljaar tot de"
        " peildatum, in dagen (tot − vanaf; de dag van opheffen telt niet).",
    ),
}
for _key, _kind in BLOCKER_KEYS.items():
    COLUMNS[_key] = (
        f"Belemmering: {BLOCKER_KINDS[_kind]}",
        f"Aantal belemmeringen '{BLOCKER_KINDS[_kind]}' (zie Belemmeringen).",
    )
    COLUMNS[f"{_key}_days"] = (
        f"Dagen: {BLOCKER_KINDS[_kind]}",
        f"Dagen belemmerd door '{BLOCKER_KINDS[_kind]}' (zie Dagen belemmerd).",
    )

KEYS = tuple(COLUMNS)
STATISTIC_KEYS = ("median_days_to_return", "p90_days_to_return")
COUNT_KEYS = tuple(k for k in KEYS if k != "municipality" and k not in STATISTIC_KEYS)

# General choices, listed above the columns on the page and in the definitions sheet.
GENERAL = (
    ("Schooljaar", "1 augustus t/m 31 juli, aangeduid als 2025-2026."),
    (
        "Peildatum",
        "De laatste dag van het schooljaar; voor het lopende schooljaar vandaag."
        " Tellingen 'tot vandaag' lopen door tot de peildatum.",
    ),
    (
        "Welke casussen",
        "Alleen casussen die u mag zien (zelfde regels als de casuslijst):"
        " leerplicht ziet de eigen gemeenten, een school de eigen leerlingen, het SWV zijn regio,"
        " andere organisaties de casussen waarbij zij betrokken zijn.",
    ),
    (
        "Periode van een casus",
        "Van de eerste dag zonder onderwijs tot het sluiten. Een casus die"
        " later is ingevoerd met een eerdere eerste dag telt met terugwerkende kracht mee; cijfers"
        " over een afgesloten schooljaar kunnen dus nog veranderen. Vermeld bij publicatie de"
        " datum van aanmaken.",
    ),
    (
        "Dagen thuis",
        "Terugkeer (hervattingsdatum) − eerste dag zonder onderwijs; zonder"
        " hervattingsdatum tot het sluiten, bij een open casus tot vandaag.",
    ),
    (
        "Soort",
        "De huidige soort van de casus; een wijziging van soort wordt niet per datum"
        " bijgehouden. Hetzelfde geldt voor woongemeente en onderwijssoort.",
    ),
    (
        "Heropende casussen",
        "Een nieuwe casus voor een leerling van wie eerder een casus is"
        " gesloten, telt als aparte casus (met een eigen eerste dag zonder onderwijs).",
    ),
    (
        "Totaal",
        "Aantallen in de totaalrij zijn de som van de rijen; mediaan en 90e percentiel"
        " worden over alle casussen samen berekend.",
    ),
    (
        "Kleine aantallen",
        f"In exports voor publicatie staan aantallen van 1 tot en met"
        f" {SUPPRESS_BELOW - 1} als '<{SUPPRESS_BELOW}', ook in de totaalrij; mediaan en"
        f" percentiel over minder dan {SUPPRESS_BELOW} terugkeerders als 'n<{SUPPRESS_BELOW}'."
        " Waar getallen optellen (de gemeenten en de totaalrij; casussen = gesloten + open op"
        " peildatum = meegenomen + nieuw = de soorten = de onderwijssoorten; gesloten = de"
        " uitkomsten; belemmeringen en dagen = hun soorten) zou één verborgen getal terug te"
        " rekenen zijn: staat er in zo'n groep precies één verborgen getal, dan is ook het"
        " kleinste andere getal boven 0 verborgen, als 'x', tot geen groep nog precies één"
        " verborgen getal heeft. Nullen worden niet verborgen.",
    ),
    (
        "Formules",
        "Tekst die begint met =, +, - of @ krijgt in exports een ' ervoor, zodat"
        " een spreadsheet hem nooit als formule uitvoert.",
    ),
)

# How the page splits the wide table into readable parts: (title, keys after municipality).
TABLE_GROUPS = (
    (
        "Casussen en soort",
        (
            "cases",
            "carried_in",
            "new",
            "closed",
            "open_at_end",
            "thuiszitters",
            "absoluut",
            "relatief_langdurig",
            "relatief_kort",
            "dreigend",
            "vrijstelling_traject",
        ),
    ),
    (
        "Terugkeer naar onderwijs",
        ("returned", "returned_within_3_months", "median_days_to_return", "p90_days_to_return"),
    ),
    ("Gesloten naar uitkomst", ("closed", *OUTCOME_KEYS)),
    ("Onderwijssoort", tuple(EDUCATION_KEYS)),
    (
        "Belemmeringen",
        ("blockers", "blocker_days", *(k for key in BLOCKER_KEYS for k in (key, f"{key}_days"))),
    ),
)
