"""The document's audit log (issue 15 item 7): the privacy role only; anyone else 404."""

from __future__ import annotations

from typing import Any

from ..schemas import components
from ..schemas.audit import AuditEntry, AuditPage
from ..schemas.fields import DATE, ID
from .common import PAGING, query_parameter, responses_for

SCHEMAS: dict[str, Any] = {**components(AuditEntry, AuditPage)}
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
