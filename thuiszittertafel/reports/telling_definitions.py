"""The leerplichttelling's figures and what each one counts, for the API, page and CSV.

A figure is named by a path: a field ("absoluut_verzuimers"), "vrijstellingen.<article>.
new|active", "meldingen.<type>" or "consultaties". Groups split a figure by the pupil's age
on the peildatum or the plicht that applied in the school year.
"""

from __future__ import annotations

from ..cases.law import LONG_TERM_DAYS, THREE_MONTHS_DAYS
from ..cases.vocabulary import ABSENCE_REPORT_TYPES, EXEMPTION_ARTICLES
from .definitions import SUPPRESS_BELOW
from .suppression import SECONDARY_RULE

_IN_YEAR = "op minstens één dag van het schooljaar tot en met de peildatum"
_4W_3M = f"{LONG_TERM_DAYS} tot en met {THREE_MONTHS_DAYS - 1} dagen"
_3M = f"{THREE_MONTHS_DAYS} dagen of meer (de norm van het Thuiszitterspact: 3 maanden)"

# key → (Dutch label, definition). Order is the column order everywhere.
FIELDS: dict[str, tuple[str, str]] = {
    "absoluut_verzuimers": (
        "Absoluut verzuimers",
        f"Leerlingen die {_IN_YEAR} absoluut verzuimer waren: leer- of kwalificatieplichtig,"
        " niet ingeschreven op een school en zonder vrijstelling.",
    ),
    "absoluut_opgelost": (
        "Absoluut verzuim opgelost",
        "Van de absoluut verzuimers: leerlingen van wie het absoluut verzuim uiterlijk op de"
        " peildatum eindigde doordat zij werden ingeschreven (de casus is gesloten met een"
        " terugkeer naar onderwijs, op de hervattingsdatum) of vrijgesteld (gesloten met de"
        " uitkomst vrijstelling, of een vrijstelling ging in). Verhuizen of 18 worden is niet"
        " opgelost.",
    ),
    "absoluut_op_peildatum": (
        "Absoluut verzuimers op de peildatum",
        "Leerlingen die op de peildatum absoluut verzuimer waren.",
    ),
    "langdurig_relatief_verzuimers": (
        "Langdurig relatief verzuimers",
        f"Leerlingen die {_IN_YEAR} langdurig relatief verzuimer waren: ingeschreven, zonder"
        f" geldige reden afwezig en {LONG_TERM_DAYS} dagen na de eerste dag zonder onderwijs"
        " nog steeds afwezig, leer- of kwalificatieplichtig en zonder vrijstelling. Wie op"
        f" dag {LONG_TERM_DAYS} terug is, telt niet. Ziek met een medische reden of verlof"
        " (geoorloofd afwezig) is geen verzuim.",
    ),
    "langdurig_relatief_teruggeleid": (
        "Langdurig relatief verzuimers teruggeleid",
        "Van de langdurig relatief verzuimers: leerlingen die uiterlijk op de peildatum terug"
        " waren in het onderwijs: de dag na het verzuim is de hervattingsdatum van de casus,"
        " gesloten met een terugkeer naar onderwijs.",
    ),
    "thuiszitters_4w_3m": (
        "Thuiszitters 4 weken tot 3 maanden (peildatum)",
        "Leerlingen die op de peildatum thuiszitter waren (absoluut verzuimer of langdurig"
        f" relatief verzuimer) en toen {_4W_3M} zonder onderwijs (sinds de eerste dag zonder"
        f" onderwijs). Een absoluut verzuimer van minder dan {LONG_TERM_DAYS} dagen telt in"
        " geen van beide duurgroepen.",
    ),
    "thuiszitters_3m_plus": (
        "Thuiszitters 3 maanden of langer (peildatum)",
        f"Leerlingen die op de peildatum thuiszitter waren en toen {_3M} zonder onderwijs.",
    ),
    "thuiszitters_jaar_4w_3m": (
        "Thuiszitters in het schooljaar, langste duur 4 weken tot 3 maanden",
        f"Leerlingen die {_IN_YEAR} thuiszitter waren, naar de langste duur die zij als"
        " thuiszitter bereikten (dagen zonder onderwijs op hun laatste dag als thuiszitter):"
        f" {_4W_3M}. Elke leerling telt in één duurgroep.",
    ),
    "thuiszitters_jaar_3m_plus": (
        "Thuiszitters in het schooljaar, langste duur 3 maanden of langer",
        f"Als hierboven, met een langste duur van {_3M}.",
    ),
    "meldingen_leerlingen": (
        "Leerlingen met een verzuimmelding",
        "Leerlingen over wie in het schooljaar tot en met de peildatum minstens één"
        " verzuimmelding is gedaan (naar de datum van de melding).",
    ),
}
NESTED: dict[str, tuple[str, str]] = {
    "vrijstellingen": (
        "Vrijstellingen per artikel",
        "Leerlingen met een toegekende of van rechtswege verleende vrijstelling, per artikel"
        " van de Leerplichtwet: new = ingegaan in het schooljaar tot en met de peildatum,"
        " active = van kracht op de peildatum. Afgewezen of nog niet beslist telt niet.",
    ),
    "meldingen": (
        "Verzuimmeldingen per soort",
        "Aantal meldingen (geen leerlingen) met een meldingsdatum in het schooljaar tot en met"
        " de peildatum, per soort: "
        + "; ".join(f"{code}: {label}" for code, label in ABSENCE_REPORT_TYPES.items())
        + ".",
    ),
    "handhaving": (
        "Handhaving",
        "Aantal stappen (geen leerlingen) die leerplicht op een casus vastlegde met een datum"
        " in het schooljaar tot en met de peildatum: waarschuwingen, Halt-verwijzingen,"
        " processen-verbaal per soort verzuim (relatief niet-luxe, luxe, absoluut), civiele"
        " route (Raad voor de Kinderbescherming) en meldingen bij Veilig Thuis. Alleen"
        " leerplicht ziet deze getallen (Wet politiegegevens).",
    ),
    "consultaties": (
        "Zorg en advies (consultaties)",
        "Consultaties (advies over een leerling zonder naam, zonder casus) waaraan uw"
        " organisatie deelnam, geopend in het schooljaar tot en met de peildatum, naar de"
        " gemeente die bij de consultatie is opgegeven. Aantal consultaties; niet gesplitst"
        " naar leeftijd of leerplicht.",
    ),
    "by_age": (
        "Naar leeftijd",
        "Dezelfde aantallen voor leerlingen van 5–11, 12–15 en 16–17 jaar, naar hun leeftijd"
        " op de peildatum. Wie op de peildatum jonger dan 5 of 18 jaar of ouder is, staat in"
        " geen leeftijdsgroep.",
    ),
    "leerplichtig": (
        "Leerplichtig",
        "Dezelfde aantallen voor leerlingen die in dit schooljaar leerplichtig waren (vanaf 5"
        " jaar tot het einde van het schooljaar waarin zij 16 worden). Binnen één schooljaar"
        " is een leerling óf leerplichtig óf kwalificatieplichtig.",
    ),
    "kwalificatieplichtig": (
        "Kwalificatieplichtig",
        "Dezelfde aantallen voor leerlingen die in dit schooljaar kwalificatieplichtig waren"
        " (daarna tot 18 jaar of een startkwalificatie).",
    ),
}
MUNICIPALITY = (
    "Woongemeente",
    "De woongemeente van de leerling zoals die in de casus staat (officiële gemeentenaam);"
    " een leerling met casussen in twee gemeenten telt in beide.",
)

