"""The document's agreements."""

from __future__ import annotations

from typing import Any

from ..schemas import components
from ..schemas.agreements import Agreement, AgreementCreate, AgreementList, AgreementUpdate
from ..schemas.fields import ID
from .common import CASE_ID, IF_MATCH, PAGING, WRITE_ERRORS, request_body, responses_for

AGREEMENT_ID = {"name": "agreement_id", "in": "path", "required": True, "schema": ID}

SCHEMAS: dict[str, Any] = {**components(Agreement, AgreementList, AgreementCreate, AgreementUpdate)}

PATHS: dict[str, Any] = {
    "/cases/{case_id}/agreements": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "listAgreements",
            "tags": ["agreements"],
            "summary": "De afspraken van een casus: open op termijn, dan afgerond.",
            "parameters": PAGING,
            "responses": responses_for(
                "200",
                "AgreementList",
                "Eén pagina afspraken.",
                "BadRequest",
                "Unauthorized",
                "NotFound",
            ),
        },
        "post": {
            "operationId": "createAgreement",
            "tags": ["agreements"],
            "summary": "Een afspraak maken: wat, eigenaar, termijn, eventueel herhaling.",
            "requestBody": request_body("AgreementCreate"),
            "responses": responses_for("201", "Agreement", "De nieuwe afspraak.", *WRITE_ERRORS),
        },
    },
    "/agreements/{agreement_id}": {
        "parameters": [AGREEMENT_ID],
        "patch": {
            "operationId": "updateAgreement",
            "tags": ["agreements"],
            "summary": "Afronden, annuleren, termijn wijzigen of pauzeren (met reden).",
            "parameters": [IF_MATCH],
            "requestBody": request_body("AgreementUpdate"),
            "responses": responses_for(
                "200", "Agreement", "De bijgewerkte afspraak.", *WRITE_ERRORS
            ),
        },
    },
}
