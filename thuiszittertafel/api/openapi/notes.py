"""The document's notes and notifications."""

from __future__ import annotations

from typing import Any

from ..schemas import components
from ..schemas.notes import (
    Note,
    NoteCreate,
    NoteList,
    Notification,
    NotificationList,
    NotificationsMarked,
    NotificationsRead,
)
from .common import CASE_ID, PAGING, json_content, query_parameter, request_body, responses_for

SCHEMAS: dict[str, Any] = {
    **components(Note, NoteCreate, NotificationsRead, NoteList),
    **components(Notification, NotificationList, NotificationsMarked),
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