AGE_BANDS = {"5-11": (5, 11), "12-15": (12, 15), "16-17": (16, 17)}
PLICHTEN = ("leerplichtig", "kwalificatieplichtig")
GROUPS = (*AGE_BANDS, *PLICHTEN)
GROUP_LABELS = {
    **{band: f"{low}–{high} jaar" for band, (low, high) in AGE_BANDS.items()},
    "leerplichtig": "Leerplichtig",
    "kwalificatieplichtig": "Kwalificatieplichtig",
}
VRIJSTELLING_STATES = {"new": "nieuw", "active": "actief op peildatum"}
# Handhaving, as seed 004 counts it: (step, proces-verbaal type) per figure.
HANDHAVING = {
    "waarschuwingen": ("Waarschuwingen", ("waarschuwing", None)),
    "halt": ("Halt-verwijzingen", ("halt", None)),
    "processen_verbaal_relatief": (
        "Processen-verbaal relatief (niet luxe)",
        ("proces-verbaal", "relatief"),
    ),
    "processen_verbaal_luxe": ("Processen-verbaal luxe verzuim", ("proces-verbaal", "luxe")),
    "processen_verbaal_absoluut": (
        "Processen-verbaal absoluut verzuim",
        ("proces-verbaal", "absoluut"),
    ),
    "civiele_route": ("Civiele route (Raad voor de Kinderbescherming)", ("civiele-route", None)),
    "veilig_thuis": ("Meldingen Veilig Thuis", ("veilig-thuis", None)),
}
HANDHAVING_BY_STEP = {step: key for key, (_, step) in HANDHAVING.items()}

