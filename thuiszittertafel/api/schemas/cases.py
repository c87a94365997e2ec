"""The case bodies: intake (POST /cases) and changes (PATCH /cases/{case_id}); the case
as the API returns it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import ConfigDict, Field

from ...cases.filters import MAX_PER_PAGE
from ...cases.vocabulary import (
    ABSENCE_REASONS,
    CASE_KINDS,
    CASE_STATUSES,
    EDUCATION_TYPES,
    OUTCOMES,
)
from ...core.policy import ACCESS_REASONS
from ...shapes import Among, Moment, Shape, maybe
from ...shapes import Id as RowId
from . import Body, Id, LooseShape, link, optional, required
from .fields import DATE, DATETIME, ID, INPUT_DATE, INPUT_ID, TEXT, VERSION, enum, nullable


class CaseCreate(Body):
    # An id out of range is named before an unknown field (the intake's order).
    unknown_first: ClassVar[bool] = False

    given_name: Any = required(TEXT, maxLength=100)
    family_name: Any = required(TEXT, maxLength=100)
    birth_date: Any = required(INPUT_DATE)
    municipality_id: Id = required(INPUT_ID, description="Woongemeente.")
    education_type: Any = required(enum(EDUCATION_TYPES))
    kind: Any = required(enum(CASE_KINDS))
    absence_authorised: Any = optional(
        type="boolean",
        default=False,
        description="Geoorloofd afwezig (ziek met een medische reden, verlof): geen"
        " verzuim, alleen bij soort 'dreigend'.",
    )
    absence_reason: Any = optional(
        enum(ABSENCE_REASONS), description="De geldige reden; verplicht bij geoorloofd afwezig."
    )
    absent_since: Any = required(INPUT_DATE, description="Eerste dag zonder onderwijs.")
    school_org_id: Id = optional(
        INPUT_ID, description="Verplicht bij relatief en dreigend; leeg bij absoluut verzuim."
    )
    onderwijsnummer: Any = optional(TEXT, maxLength=20)
    summary: Any = optional(TEXT, maxLength=2000, description="De aanleiding.")


class CaseUpdate(Body):
    # The service names a field that cannot change ("kan niet gewijzigd worden").
    model_config = ConfigDict(extra="allow")
    unknown_first: ClassVar[bool] = False
    about: ClassVar[str | None] = (
        "Alleen de velden die wijzigen. Een andere fase of eerste dag zonder"
        " onderwijs vraagt een reden; fase en regie alleen voor de regiehouder,"
        " leerplicht en de SWV-coördinator."
    )

    kind: Any = optional(enum(CASE_KINDS))
    absence_authorised: Any = optional(type="boolean")
    absence_reason: Any = optional(enum(ABSENCE_REASONS))
    absent_since: Any = optional(INPUT_DATE)
    summary: Any = optional(TEXT, maxLength=2000)
    phase: Id = optional(INPUT_ID)
    reason: Any = optional(TEXT, maxLength=500)
    lead_org_id: Id = optional(INPUT_ID, description="Een betrokken organisatie.")
    lead_user_id: Id = optional(INPUT_ID, description="Iemand van de regie-organisatie.")


class RegieProposal(Shape):
    """The open regie proposal in api.serializers.case_json (regie_proposal_json)."""

    id: RowId
    org_id: RowId
    phase: int | None = maybe()
    reason: str = maybe()
    proposed_by_id: RowId = maybe()
    proposed_at: Moment
    status: Annotated[str, Among(["open"])]


class ReducedTimetable(Shape):
    """The verkort rooster in api.serializers.case_json."""

    hours: Annotated[int, Field(ge=1, le=40)]
    starts_on: date
    ends_on: date
    informed_on: date | None


class Pupil(LooseShape):
    initials: Any = required(TEXT)
    name: Any = required(nullable(TEXT), description="null als u de naam niet mag zien.")
    birth_date: Any = required(
        nullable(DATE), description="null bij toegang via een overleg (alleen de initialen)."
    )
    municipality: Any = required(
        nullable(TEXT),
        description="Woongemeente (officiële naam); null bij toegang via een overleg.",
    )


def _or_null(component: str, description: str) -> dict[str, Any]:
    return {"oneOf": [{"type": "null"}, link(component)], "description": description}


class Case(LooseShape):
    """What api.serializers.case_json returns (DESIGN §8)."""

    id: Any = required(ID)
    pupil: Any = required(link("Pupil"))
    kind: Any = required(enum(CASE_KINDS))
    absence_authorised: Any = optional(
        type="boolean", description="Geoorloofd afwezig: geen verzuim."
    )
    absence_reason: Any = optional(type=["string", "null"], enum=[*ABSENCE_REASONS, None])
    thuiszitter: Any = optional(
        type="boolean", description="Thuiszitter volgens de landelijke definitie, vandaag."
    )
    reduced_timetable: Any = optional(
        _or_null("ReducedTimetable", "Het verkort rooster van een casus 'dreigend', of null.")
    )
    regie_proposal: Any = optional(
        _or_null(
            "RegieProposal",
            "Open regievoorstel: de regie blijft bij lead_org_id tot de"
            " voorgestelde organisatie akkoord geeft.",
        )
    )
    status: Any = required(enum(CASE_STATUSES))
    education_type: Any = optional(enum(EDUCATION_TYPES))
    absent_since: Any = required(DATE)
    days_absent: Any = required(type="integer", minimum=0)
    phase: Any = required(ID)
    phase_due_on: Any = optional(nullable(DATE))
    escalated: Any = required(type="boolean")
    school_org_id: Any = required(nullable(ID))
    swv_org_id: Any = required(nullable(ID))
    lead_org_id: Any = required(nullable(ID))
    lead_user_id: Any = required(nullable(ID))
    participant_org_ids: Any = required(
        type="array", items=ID, description="Actief betrokken organisaties, oplopend."
    )
    summary: Any = optional(nullable(TEXT), description="null als u de naam niet mag zien.")
    opened_at: Any = optional(DATETIME)
    closed_at: Any = optional(nullable(DATETIME))
    outcome: Any = optional(type=["string", "null"], enum=[*OUTCOMES, None])
    education_resumed_on: Any = optional(nullable(DATE))
    access: Any = required(enum(ACCESS_REASONS, "Waarom u deze casus ziet."))
    version: Any = optional(VERSION)


class CaseList(LooseShape):
    """What GET /cases returns: one page of cases."""

    items: Any = required(type="array", items=link("Case"))
    total: Any = required(type="integer", minimum=0)
    page: Any = required(ID)
    per_page: Any = required(ID, maximum=MAX_PER_PAGE)
    next_after: Any = optional(
        nullable(ID),
        description="Bij sort=id of sort=-id: `after` voor de volgende pagina; null op de laatste.",
    )
