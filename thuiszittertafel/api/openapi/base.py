"""The document's base: the error shape, tokens, me and cases."""

from __future__ import annotations

from typing import Any

from ...auth.models import Role
from ...cases.filters import MAX_PER_PAGE, SORTS, STATUSES
from ...cases.vocabulary import CASE_KINDS
from ...organisations.models import OrgKind
from ..schemas import components
from ..schemas.cases import Case, CaseCreate, CaseUpdate, Pupil
from ..schemas.errors import Error
from ..schemas.fields import DATETIME, ID, TEXT, enum, nullable, ref
from ..schemas.users import TokenRequest
from .common import CASE_ID, IF_MATCH, WRITE_ERRORS, request_body, responses_for

_FILTER_PARAMETERS = [
    ("kind", enum(CASE_KINDS), "Soort casus."),
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
    ("status", {**enum(STATUSES), "default": "all"}, "Open, gesloten of alle."),
    (
        "q",
        {**TEXT, "maxLength": 100},
        "Zoek op naam van de leerling (alleen waar u de naam mag zien).",
    ),
    (
        "sort",
        {**enum(SORTS), "default": "id"},
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
    **components(Error),
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
            "kind": enum([k.value for k in OrgKind]),
            "municipalities": {"type": "array", "items": TEXT},
            "swv_org_id": {
                **nullable(ID),
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
            "roles": {"type": "array", "items": enum([r.value for r in Role])},
            "organisation": ref("MeOrganisation"),
            "calendar_url": {
                **nullable({"type": "string", "format": "uri"}),
                "description": "Het adres van de eigen agenda-feed (iCalendar: overleggen en"
                " termijnen van eigen afspraken, zonder namen of initialen van leerlingen),"
                " leesbaar zonder inloggen en in te trekken; null zonder feed.",
            },
        },
    },
    **components(Pupil, Case),
    "CaseList": {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": ref("Case")},
            "total": {"type": "integer", "minimum": 0},
            "page": ID,
            "per_page": {**ID, "maximum": MAX_PER_PAGE},
            "next_after": {
                **nullable(ID),
                "description": "Bij sort=id of sort=-id: `after` voor de volgende pagina;"
                " null op de laatste.",
            },
        },
    },
    **components(TokenRequest, CaseCreate, CaseUpdate),
}


PATHS: dict[str, Any] = {
    "/tokens": {
        "post": {
            "operationId": "createToken",
            "tags": ["auth"],
            "security": [],
            "summary": "Vraag een token aan met gebruikersnaam en wachtwoord.",
            "requestBody": request_body("TokenRequest"),
            "responses": responses_for(
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
            "responses": responses_for("200", "Me", "De ingelogde gebruiker.", "Unauthorized"),
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
            "responses": responses_for(
                "200", "CaseList", "Eén pagina casussen.", "BadRequest", "Unauthorized"
            ),
        },
        "post": {
            "operationId": "createCase",
            "tags": ["cases"],
            "summary": "Open een casus (intake); uw organisatie wordt betrokken.",
            "requestBody": request_body("CaseCreate"),
            "responses": {
                **responses_for(
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
            "responses": responses_for("200", "Case", "De casus.", "Unauthorized", "NotFound"),
        },
        "patch": {
            "operationId": "updateCase",
            "tags": ["cases"],
            "summary": "Wijzig soort, eerste dag zonder onderwijs, aanleiding, fase of regie.",
            "parameters": [IF_MATCH],
            "requestBody": request_body("CaseUpdate"),
            "responses": responses_for("200", "Case", "De bijgewerkte casus.", *WRITE_ERRORS),
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
