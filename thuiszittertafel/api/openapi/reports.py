"""The document's reports."""

from __future__ import annotations

from typing import Any

from ...reports.definitions import COLUMNS as REPORT_COLUMNS
from ...reports.definitions import STATISTIC_KEYS as REPORT_STATISTICS
from ..schemas import components
from ..schemas.fields import TEXT, enum, ref
from ..schemas.reports import ThuiszitterReport
from .common import query_parameter, responses_for


def _report_row() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, (label, definition) in REPORT_COLUMNS.items():
        if key == "municipality":
            schema: dict[str, Any] = dict(TEXT)
        elif key in REPORT_STATISTICS:
            schema = {"type": ["number", "null"]}
        else:
            schema = {"type": "integer", "minimum": 0}
        properties[key] = {**schema, "description": f"{label}. {definition}"}
    return {"type": "object", "required": list(REPORT_COLUMNS), "properties": properties}


SCHEMAS: dict[str, Any] = {"ThuiszitterReportRow": _report_row(), **components(ThuiszitterReport)}

PATHS: dict[str, Any] = {
    "/reports/thuiszitters": {
        "get": {
            "operationId": "getThuiszitterReport",
            "tags": ["reports"],
            "summary": "Thuiszitters per woongemeente in een schooljaar, over de casussen die u"
            " mag zien (leerplicht, gemeente en coördinatoren; anderen 403).",
            "parameters": [
                query_parameter(
                    "school_year",
                    {**TEXT, "pattern": r"^\d{4}-\d{4}$"},
                    "Schooljaar, bijvoorbeeld 2025-2026; leeg: het lopende schooljaar.",
                ),
                query_parameter(
                    "format",
                    {**enum(["json", "csv", "xlsx"]), "default": "json"},
                    "csv: ;-gescheiden, UTF-8 met BOM, dezelfde sleutels als kopregel;"
                    " xlsx: blad Rapportage en blad Definities.",
                ),
                query_parameter(
                    "publication",
                    {"type": "boolean", "default": False},
                    "Alleen bij csv/xlsx: aantallen 1–4 als '<5' (versie voor publicatie).",
                ),
            ],
            "responses": {
                **responses_for(
                    "200",
                    "ThuiszitterReport",
                    "Het rapport (bij format=json).",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                ),
                "200": {
                    "description": "Het rapport als JSON, CSV of XLSX.",
                    "content": {
                        "application/json": {"schema": ref("ThuiszitterReport")},
                        "text/csv": {"schema": {"type": "string"}},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "format": "binary"}
                        },
                    },
                },
            },
        }
    }
}
