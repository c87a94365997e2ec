"""The bodies of the permission table's actions (DESIGN §3a): participations, consent,
regie proposals, parties and closing a case; and those records as the API returns them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ...cases.vocabulary import CONSENT_BASES, OUTCOMES
from ...shapes import Among, Shape, maybe
from ...shapes import Id as RowId
from . import Body, Id, Page, optional, required
from .cases import RegieProposal  # noqa: F401 - its component is listed here
from .fields import INPUT_DATE, INPUT_ID, TEXT, enum

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


class Participation(Shape):
    """What api.responsibility._participation_json returns."""

    id: RowId
    case_id: RowId
    org_id: RowId
    contact_user_id: RowId | None = maybe()
    started_on: date
    ended_on: date | None
    end_reason: str | None = maybe()


class Consent(Shape):
    """What api.responsibility._consent_json returns."""

    id: RowId
    case_id: RowId
    org_id: RowId
    basis: Annotated[str, Among(CONSENT_BASES)]
    given_on: date
    given_by: str | None = maybe()
    withdrawn_on: date | None
    withdrawn_reason: str | None = maybe()


class Party(Shape):
    """What api.responsibility._party_json returns."""

    id: RowId
    case_id: RowId
    role: Annotated[str, Among(PARTY_ROLES)]
    name: str
    contact: str | None = maybe()
    note: str | None = maybe()
    ended_on: date | None = maybe()


class PartyList(Page[Party]):
    """What GET /cases/{case_id}/parties returns: every party, on one page."""
