"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json, one module per area.

The request bodies are pydantic models (api/schemas) that the routes check with, so what
is documented is what is accepted.
"""

from __future__ import annotations

from typing import Any

from . import (
    agreements,
    audit,
    base,
    consultations,
    jaarverslag,
    leerplicht,
    meetings,
    notes,
    reports,
    responsibility,
    telling,
    users,
)
from .base import CASE_FILTERS
from .common import IDEMPOTENCY_KEY, IDEMPOTENT_OPERATIONS, IF_MATCH, MEETING_IF_MATCH, RESPONSES
from .consultations import CONSULTATION_STATUSES

__all__ = ["CASE_FILTERS", "CONSULTATION_STATUSES", "IDEMPOTENT_OPERATIONS", "document"]

VERSION = "1.0.0"
# In the document's order of components and paths.
AREAS = (
    base,
    notes,
    agreements,
    leerplicht,
    responsibility,
    consultations,
    reports,
    telling,
    jaarverslag,
    meetings,
    users,
    audit,
)
SCHEMAS: dict[str, Any] = {name: schema for area in AREAS for name, schema in area.SCHEMAS.items()}
PATHS: dict[str, Any] = {path: item for area in AREAS for path, item in area.PATHS.items()}


def _with_common_responses(paths: dict[str, Any]) -> dict[str, Any]:
    """Every operation's paths with the answers any operation of its kind can give: 401
    without a valid token (unless public), 413 and 415 for a body that is too large or no
    JSON, 414 for a URL that is too long, and for a create that takes an Idempotency-Key the
    header with its 400, 404, 409 and 422. Blocks added to PATHS get them without listing
    them."""
    out: dict[str, Any] = {}
    for path, item in paths.items():
        out[path] = dict(item)
        for method, operation in item.items():
            if method == "parameters":
                continue
            responses = dict(operation["responses"])
            common = ["414"] if operation.get("security") == [] else ["401", "414"]
            if "requestBody" in operation:
                common += ["413", "415"]
            extra: dict[str, Any] = {}
            if operation["operationId"] in MEETING_IF_MATCH:
                common += ["400", "409"]
                extra["parameters"] = [*operation.get("parameters", []), IF_MATCH]
            if operation["operationId"] in IDEMPOTENT_OPERATIONS:
                common += ["400", "404", "409", "422"]
                extra["parameters"] = [
                    *extra.get("parameters", operation.get("parameters", [])),
                    IDEMPOTENCY_KEY,
                ]
            names = {
                "400": "BadRequest",
                "401": "Unauthorized",
                "404": "NotFound",
                "409": "Conflict",
                "413": "TooLarge",
                "414": "UriTooLong",
                "415": "UnsupportedMediaType",
                "422": "KeyReused",
            }
            for status in common:
                responses.setdefault(status, {"$ref": f"#/components/responses/{names[status]}"})
            out[path][method] = {**operation, **extra, "responses": responses}
    return out


def document() -> dict[str, Any]:
    """The OpenAPI document (paths relative to the server /api/v1)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Thuiszittertafel API",
            "version": VERSION,
            "description": "De gedeelde casustafel voor thuiszitters. Dezelfde"
            " zichtbaarheidsregels als de schermen. Fouten zijn JSON"
            ' {"error", "message"} met een Nederlandse uitleg.',
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": _with_common_responses(PATHS),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Token van POST /tokens; 12 uur geldig.",
                }
            },
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    }
