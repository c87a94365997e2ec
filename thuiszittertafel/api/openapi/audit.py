"""The document's audit log (issue 15 item 7): the privacy role only; anyone else 404."""

from __future__ import annotations

from typing import Any

from ..schemas.fields import DATE, DATETIME, ID, TEXT, nullable
from .common import PAGING, page_of, query_parameter, responses_for

SCHEMAS: dict[str, Any] = {
    "AuditEntry": {
        "type": "object",
        "required": [
            "id",
            "at",
            "user_id",
            "username",
            "organisation",
            "action",
            "object_type",
            "object_id",
            "access",
            "detail",
        ],
        "properties": {
            "id": ID,
            "at": DATETIME,
            "user_id": nullable(ID),
            "username": nullable(TEXT),
            "organisation": nullable(TEXT),
            "action": {**TEXT, "description": "Wat er gebeurde, bijvoorbeeld case.view."},
            "object_type": nullable(TEXT),
            "object_id": nullable({"type": "integer"}),
            "access": nullable({**TEXT, "description": "Waarom het mocht (de toegangsgrond)."}),
            "detail": nullable({"type": "object"}),
        },
    },
    "AuditPage": page_of("AuditEntry"),
}
PATHS: dict[str, Any] = {
    "/audit": {
        "get": {
            "operationId": "listAudit",
            "tags": ["audit"],
            "summary": "Het auditlog, nieuwste eerst (alleen de privacyrol; anderen 404)."
            " Het lezen wordt zelf ook gelogd.",
            "parameters": [
                query_parameter("case_id", ID, "Alleen regels over deze casus."),
                query_parameter("user_id", ID, "Alleen regels van deze gebruiker."),
                query_parameter("from", DATE, "Vanaf deze dag (Europe/Amsterdam)."),
                query_parameter("to", DATE, "Tot en met deze dag."),
                *PAGING,
            ],
            "responses": responses_for(
                "200", "AuditPage", "Eén pagina regels.", "BadRequest", "Unauthorized", "NotFound"
            ),
        }
    }
}
