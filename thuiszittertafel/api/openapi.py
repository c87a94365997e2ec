"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json.

The request schemas double as the list of accepted fields (see routes.create_case), so
what is documented is what is accepted.
"""

from __future__ import annotations

from typing import Any

from ..auth.models import Role
from ..cases.filters import MAX_PER_PAGE, SORTS, STATUSES
from ..cases.vocabulary import (
    ABSENCE_REASONS,
    ABSENCE_REPORT_TYPES,
    CASE_KINDS,
    CASE_STATUSES,
    EDUCATION_TYPES,
    ENFORCEMENT_STEPS,
    EXEMPTION_ARTICLES,
    EXEMPTION_DECISIONS,
    OUTCOMES,
    PV_TYPES,
)
from ..cases.vocabulary import CONSENT_BASES as CONSENT_BASES_ALL
from ..core.policy import ACCESS_REASONS
from ..notes.models import CATEGORIES as NOTE_CATEGORIES
from ..notes.models import SCOPES as NOTE_SCOPES
from ..notifications.models import KINDS as NOTIFICATION_KINDS
from ..organisations.models import OrgKind
from .schemas import components, schema_of
from .schemas.cases import CaseCreate, CaseUpdate

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], None]
    return nullable


def _enum(values, description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": list(values)}
    return {**schema, "description": description} if description else schema


ID = {"type": "integer", "minimum": 1}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}
VERSION = {
    "type": "integer",
    "minimum": 1,
    "description": "Verhoogd bij elke wijziging; stuur hem terug als If-Match (ook de ETag).",
}
INPUT_ID = {"type": ["integer", "string"], "description": "Nummer; tekst met cijfers mag ook."}
INPUT_DATE = {"type": "string", "description": "Datum als jjjj-mm-dd of dd-mm-jjjj."}

CASE_CREATE = schema_of(CaseCreate)  # the consultation conversion extends it
CASE_CREATE_FIELDS = tuple(CaseCreate.model_fields)

_FILTER_PARAMETERS = [
    ("kind", _enum(CASE_KINDS), "Soort casus."),
    ("phase", ID, "Fase van het opschalingsmodel."),
    ("lead_org_id", ID, "Organisatie met de regie."),
    ("municipality", TEXT, "Woongemeente (officiële naam, hoofdletters maken niet uit)."),
    ("school_org_id", ID, "School."),
    ("mine", {"type": "boolean"}, "Alleen casussen waarvan ik regisseur of contactpersoon ben."),
    ("overdue", {"type": "boolean"}, "Alleen open casussen met een verlopen fasetermijn."),
    (
        "thuiszitter",
        {"type": "boolean"},
        "Alleen thuiszitters volgens de landelijke definitie, vandaag: absoluut verzuim, of"
        " 4 weken of langer relatief verzuim; leer- of kwalificatieplichtig en zonder"
        " vrijstelling.",
    ),
    ("status", {**_enum(STATUSES), "default": "all"}, "Open, gesloten of alle."),
    (
        "q",
        {**TEXT, "maxLength": 100},
        "Zoek op naam van de leerling (alleen waar u de naam mag zien).",
    ),
    (
        "sort",
        {**_enum(SORTS), "default": "id"},
        "Sortering: " + "; ".join(f"{k} = {v}" for k, v in SORTS.items()) + ".",
    ),
    ("page", {**ID, "default": 1}, "Pagina, vanaf 1."),
    (
        "after",
        ID,
        "Alleen met sort=id of sort=-id: de casussen na deze (de `next_after` van de vorige"
        " pagina), even snel op elke diepte; `page` telt dan niet.",
    ),
    (
        "per_page",
        {**ID, "maximum": MAX_PER_PAGE, "default": 25},
        f"Aantal per pagina, hoogstens {MAX_PER_PAGE}.",
    ),
]
CASE_FILTERS = tuple(name for name, _, _ in _FILTER_PARAMETERS)

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {**TEXT, "description": "Vaste code, bijvoorbeeld 'ongeldige-invoer'."},
            "message": {**TEXT, "description": "Uitleg in het Nederlands."},
            "fields": {
                "type": "object",
                "additionalProperties": TEXT,
                "description": "Bij ongeldige invoer: de melding per veld.",
            },
        },
    },
    "TokenRequest": {
        "type": "object",
        "required": ["username", "password"],
        "properties": {
            "username": TEXT,
            "password": TEXT,
            "totp": {
                **TEXT,
                "description": "Code uit de authenticator-app, als tweestapsverificatie aan staat.",
            },
        },
    },
    "Token": {
        "type": "object",
        "required": ["token", "expires_at"],
        "properties": {"token": TEXT, "expires_at": DATETIME},
    },
    "MeOrganisation": {
        "type": "object",
        "required": ["id", "name", "kind", "municipalities", "swv_org_id"],
        "properties": {
            "id": ID,
            "name": TEXT,
            "kind": _enum([k.value for k in OrgKind]),
            "municipalities": {"type": "array", "items": TEXT},
            "swv_org_id": {
                **_nullable(ID),
                "description": "Het SWV van een school; het eigen nummer van een SWV.",
            },
        },
    },
    "Me": {
        "type": "object",
        "required": ["id", "username", "name", "roles", "organisation", "calendar_url"],
        "properties": {
            "id": ID,
            "username": TEXT,
            "name": TEXT,
            "roles": {"type": "array", "items": _enum([r.value for r in Role])},
            "organisation": _ref("MeOrganisation"),
            "calendar_url": {
                **_nullable({"type": "string", "format": "uri"}),
                "description": "Het adres van de eigen agenda-feed (iCalendar: overleggen en"
                " termijnen van eigen afspraken, zonder namen of initialen van leerlingen),"
                " leesbaar zonder inloggen en in te trekken; null zonder feed.",
            },
        },
    },
    "Pupil": {
        "type": "object",
        "required": ["initials", "name", "birth_date", "municipality"],
        "properties": {
            "initials": TEXT,
            "name": {**_nullable(TEXT), "description": "null als u de naam niet mag zien."},
            "birth_date": {
                **_nullable(DATE),
                "description": "null bij toegang via een overleg (alleen de initialen).",
            },
            "municipality": {
                **_nullable(TEXT),
                "description": "Woongemeente (officiële naam); null bij toegang via een overleg.",
            },
        },
    },
    "Case": {
        "type": "object",
        "required": [
            "id",
            "pupil",
            "kind",
            "status",
            "absent_since",
            "days_absent",
            "phase",
            "escalated",
            "school_org_id",
            "swv_org_id",
            "lead_org_id",
            "lead_user_id",
            "participant_org_ids",
            "access",
        ],
        "properties": {
            "id": ID,
            "pupil": _ref("Pupil"),
            "kind": _enum(CASE_KINDS),
            "absence_authorised": {
                "type": "boolean",
                "description": "Geoorloofd afwezig: geen verzuim.",
            },
            "absence_reason": {"type": ["string", "null"], "enum": [*ABSENCE_REASONS, None]},
            "thuiszitter": {
                "type": "boolean",
                "description": "Thuiszitter volgens de landelijke definitie, vandaag.",
            },
            "reduced_timetable": {
                "oneOf": [{"type": "null"}, _ref("ReducedTimetable")],
                "description": "Het verkort rooster van een casus 'dreigend', of null.",
            },
            "regie_proposal": {
                "oneOf": [{"type": "null"}, _ref("RegieProposal")],
                "description": "Open regievoorstel: de regie blijft bij lead_org_id tot de"
                " voorgestelde organisatie akkoord geeft.",
            },
            "status": _enum(CASE_STATUSES),
            "education_type": _enum(EDUCATION_TYPES),
            "absent_since": DATE,
            "days_absent": {"type": "integer", "minimum": 0},
            "phase": ID,
            "phase_due_on": _nullable(DATE),
            "escalated": {"type": "boolean"},
            "school_org_id": _nullable(ID),
            "swv_org_id": _nullable(ID),
            "lead_org_id": _nullable(ID),
            "lead_user_id": _nullable(ID),
            "participant_org_ids": {
                "type": "array",
                "items": ID,
                "description": "Actief betrokken organisaties, oplopend.",
            },
            "summary": {**_nullable(TEXT), "description": "null als u de naam niet mag zien."},
            "opened_at": DATETIME,
            "closed_at": _nullable(DATETIME),
            "outcome": {"type": ["string", "null"], "enum": [*OUTCOMES, None]},
            "education_resumed_on": _nullable(DATE),
            "access": _enum(ACCESS_REASONS, "Waarom u deze casus ziet."),
            "version": VERSION,
        },
    },
    "CaseList": {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": _ref("Case")},
            "total": {"type": "integer", "minimum": 0},
            "page": ID,
            "per_page": {**ID, "maximum": MAX_PER_PAGE},
            "next_after": {
                **_nullable(ID),
                "description": "Bij sort=id of sort=-id: `after` voor de volgende pagina;"
                " null op de laatste.",
            },
        },
    },
    **components(CaseCreate, CaseUpdate),
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _error(description: str) -> dict[str, Any]:
    return _json("Error", description)


RESPONSES = {
    "BadRequest": _error("Ongeldige invoer; `fields` noemt per veld wat er mis is."),
    "Unauthorized": _error("Geen, een ongeldig of een verlopen token."),
    "Forbidden": _error("U ziet de casus, maar mag dit niet doen."),
    "NotFound": _error("Bestaat niet, of u heeft geen toegang (hetzelfde antwoord)."),
    "Conflict": _error(
        "Kan niet in deze toestand (bijvoorbeeld: casus gesloten, of er loopt"
        " al een casus voor deze leerling), of iemand anders wijzigde het intussen"
        " (`gewijzigd`: If-Match noemt een oudere versie, of een gelijktijdige wijziging"
        " was eerder)."
    ),
    "UnsupportedMediaType": _error("De body is geen JSON."),
    "TooLarge": _error("Het verzoek is groter dan 2 MB."),
    "TooManyRequests": _error("Te veel mislukte pogingen; probeer het later opnieuw."),
    "KeyReused": _error(
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


def _responses(ok: str, schema: str, description: str, *errors: str) -> dict[str, Any]:
    out: dict[str, Any] = {ok: _json(schema, description)}
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


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


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
        "createUser",
    }
)

PATHS: dict[str, Any] = {
    "/tokens": {
        "post": {
            "operationId": "createToken",
            "tags": ["auth"],
            "security": [],
            "summary": "Vraag een token aan met gebruikersnaam en wachtwoord.",
            "requestBody": _body("TokenRequest"),
            "responses": _responses(
                "201",
                "Token",
                "Het token en wanneer het verloopt.",
                "BadRequest",
                "Unauthorized",
                "UnsupportedMediaType",
                "TooManyRequests",
            ),
        }
    },
    "/me": {
        "get": {
            "operationId": "getMe",
            "tags": ["auth"],
            "summary": "Wie ben ik: gebruiker, rollen en organisatie.",
            "responses": _responses("200", "Me", "De ingelogde gebruiker.", "Unauthorized"),
        }
    },
    "/cases": {
        "get": {
            "operationId": "listCases",
            "tags": ["cases"],
            "summary": "Alle casussen die u mag zien, open en gesloten, zonder standaardfilter.",
            "parameters": [
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "schema": schema,
                    "description": description,
                }
                for name, schema, description in _FILTER_PARAMETERS
            ],
            "responses": _responses(
                "200", "CaseList", "Eén pagina casussen.", "BadRequest", "Unauthorized"
            ),
        },
        "post": {
            "operationId": "createCase",
            "tags": ["cases"],
            "summary": "Open een casus (intake); uw organisatie wordt betrokken.",
            "requestBody": _body("CaseCreate"),
            "responses": {
                **_responses(
                    "201",
                    "Case",
                    "De nieuwe casus.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "Conflict",
                    "UnsupportedMediaType",
                ),
                "202": {
                    "description": "Er is al een open casus die u niet mag zien: uw melding is"
                    " doorgestuurd naar leerplicht; het antwoord zegt niets over de leerling."
                    " (409 met case_id alleen als u die casus wel mag zien.)",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["forwarded", "message"],
                                "properties": {
                                    "forwarded": {"type": "boolean"},
                                    "message": {"type": "string"},
                                },
                            }
                        }
                    },
                },
            },
        },
    },
    "/cases/{case_id}": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "getCase",
            "tags": ["cases"],
            "summary": "Eén casus.",
            "responses": _responses("200", "Case", "De casus.", "Unauthorized", "NotFound"),
        },
        "patch": {
            "operationId": "updateCase",
            "tags": ["cases"],
            "summary": "Wijzig soort, eerste dag zonder onderwijs, aanleiding, fase of regie.",
            "parameters": [IF_MATCH],
            "requestBody": _body("CaseUpdate"),
            "responses": _responses(
                "200",
                "Case",
                "De bijgewerkte casus.",
                "BadRequest",
                "Unauthorized",
                "Forbidden",
                "NotFound",
                "Conflict",
                "UnsupportedMediaType",
            ),
        },
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "tags": ["meta"],
            "security": [],
            "summary": "Dit document.",
            "responses": {
                "200": {
                    "description": "Het OpenAPI-document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}


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
            if operation["operationId"] in IDEMPOTENT_OPERATIONS:
                common += ["400", "404", "409", "422"]
                extra["parameters"] = [*operation.get("parameters", []), IDEMPOTENCY_KEY]
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


# --- notes and notifications ---------------------------------------------------------


def _page_of(schema: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": _ref(schema)},
            "total": {"type": "integer", "minimum": 0},
            "page": ID,
            "per_page": {**ID, "maximum": MAX_PER_PAGE},
        },
    }


def _query(name: str, schema: dict, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGING = [
    _query("page", {**ID, "default": 1}, "Pagina, vanaf 1."),
    _query("per_page", {**ID, "maximum": MAX_PER_PAGE}, "Aantal per pagina."),
]

SCHEMAS.update(
    {
        "Note": {
            "type": "object",
            "properties": {
                "id": ID,
                "case_id": ID,
                "author_id": ID,
                "author_name": TEXT,
                "org_id": ID,
                "org_name": TEXT,
                "scope": _enum(NOTE_SCOPES),
                "category": _nullable(_enum(NOTE_CATEGORIES)),
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
                "corrects_id": _nullable(ID),
            },
        },
        "NoteCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["body"],
            "properties": {
                "body": {**TEXT, "maxLength": 20000},
                "scope": {**_enum(NOTE_SCOPES), "default": "betrokkenen"},
                "client_id": {
                    **TEXT,
                    "maxLength": 64,
                    "description": "Zelf gekozen; herhalen geeft de bewaarde notitie.",
                },
                "category": _enum(NOTE_CATEGORIES),
                "corrects_id": INPUT_ID,
                "summary": {
                    **TEXT,
                    "maxLength": 300,
                    "description": "Verplicht bij scope medisch.",
                },
            },
        },
        "NoteList": _page_of("Note"),
        "Notification": {
            "type": "object",
            "properties": {
                "id": ID,
                "kind": _enum(NOTIFICATION_KINDS),
                "label": TEXT,
                "text": TEXT,
                "case_id": _nullable(ID),
                "note_id": _nullable(ID),
                "agreement_id": _nullable(ID),
                "created_at": DATETIME,
                "read_at": _nullable(DATETIME),
            },
        },
        "NotificationList": {
            **_page_of("Notification"),
            "properties": {**_page_of("Notification")["properties"], "unread": {"type": "integer"}},
        },
        "NotificationsRead": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"ids": {"type": "array", "items": ID}, "all": {"type": "boolean"}},
        },
        "NotificationsMarked": {
            "type": "object",
            "properties": {"marked": {"type": "integer"}, "unread": {"type": "integer"}},
        },
    }
)

PATHS.update(
    {
        "/cases/{case_id}/notes": {
            "parameters": [CASE_ID],
            "get": {
                "operationId": "listNotes",
                "tags": ["notes"],
                "summary": "De notities die u mag lezen, oplopend op id.",
                "parameters": [
                    _query(
                        "after_id",
                        {"type": "integer", "minimum": 0},
                        "Alleen notities met een hoger id (bijpraten).",
                    )
                ]
                + PAGING,
                "responses": _responses(
                    "200",
                    "NoteList",
                    "Eén pagina notities.",
                    "BadRequest",
                    "Unauthorized",
                    "NotFound",
                ),
            },
            "post": {
                "operationId": "createNote",
                "tags": ["notes"],
                "summary": "Notitie plaatsen; dezelfde client_id nogmaals geeft 200 en de"
                " bewaarde notitie.",
                "requestBody": _body("NoteCreate"),
                "responses": {
                    **_responses(
                        "201",
                        "Note",
                        "De nieuwe notitie.",
                        "BadRequest",
                        "Unauthorized",
                        "Forbidden",
                        "NotFound",
                        "Conflict",
                    ),
                    "200": _json("Note", "Al bewaard met deze client_id."),
                },
            },
        },
        "/notifications": {
            "get": {
                "operationId": "listNotifications",
                "tags": ["notifications"],
                "summary": "Uw berichten, nieuwste eerst.",
                "parameters": [_query("unread", {"type": "boolean"}, "Alleen ongelezen.")] + PAGING,
                "responses": _responses(
                    "200", "NotificationList", "Eén pagina berichten.", "BadRequest", "Unauthorized"
                ),
            }
        },
        "/notifications/read": {
            "post": {
                "operationId": "markNotificationsRead",
                "tags": ["notifications"],
                "summary": "Berichten als gelezen markeren: {ids: [...]} of {all: true}.",
                "requestBody": _body("NotificationsRead"),
                "responses": _responses(
                    "200", "NotificationsMarked", "Gemarkeerd.", "BadRequest", "Unauthorized"
                ),
            }
        },
    }
)


# --- agreements ----------------------------------------------------------------------

_RECURRENCE = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "required": ["every", "unit"],
    "description": "Herhaling als regel, bijvoorbeeld elke 4 weken; elke keer wordt"
    " apart bijgehouden.",
    "properties": {
        "every": {"type": "integer", "minimum": 1},
        "unit": _enum(["days", "weeks", "months"]),
    },
}
_MOMENT = {
    "type": "string",
    "description": "Datum (jjjj-mm-dd of dd-mm-jjjj: dan 17:00 lokale"
    " tijd) of ISO-8601 datum-tijd (zonder zone:"
    " Europe/Amsterdam).",
}
AGREEMENT_ID = {"name": "agreement_id", "in": "path", "required": True, "schema": ID}

SCHEMAS.update(
    {
        "Agreement": {
            "type": "object",
            "required": [
                "id",
                "case_id",
                "description",
                "owner_org_id",
                "owner_user_id",
                "due_at",
                "recurrence",
                "status",
                "paused_until",
            ],
            "properties": {
                "id": ID,
                "case_id": ID,
                "description": TEXT,
                "owner_org_id": ID,
                "owner_user_id": _nullable(ID),
                "owner_party": {"type": ["string", "null"], "enum": ["ouders", "jongere", None]},
                "due_at": DATETIME,
                "recurrence": _RECURRENCE,
                "status": _enum(["open", "done", "cancelled"]),
                "paused_until": {
                    **_nullable(DATE),
                    "description": "Termijn gepauzeerd tot en met.",
                },
                "day_count": _enum(
                    ["school", "calendar"],
                    "Herinnering en opschaling tellen in schooldagen of kalenderdagen.",
                ),
                "occurrence": {"type": "integer", "minimum": 1, "description": "De lopende keer."},
                "result": _nullable(TEXT),
                "cancel_reason": _nullable(TEXT),
                "pause_reason": _nullable(TEXT),
                "meeting_id": _nullable(ID),
                "created_by_id": ID,
                "created_at": DATETIME,
                "version": VERSION,
            },
        },
        "AgreementList": _page_of("Agreement"),
        "AgreementCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["description", "owner_org_id"],
            "properties": {
                "description": {**TEXT, "maxLength": 500},
                "owner_org_id": {**INPUT_ID, "description": "Een betrokken organisatie."},
                "owner_user_id": {**INPUT_ID, "description": "Iemand van die organisatie."},
                "owner_party": {
                    **_enum(["ouders", "jongere"]),
                    "description": "De ouders of de jongere zijn eigenaar; de organisatie (en"
                    " persoon) hierboven controleert en krijgt de herinneringen.",
                },
                "due_at": {**_MOMENT, "description": "De termijn; " + _MOMENT["description"]},
                "due_in_school_days": {
                    **INPUT_ID,
                    "description": "In plaats van due_at: over zoveel schooldagen (17:00).",
                },
                "day_count": {**_enum(["school", "calendar"]), "default": "school"},
                "recurrence": _RECURRENCE,
                "recurrence_every": {**INPUT_ID, "description": "Als alternatief voor recurrence."},
                "recurrence_unit": _enum(["days", "weeks", "months"]),
                "meeting_id": INPUT_ID,
            },
        },
        "AgreementUpdate": {
            "type": "object",
            "additionalProperties": False,
            "description": '{"status": "done", "result"} (resultaat verplicht),'
            ' {"status": "cancelled", "reason"} (reden verplicht),'
            ' {"due_at", "reason"} (reden verplicht),'
            ' {"paused_until", "reason"}, of omschrijving/eigenaar.',
            "properties": {
                "status": _enum(["done", "cancelled"]),
                "result": {**TEXT, "maxLength": 500},
                "reason": {**TEXT, "maxLength": 500},
                "due_at": _MOMENT,
                "paused_until": INPUT_DATE,
                "description": {**TEXT, "maxLength": 500},
                "owner_org_id": INPUT_ID,
                "owner_user_id": INPUT_ID,
            },
        },
    }
)

PATHS.update(
    {
        "/cases/{case_id}/agreements": {
            "parameters": [CASE_ID],
            "get": {
                "operationId": "listAgreements",
                "tags": ["agreements"],
                "summary": "De afspraken van een casus: open op termijn, dan afgerond.",
                "parameters": PAGING,
                "responses": _responses(
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
                "requestBody": _body("AgreementCreate"),
                "responses": _responses(
                    "201",
                    "Agreement",
                    "De nieuwe afspraak.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "Conflict",
                    "UnsupportedMediaType",
                ),
            },
        },
        "/agreements/{agreement_id}": {
            "parameters": [AGREEMENT_ID],
            "patch": {
                "operationId": "updateAgreement",
                "tags": ["agreements"],
                "summary": "Afronden, annuleren, termijn wijzigen of pauzeren (met reden).",
                "parameters": [IF_MATCH],
                "requestBody": _body("AgreementUpdate"),
                "responses": _responses(
                    "200",
                    "Agreement",
                    "De bijgewerkte afspraak.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "Conflict",
                    "UnsupportedMediaType",
                ),
            },
        },
    }
)


# --- leerplicht: vrijstellingen and verzuimmeldingen ------------------------------------

EXEMPTION_ID = {"name": "exemption_id", "in": "path", "required": True, "schema": ID}
_EXEMPTION_FIELDS = {
    "article": {
        **_enum(EXEMPTION_ARTICLES),
        "description": "; ".join(f"{k} = {v}" for k, v in EXEMPTION_ARTICLES.items()) + ".",
    },
    "requested_on": {**INPUT_DATE, "description": "Verzoek van de ouders ontvangen."},
    "advice_on": {**INPUT_DATE, "description": "Advies van de jeugdarts (nodig bij 5-a)."},
    "decided_on": {**INPUT_DATE, "description": "Datum van het besluit."},
    "decision": {
        **_enum(EXEMPTION_DECISIONS),
        "description": "Leeg: nog niet beslist. Toegekend of van rechtswege: telt vanaf starts_on.",
    },
    "starts_on": {**INPUT_DATE, "description": "Geldt vanaf (nodig bij toekenning)."},
    "ends_on": {
        **INPUT_DATE,
        "description": "Geldt tot en met; bij 5-b en 5-c uiterlijk het einde van het schooljaar.",
    },
    "note": {**TEXT, "maxLength": 500},
}
SCHEMAS.update(
    {
        "Exemption": {
            "type": "object",
            "required": ["id", "case_id", "article", "decision", "starts_on", "ends_on"],
            "properties": {
                "id": ID,
                "case_id": ID,
                "article": _enum(EXEMPTION_ARTICLES),
                "requested_on": _nullable(DATE),
                "advice_on": _nullable(DATE),
                "decided_on": _nullable(DATE),
                "decision": {"type": ["string", "null"], "enum": [*EXEMPTION_DECISIONS, None]},
                "starts_on": _nullable(DATE),
                "ends_on": _nullable(DATE),
                "note": _nullable(TEXT),
            },
        },
        "ExemptionList": _page_of("Exemption"),
        "ExemptionCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["article"],
            "properties": _EXEMPTION_FIELDS,
        },
        "ExemptionUpdate": {
            "type": "object",
            "additionalProperties": False,
            "description": "Alleen de velden die wijzigen; null maakt een veld leeg.",
            "properties": _EXEMPTION_FIELDS,
        },
        "AbsenceReport": {
            "type": "object",
            "required": ["id", "case_id", "reported_on", "type", "hours", "duo_reference"],
            "properties": {
                "id": ID,
                "case_id": ID,
                "reported_on": DATE,
                "type": _enum(ABSENCE_REPORT_TYPES),
                "hours": {"type": ["integer", "null"], "minimum": 0},
                "duo_reference": _nullable(TEXT),
                "reporter_org_id": ID,
                "recorded_at": DATETIME,
            },
        },
        "AbsenceReportList": _page_of("AbsenceReport"),
        "EnforcementStep": {
            "type": "object",
            "required": ["id", "case_id", "step", "pv_type", "taken_on", "note", "org_id"],
            "properties": {
                "id": ID,
                "case_id": ID,
                "step": _enum(ENFORCEMENT_STEPS),
                "pv_type": {"type": ["string", "null"], "enum": [*PV_TYPES, None]},
                "taken_on": DATE,
                "note": _nullable(TEXT),
                "org_id": ID,
                "recorded_at": DATETIME,
            },
        },
        "EnforcementStepList": _page_of("EnforcementStep"),
        "EnforcementStepCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["step"],
            "properties": {
                "step": _enum(ENFORCEMENT_STEPS),
                "pv_type": {
                    **_enum(PV_TYPES),
                    "description": "Verplicht bij een proces-verbaal, anders leeg.",
                },
                "taken_on": {**INPUT_DATE, "description": "Leeg: vandaag."},
                "note": {**TEXT, "maxLength": 500},
            },
        },
        "ReducedTimetable": {
            "type": "object",
            "required": ["hours", "starts_on", "ends_on", "informed_on"],
            "properties": {
                "hours": {"type": "integer", "minimum": 1, "maximum": 40},
                "starts_on": DATE,
                "ends_on": DATE,
                "informed_on": _nullable(DATE),
            },
        },
        "ReducedTimetableSet": {
            "type": "object",
            "additionalProperties": False,
            "required": ["hours", "starts_on", "ends_on"],
            "properties": {
                "hours": {**INPUT_ID, "description": "Uren per week, 1 tot en met 40."},
                "starts_on": INPUT_DATE,
                "ends_on": {**INPUT_DATE, "description": "Een verkort rooster is tijdelijk."},
                "informed_on": {**INPUT_DATE, "description": "Leerplicht geïnformeerd op."},
            },
        },
        "AbsenceReportCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type"],
            "properties": {
                "reported_on": {**INPUT_DATE, "description": "Leeg: vandaag."},
                "type": {
                    **_enum(ABSENCE_REPORT_TYPES),
                    "description": "; ".join(f"{k} = {v}" for k, v in ABSENCE_REPORT_TYPES.items())
                    + ".",
                },
                "hours": {
                    **INPUT_ID,
                    "description": "Uren ongeoorloofd verzuim; verplicht bij 'wettelijk'.",
                },
                "duo_reference": {**TEXT, "maxLength": 60},
            },
        },
    }
)
_LEERPLICHT_ERRORS = (
    "BadRequest",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "UnsupportedMediaType",
)
PATHS.update(
    {
        "/cases/{case_id}/exemptions": {
            "parameters": [CASE_ID],
            "get": {
                "operationId": "listExemptions",
                "tags": ["leerplicht"],
                "summary": "De vrijstellingen van een casus, met hun procedure.",
                "parameters": PAGING,
                "responses": _responses(
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
                "requestBody": _body("ExemptionCreate"),
                "responses": _responses(
                    "201", "Exemption", "De vastgelegde vrijstelling.", *_LEERPLICHT_ERRORS
                ),
            },
        },
        "/exemptions/{exemption_id}": {
            "parameters": [EXEMPTION_ID],
            "patch": {
                "operationId": "updateExemption",
                "tags": ["leerplicht"],
                "summary": "Een vrijstelling bijwerken: besluit, data (alleen leerplicht).",
                "requestBody": _body("ExemptionUpdate"),
                "responses": _responses(
                    "200", "Exemption", "De bijgewerkte vrijstelling.", *_LEERPLICHT_ERRORS
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
                "responses": _responses(
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
                "requestBody": _body("AbsenceReportCreate"),
                "responses": _responses(
                    "201", "AbsenceReport", "De vastgelegde melding.", *_LEERPLICHT_ERRORS
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
                "responses": _responses(
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
                "requestBody": _body("EnforcementStepCreate"),
                "responses": _responses(
                    "201", "EnforcementStep", "De vastgelegde stap.", *_LEERPLICHT_ERRORS
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
                "requestBody": _body("ReducedTimetableSet"),
                "responses": _responses("200", "Case", "De casus.", *_LEERPLICHT_ERRORS),
            },
            "delete": {
                "operationId": "endReducedTimetable",
                "tags": ["leerplicht"],
                "summary": "Het verkort rooster beëindigen: weer het volledige rooster.",
                "responses": _responses("200", "Case", "De casus.", *_LEERPLICHT_ERRORS),
            },
        },
    }
)


# --- responsibility: participations, consent, regie proposals, closing (DESIGN §3a) ---

PARTICIPATION_ID = {"name": "participation_id", "in": "path", "required": True, "schema": ID}
CONSENT_ID = {"name": "consent_id", "in": "path", "required": True, "schema": ID}
PROPOSAL_ID = {"name": "proposal_id", "in": "path", "required": True, "schema": ID}
_CONSENT_BASIS = {
    **_enum(CONSENT_BASES_ALL),
    "description": "Jonger dan 12: toestemming-ouders; 12 tot 16: toestemming-ouders-en-jongere;"
    " 16 en ouder: toestemming-jongere; of wettelijke-grondslag.",
}
SCHEMAS.update(
    {
        "RegieProposal": {
            "type": "object",
            "required": ["id", "org_id", "proposed_at", "status"],
            "properties": {
                "id": ID,
                "org_id": ID,
                "phase": {"type": ["integer", "null"]},
                "reason": TEXT,
                "proposed_by_id": ID,
                "proposed_at": DATETIME,
                "status": _enum(["open"]),
            },
        },
        "Participation": {
            "type": "object",
            "required": ["id", "case_id", "org_id", "started_on", "ended_on"],
            "properties": {
                "id": ID,
                "case_id": ID,
                "org_id": ID,
                "contact_user_id": _nullable(ID),
                "started_on": DATE,
                "ended_on": _nullable(DATE),
                "end_reason": _nullable(TEXT),
            },
        },
        "ParticipationCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["org_id"],
            "properties": {
                "org_id": INPUT_ID,
                "consent_basis": _CONSENT_BASIS,
                "consent_given_by": {**TEXT, "maxLength": 200},
                "contact_user_id": INPUT_ID,
                "reason": {**TEXT, "maxLength": 500},
            },
        },
        "ParticipationEnd": {
            "type": "object",
            "additionalProperties": False,
            "required": ["reason"],
            "properties": {"reason": {**TEXT, "maxLength": 300}},
        },
        "Consent": {
            "type": "object",
            "required": ["id", "case_id", "org_id", "basis", "given_on", "withdrawn_on"],
            "properties": {
                "id": ID,
                "case_id": ID,
                "org_id": ID,
                "basis": _enum(CONSENT_BASES_ALL),
                "given_on": DATE,
                "given_by": _nullable(TEXT),
                "withdrawn_on": _nullable(DATE),
                "withdrawn_reason": _nullable(TEXT),
            },
        },
        "ConsentCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["org_id", "basis"],
            "properties": {
                "org_id": INPUT_ID,
                "basis": _CONSENT_BASIS,
                "given_on": INPUT_DATE,
                "given_by": {
                    **TEXT,
                    "maxLength": 200,
                    "description": "Wie toestemming gaf; verplicht behalve bij een wettelijke"
                    " grondslag.",
                },
                "note": {**TEXT, "maxLength": 500},
            },
        },
        "ConsentWithdraw": {
            "type": "object",
            "additionalProperties": False,
            "required": ["reason"],
            "properties": {"withdrawn_on": INPUT_DATE, "reason": {**TEXT, "maxLength": 500}},
        },
        "RegieAccept": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "lead_user_id": {**INPUT_ID, "description": "Casusregisseur; standaard uzelf."},
                "consent_basis": _CONSENT_BASIS,
                "consent_given_by": {**TEXT, "maxLength": 200},
            },
        },
        "RegieDecline": {
            "type": "object",
            "additionalProperties": False,
            "required": ["reason"],
            "properties": {"reason": {**TEXT, "maxLength": 500}},
        },
        "Party": {
            "type": "object",
            "required": ["id", "case_id", "role", "name"],
            "properties": {
                "id": ID,
                "case_id": ID,
                "role": _enum(["ouder", "verzorger", "jongere"]),
                "name": TEXT,
                "contact": _nullable(TEXT),
                "note": _nullable(TEXT),
                "ended_on": _nullable(DATE),
            },
        },
        "PartyList": _page_of("Party"),
        "PartyCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["role", "name"],
            "properties": {
                "role": _enum(["ouder", "verzorger", "jongere"]),
                "name": {**TEXT, "maxLength": 200},
                "contact": {**TEXT, "maxLength": 200, "description": "Telefoon of e-mail."},
                "note": {**TEXT, "maxLength": 500},
            },
        },
        "CaseClose": {
            "type": "object",
            "additionalProperties": False,
            "required": ["outcome"],
            "properties": {
                "outcome": _enum(OUTCOMES),
                "resumed_on": {**INPUT_DATE, "description": "Onderwijs hervat op."},
                "agreements": {
                    "type": "object",
                    "description": "Per open afspraak (id als sleutel): {status: done, result}"
                    " of {status: cancelled, reason}. Elke open afspraak, anders 409.",
                    "additionalProperties": {
                        "type": "object",
                        "properties": {
                            "status": _enum(["done", "cancelled"]),
                            "result": TEXT,
                            "reason": TEXT,
                        },
                    },
                },
            },
        },
    }
)
_ACT_ERRORS = (
    "BadRequest",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "UnsupportedMediaType",
)


def _action(operation: str, summary: str, body: str, status: str, schema: str, done: str):
    return {
        "operationId": operation,
        "tags": ["responsibility"],
        "summary": summary,
        "requestBody": _body(body),
        "responses": _responses(status, schema, done, *_ACT_ERRORS),
    }


PATHS.update(
    {
        "/cases/{case_id}/participations": {
            "parameters": [CASE_ID],
            "post": _action(
                "addParticipation",
                "Een organisatie betrekken (regie, leerplicht, SWV-coördinator); SWV, wijkteam,"
                " GGD en Doorstroompunt met toestemming of wettelijke grondslag.",
                "ParticipationCreate",
                "201",
                "Participation",
                "De nieuwe betrokkenheid; de organisatie wordt bericht.",
            ),
        },
        "/participations/{participation_id}/end": {
            "parameters": [PARTICIPATION_ID],
            "post": _action(
                "endParticipation",
                "Een betrokkenheid beëindigen met reden (regie of de organisatie zelf).",
                "ParticipationEnd",
                "200",
                "Participation",
                "De beëindigde betrokkenheid.",
            ),
        },
        "/cases/{case_id}/consents": {
            "parameters": [CASE_ID],
            "post": _action(
                "recordConsent",
                "Toestemming vastleggen: grondslag passend bij de leeftijd, datum, wie.",
                "ConsentCreate",
                "201",
                "Consent",
                "De vastgelegde toestemming.",
            ),
        },
        "/consents/{consent_id}/withdraw": {
            "parameters": [CONSENT_ID],
            "post": _action(
                "withdrawConsent",
                "Intrekking vastleggen: de organisatie verliest vanaf dan de toegang.",
                "ConsentWithdraw",
                "200",
                "Consent",
                "De ingetrokken toestemming.",
            ),
        },
        "/regie-proposals/{proposal_id}/accept": {
            "parameters": [PROPOSAL_ID],
            "post": _action(
                "acceptRegie",
                "Regie aannemen (coördinatoren van de voorgestelde organisatie).",
                "RegieAccept",
                "200",
                "Case",
                "De casus met de nieuwe regie.",
            ),
        },
        "/regie-proposals/{proposal_id}/decline": {
            "parameters": [PROPOSAL_ID],
            "post": _action(
                "declineRegie",
                "Regie afwijzen met reden; de regie blijft, voorsteller en leerplicht horen het.",
                "RegieDecline",
                "200",
                "Case",
                "De casus; de regie is ongewijzigd.",
            ),
        },
        "/cases/{case_id}/parties": {
            "parameters": [CASE_ID],
            "get": {
                "operationId": "listParties",
                "tags": ["responsibility"],
                "summary": "Ouders, verzorgers en de jongere als partij (volledige toegang).",
                "responses": _responses(
                    "200", "PartyList", "De partijen.", "Unauthorized", "NotFound"
                ),
            },
            "post": _action(
                "addParty",
                "Een ouder, verzorger of de jongere als partij vastleggen.",
                "PartyCreate",
                "201",
                "Party",
                "De vastgelegde partij.",
            ),
        },
        "/cases/{case_id}/close": {
            "parameters": [CASE_ID],
            "post": _action(
                "closeCase",
                "Een casus sluiten met uitkomst en wat er met elke open afspraak gebeurt.",
                "CaseClose",
                "200",
                "Case",
                "De gesloten casus; alle betrokkenen worden bericht.",
            ),
        },
    }
)


# --- consultations (consultatie en advies) -------------------------------------------

from ..cases.vocabulary import CONSENT_BASES  # noqa: E402
from ..consultations.models import MAX_AGE, MEMBER_ROLES, MIN_AGE  # noqa: E402
from ..consultations.models import STATUSES as CONSULTATION_STATUS_LABELS  # noqa: E402

CONSULTATION_STATUSES = (*CONSULTATION_STATUS_LABELS, "all")
CONSULTATION_ID = {"name": "consultation_id", "in": "path", "required": True, "schema": ID}
CONSULTATION_CREATE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["partner_org_id", "description", "age", "education_type"],
    "description": "Alleen een school, wijkteam, GGD of Doorstroompunt opent een consultatie."
    " Noem geen namen.",
    "properties": {
        "partner_org_id": {
            **INPUT_ID,
            "description": "Leerplicht of samenwerkingsverband dat u om advies vraagt.",
        },
        "description": {
            **TEXT,
            "maxLength": 1000,
            "description": "Korte beschrijving, zonder namen.",
        },
        "age": {
            "type": ["integer", "string"],
            "minimum": MIN_AGE,
            "maximum": MAX_AGE,
            "description": f"Leeftijd in jaren ({MIN_AGE} tot en met {MAX_AGE}).",
        },
        "education_type": _enum(EDUCATION_TYPES),
        "municipality_id": {
            **INPUT_ID,
            "description": "Woongemeente (niet verplicht); bij"
            " leerplicht een gemeente die zij"
            " bedienen.",
        },
    },
}
CONSULTATION_CONVERT = {
    "type": "object",
    "additionalProperties": False,
    "required": CASE_CREATE["required"],
    "description": "De velden van de intake (zoals POST /cases), plus per wijkteam, GGD of"
    " Doorstroompunt dat meedoet een grondslag; zonder grondslag wordt die"
    " organisatie niet bij de casus betrokken. Alleen de vragende organisatie"
    " en de gevraagde leerplicht/SWV kunnen omzetten.",
    "properties": {
        **CASE_CREATE["properties"],
        "summary": {
            **TEXT,
            "maxLength": 2000,
            "description": "De aanleiding; leeg: de beschrijving van de consultatie.",
        },
        "consents": {
            "type": "object",
            "additionalProperties": {
                "type": ["string", "null"],
                "enum": [*CONSENT_BASES, "", None],
            },
            "description": "Organisatienummer (als tekst) → grondslag, bijvoorbeeld"
            ' {"12": "toestemming-ouders"}.',
        },
    },
}
CONSULTATION_CREATE_FIELDS = tuple(CONSULTATION_CREATE["properties"])
CONSULTATION_CONVERT_FIELDS = tuple(CONSULTATION_CONVERT["properties"])

SCHEMAS.update(
    {
        "ConsultationMember": {
            "type": "object",
            "properties": {
                "org_id": ID,
                "org_name": TEXT,
                "org_kind": _enum([k.value for k in OrgKind]),
                "role": _enum(MEMBER_ROLES),
                "invited_by_id": _nullable(ID),
                "added_at": DATETIME,
            },
        },
        "Consultation": {
            "type": "object",
            "properties": {
                "id": ID,
                "status": _enum(CONSULTATION_STATUS_LABELS),
                "description": TEXT,
                "age": {"type": "integer"},
                "education_type": _enum(EDUCATION_TYPES),
                "municipality_id": _nullable(ID),
                "municipality": _nullable(TEXT),
                "opened_by_id": ID,
                "opened_by_org_id": ID,
                "partner_org_id": ID,
                "members": {
                    "type": "array",
                    "items": _ref("ConsultationMember"),
                    "description": "De organisaties die meelezen.",
                },
                "created_at": DATETIME,
                "closed_at": _nullable(DATETIME),
                "case_id": {**_nullable(ID), "description": "De casus, na omzetten."},
            },
        },
        "ConsultationList": _page_of("Consultation"),
        "ConsultationCreate": CONSULTATION_CREATE,
        "ConsultationMessage": {
            "type": "object",
            "properties": {
                "id": ID,
                "consultation_id": ID,
                "author_id": ID,
                "author_name": TEXT,
                "org_id": ID,
                "org_name": TEXT,
                "body": {**TEXT, "description": "Markdown."},
                "html": {**TEXT, "description": "Veilig gemaakte HTML."},
                "client_id": TEXT,
                "created_at": DATETIME,
            },
        },
        "ConsultationMessageList": _page_of("ConsultationMessage"),
        "ConsultationMessageCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["body"],
            "properties": {
                "body": {**TEXT, "maxLength": 20000},
                "client_id": {
                    **TEXT,
                    "maxLength": 64,
                    "description": "Zelf gekozen; herhalen geeft het bewaarde bericht.",
                },
            },
        },
        "ConsultationMemberCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["org_id"],
            "properties": {"org_id": INPUT_ID},
        },
        "ConsultationConvert": CONSULTATION_CONVERT,
        "ConsultationConverted": {
            "type": "object",
            "required": ["case_id"],
            "properties": {"case_id": ID, "consultation": _ref("Consultation")},
        },
    }
)

PATHS.update(
    {
        "/consultations": {
            "get": {
                "operationId": "listConsultations",
                "tags": ["consultations"],
                "summary": "Consultaties waaraan uw organisatie meedoet, nieuwste eerst.",
                "parameters": [
                    _query(
                        "status",
                        {**_enum(CONSULTATION_STATUSES), "default": "all"},
                        "Open, gesloten, omgezet of alle.",
                    )
                ]
                + PAGING,
                "responses": _responses(
                    "200",
                    "ConsultationList",
                    "Eén pagina consultaties.",
                    "BadRequest",
                    "Unauthorized",
                ),
            },
            "post": {
                "operationId": "createConsultation",
                "tags": ["consultations"],
                "summary": "Open een consultatie bij leerplicht of het samenwerkingsverband.",
                "requestBody": _body("ConsultationCreate"),
                "responses": _responses(
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
                "responses": _responses(
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
                    _query(
                        "after_id",
                        {"type": "integer", "minimum": 0},
                        "Alleen berichten met een hoger id (bijpraten).",
                    )
                ]
                + PAGING,
                "responses": _responses(
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
                "requestBody": _body("ConsultationMessageCreate"),
                "responses": {
                    **_responses(
                        "201",
                        "ConsultationMessage",
                        "Het nieuwe bericht.",
                        "BadRequest",
                        "Unauthorized",
                        "NotFound",
                        "Conflict",
                        "UnsupportedMediaType",
                    ),
                    "200": _json("ConsultationMessage", "Al bewaard met deze client_id."),
                },
            },
        },
        "/consultations/{consultation_id}/members": {
            "parameters": [CONSULTATION_ID],
            "post": {
                "operationId": "addConsultationMember",
                "tags": ["consultations"],
                "summary": "Nodig een organisatie uit; zij leest het hele gesprek.",
                "requestBody": _body("ConsultationMemberCreate"),
                "responses": _responses(
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
                "responses": _responses(
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
                "requestBody": _body("ConsultationConvert"),
                "responses": _responses(
                    "201",
                    "ConsultationConverted",
                    "De nieuwe casus.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "Conflict",
                    "UnsupportedMediaType",
                ),
            },
        },
    }
)


# --- reports -------------------------------------------------------------------------

from ..reports.definitions import COLUMNS as REPORT_COLUMNS  # noqa: E402
from ..reports.definitions import STATISTIC_KEYS as REPORT_STATISTICS  # noqa: E402


def _report_row() -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, (label, definition) in REPORT_COLUMNS.items():
        if key == "municipality":
            schema: dict[str, Any] = dict(TEXT)
        elif key in REPORT_STATISTICS:
            schema = {"type": ["number", "null"]}
        else:
            schema = {"type": "integer", "minimum": 0}
        properties[key] = {**schema, "description": f"{label}. {definition}"}
    return {"type": "object", "required": list(REPORT_COLUMNS), "properties": properties}


SCHEMAS.update(
    {
        "ThuiszitterReportRow": _report_row(),
        "ThuiszitterReport": {
            "type": "object",
            "required": ["school_year", "reference_date", "rows", "total"],
            "properties": {
                "school_year": {
                    **TEXT,
                    "description": "Bijvoorbeeld 2025-2026 (1 augustus t/m 31 juli).",
                },
                "reference_date": {
                    **DATE,
                    "description": "Peildatum: het einde van het schooljaar,"
                    " of vandaag voor het lopende jaar.",
                },
                "rows": {
                    "type": "array",
                    "items": _ref("ThuiszitterReportRow"),
                    "description": "Eén rij per woongemeente, op naam.",
                },
                "total": {
                    **_ref("ThuiszitterReportRow"),
                    "description": "Aantallen: som van de rijen; mediaan en p90 over alle"
                    " casussen samen. municipality is 'Totaal'.",
                },
            },
        },
    }
)

PATHS.update(
    {
        "/reports/thuiszitters": {
            "get": {
                "operationId": "getThuiszitterReport",
                "tags": ["reports"],
                "summary": "Thuiszitters per woongemeente in een schooljaar, over de casussen die u"
                " mag zien (leerplicht, gemeente en coördinatoren; anderen 403).",
                "parameters": [
                    _query(
                        "school_year",
                        {**TEXT, "pattern": r"^\d{4}-\d{4}$"},
                        "Schooljaar, bijvoorbeeld 2025-2026; leeg: het lopende schooljaar.",
                    ),
                    _query(
                        "format",
                        {**_enum(["json", "csv", "xlsx"]), "default": "json"},
                        "csv: ;-gescheiden, UTF-8 met BOM, dezelfde sleutels als kopregel;"
                        " xlsx: blad Rapportage en blad Definities.",
                    ),
                    _query(
                        "publication",
                        {"type": "boolean", "default": False},
                        "Alleen bij csv/xlsx: aantallen 1–4 als '<5' (versie voor publicatie).",
                    ),
                ],
                "responses": {
                    **_responses(
                        "200",
                        "ThuiszitterReport",
                        "Het rapport (bij format=json).",
                        "BadRequest",
                        "Unauthorized",
                        "Forbidden",
                    ),
                    "200": {
                        "description": "Het rapport als JSON, CSV of XLSX.",
                        "content": {
                            "application/json": {"schema": _ref("ThuiszitterReport")},
                            "text/csv": {"schema": {"type": "string"}},
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                "schema": {"type": "string", "format": "binary"}
                            },
                        },
                    },
                },
            }
        }
    }
)


# --- leerplichttelling -----------------------------------------------------------------

from ..cases.vocabulary import ABSENCE_REPORT_TYPES as _REPORT_TYPES  # noqa: E402
from ..cases.vocabulary import CASE_KINDS as _CASE_KINDS  # noqa: E402
from ..cases.vocabulary import EXEMPTION_ARTICLES as _ARTICLES  # noqa: E402
from ..reports import telling_definitions as _telling  # noqa: E402

_COUNT = {"type": "integer", "minimum": 0}


def _telling_figures() -> dict[str, Any]:
    """The counts of a row, and of each of its groups (by age, by plicht)."""
    nested = _telling.NESTED
    properties: dict[str, Any] = {
        key: {**_COUNT, "description": f"{label}. {text}"}
        for key, (label, text) in _telling.FIELDS.items()
    }
    properties["vrijstellingen"] = {
        "type": "object",
        "description": nested["vrijstellingen"][1],
        "required": list(_ARTICLES),
        "properties": {
            article: {
                "type": "object",
                "required": list(_telling.VRIJSTELLING_STATES),
                "properties": {state: _COUNT for state in _telling.VRIJSTELLING_STATES},
            }
            for article in _ARTICLES
        },
    }
    properties["meldingen"] = {
        "type": "object",
        "description": nested["meldingen"][1],
        "required": list(_REPORT_TYPES),
        "properties": {kind: _COUNT for kind in _REPORT_TYPES},
    }
    required = list(properties)
    properties["handhaving"] = {
        "type": "object",
        "description": nested["handhaving"][1] + " Ontbreekt voor andere organisaties.",
        "required": list(_telling.HANDHAVING),
        "properties": {key: _COUNT for key in _telling.HANDHAVING},
    }
    return {"type": "object", "required": required, "properties": properties}


def _telling_row() -> dict[str, Any]:
    nested = _telling.NESTED
    figures = _ref("TellingFigures")
    row = _telling_figures()
    row["properties"] = {
        "municipality": {**TEXT, "description": _telling.MUNICIPALITY[1]},
        **row["properties"],
        "consultaties": {**_COUNT, "description": nested["consultaties"][1]},
        "by_age": {
            "type": "object",
            "description": nested["by_age"][1],
            "required": list(_telling.AGE_BANDS),
            "properties": {band: figures for band in _telling.AGE_BANDS},
        },
        **{plicht: {**figures, "description": nested[plicht][1]} for plicht in _telling.PLICHTEN},
    }
    row["required"] = [key for key in row["properties"] if key != "handhaving"]
    return row


_TELLING_PARAMETERS = [
    _query(
        "school_year",
        {**TEXT, "pattern": r"^\d{4}-\d{4}$"},
        "Schooljaar, bijvoorbeeld 2025-2026; leeg: het lopende schooljaar.",
    ),
    _query(
        "peildatum",
        DATE,
        "Binnen het schooljaar en niet na vandaag; leeg: vandaag, of 31 juli voor een"
        " afgelopen schooljaar.",
    ),
    _query(
        "municipality",
        TEXT,
        "Eén gemeente van uw organisatie (officiële naam); leeg: al uw gemeenten.",
    ),
]

SCHEMAS.update(
    {
        "TellingFigures": _telling_figures(),
        "TellingRow": _telling_row(),
        "Leerplichttelling": {
            "type": "object",
            "required": ["school_year", "peildatum", "definitions", "rows"],
            "properties": {
                "school_year": TEXT,
                "peildatum": DATE,
                "definitions": {
                    "type": "object",
                    "additionalProperties": TEXT,
                    "description": "Per sleutel van een rij: wat er geteld wordt.",
                },
                "rows": {
                    "type": "array",
                    "items": _ref("TellingRow"),
                    "description": "Eén rij per gemeente van uw organisatie (leerplicht,"
                    " gemeente) of regio (coördinator van het samenwerkingsverband).",
                },
                "no_figures": {
                    **TEXT,
                    "description": "Alleen aanwezig als u geen enkele casus ziet (uw"
                    " organisatie neemt er aan geen deel): waarom elk getal 0 is en wie de"
                    " telling wel kan maken. De nullen zijn dan geen echte telling.",
                },
            },
        },
        "TellingCases": {
            "type": "object",
            "required": [
                "school_year",
                "peildatum",
                "municipality",
                "field",
                "group",
                "count",
                "items",
                "total",
                "page",
                "per_page",
            ],
            "properties": {
                "school_year": TEXT,
                "peildatum": DATE,
                "municipality": TEXT,
                "field": _enum(list(_telling.FIGURES)),
                "group": {**_enum([*_telling.GROUPS, None]), "type": ["string", "null"]},
                "count": {
                    **_COUNT,
                    "description": "Het getal in de telling (gelijk aan total; blijft voor"
                    " bestaande koppelingen).",
                },
                "total": {**_COUNT, "description": "Alle regels achter het getal: het getal."},
                "page": ID,
                "per_page": {**ID, "maximum": MAX_PER_PAGE},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "pupil": {
                                "type": ["string", "null"],
                                "description": "Naam (als u die mag zien), anders initialen;"
                                " null bij een consultatie.",
                            },
                            "age": {"type": ["integer", "null"]},
                            "note": {"type": ["string", "null"]},
                            "consultation_id": {"type": ["integer", "null"]},
                            "cases": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "id": ID,
                                        "kind": _enum(list(_CASE_KINDS)),
                                        "absent_since": DATE,
                                        "status": _enum(["open", "closed"]),
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
)

PATHS.update(
    {
        "/reports/leerplichttelling": {
            "get": {
                "operationId": "getLeerplichttelling",
                "tags": ["reports"],
                "summary": "De leerplichttelling per woongemeente: verschillende leerlingen, naar"
                " de definities van de Leerplichtwet, over de casussen die u mag zien"
                " (leerplicht, gemeente en de coördinator van het samenwerkingsverband;"
                " anderen 403).",
                "parameters": [
                    *_TELLING_PARAMETERS,
                    _query(
                        "format",
                        {**_enum(["json", "csv", "xlsx"]), "default": "json"},
                        "csv: ;-gescheiden, UTF-8 met BOM; een rij per gemeente en groep"
                        " (totaal, leeftijd, leerplicht), een kolom per getal. xlsx: dezelfde"
                        " rijen met een rij Nederlandse namen en een blad met de definities.",
                    ),
                    _query(
                        "publication",
                        {"type": "boolean", "default": False},
                        "Alleen bij csv en xlsx: aantallen 1–4 als '<5'; waar een verborgen"
                        " aantal terug te rekenen is uit het totaal en de andere delen"
                        " (leerplichtig + kwalificatieplichtig, de leeftijdsgroepen) ook het"
                        " kleinste andere aantal boven 0, als 'x'.",
                    ),
                ],
                "responses": {
                    **_responses(
                        "200",
                        "Leerplichttelling",
                        "De telling.",
                        "BadRequest",
                        "Unauthorized",
                        "Forbidden",
                    ),
                    "200": {
                        "description": "De telling als JSON, CSV of XLSX.",
                        "content": {
                            "application/json": {"schema": _ref("Leerplichttelling")},
                            "text/csv": {"schema": {"type": "string"}},
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                "schema": {"type": "string", "format": "binary"}
                            },
                        },
                    },
                },
            }
        },
        "/reports/leerplichttelling/cases": {
            "get": {
                "operationId": "getLeerplichttellingCases",
                "tags": ["reports"],
                "summary": "De lijst achter één getal van de telling: precies zoveel regels als"
                " het getal, alleen wat u mag zien.",
                "parameters": [
                    *_TELLING_PARAMETERS,
                    _query(
                        "field",
                        _enum(list(_telling.FIGURES)),
                        "Het getal: een veld, vrijstellingen.<artikel>.new|active,"
                        " meldingen.<soort> of consultaties. Verplicht, net als municipality.",
                    ),
                    _query("group", _enum(list(_telling.GROUPS)), "Leeg: de hele gemeente."),
                    _query(
                        "publication",
                        {"type": "boolean", "default": False},
                        "Alleen initialen, ook waar u de naam mag zien.",
                    ),
                    _query("page", ID, "Pagina (vanaf 1)."),
                    _query(
                        "per_page",
                        {**ID, "maximum": MAX_PER_PAGE, "default": 100},
                        "Aantal regels per pagina (standaard en hoogstens 100).",
                    ),
                ],
                "responses": _responses(
                    "200",
                    "TellingCases",
                    "De leerlingen, meldingen of consultaties achter het getal.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                ),
            }
        },
    }
)


# --- jaarverslag and SWV figures -----------------------------------------------------

from ..cases.vocabulary import BLOCKER_KINDS as _BLOCKER_KINDS  # noqa: E402
from ..reports import jaarverslag_definitions as _jv  # noqa: E402

# A count, or "<5" for 1–4 and "x" against subtraction in the publication variant.
_JV_COUNT = {
    "oneOf": [_COUNT, {"type": "string", "enum": ["<5", "x"]}],
    "description": "Aantal leerlingen; met publication=true 1–4 als '<5', en 'x' waar het"
    " een verborgen aantal via een totaal zou verraden (secundaire onderdrukking).",
}
# A percentage, days or median; "n<5" over 1–4 pupils in the publication variant.
_JV_STATISTIC = {
    "oneOf": [{"type": ["number", "null"]}, {"type": "string", "enum": ["n<5", "x"]}],
    "description": "null zonder gegevens; met publication=true over 1–4 leerlingen 'n<5',"
    " en 'x' bij een aantal dat als 'x' verborgen is.",
}
_JV_PARAMETERS = [
    _TELLING_PARAMETERS[0],
    _query(
        "peildatum",
        DATE,
        "Binnen het schooljaar en niet na vandaag; leeg: vandaag, of 31 juli voor een"
        " afgelopen schooljaar. Het vorige schooljaar telt altijd tot en met 31 juli.",
    ),
    _query(
        "publication",
        {"type": "boolean", "default": False},
        "Versie voor publicatie: aantallen 1–4 als '<5', percentages, dagen en medianen over"
        " minder dan 5 leerlingen als 'n<5'. Waar een verborgen aantal terug te rekenen is"
        " (gemeenten en hun totaal, uitkomsten en het totaal gesloten) is ook het kleinste"
        " andere aantal boven 0 verborgen, als 'x' (met zijn percentage, dagen en mediaan).",
    ),
]
_JV_DEFINITIONS = {
    "type": "object",
    "additionalProperties": TEXT,
    "description": "Per sleutel van een rij (en regie.<fase>.<soort>): wat er geteld wordt.",
}


def _jaarverslag_row() -> dict[str, Any]:
    only_leerplicht = "; alleen voor leerplicht, ontbreekt voor anderen."  # Wet politiegegevens
    counts: dict[str, Any] = {
        path: {
            **_JV_COUNT,
            "description": label + (only_leerplicht if path in _jv.PROCESS_HANDHAVING else ""),
        }
        for path, (label, _) in _jv.FIGURES.items()
    }
    for kind in _BLOCKER_KINDS:
        counts[f"blocker.{kind}.days"] = _JV_STATISTIC
        counts[f"blocker.{kind}.median_days"] = _JV_STATISTIC
    properties = {
        "municipality": {**TEXT, "description": "Gemeente, of 'Totaal' (elke leerling één keer)."},
        "school_year": TEXT,
        "pupils": {**_nullable(_COUNT), "description": _jv.PUPILS[1]},
        **{
            f"pupils_{part}": {**_nullable(_COUNT), "description": _jv.PLICHT_PUPILS[1]}
            for part in ("leerplichtig", "kwalificatieplichtig")
        },
        "cases_percentage": _JV_STATISTIC,
        "thuiszitters_percentage": _JV_STATISTIC,
        **counts,
    }
    return {
        "type": "object",
        "required": [key for key in properties if key not in _jv.PROCESS_HANDHAVING],
        "properties": properties,
        "patternProperties": {r"^regie\.[0-9]+\.[a-z-]+$": _JV_COUNT},
        "description": "Eén gemeente (of het totaal) in één schooljaar, in verschillende"
        " leerlingen. Elke sleutel met een aantal is ook het getal (field) van de lijst op"
        " /rapportages/jaarverslag/casussen.",
    }


def _swv_row() -> dict[str, Any]:
    properties = {
        "swv": TEXT,
        "swv_id": ID,
        "sector": {"type": ["string", "null"]},
        "school": {
            "type": ["string", "null"],
            "description": "De school; 'Zonder school' (school_id 0) voor casussen zonder"
            " school; null in de totaalrij van het samenwerkingsverband.",
        },
        "school_id": {"type": ["integer", "null"], "minimum": 0},
        **{
            path: {**_JV_COUNT, "description": label}
            for path, (label, _) in _jv.CASE_FIGURES.items()
        },
    }
    return {"type": "object", "required": list(properties), "properties": properties}


SCHEMAS.update(
    {
        "JaarverslagRow": _jaarverslag_row(),
        "Jaarverslag": {
            "type": "object",
            "required": [
                "school_year",
                "peildatum",
                "previous_school_year",
                "previous_peildatum",
                "publication",
                "definitions",
                "rows",
            ],
            "properties": {
                "school_year": TEXT,
                "peildatum": DATE,
                "previous_school_year": TEXT,
                "previous_peildatum": DATE,
                "publication": {"type": "boolean"},
                "definitions": _JV_DEFINITIONS,
                "rows": {
                    "type": "array",
                    "items": _ref("JaarverslagRow"),
                    "description": "Per gemeente van uw organisatie dit schooljaar en het"
                    " vorige, daarna het totaal van beide.",
                },
            },
        },
        "SwvRow": _swv_row(),
        "SwvFigures": {
            "type": "object",
            "required": ["school_year", "peildatum", "publication", "definitions", "rows"],
            "properties": {
                "school_year": TEXT,
                "peildatum": DATE,
                "publication": {"type": "boolean"},
                "definitions": _JV_DEFINITIONS,
                "rows": {
                    "type": "array",
                    "items": _ref("SwvRow"),
                    "description": "Per samenwerkingsverband zijn scholen, daarna zijn totaal.",
                },
            },
        },
    }
)

PATHS.update(
    {
        "/reports/jaarverslag": {
            "get": {
                "operationId": "getJaarverslag",
                "tags": ["reports"],
                "summary": "De cijfers van het jaarverslag per gemeente, in verschillende"
                " leerlingen, dit schooljaar naast het vorige, over de casussen die u mag"
                " zien: dezelfde getallen en definities als /rapportages/jaarverslag."
                " Leerplicht, de gemeente en de coördinator van het samenwerkingsverband;"
                " wie geen casussen ziet (zoals functioneel beheer) krijgt 403 met de reden.",
                "parameters": _JV_PARAMETERS,
                "responses": _responses(
                    "200",
                    "Jaarverslag",
                    "Het jaarverslag.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                ),
            }
        },
        "/reports/swv": {
            "get": {
                "operationId": "getSwvFigures",
                "tags": ["reports"],
                "summary": "De thuiszittercijfers per samenwerkingsverband en school, in"
                " verschillende leerlingen: dezelfde getallen als /rapportages/swv. Alleen de"
                " coördinator van het samenwerkingsverband (eigen samenwerkingsverband);"
                " anderen 403 met de reden.",
                "parameters": _JV_PARAMETERS,
                "responses": _responses(
                    "200", "SwvFigures", "De cijfers.", "BadRequest", "Unauthorized", "Forbidden"
                ),
            }
        },
    }
)


# --- meetings ------------------------------------------------------------------------

from ..meetings.suggestions import REASONS as MEETING_REASONS  # noqa: E402

MEETING_ID = {"name": "meeting_id", "in": "path", "required": True, "schema": ID}
ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": ID}
_AGENDA_ITEM = {
    "type": "object",
    "required": ["id", "case_id"],
    "properties": {
        "id": ID,
        "case_id": ID,
        "position": {"type": "integer", "minimum": 1},
        "reasons": {"type": "array", "items": _enum(list(MEETING_REASONS))},
        "started_at": _nullable(DATETIME),
        "ended_at": _nullable(DATETIME),
        "discussed": {"type": "boolean", "description": "false: niet besproken (met reden)."},
        "not_discussed_reason": _nullable(TEXT),
        "carried_from_item_id": {
            **_nullable(ID),
            "description": "Het agendapunt van een eerder overleg waar dit punt niet besproken"
            " werd.",
        },
    },
}

SCHEMAS.update(
    {
        "AgendaItem": _AGENDA_ITEM,
        "Meeting": {
            "type": "object",
            "required": [
                "id",
                "kind",
                "title",
                "starts_at",
                "status",
                "chair_user_id",
                "attendee_user_ids",
                "agenda",
            ],
            "properties": {
                "id": ID,
                "kind": {
                    **TEXT,
                    "description": "zat, thuiszitterstafel of een eigen soort van de regio.",
                },
                "title": {
                    **TEXT,
                    "description": "Met de datum: 'Thuiszitterstafel — di 8 december 2026'.",
                },
                "starts_at": DATETIME,
                "status": _enum(["draft", "published", "final"]),
                "place": _nullable(TEXT),
                "host_org_id": ID,
                "chair_user_id": ID,
                "attendee_user_ids": {"type": "array", "items": ID},
                "present_user_ids": {
                    "type": "array",
                    "items": ID,
                    "description": "Wie van voorzitter en deelnemers aanwezig was.",
                },
                "series_id": _nullable(ID),
                "current_item_id": _nullable(ID),
                "series_meeting_ids": {
                    "type": "array",
                    "items": ID,
                    "description": "Alleen bij aanmaken: alle overleggen van de reeks.",
                },
                "agenda": {
                    "type": "array",
                    "items": _ref("AgendaItem"),
                    "description": "Voor deelnemers pas na publicatie; de voorzitter ziet"
                    " altijd de agenda.",
                },
            },
        },
        "MeetingList": _page_of("Meeting"),
        "MeetingCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "title", "starts_at"],
            "properties": {
                "kind": TEXT,
                "title": {**TEXT, "maxLength": 200},
                "starts_at": {**_MOMENT, "description": "Begin; " + _MOMENT["description"]},
                "place": {**TEXT, "maxLength": 300, "description": "Plaats of link."},
                "attendee_user_ids": {"type": "array", "items": ID},
                "repeat_every_weeks": {
                    **INPUT_ID,
                    "description": "Reeks: elke zoveel weken (1-26).",
                },
                "repeat_count": {**INPUT_ID, "description": "Reeks: aantal overleggen (2-20)."},
            },
        },
        "MeetingSuggestions": {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["case_id", "reasons"],
                        "properties": {
                            "case_id": ID,
                            "initials": TEXT,
                            "reasons": {"type": "array", "items": _enum(list(MEETING_REASONS))},
                            "reason_labels": {"type": "array", "items": TEXT},
                            "times_discussed": {"type": "integer", "minimum": 0},
                        },
                    },
                }
            },
        },
        "AgendaItemCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["case_id"],
            "properties": {
                "case_id": {**INPUT_ID, "description": "Een casus die de voorzitter mag inzien."},
                "reasons": {"type": "array", "items": _enum(list(MEETING_REASONS))},
            },
        },
        "AgendaOrder": {
            "type": "object",
            "additionalProperties": False,
            "required": ["item_ids"],
            "properties": {"item_ids": {"type": "array", "items": ID}},
        },
        "MeetingAttendeesAdd": {
            "type": "object",
            "additionalProperties": False,
            "required": ["attendee_user_ids"],
            "properties": {"attendee_user_ids": {"type": "array", "items": ID}},
        },
        "MeetingPresence": {
            "type": "object",
            "additionalProperties": False,
            "required": ["present_user_ids"],
            "properties": {"present_user_ids": {"type": "array", "items": ID}},
        },
        "AgendaItemNotDiscussed": {
            "type": "object",
            "additionalProperties": False,
            "required": ["reason"],
            "properties": {"reason": {**TEXT, "maxLength": 500}},
        },
        "MeetingNoteCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["body"],
            "properties": {"body": TEXT, "client_id": TEXT, "category": TEXT},
        },
        "DecisionCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text"],
            "properties": {
                "text": {**TEXT, "maxLength": 2000},
                "client_id": {
                    **TEXT,
                    "maxLength": 64,
                    "description": "Zelfgekozen sleutel: een"
                    " herhaling (na een verloren antwoord) geeft het eerdere besluit.",
                },
                "agreements": {
                    "type": "array",
                    "maxItems": 20,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["description", "owner_org_id"],
                        "properties": {
                            "description": TEXT,
                            "owner_org_id": INPUT_ID,
                            "owner_user_id": INPUT_ID,
                            "due_at": _MOMENT,
                            "due_in_school_days": INPUT_ID,
                            "replaces_id": {
                                **INPUT_ID,
                                "description": "Een open afspraak van deze casus die deze"
                                " vervangt: die wordt geannuleerd met het besluit als reden.",
                            },
                        },
                    },
                },
                "move_to_phase": {
                    **INPUT_ID,
                    "description": "Fasewissel als onderdeel van het"
                    " besluit (regie volgt de fase).",
                },
            },
        },
        "Decision": {
            "type": "object",
            "required": ["id", "text", "agreements"],
            "properties": {
                "id": ID,
                "agenda_item_id": ID,
                "client_id": _nullable(TEXT),
                "text": TEXT,
                "moved_to_phase": _nullable(ID),
                "agreements": {"type": "array", "items": _ref("Agreement")},
            },
        },
    }
)

_CHAIR_ERRORS = (
    "BadRequest",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "Conflict",
    "UnsupportedMediaType",
)

PATHS.update(
    {
        "/meetings": {
            "get": {
                "operationId": "listMeetings",
                "tags": ["meetings"],
                "summary": "De overleggen die u voorzit of bijwoont.",
                "parameters": PAGING,
                "responses": _responses(
                    "200", "MeetingList", "Eén pagina overleggen.", "BadRequest", "Unauthorized"
                ),
            },
            "post": {
                "operationId": "createMeeting",
                "tags": ["meetings"],
                "summary": "Plan een overleg (of een reeks); u bent voorzitter (coördinatoren).",
                "requestBody": _body("MeetingCreate"),
                "responses": _responses(
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
                "parameters": [_query("meeting_id", ID, "Laat casussen op deze agenda weg.")],
                "responses": _responses(
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
                "responses": _responses(
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
                "requestBody": _body("AgendaItemCreate"),
                "responses": _responses("201", "AgendaItem", "Het agendapunt.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/agenda/order": {
            "parameters": [MEETING_ID],
            "post": {
                "operationId": "orderAgenda",
                "tags": ["meetings"],
                "summary": "Nieuwe volgorde van alle agendapunten.",
                "requestBody": _body("AgendaOrder"),
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/agenda/{item_id}": {
            "parameters": [MEETING_ID, ITEM_ID],
            "delete": {
                "operationId": "removeAgendaItem",
                "tags": ["meetings"],
                "summary": "Haal een punt van de agenda (niet na een besluit).",
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/publish": {
            "parameters": [MEETING_ID],
            "post": {
                "operationId": "publishMeeting",
                "tags": ["meetings"],
                "summary": "Publiceer de agenda: deelnemers zien dan wat het overleg nodig heeft.",
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/agenda/{item_id}/open": {
            "parameters": [MEETING_ID, ITEM_ID],
            "post": {
                "operationId": "openAgendaItem",
                "tags": ["meetings"],
                "summary": "De voorzitter gaat naar dit punt; alle schermen volgen.",
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/agenda/{item_id}/notes": {
            "parameters": [MEETING_ID, ITEM_ID],
            "post": {
                "operationId": "createMeetingNote",
                "tags": ["meetings"],
                "summary": "Notitie tijdens dit punt (alle deelnemers lezen hem; bereik"
                " betrokkenen).",
                "requestBody": _body("MeetingNoteCreate"),
                "responses": {
                    **_responses("201", "Note", "De notitie.", *_CHAIR_ERRORS),
                    "200": _json("Note", "Al bewaard met deze client_id."),
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
                "requestBody": _body("DecisionCreate"),
                "responses": {
                    **_responses("201", "Decision", "Het besluit.", *_CHAIR_ERRORS),
                    "200": _json("Decision", "Al vastgelegd met deze client_id."),
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
                "requestBody": _body("MeetingAttendeesAdd"),
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
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
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/presence": {
            "parameters": [MEETING_ID],
            "put": {
                "operationId": "setMeetingPresence",
                "tags": ["meetings"],
                "summary": "Wie van voorzitter en deelnemers aanwezig is (staat in het verslag,"
                " per organisatie).",
                "requestBody": _body("MeetingPresence"),
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/next": {
            "parameters": [MEETING_ID],
            "post": {
                "operationId": "nextAgendaItem",
                "tags": ["meetings"],
                "summary": "Volgende punt: het eerste punt na het huidige dat niet als niet"
                " besproken staat.",
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/agenda/{item_id}/not-discussed": {
            "parameters": [MEETING_ID, ITEM_ID],
            "post": {
                "operationId": "markAgendaItemNotDiscussed",
                "tags": ["meetings"],
                "summary": "Niet besproken, met reden; bij het definitief maken gaat het punt"
                " naar het volgende overleg van de reeks.",
                "requestBody": _body("AgendaItemNotDiscussed"),
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
            "delete": {
                "operationId": "markAgendaItemDiscussed",
                "tags": ["meetings"],
                "summary": "Toch bespreken: 'niet besproken' ongedaan maken.",
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
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
                "responses": _responses("200", "Meeting", "Het overleg.", *_CHAIR_ERRORS),
            },
        },
        "/meetings/{meeting_id}/minutes.pdf": {
            "parameters": [MEETING_ID],
            "get": {
                "operationId": "getMeetingMinutesPdf",
                "tags": ["meetings"],
                "summary": "Het definitieve verslag als PDF (alleen initialen).",
                "responses": {
                    **_responses("200", "Meeting", "", "Unauthorized", "NotFound", "Conflict"),
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
)


# --- administration: the accounts of one's own organisation (api/users.py) ---------------

_OWN_ROLES = ("medewerker", "coordinator", "beheerder")
_USER_ROLES = {
    "type": "array",
    "minItems": 1,
    "items": _enum(_OWN_ROLES),
    "description": "Rollen binnen de eigen organisatie; regiorollen geeft functioneel beheer.",
}
_USER_ERRORS = ("BadRequest", "Unauthorized", "Forbidden", "UnsupportedMediaType")
USER_ID = {"name": "user_id", "in": "path", "required": True, "schema": ID}
SCHEMAS.update(
    {
        "User": {
            "type": "object",
            "required": ["id", "username", "name", "email", "roles", "active", "org_id"],
            "properties": {
                "id": ID,
                "username": TEXT,
                "name": TEXT,
                "email": _nullable(TEXT),
                "roles": {"type": "array", "items": _enum([r.value for r in Role])},
                "active": {"type": "boolean", "description": "false: uitgezet, kan niet inloggen."},
                "org_id": ID,
                "two_factor": {"type": "boolean", "description": "Tweestaps ingesteld."},
                "password": {
                    **TEXT,
                    "description": "Alleen bij aanmaken zonder wachtwoord: het eenmalige"
                    " wachtwoord, nergens opgeslagen en niet nogmaals te zien.",
                },
            },
        },
        "UserList": _page_of("User"),
        "UserCreate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["username", "name", "roles"],
            "properties": {
                "username": {
                    **TEXT,
                    "maxLength": 80,
                    "description": "Letters, cijfers, punt, - en _; uniek.",
                },
                "name": {**TEXT, "maxLength": 200},
                "email": {**TEXT, "maxLength": 200},
                "roles": _USER_ROLES,
                "password": {
                    **TEXT,
                    "minLength": 10,
                    "maxLength": 1024,
                    "description": "Leeg: er wordt een eenmalig wachtwoord gemaakt en"
                    " één keer teruggegeven.",
                },
            },
        },
        "UserUpdate": {
            "type": "object",
            "additionalProperties": False,
            "description": "Alleen de velden die wijzigen. De laatste actieve beheerder kan"
            " zichzelf niet uitzetten of de beheerrol afnemen (409).",
            "properties": {
                "active": {
                    "type": "boolean",
                    "description": "false: uitzetten; alle sessies, tokens en live"
                    " verbindingen van het account eindigen meteen.",
                },
                "roles": _USER_ROLES,
                "name": {**TEXT, "maxLength": 200},
                "email": {**TEXT, "maxLength": 200, "description": "Leeg: geen e-mailadres."},
            },
        },
    }
)
PATHS.update(
    {
        "/users": {
            "get": {
                "operationId": "listUsers",
                "tags": ["users"],
                "summary": "De accounts van uw eigen organisatie (alleen voor de beheerder).",
                "parameters": PAGING,
                "responses": _responses(
                    "200",
                    "UserList",
                    "Eén pagina accounts.",
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                ),
            },
            "post": {
                "operationId": "createUser",
                "tags": ["users"],
                "summary": "Een account in uw eigen organisatie aanmaken (beheerder).",
                "requestBody": _body("UserCreate"),
                "responses": _responses("201", "User", "Het nieuwe account.", *_USER_ERRORS),
            },
        },
        "/users/{user_id}": {
            "parameters": [USER_ID],
            "patch": {
                "operationId": "updateUser",
                "tags": ["users"],
                "summary": "Een account van uw eigen organisatie wijzigen of uitzetten"
                " (beheerder); elk ander account: 403.",
                "requestBody": _body("UserUpdate"),
                "responses": _responses(
                    "200",
                    "User",
                    "Het bijgewerkte account.",
                    *_USER_ERRORS,
                    "Conflict",
                    "NotFound",  # an id that is no whole number matches no route
                ),
            },
        },
    }
)


# --- the audit log (issue 15 item 7): the privacy role only; anyone else 404 ------------------
SCHEMAS.update(
    {
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
                "user_id": _nullable(ID),
                "username": _nullable(TEXT),
                "organisation": _nullable(TEXT),
                "action": {**TEXT, "description": "Wat er gebeurde, bijvoorbeeld case.view."},
                "object_type": _nullable(TEXT),
                "object_id": _nullable({"type": "integer"}),
                "access": _nullable(
                    {**TEXT, "description": "Waarom het mocht (de toegangsgrond)."}
                ),
                "detail": _nullable({"type": "object"}),
            },
        },
        "AuditPage": _page_of("AuditEntry"),
    }
)
PATHS.update(
    {
        "/audit": {
            "get": {
                "operationId": "listAudit",
                "tags": ["audit"],
                "summary": "Het auditlog, nieuwste eerst (alleen de privacyrol; anderen 404)."
                " Het lezen wordt zelf ook gelogd.",
                "parameters": [
                    _query("case_id", ID, "Alleen regels over deze casus."),
                    _query("user_id", ID, "Alleen regels van deze gebruiker."),
                    _query("from", DATE, "Vanaf deze dag (Europe/Amsterdam)."),
                    _query("to", DATE, "Tot en met deze dag."),
                    *PAGING,
                ],
                "responses": _responses(
                    "200",
                    "AuditPage",
                    "Eén pagina regels.",
                    "BadRequest",
                    "Unauthorized",
                    "NotFound",
                ),
            }
        }
    }
)
