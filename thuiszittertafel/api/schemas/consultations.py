"""The consultation bodies (opening one, a message, inviting a member, converting to a case)
and what the API returns: the consultation and its messages (consultations.shapes), their
pages and a conversion."""

from __future__ import annotations

from typing import Any, ClassVar

from ...cases.vocabulary import CONSENT_BASES, EDUCATION_TYPES
from ...consultations.models import MAX_AGE, MIN_AGE
from ...consultations.shapes import Consultation, ConsultationMember, ConsultationMessage
from ...shapes import Id as RowId
from ...shapes import Shape, maybe
from . import Body, Id, Page, optional, required
from .cases import CaseCreate
from .fields import INPUT_ID, TEXT, enum


class ConsultationCreate(Body):
    about: ClassVar[str | None] = (
        "Alleen een school, wijkteam, GGD of Doorstroompunt opent een consultatie. Noem geen namen."
    )

    partner_org_id: Id = required(
        INPUT_ID, description="Leerplicht of samenwerkingsverband dat u om advies vraagt."
    )
    description: Any = required(
        TEXT, maxLength=1000, description="Korte beschrijving, zonder namen."
    )
    # Before `age`: of two ids out of range, the route always named this one.
    municipality_id: Id = optional(
        INPUT_ID,
        description="Woongemeente (niet verplicht); bij leerplicht een gemeente die zij bedienen.",
    )
    age: Id = required(
        type=["integer", "string"],
        minimum=MIN_AGE,
        maximum=MAX_AGE,
        description=f"Leeftijd in jaren ({MIN_AGE} tot en met {MAX_AGE}).",
    )
    education_type: Any = required(enum(EDUCATION_TYPES))


class ConsultationMessageCreate(Body):
    body: Any = required(TEXT, maxLength=20000)
    client_id: Any = optional(
        TEXT, maxLength=64, description="Zelf gekozen; herhalen geeft het bewaarde bericht."
    )


class ConsultationMemberCreate(Body):
    org_id: Id = required(INPUT_ID)


class ConsultationConvert(CaseCreate):
    unknown_first: ClassVar[bool] = True
    about: ClassVar[str | None] = (
        "De velden van de intake (zoals POST /cases), plus per wijkteam, GGD of"
        " Doorstroompunt dat meedoet een grondslag; zonder grondslag wordt die"
        " organisatie niet bij de casus betrokken. Alleen de vragende organisatie"
        " en de gevraagde leerplicht/SWV kunnen omzetten."
    )

    summary: Any = optional(
        TEXT, maxLength=2000, description="De aanleiding; leeg: de beschrijving van de consultatie."
    )
    consents: Any = optional(
        type="object",
        additionalProperties={"type": ["string", "null"], "enum": [*CONSENT_BASES, "", None]},
        description="Organisatienummer (als tekst) → grondslag, bijvoorbeeld"
        ' {"12": "toestemming-ouders"}.',
    )


BODIES = (
    ConsultationCreate,
    ConsultationMessageCreate,
    ConsultationMemberCreate,
    ConsultationConvert,
)


class ConsultationConverted(Shape):
    """What POST /consultations/{id}/convert returns."""

    case_id: RowId
    consultation: Consultation = maybe()


class ConsultationList(Page[Consultation]):
    """What GET /consultations returns: one page of consultations, newest first."""


class ConsultationMessageList(Page[ConsultationMessage]):
    """What GET /consultations/{consultation_id}/messages returns: one page of messages."""


__all__ = [
    "BODIES",
    "Consultation",
    "ConsultationConvert",
    "ConsultationConverted",
    "ConsultationCreate",
    "ConsultationList",
    "ConsultationMember",
    "ConsultationMemberCreate",
    "ConsultationMessage",
    "ConsultationMessageCreate",
    "ConsultationMessageList",
]