# Every figure by its path, with its Dutch label: the CSV columns and the drill-down keys.
FIGURES: dict[str, str] = {
    **{key: label for key, (label, _) in FIELDS.items()},
    **{
        f"vrijstellingen.{article}.{state}": f"Vrijstelling art. {article}, {label}"
        for article in EXEMPTION_ARTICLES
        for state, label in VRIJSTELLING_STATES.items()
    },
    **{f"meldingen.{kind}": f"Meldingen {kind}" for kind in ABSENCE_REPORT_TYPES},
    **{f"handhaving.{key}": label for key, (label, _) in HANDHAVING.items()},
    "consultaties": NESTED["consultaties"][0],
}
VRIJSTELLING_FIGURES = tuple(f for f in FIGURES if f.startswith("vrijstellingen."))
MELDING_FIGURES = tuple(f for f in FIGURES if f.startswith("meldingen."))
HANDHAVING_FIGURES = tuple(f for f in FIGURES if f.startswith("handhaving."))
# Figures that count meldingen, steps or consultations rather than pupils.
ITEM_FIGURES = (*MELDING_FIGURES, *HANDHAVING_FIGURES, "consultaties")
UNGROUPED = ("consultaties",)


def definitions() -> dict[str, str]:
    """{key: Dutch text} for the API: the row's keys."""
    return {
        "municipality": MUNICIPALITY[1],
        **{key: text for key, (_, text) in FIELDS.items()},
        **{key: text for key, (_, text) in NESTED.items()},
    }


GENERAL = (
    ("Schooljaar", "1 augustus tot en met 31 juli, aangeduid als 2025-2026."),
    (
        "Peildatum",
        "Te kiezen binnen het schooljaar; standaard vandaag voor het lopende schooljaar en"
        " 31 juli voor een afgelopen schooljaar. 'In het schooljaar' betekent: van 1 augustus"
        " tot en met de peildatum.",
    ),
    (
        "Leerlingen, geen casussen",
        "Elk getal telt verschillende leerlingen (behalve meldingen en consultaties). Eén"
        " leerling is dezelfde voornaam, achternaam en geboortedatum, zoals bij de intake;"
        " twee casussen van één kind tellen één keer.",
    ),
    (
        "De wet",
        "Absoluut verzuim, langdurig relatief verzuim en thuiszitter zijn de definities van"
        " de Leerplichtwet zoals de applicatie ze overal gebruikt (DESIGN §4a), per dag"
        " bepaald uit de casus: soort, school, eerste dag zonder onderwijs, hervattingsdatum"
        " of sluiting, geldige reden en vrijstellingen.",
    ),
    (
        "Welke casussen",
        "Alleen casussen die u mag zien, en alleen de gemeenten van uw organisatie (leerplicht,"
        " gemeente) of van uw regio (coördinator van het samenwerkingsverband).",
    ),
    (
        "Handhaving",
        "Waarschuwingen, Halt-verwijzingen, processen-verbaal, civiele route en meldingen bij"
        " Veilig Thuis legt leerplicht vast bij de casus (onder Verzuimmeldingen). Alleen"
        " leerplicht ziet ze en alleen in de telling van leerplicht staan ze.",
    ),
    (
        "Kleine aantallen",
        f"In de versie voor publicatie staan aantallen van 1 tot en met {SUPPRESS_BELOW - 1}"
        f" als '<{SUPPRESS_BELOW}' en tonen de lijsten achter de getallen alleen initialen.",
    ),
    ("Herleiding voorkomen", SECONDARY_RULE),
)
