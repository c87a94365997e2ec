"""What the document's parts share: answers, bodies, paths' parameters, paging."""

from __future__ import annotations

from typing import Any

from ...cases.filters import MAX_PER_PAGE
from ..schemas.fields import ID, ref


def json_content(schema: str, description: str) -> dict[str, Any]:
    """An answer with a JSON body of the component `schema`."""
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def error_response(description: str) -> dict[str, Any]:
    """An answer with the JSON error shape."""
    return json_content("Error", description)


RESPONSES = {
    "BadRequest": error_response("Ongeldige invoer; `fields` noemt per veld wat er mis is."),
    "Unauthorized": error_response("Geen, een ongeldig of een verlopen token."),
    "Forbidden": error_response("U ziet de casus, maar mag dit niet doen."),
    "NotFound": error_response("Bestaat niet, of u heeft geen toegang (hetzelfde antwoord)."),
    "Conflict": error_response(
        "Kan niet in deze toestand (bijvoorbeeld: casus gesloten, of er loopt"
        " al een casus voor deze leerling), of iemand anders wijzigde het intussen"
        " (`gewijzigd`: If-Match noemt een oudere versie, of een gelijktijdige wijziging"
        " was eerder; `changed` zegt wat, door wie en wanneer, `current_version` en de ETag"
        " geven de versie nu)."
    ),
    "UnsupportedMediaType": error_response("De body is geen JSON."),
    "TooLarge": error_response("Het verzoek is groter dan 2 MB."),
    "TooManyRequests": error_response("Te veel mislukte pogingen; probeer het later opnieuw."),
    "KeyReused": error_response(
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek (andere body of ander"
        " adres); er is niets aangemaakt."
    ),
    # Refused by the web server (gunicorn: a request line over 4094 bytes) before the app
    # reads it, so the body is the server's own short HTML page, not our JSON error.
    "UriTooLong": {
        "description": "De URL (met de queryparameters) is langer dan 4094 tekens; de"
        " webserver weigert hem voordat de applicatie hem leest (geen JSON).",
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
}


# What a write to a case's record can meet.
WRITE_ERRORS = (
    "BadRequest",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "UnsupportedMediaType",
)


def responses_for(ok: str, schema: str, description: str, *errors: str) -> dict[str, Any]:
    """The answers of an operation: its success, and the shared error answers it can give."""
    out: dict[str, Any] = {ok: json_content(schema, description)}
    codes = {
        "BadRequest": "400",
        "Unauthorized": "401",
        "Forbidden": "403",
        "NotFound": "404",
        "Conflict": "409",
        "UnsupportedMediaType": "415",
        "TooLarge": "413",
        "TooManyRequests": "429",
    }
    for name in errors:
        out[codes[name]] = {"$ref": f"#/components/responses/{name}"}
    return out


def request_body(schema: str) -> dict[str, Any]:
    """A required JSON body of the component `schema`."""
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


CASE_ID = {"name": "case_id", "in": "path", "required": True, "schema": ID}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "example": '"3"'},
    "description": "De ETag (versie) die u las; is het intussen gewijzigd, dan 409 en"
    " verandert er niets.",
}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[ -~]+$"},
    "description": "Een sleutel die u zelf kiest (bijvoorbeeld een UUID), 24 uur geldig."
    " Hetzelfde verzoek nog eens met dezelfde sleutel maakt niets nieuws aan: het antwoord is"
    " dat van de eerste keer (status, body en Location, met de kop Idempotent-Replayed:"
    " true). Dezelfde sleutel met een ander verzoek: 422. Loopt het eerste verzoek nog: 409."
    " Een lege, te lange of onleesbare sleutel: 400. Mag u de casus van het eerste antwoord"
    " niet meer (volledig) inzien, dan 404 zoals voor elke verborgen casus.",
}
# The creates that take an Idempotency-Key (api/once.py, `@idempotent`); a test checks
# this list against the decorated endpoints.
# The meeting's changes that take If-Match (the ETag of GET /meetings/{id}): a stale one is
# 409 with what changed since, and nothing is done.
MEETING_IF_MATCH = frozenset(
    {
        "addAgendaItem",
        "orderAgenda",
        "removeAgendaItem",
        "publishMeeting",
        "nextAgendaItem",
        "markAgendaItemNotDiscussed",
        "markAgendaItemDiscussed",
        "finalizeMeeting",
    }
)

IDEMPOTENT_OPERATIONS = frozenset(
    {
        "createCase",
        "createNote",
        "createAgreement",
        "createExemption",
        "createAbsenceReport",
        "createEnforcementStep",
        "addParticipation",
        "recordConsent",
        "addParty",
        "createConsultation",
        "createMeeting",
        "addAgendaItem",
        "addMeetingAttendees",
        "addConsultationMember",
        "updateCase",
        "createUser",
    }
)


def query_parameter(name: str, schema: dict, description: str) -> dict[str, Any]:
    """An optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGING = [
    query_parameter("page", {**ID, "default": 1}, "Pagina, vanaf 1."),
    query_parameter("per_page", {**ID, "maximum": MAX_PER_PAGE}, "Aantal per pagina."),
]
