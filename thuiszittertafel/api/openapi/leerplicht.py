"""The document's leerplicht records: vrijstellingen, verzuimmeldingen, handhaving and the
verkort rooster."""

from __future__ import annotations

from typing import Any

from ..schemas import components, leerplicht
from ..schemas.fields import ID
from .common import CASE_ID, PAGING, WRITE_ERRORS, request_body, responses_for

EXEMPTION_ID = {"name": "exemption_id", "in": "path", "required": True, "schema": ID}
SCHEMAS: dict[str, Any] = {
    **components(
        leerplicht.Exemption,
        leerplicht.ExemptionList,
        leerplicht.AbsenceReport,
        leerplicht.AbsenceReportList,
        leerplicht.EnforcementStep,
        leerplicht.EnforcementStepList,
        leerplicht.ReducedTimetable,
    ),
    **components(*leerplicht.BODIES),
}
PATHS: dict[str, Any] = {
    "/cases/{case_id}/exemptions": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "listExemptions",
            "tags": ["leerplicht"],
            "summary": "De vrijstellingen van een casus, met hun procedure.",
            "parameters": PAGING,
            "responses": responses_for(
                "200",
                "ExemptionList",
                "Eén pagina vrijstellingen.",
                "BadRequest",
                "Unauthorized",
                "NotFound",
            ),
        },
        "post": {
            "operationId": "createExemption",
            "tags": ["leerplicht"],
            "summary": "Een vrijstelling vastleggen (alleen leerplicht; anders 403).",
            "requestBody": request_body("ExemptionCreate"),
            "responses": responses_for(
                "201", "Exemption", "De vastgelegde vrijstelling.", *WRITE_ERRORS
            ),
        },
    },
    "/exemptions/{exemption_id}": {
        "parameters": [EXEMPTION_ID],
        "patch": {
            "operationId": "updateExemption",
            "tags": ["leerplicht"],
            "summary": "Een vrijstelling bijwerken: besluit, data (alleen leerplicht).",
            "requestBody": request_body("ExemptionUpdate"),
            "responses": responses_for(
                "200", "Exemption", "De bijgewerkte vrijstelling.", *WRITE_ERRORS
            ),
        },
    },
    "/cases/{case_id}/absence-reports": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "listAbsenceReports",
            "tags": ["leerplicht"],
            "summary": "De verzuimmeldingen van een casus.",
            "parameters": PAGING,
            "responses": responses_for(
                "200",
                "AbsenceReportList",
                "Eén pagina verzuimmeldingen.",
                "BadRequest",
                "Unauthorized",
                "NotFound",
            ),
        },
        "post": {
            "operationId": "createAbsenceReport",
            "tags": ["leerplicht"],
            "summary": "Een verzuimmelding vastleggen (de school van de leerling of"
            " leerplicht); leerplicht wordt meteen bericht.",
            "requestBody": request_body("AbsenceReportCreate"),
            "responses": responses_for(
                "201", "AbsenceReport", "De vastgelegde melding.", *WRITE_ERRORS
            ),
        },
    },
    "/cases/{case_id}/enforcement-steps": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "listEnforcementSteps",
            "tags": ["leerplicht"],
            "summary": "De handhaving van een casus: alleen voor leerplicht (Wet"
            " politiegegevens); anderen krijgen 403.",
            "parameters": PAGING,
            "responses": responses_for(
                "200",
                "EnforcementStepList",
                "Eén pagina stappen.",
                "BadRequest",
                "Unauthorized",
                "Forbidden",
                "NotFound",
            ),
        },
        "post": {
            "operationId": "createEnforcementStep",
            "tags": ["leerplicht"],
            "summary": "Een stap van handhaving vastleggen (alleen leerplicht).",
            "requestBody": request_body("EnforcementStepCreate"),
            "responses": responses_for(
                "201", "EnforcementStep", "De vastgelegde stap.", *WRITE_ERRORS
            ),
        },
    },
    "/cases/{case_id}/reduced-timetable": {
        "parameters": [CASE_ID],
        "put": {
            "operationId": "setReducedTimetable",
            "tags": ["leerplicht"],
            "summary": "Het verkort rooster van een casus 'dreigend' vastleggen of wijzigen"
            " (de school van de leerling of wie regie heeft).",
            "requestBody": request_body("ReducedTimetableSet"),
            "responses": responses_for("200", "Case", "De casus.", *WRITE_ERRORS),
        },
        "delete": {
            "operationId": "endReducedTimetable",
            "tags": ["leerplicht"],
            "summary": "Het verkort rooster beëindigen: weer het volledige rooster.",
            "responses": responses_for("200", "Case", "De casus.", *WRITE_ERRORS),
        },
    },
}
