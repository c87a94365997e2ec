"""The document's notes and notifications."""

from __future__ import annotations

from typing import Any

from ...notes.models import CATEGORIES as NOTE_CATEGORIES
from ...notes.models import SCOPES as NOTE_SCOPES
from ...notifications.models import KINDS as NOTIFICATION_KINDS
from ..schemas import components
from ..schemas.fields import DATETIME, ID, TEXT, enum, nullable
from ..schemas.notes import NoteCreate, NotificationsRead
from .common import (
    CASE_ID,
    PAGING,
    json_content,
    page_of,
    query_parameter,
    request_body,
    responses_for,
)

SCHEMAS: dict[str, Any] = {
    "Note": {
        "type": "object",
        "properties": {
            "id": ID,
            "case_id": ID,
            "author_id": ID,
            "author_name": TEXT,
            "org_id": ID,
            "org_name": TEXT,
            "scope": enum(NOTE_SCOPES),
            "category": nullable(enum(NOTE_CATEGORIES)),
            "body": {
                "type": ["string", "null"],
                "description": "Markdown; null bij een medische notitie voor wie niet de"
                " schrijvende GGD is.",
            },
            "html": {"type": ["string", "null"], "description": "Veilig gemaakte HTML."},
            "summary": {"type": ["string", "null"], "description": "Samenvatting (medisch)."},
            "redacted": {"type": "boolean"},
            "created_at": DATETIME,
            "client_id": TEXT,
            "corrects_id": nullable(ID),
        },
    },
    **components(NoteCreate, NotificationsRead),
    "NoteList": page_of("Note"),
    "Notification": {
        "type": "object",
        "properties": {
            "id": ID,
            "kind": enum(NOTIFICATION_KINDS),
            "label": TEXT,
            "text": TEXT,
            "case_id": nullable(ID),
            "note_id": nullable(ID),
            "agreement_id": nullable(ID),
            "created_at": DATETIME,
            "read_at": nullable(DATETIME),
        },
    },
    "NotificationList": {
        **page_of("Notification"),
        "properties": {**page_of("Notification")["properties"], "unread": {"type": "integer"}},
    },
    "NotificationsMarked": {
        "type": "object",
        "properties": {"marked": {"type": "integer"}, "unread": {"type": "integer"}},
    },
}

PATHS: dict[str, Any] = {
    "/cases/{case_id}/notes": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "listNotes",
            "tags": ["notes"],
            "summary": "De notities die u mag lezen, oplopend op id.",
            "parameters": [
                query_parameter(
                    "after_id",
                    {"type": "integer", "minimum": 0},
                    "Alleen notities met een hoger id (bijpraten).",
                )
            ]
            + PAGING,
            "responses": responses_for(
                "200", "NoteList", "Eén pagina notities.", "BadRequest", "Unauthorized", "NotFound"
            ),
        },
        "post": {
            "operationId": "createNote",
            "tags": ["notes"],
            "summary": "Notitie plaatsen; dezelfde client_id nogmaals geeft 200 en de"
            " bewaarde notitie.",
            "requestBody": request_body("NoteCreate"),
            "responses": {
                **responses_for(
                    "201",
                    "Note",
                    "De nieuwe notitie.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "Conflict",
                ),
                "200": json_content("Note", "Al bewaard met deze client_id."),
            },
        },
    },
    "/notifications": {
        "get": {
            "operationId": "listNotifications",
            "tags": ["notifications"],
            "summary": "Uw berichten, nieuwste eerst.",
            "parameters": [query_parameter("unread", {"type": "boolean"}, "Alleen ongelezen.")]
            + PAGING,
            "responses": responses_for(
                "200", "NotificationList", "Eén pagina berichten.", "BadRequest", "Unauthorized"
            ),
        }
    },
    "/notifications/read": {
        "post": {
            "operationId": "markNotificationsRead",
            "tags": ["notifications"],
            "summary": "Berichten als gelezen markeren: {ids: [...]} of {all: true}.",
            "requestBody": request_body("NotificationsRead"),
            "responses": responses_for(
                "200", "NotificationsMarked", "Gemarkeerd.", "BadRequest", "Unauthorized"
            ),
        }
    },
}
