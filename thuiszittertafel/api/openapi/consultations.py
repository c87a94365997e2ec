"""The document's consultations (consultatie en advies)."""

from __future__ import annotations

from typing import Any

from ...consultations.models import STATUSES as CONSULTATION_STATUS_LABELS
from ..schemas import components, consultations
from ..schemas.fields import ID, enum
from .common import PAGING, WRITE_ERRORS, json_content, query_parameter, request_body, responses_for

CONSULTATION_STATUSES = (*CONSULTATION_STATUS_LABELS, "all")
CONSULTATION_ID = {"name": "consultation_id", "in": "path", "required": True, "schema": ID}
SCHEMAS: dict[str, Any] = {
    **components(
        consultations.ConsultationMember,
        consultations.Consultation,
        consultations.ConsultationList,
        consultations.ConsultationMessage,
        consultations.ConsultationMessageList,
    ),
    **components(*consultations.BODIES),
    **components(consultations.ConsultationConverted),
}

PATHS: dict[str, Any] = {
    "/consultations": {
        "get": {
            "operationId": "listConsultations",
            "tags": ["consultations"],
            "summary": "Consultaties waaraan uw organisatie meedoet, nieuwste eerst.",
            "parameters": [
                query_parameter(
                    "status",
                    {**enum(CONSULTATION_STATUSES), "default": "all"},
                    "Open, gesloten, omgezet of alle.",
                )
            ]
            + PAGING,
            "responses": responses_for(
                "200", "ConsultationList", "Eén pagina consultaties.", "BadRequest", "Unauthorized"
            ),
        },
        "post": {
            "operationId": "createConsultation",
            "tags": ["consultations"],
            "summary": "Open een consultatie bij leerplicht of het samenwerkingsverband.",
            "requestBody": request_body("ConsultationCreate"),
            "responses": responses_for(
                "201",
                "Consultation",
                "De nieuwe consultatie.",
                "BadRequest",
                "Unauthorized",
                "Forbidden",
                "UnsupportedMediaType",
            ),
        },
    },
    "/consultations/{consultation_id}": {
        "parameters": [CONSULTATION_ID],
        "get": {
            "operationId": "getConsultation",
            "tags": ["consultations"],
            "summary": "Eén consultatie (alleen voor meelezende organisaties).",
            "responses": responses_for(
                "200", "Consultation", "De consultatie.", "Unauthorized", "NotFound"
            ),
        },
    },
    "/consultations/{consultation_id}/messages": {
        "parameters": [CONSULTATION_ID],
        "get": {
            "operationId": "listConsultationMessages",
            "tags": ["consultations"],
            "summary": "De berichten, oplopend op id. Na omzetten: 409 (de berichten staan"
            " in de chronologie van de casus).",
            "parameters": [
                query_parameter(
                    "after_id",
                    {"type": "integer", "minimum": 0},
                    "Alleen berichten met een hoger id (bijpraten).",
                )
            ]
            + PAGING,
            "responses": responses_for(
                "200",
                "ConsultationMessageList",
                "Eén pagina berichten.",
                "BadRequest",
                "Unauthorized",
                "NotFound",
                "Conflict",
            ),
        },
        "post": {
            "operationId": "createConsultationMessage",
            "tags": ["consultations"],
            "summary": "Bericht plaatsen; dezelfde client_id nogmaals geeft 200 en het"
            " bewaarde bericht.",
            "requestBody": request_body("ConsultationMessageCreate"),
            "responses": {
                **responses_for(
                    "201",
                    "ConsultationMessage",
                    "Het nieuwe bericht.",
                    "BadRequest",
                    "Unauthorized",
                    "NotFound",
                    "Conflict",
                    "UnsupportedMediaType",
                ),
                "200": json_content("ConsultationMessage", "Al bewaard met deze client_id."),
            },
        },
    },
    "/consultations/{consultation_id}/members": {
        "parameters": [CONSULTATION_ID],
        "post": {
            "operationId": "addConsultationMember",
            "tags": ["consultations"],
            "summary": "Nodig een organisatie uit; zij leest het hele gesprek.",
            "requestBody": request_body("ConsultationMemberCreate"),
            "responses": responses_for(
                "201",
                "Consultation",
                "De consultatie met het nieuwe lid.",
                "BadRequest",
                "Unauthorized",
                "NotFound",
                "Conflict",
                "UnsupportedMediaType",
            ),
        },
    },
    "/consultations/{consultation_id}/close": {
        "parameters": [CONSULTATION_ID],
        "post": {
            "operationId": "closeConsultation",
            "tags": ["consultations"],
            "summary": "Sluit de consultatie (vragende organisatie of gevraagde partner).",
            "responses": responses_for(
                "200",
                "Consultation",
                "De gesloten consultatie.",
                "Unauthorized",
                "Forbidden",
                "NotFound",
                "Conflict",
            ),
        },
    },
    "/consultations/{consultation_id}/convert": {
        "parameters": [CONSULTATION_ID],
        "post": {
            "operationId": "convertConsultation",
            "tags": ["consultations"],
            "summary": "Zet om naar een casus; alle berichten gaan op volgorde mee naar de"
            " chronologie.",
            "requestBody": request_body("ConsultationConvert"),
            "responses": responses_for(
                "201", "ConsultationConverted", "De nieuwe casus.", *WRITE_ERRORS
            ),
        },
    },
}
