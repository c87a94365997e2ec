"""The document's responsibility actions (DESIGN §3a): participations, consent, regie
proposals, parties, closing."""

from __future__ import annotations

from typing import Any

from ..schemas import components, responsibility
from ..schemas.fields import ID
from .common import CASE_ID, IF_MATCH, WRITE_ERRORS, request_body, responses_for

PARTICIPATION_ID = {"name": "participation_id", "in": "path", "required": True, "schema": ID}
CONSENT_ID = {"name": "consent_id", "in": "path", "required": True, "schema": ID}
PROPOSAL_ID = {"name": "proposal_id", "in": "path", "required": True, "schema": ID}
SCHEMAS: dict[str, Any] = {
    **components(
        responsibility.RegieProposal,
        responsibility.Participation,
        responsibility.Consent,
        responsibility.Party,
        responsibility.PartyList,
    ),
    **components(*responsibility.BODIES),
}


def _action(operation: str, summary: str, body: str, status: str, schema: str, done: str):
    return {
        "operationId": operation,
        "tags": ["responsibility"],
        "summary": summary,
        "requestBody": request_body(body),
        "responses": responses_for(status, schema, done, *WRITE_ERRORS),
    }


PATHS: dict[str, Any] = {
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
            "responses": responses_for(
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
        "post": {
            **_action(
                "closeCase",
                "Een casus sluiten met uitkomst en wat er met elke open afspraak gebeurt.",
                "CaseClose",
                "200",
                "Case",
                "De gesloten casus; alle betrokkenen worden bericht.",
            ),
            "parameters": [IF_MATCH],
        },
    },
}
