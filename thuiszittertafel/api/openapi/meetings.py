"""The document's meetings."""

from __future__ import annotations

from typing import Any

from ..schemas import components, meetings
from ..schemas.fields import ID
from .common import PAGING, WRITE_ERRORS, json_content, query_parameter, request_body, responses_for

MEETING_ID = {"name": "meeting_id", "in": "path", "required": True, "schema": ID}
ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": ID}
SCHEMAS: dict[str, Any] = {
    **components(meetings.AgendaItem, meetings.Meeting, meetings.MeetingList),
    **components(meetings.MeetingSuggestions),
    **components(*meetings.BODIES),
    **components(meetings.Decision),
}


PATHS: dict[str, Any] = {
    "/meetings": {
        "get": {
            "operationId": "listMeetings",
            "tags": ["meetings"],
            "summary": "De overleggen die u voorzit of bijwoont.",
            "parameters": PAGING,
            "responses": responses_for(
                "200", "MeetingList", "Eén pagina overleggen.", "BadRequest", "Unauthorized"
            ),
        },
        "post": {
            "operationId": "createMeeting",
            "tags": ["meetings"],
            "summary": "Plan een overleg (of een reeks); u bent voorzitter (coördinatoren).",
            "requestBody": request_body("MeetingCreate"),
            "responses": responses_for(
                "201",
                "Meeting",
                "Het (eerste) overleg.",
                "BadRequest",
                "Unauthorized",
                "Forbidden",
                "UnsupportedMediaType",
            ),
        },
    },
    "/meetings/suggestions": {
        "get": {
            "operationId": "listMeetingSuggestions",
            "tags": ["meetings"],
            "summary": "Casussen die een tafel nodig hebben, uit de casussen die u mag inzien,"
            " met de redenen.",
            "parameters": [query_parameter("meeting_id", ID, "Laat casussen op deze agenda weg.")],
            "responses": responses_for(
                "200",
                "MeetingSuggestions",
                "Voorstellen.",
                "BadRequest",
                "Unauthorized",
                "NotFound",
            ),
        }
    },
    "/meetings/{meeting_id}": {
        "parameters": [MEETING_ID],
        "get": {
            "operationId": "getMeeting",
            "tags": ["meetings"],
            "summary": "Eén overleg.",
            "responses": responses_for(
                "200", "Meeting", "Het overleg.", "Unauthorized", "NotFound"
            ),
        },
    },
    "/meetings/{meeting_id}/agenda": {
        "parameters": [MEETING_ID],
        "post": {
            "operationId": "addAgendaItem",
            "tags": ["meetings"],
            "summary": "Zet een casus op de agenda (voorzitter).",
            "requestBody": request_body("AgendaItemCreate"),
            "responses": responses_for("201", "AgendaItem", "Het agendapunt.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/agenda/order": {
        "parameters": [MEETING_ID],
        "post": {
            "operationId": "orderAgenda",
            "tags": ["meetings"],
            "summary": "Nieuwe volgorde van alle agendapunten.",
            "requestBody": request_body("AgendaOrder"),
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}": {
        "parameters": [MEETING_ID, ITEM_ID],
        "delete": {
            "operationId": "removeAgendaItem",
            "tags": ["meetings"],
            "summary": "Haal een punt van de agenda (niet na een besluit).",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/publish": {
        "parameters": [MEETING_ID],
        "post": {
            "operationId": "publishMeeting",
            "tags": ["meetings"],
            "summary": "Publiceer de agenda: deelnemers zien dan wat het overleg nodig heeft.",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}/open": {
        "parameters": [MEETING_ID, ITEM_ID],
        "post": {
            "operationId": "openAgendaItem",
            "tags": ["meetings"],
            "summary": "De voorzitter gaat naar dit punt; alle schermen volgen.",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}/notes": {
        "parameters": [MEETING_ID, ITEM_ID],
        "post": {
            "operationId": "createMeetingNote",
            "tags": ["meetings"],
            "summary": "Notitie tijdens dit punt (alle deelnemers lezen hem; bereik betrokkenen).",
            "requestBody": request_body("MeetingNoteCreate"),
            "responses": {
                **responses_for("201", "Note", "De notitie.", *WRITE_ERRORS),
                "200": json_content("Note", "Al bewaard met deze client_id."),
            },
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}/decisions": {
        "parameters": [MEETING_ID, ITEM_ID],
        "post": {
            "operationId": "createDecision",
            "tags": ["meetings"],
            "summary": "Besluit met afspraken (eigenaar en termijn) en eventueel een"
            " fasewissel: alles of niets.",
            "requestBody": request_body("DecisionCreate"),
            "responses": {
                **responses_for("201", "Decision", "Het besluit.", *WRITE_ERRORS),
                "200": json_content("Decision", "Al vastgelegd met deze client_id."),
            },
        },
    },
    "/meetings/{meeting_id}/attendees": {
        "parameters": [MEETING_ID],
        "post": {
            "operationId": "addMeetingAttendees",
            "tags": ["meetings"],
            "summary": "Nodig meer mensen uit tot het verslag definitief is; na publicatie"
            " krijgen ze bericht en toegang zoals de andere deelnemers.",
            "requestBody": request_body("MeetingAttendeesAdd"),
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/attendees/{user_id}": {
        "parameters": [
            MEETING_ID,
            {"name": "user_id", "in": "path", "required": True, "schema": ID},
        ],
        "delete": {
            "operationId": "removeMeetingAttendee",
            "tags": ["meetings"],
            "summary": "Niet meer uitgenodigd: de toegang via dit overleg vervalt meteen.",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/presence": {
        "parameters": [MEETING_ID],
        "put": {
            "operationId": "setMeetingPresence",
            "tags": ["meetings"],
            "summary": "Wie van voorzitter en deelnemers aanwezig is (staat in het verslag,"
            " per organisatie).",
            "requestBody": request_body("MeetingPresence"),
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/next": {
        "parameters": [MEETING_ID],
        "post": {
            "operationId": "nextAgendaItem",
            "tags": ["meetings"],
            "summary": "Volgende punt: het eerste punt na het huidige dat niet als niet"
            " besproken staat.",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}/not-discussed": {
        "parameters": [MEETING_ID, ITEM_ID],
        "post": {
            "operationId": "markAgendaItemNotDiscussed",
            "tags": ["meetings"],
            "summary": "Niet besproken, met reden; bij het definitief maken gaat het punt"
            " naar het volgende overleg van de reeks.",
            "requestBody": request_body("AgendaItemNotDiscussed"),
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
        "delete": {
            "operationId": "markAgendaItemDiscussed",
            "tags": ["meetings"],
            "summary": "Toch bespreken: 'niet besproken' ongedaan maken.",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/finalize": {
        "parameters": [MEETING_ID],
        "post": {
            "operationId": "finalizeMeeting",
            "tags": ["meetings"],
            "summary": "Maak het verslag definitief: per casus een notitie in de chronologie;"
            " niet besproken punten gaan naar het volgende overleg van de reeks; toegang"
            " via het overleg vervalt. Voor het begin van het overleg of een tweede keer:"
            " 409.",
            "responses": responses_for("200", "Meeting", "Het overleg.", *WRITE_ERRORS),
        },
    },
    "/meetings/{meeting_id}/minutes.pdf": {
        "parameters": [MEETING_ID],
        "get": {
            "operationId": "getMeetingMinutesPdf",
            "tags": ["meetings"],
            "summary": "Het definitieve verslag als PDF (alleen initialen).",
            "responses": {
                **responses_for("200", "Meeting", "", "Unauthorized", "NotFound", "Conflict"),
                "200": {
                    "description": "PDF.",
                    "content": {
                        "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
            },
        },
    },
}
