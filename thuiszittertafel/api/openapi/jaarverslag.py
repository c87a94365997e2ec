"""The document's jaarverslag and SWV figures."""

from __future__ import annotations

from typing import Any

from ..schemas import components, reports
from ..schemas.fields import DATE
from .common import query_parameter, responses_for
from .telling import TELLING_PARAMETERS

_JV_PARAMETERS = [
    TELLING_PARAMETERS[0],
    query_parameter(
        "peildatum",
        DATE,
        "Binnen het schooljaar en niet na vandaag; leeg: vandaag, of 31 juli voor een"
        " afgelopen schooljaar. Het vorige schooljaar telt altijd tot en met 31 juli.",
    ),
    query_parameter(
        "publication",
        {"type": "boolean", "default": False},
        "Versie voor publicatie: aantallen 1–4 als '<5', percentages, dagen en medianen over"
        " minder dan 5 leerlingen als 'n<5'. Waar een verborgen aantal terug te rekenen is"
        " (gemeenten en hun totaal, uitkomsten en het totaal gesloten) is ook het kleinste"
        " andere aantal boven 0 verborgen, als 'x' (met zijn percentage, dagen en mediaan).",
    ),
]


SCHEMAS: dict[str, Any] = {
    **components(reports.JaarverslagRow, reports.Jaarverslag, reports.SwvRow, reports.SwvFigures)
}

PATHS: dict[str, Any] = {
    "/reports/jaarverslag": {
        "get": {
            "operationId": "getJaarverslag",
            "tags": ["reports"],
            "summary": "De cijfers van het jaarverslag per gemeente, in verschillende"
            " leerlingen, dit schooljaar naast het vorige, over de casussen die u mag"
            " zien: dezelfde getallen en definities als /rapportages/jaarverslag."
            " Leerplicht, de gemeente en de coördinator van het samenwerkingsverband;"
            " wie geen casussen ziet (zoals functioneel beheer) krijgt 403 met de reden.",
            "parameters": _JV_PARAMETERS,
            "responses": responses_for(
                "200", "Jaarverslag", "Het jaarverslag.", "BadRequest", "Unauthorized", "Forbidden"
            ),
        }
    },
    "/reports/swv": {
        "get": {
            "operationId": "getSwvFigures",
            "tags": ["reports"],
            "summary": "De thuiszittercijfers per samenwerkingsverband en school, in"
            " verschillende leerlingen: dezelfde getallen als /rapportages/swv. Alleen de"
            " coördinator van het samenwerkingsverband (eigen samenwerkingsverband);"
            " anderen 403 met de reden.",
            "parameters": _JV_PARAMETERS,
            "responses": responses_for(
                "200", "SwvFigures", "De cijfers.", "BadRequest", "Unauthorized", "Forbidden"
            ),
        }
    },
}
