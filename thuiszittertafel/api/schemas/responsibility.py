"""The bodies of the permission table's actions (DESIGN §3a): participations, consent,
regie proposals, parties and closing a case; and those records as the API returns them."""

from __future__ import annotations

from typing import Any

from ...cases.vocabulary import CONSENT_BASES, OUTCOMES
from . import Body, Id, LooseShape, optional, required
from .cases import RegieProposal  # noqa: F401 - its component is listed here
from .fields import DATE, ID, INPUT_DATE, INPUT_ID, TEXT, enum, nullable

CONSENT_BASIS = enum(
    CONSENT_BASES,
    "Jonger dan 12: toestemming-ouders; 12 tot 16: toestemming-ouders-en-jongere;"
    " 16 en ouder: toestemming-jongere; of wettelijke-grondslag.",
)
PARTY_ROLES = ["ouder", "verzorger", "jongere"]
SETTLEMENT = {
    "type": "object",
    "description": "Per open afspraak (id als sleutel): {status: done, result}"
    " of {status: cancelled, reason}. Elke open afspraak, anders 409.",
    "additionalProperties": {
        "type": "object",
        "properties": {"status": enum(["done", "cancelled"]), "result": TEXT, "reason": TEXT},
    },
}


class ParticipationCreate(Body):
    org_id: Id = required(INPUT_ID)
    consent_basis: Any = optional(CONSENT_BASIS)
    consent_given_by: Any = optional(TEXT, maxLength=200)
    contact_user_id: Id = optional(INPUT_ID)
    reason: Any = optional(TEXT, maxLength=500)


class ParticipationEnd(Body):
    reason: Any = required(TEXT, maxLength=300)


class ConsentCreate(Body):
    org_id: Id = required(INPUT_ID)
    basis: Any = required(CONSENT_BASIS)
    given_on: Any = optional(INPUT_DATE)
    given_by: Any = optional(
        TEXT,
        maxLength=200,
        description="Wie toestemming gaf; verplicht behalve bij een wettelijke grondslag.",
    )
    note: Any = optional(TEXT, maxLength=500)


class ConsentWithdraw(Body):
    withdrawn_on: Any = optional(INPUT_DATE)
    reason: Any = required(TEXT, maxLength=500)


class RegieAccept(Body):
    lead_user_id: Id = optional(INPUT_ID, description="Casusregisseur; standaard uzelf.")
    consent_basis: Any = optional(CONSENT_BASIS)
    consent_given_by: Any = optional(TEXT, maxLength=200)


class RegieDecline(Body):
    reason: Any = required(TEXT, maxLength=500)


class PartyCreate(Body):
    role: Any = required(enum(PARTY_ROLES))
    name: Any = required(TEXT, maxLength=200)
    contact: Any = optional(TEXT, maxLength=200, description="Telefoon of e-mail.")
    note: Any = optional(TEXT, maxLength=500)


class CaseClose(Body):
    outcome: Any = required(enum(OUTCOMES))
    resumed_on: Any = optional(INPUT_DATE, description="Onderwijs hervat op.")
    education_resumed_on: Any = optional(
        INPUT_DATE, description="Zoals resumed_on (de naam in het formulier); resumed_on gaat voor."
    )
    agreements: Any = optional(SETTLEMENT)


# In the document's order.
BODIES = (
    ParticipationCreate,
    ParticipationEnd,
    ConsentCreate,
    ConsentWithdraw,
    RegieAccept,
    RegieDecline,
    PartyCreate,
    CaseClose,
)


class Participation(LooseShape):
    """What api.responsibility._participation_json returns."""

    id: Any = required(ID)
    case_id: Any = required(ID)
    org_id: Any = required(ID)
    contact_user_id: Any = optional(nullable(ID))
    started_on: Any = required(DATE)
    ended_on: Any = required(nullable(DATE))
    end_reason: Any = optional(nullable(TEXT))


class Consent(LooseShape):
    """What api.responsibility._consent_json returns."""

    id: Any = required(ID)
    case_id: Any = required(ID)
    org_id: Any = required(ID)
    basis: Any = required(enum(CONSENT_BASES))
    given_on: Any = required(DATE)
    given_by: Any = optional(nullable(TEXT))
    withdrawn_on: Any = required(nullable(DATE))
    withdrawn_reason: Any = optional(nullable(TEXT))


class Party(LooseShape):
    """What api.responsibility._party_json returns."""

    id: Any = required(ID)
    case_id: Any = required(ID)
    role: Any = required(enum(PARTY_ROLES))
    name: Any = required(TEXT)
    contact: Any = optional(nullable(TEXT))
    note: Any = optional(nullable(TEXT))
    ended_on: Any = optional(nullable(DATE))
