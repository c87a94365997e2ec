"""The document's base: the error shape, tokens, me and cases."""

from __future__ import annotations

from typing import Any

from ...cases.filters import MAX_PER_PAGE, SORTS, STATUSES
from ...cases.vocabulary import CASE_KINDS
from ..schemas import components
from ..schemas.cases import Case, CaseCreate, CaseList, CaseUpdate, Pupil
from ..schemas.errors import Error
from ..schemas.fields import ID, TEXT, enum
from ..schemas.users import Me, MeOrganisation, Token, TokenRequest
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
        "Alleen met sort=id, -id, days_absent of -days_absent: de casussen na deze in die"
        " volgorde (de `next_after` van de vorige pagina), even snel op elke diepte; `page`"
        " telt dan niet.",
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
    **components(Token, MeOrganisation, Me),
    **components(Pupil, Case),
    **components(CaseList),
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
