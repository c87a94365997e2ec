"""The consultation bodies (opening one, a message, inviting a member, converting to a case)
and the consultation and its messages as the API returns them."""

from __future__ import annotations

from typing import Any, ClassVar

from ...cases.vocabulary import CONSENT_BASES, EDUCATION_TYPES
from ...consultations.models import MAX_AGE, MEMBER_ROLES, MIN_AGE, STATUSES
from ...organisations.models import OrgKind
from . import Body, Id, LooseShape, link, optional, required
from .cases import CaseCreate
from .fields import DATETIME, ID, INPUT_ID, TEXT, enum, nullable


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


class ConsultationMember(LooseShape):
    """An organisation reading along, in consultations.queries.consultation_json."""

    org_id: Any = optional(ID)
    org_name: Any = optional(TEXT)
    org_kind: Any = optional(enum([k.value for k in OrgKind]))
    role: Any = optional(enum(MEMBER_ROLES))
    invited_by_id: Any = optional(nullable(ID))
    added_at: Any = optional(DATETIME)


class Consultation(LooseShape):
    """What consultations.queries.consultation_json returns."""

    id: Any = optional(ID)
    status: Any = optional(enum(STATUSES))
    description: Any = optional(TEXT)
    age: Any = optional(type="integer")
    education_type: Any = optional(enum(EDUCATION_TYPES))
    municipality_id: Any = optional(nullable(ID))
    municipality: Any = optional(nullable(TEXT))
    opened_by_id: Any = optional(ID)
    opened_by_org_id: Any = optional(ID)
    partner_org_id: Any = optional(ID)
    members: Any = optional(
        type="array", items=link("ConsultationMember"), description="De organisaties die meelezen."
    )
    created_at: Any = optional(DATETIME)
    closed_at: Any = optional(nullable(DATETIME))
    case_id: Any = optional(nullable(ID), description="De casus, na omzetten.")


class ConsultationMessage(LooseShape):
    """What consultations.queries.message_json returns."""

    id: Any = optional(ID)
    consultation_id: Any = optional(ID)
    author_id: Any = optional(ID)
    author_name: Any = optional(TEXT)
    org_id: Any = optional(ID)
    org_name: Any = optional(TEXT)
    body: Any = optional(TEXT, description="Markdown.")
    html: Any = optional(TEXT, description="Veilig gemaakte HTML.")
    client_id: Any = optional(TEXT)
    created_at: Any = optional(DATETIME)


class ConsultationConverted(LooseShape):
    """What POST /consultations/{id}/convert returns."""

    case_id: Any = required(ID)
    consultation: Any = optional(link("Consultation"))
