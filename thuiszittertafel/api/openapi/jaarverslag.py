"""The document's jaarverslag and SWV figures."""

from __future__ import annotations

from typing import Any

from ...cases.vocabulary import BLOCKER_KINDS as _BLOCKER_KINDS
from ...reports import jaarverslag_definitions as _jv
from ..schemas import components, reports
from ..schemas.fields import DATE, ID, TEXT, nullable
from .common import query_parameter, responses_for
from .telling import COUNT, TELLING_PARAMETERS

# A count, or "<5" for 1–4 and "x" against subtraction in the publication variant.
_JV_COUNT = {
    "oneOf": [COUNT, {"type": "string", "enum": ["<5", "x"]}],
    "description": "Aantal leerlingen; met publication=true 1–4 als '<5', en 'x' waar het"
    " een verborgen aantal via een totaal zou verraden (secundaire onderdrukking).",
}
# A percentage, days or median; "n<5" over 1–4 pupils in the publication variant.
_JV_STATISTIC = {
    "oneOf": [{"type": ["number", "null"]}, {"type": "string", "enum": ["n<5", "x"]}],
    "description": "null zonder gegevens; met publication=true over 1–4 leerlingen 'n<5',"
    " en 'x' bij een aantal dat als 'x' verborgen is.",
}
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


def _jaarverslag_row() -> dict[str, Any]:
    only_leerplicht = "; alleen voor leerplicht, ontbreekt voor anderen."  # Wet politiegegevens
    counts: dict[str, Any] = {
        path: {
            **_JV_COUNT,
            "description": label + (only_leerplicht if path in _jv.PROCESS_HANDHAVING else ""),
        }
        for path, (label, _) in _jv.FIGURES.items()
    }
    for kind in _BLOCKER_KINDS:
        counts[f"blocker.{kind}.days"] = _JV_STATISTIC
        counts[f"blocker.{kind}.median_days"] = _JV_STATISTIC
    properties = {
        "municipality": {**TEXT, "description": "Gemeente, of 'Totaal' (elke leerling één keer)."},
        "school_year": TEXT,
        "pupils": {**nullable(COUNT), "description": _jv.PUPILS[1]},
        **{
            f"pupils_{part}": {**nullable(COUNT), "description": _jv.PLICHT_PUPILS[1]}
            for part in ("leerplichtig", "kwalificatieplichtig")
        },
        "cases_percentage": _JV_STATISTIC,
        "thuiszitters_percentage": _JV_STATISTIC,
        **counts,
    }
    return {
        "type": "object",
        "required": [key for key in properties if key not in _jv.PROCESS_HANDHAVING],
        "properties": properties,
        "patternProperties": {r"^regie\.[0-9]+\.[a-z-]+$": _JV_COUNT},
        "description": "Eén gemeente (of het totaal) in één schooljaar, in verschillende"
        " leerlingen. Elke sleutel met een aantal is ook het getal (field) van de lijst op"
        " /rapportages/jaarverslag/casussen.",
    }


def _swv_row() -> dict[str, Any]:
    properties = {
        "swv": TEXT,
        "swv_id": ID,
        "sector": {"type": ["string", "null"]},
        "school": {
            "type": ["string", "null"],
            "description": "De school; 'Zonder school' (school_id 0) voor casussen zonder"
            " school; null in de totaalrij van het samenwerkingsverband.",
        },
        "school_id": {"type": ["integer", "null"], "minimum": 0},
        **{
            path: {**_JV_COUNT, "description": label}
            for path, (label, _) in _jv.CASE_FIGURES.items()
        },
    }
    return {"type": "object", "required": list(properties), "properties": properties}


SCHEMAS: dict[str, Any] = {
    "JaarverslagRow": _jaarverslag_row(),
    **components(reports.Jaarverslag),
    "SwvRow": _swv_row(),
    **components(reports.SwvFigures),
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
