"""The reports as the API returns them: the thuiszitter report, the leerplichttelling with
the list behind one of its numbers, the jaarverslag and the SWV figures. Their rows are
generated from the reports' definitions (api/openapi/reports.py, telling.py,
jaarverslag.py): one key per definition, so they are referred to here by name."""

from __future__ import annotations

from typing import Any

from ...cases.filters import MAX_PER_PAGE
from ...cases.vocabulary import CASE_KINDS
from ...reports import telling_definitions as telling
from . import LooseShape, link, optional, required
from .fields import DATE, ID, TEXT, enum

COUNT = {"type": "integer", "minimum": 0}
PUBLICATION = {"type": "boolean"}
# Per key of a row of the jaarverslag or the SWV figures: what it counts.
FIGURE_DEFINITIONS = {
    "type": "object",
    "additionalProperties": TEXT,
    "description": "Per sleutel van een rij (en regie.<fase>.<soort>): wat er geteld wordt.",
}
LISTED = {
    "type": "object",
    "properties": {
        "pupil": {
            "type": ["string", "null"],
            "description": "Naam (als u die mag zien), anders initialen; null bij een consultatie.",
        },
        "age": {"type": ["integer", "null"]},
        "note": {"type": ["string", "null"]},
        "consultation_id": {"type": ["integer", "null"]},
        "cases": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": ID,
                    "kind": enum(list(CASE_KINDS)),
                    "absent_since": DATE,
                    "status": enum(["open", "closed"]),
                },
            },
        },
    },
}


def _rows(component: str, description: str) -> Any:
    return required(type="array", items=link(component), description=description)


class ThuiszitterReport(LooseShape):
    """What reports.services.Report.json returns."""

    school_year: Any = required(
        TEXT, description="Bijvoorbeeld 2025-2026 (1 augustus t/m 31 juli)."
    )
    reference_date: Any = required(
        DATE,
        description="Peildatum: het einde van het schooljaar, of vandaag voor het lopende jaar.",
    )
    rows: Any = _rows("ThuiszitterReportRow", "Eén rij per woongemeente, op naam.")
    total: Any = required(
        link("ThuiszitterReportRow"),
        description="Aantallen: som van de rijen; mediaan en p90 over alle casussen samen."
        " municipality is 'Totaal'.",
    )


class Leerplichttelling(LooseShape):
    """What reports.telling.Telling.json returns."""

    school_year: Any = required(TEXT)
    peildatum: Any = required(DATE)
    definitions: Any = required(
        type="object",
        additionalProperties=TEXT,
        description="Per sleutel van een rij: wat er geteld wordt.",
    )
    rows: Any = _rows(
        "TellingRow",
        "Eén rij per gemeente van uw organisatie (leerplicht, gemeente) of regio"
        " (coördinator van het samenwerkingsverband).",
    )
    no_figures: Any = optional(
        TEXT,
        description="Alleen aanwezig als u geen enkele casus ziet (uw organisatie neemt er"
        " aan geen deel): waarom elk getal 0 is en wie de telling wel kan maken. De nullen"
        " zijn dan geen echte telling.",
    )


class TellingCases(LooseShape):
    """What GET /reports/leerplichttelling/cases returns: one page of the list behind a
    number (reports.drilldown.listed_json per entry)."""

    school_year: Any = required(TEXT)
    peildatum: Any = required(DATE)
    municipality: Any = required(TEXT)
    field: Any = required(enum(list(telling.FIGURES)))
    group: Any = required(type=["string", "null"], enum=[*telling.GROUPS, None])
    count: Any = required(
        COUNT,
        description="Het getal in de telling (gelijk aan total; blijft voor bestaande"
        " koppelingen).",
    )
    items: Any = required(type="array", items=LISTED)
    total: Any = required(COUNT, description="Alle regels achter het getal: het getal.")
    page: Any = required(ID)
    per_page: Any = required(ID, maximum=MAX_PER_PAGE)


class Jaarverslag(LooseShape):
    """What reports.jaarverslag_export.jaarverslag_json returns."""

    school_year: Any = required(TEXT)
    peildatum: Any = required(DATE)
    previous_school_year: Any = required(TEXT)
    previous_peildatum: Any = required(DATE)
    publication: Any = required(PUBLICATION)
    definitions: Any = required(FIGURE_DEFINITIONS)
    rows: Any = _rows(
        "JaarverslagRow",
        "Per gemeente van uw organisatie dit schooljaar en het vorige, daarna het totaal"
        " van beide.",
    )


class SwvFigures(LooseShape):
    """What reports.jaarverslag_export.swv_json returns."""

    school_year: Any = required(TEXT)
    peildatum: Any = required(DATE)
    publication: Any = required(PUBLICATION)
    definitions: Any = required(FIGURE_DEFINITIONS)
    rows: Any = _rows("SwvRow", "Per samenwerkingsverband zijn scholen, daarna zijn totaal.")
