"""The document's leerplichttelling."""

from __future__ import annotations

from typing import Any

from ...cases.filters import MAX_PER_PAGE
from ...reports import telling_definitions as _telling
from ..schemas import components, reports
from ..schemas.fields import DATE, ID, TEXT, enum, ref
from .common import query_parameter, responses_for

COUNT = {"type": "integer", "minimum": 0}


TELLING_PARAMETERS = [
    query_parameter(
        "school_year",
        {**TEXT, "pattern": r"^\d{4}-\d{4}$"},
        "Schooljaar, bijvoorbeeld 2025-2026; leeg: het lopende schooljaar.",
    ),
    query_parameter(
        "peildatum",
        DATE,
        "Binnen het schooljaar en niet na vandaag; leeg: vandaag, of 31 juli voor een"
        " afgelopen schooljaar.",
    ),
    query_parameter(
        "municipality",
        TEXT,
        "Eén gemeente van uw organisatie (officiële naam); leeg: al uw gemeenten.",
    ),
]

SCHEMAS: dict[str, Any] = {
    **components(
        reports.TellingFigures, reports.TellingRow, reports.Leerplichttelling, reports.TellingCases
    )
}

PATHS: dict[str, Any] = {
    "/reports/leerplichttelling": {
        "get": {
            "operationId": "getLeerplichttelling",
            "tags": ["reports"],
            "summary": "De leerplichttelling per woongemeente: verschillende leerlingen, naar"
            " de definities van de Leerplichtwet, over de casussen die u mag zien"
            " (leerplicht, gemeente en de coördinator van het samenwerkingsverband;"
            " anderen 403).",
            "parameters": [
                *TELLING_PARAMETERS,
                query_parameter(
                    "format",
                    {**enum(["json", "csv", "xlsx"]), "default": "json"},
                    "csv: ;-gescheiden, UTF-8 met BOM; een rij per gemeente en groep"
                    " (totaal, leeftijd, leerplicht), een kolom per getal. xlsx: dezelfde"
                    " rijen met een rij Nederlandse namen en een blad met de definities.",
                ),
                query_parameter(
                    "publication",
                    {"type": "boolean", "default": False},
                    "Alleen bij csv en xlsx: aantallen 1–4 als '<5'; waar een verborgen"
                    " aantal terug te rekenen is uit het totaal en de andere delen"
                    " (leerplichtig + kwalificatieplichtig, de leeftijdsgroepen) ook het"
                    " kleinste andere aantal boven 0, als 'x'.",
                ),
            ],
            "responses": {
                **responses_for(
                    "200",
                    "Leerplichttelling",
                    "De telling.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                ),
                "200": {
                    "description": "De telling als JSON, CSV of XLSX.",
                    "content": {
                        "application/json": {"schema": ref("Leerplichttelling")},
                        "text/csv": {"schema": {"type": "string"}},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                    },
                },
            },
        }
    },
    "/reports/leerplichttelling/cases": {
        "get": {
            "operationId": "getLeerplichttellingCases",
            "tags": ["reports"],
            "summary": "De lijst achter één getal van de telling: precies zoveel regels als"
            " het getal, alleen wat u mag zien.",
            "parameters": [
                *TELLING_PARAMETERS,
                query_parameter(
                    "field",
                    enum(list(_telling.FIGURES)),
                    "Het getal: een veld, vrijstellingen.<artikel>.new|active,"
                    " meldingen.<soort> of consultaties. Verplicht, net als municipality.",
                ),
                query_parameter("group", enum(list(_telling.GROUPS)), "Leeg: de hele gemeente."),
                query_parameter(
                    "publication",
                    {"type": "boolean", "default": False},
                    "Alleen initialen, ook waar u de naam mag zien.",
                ),
                query_parameter("page", ID, "Pagina (vanaf 1)."),
                query_parameter(
                    "per_page",
                    {**ID, "maximum": MAX_PER_PAGE, "default": 100},
                    "Aantal regels per pagina (standaard en hoogstens 100).",
                ),
            ],
            "responses": responses_for(
                "200",
                "TellingCases",
                "De leerlingen, meldingen of consultaties achter het getal.",
                "BadRequest",
                "Unauthorized",
                "Forbidden",
            ),
        }
    },
}
