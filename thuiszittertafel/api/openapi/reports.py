"""The document's reports."""

from __future__ import annotations

from typing import Any

from ..schemas import components
from ..schemas.fields import TEXT, enum, ref
from ..schemas.reports import ThuiszitterReport, ThuiszitterReportRow
from .common import query_parameter, responses_for

SCHEMAS: dict[str, Any] = components(ThuiszitterReportRow, ThuiszitterReport)

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
