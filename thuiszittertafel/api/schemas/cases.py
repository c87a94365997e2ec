"""The case bodies: intake (POST /cases) and changes (PATCH /cases/{case_id}); the case
as the API returns it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import ConfigDict, Field

from ...cases.vocabulary import (
    ABSENCE_REASONS,
    CASE_KINDS,
    CASE_STATUSES,
    EDUCATION_TYPES,
    OUTCOMES,
)
from ...core.policy import ACCESS_REASONS
from ...shapes import Among, Count, Moment, Shape, Version, maybe
from ...shapes import Id as RowId
from . import Body, Id, Page, optional, required
from .fields import INPUT_DATE, INPUT_ID, TEXT, enum


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
    """The open regie proposal in api.serializers.case_json (regie_proposal_shape)."""

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


class Pupil(Shape):
    """The pupil in api.serializers.case_json."""

    initials: str
    name: str | None = Field(description="null als u de naam niet mag zien.")
    birth_date: date | None = Field(
        description="null bij toegang via een overleg (alleen de initialen)."
    )
    municipality: str | None = Field(
        description="Woongemeente (officiële naam); null bij toegang via een overleg."
    )


class Case(Shape):
    """What api.serializers.case_json returns (DESIGN §8)."""

    id: RowId
    pupil: Pupil
    kind: Annotated[str, Among(CASE_KINDS)]
    absence_authorised: bool = maybe("Geoorloofd afwezig: geen verzuim.")
    absence_reason: Annotated[str, Among(ABSENCE_REASONS)] | None = maybe()
    thuiszitter: bool = maybe("Thuiszitter volgens de landelijke definitie, vandaag.")
    reduced_timetable: ReducedTimetable | None = maybe(
        "Het verkort rooster van een casus 'dreigend', of null."
    )
    regie_proposal: RegieProposal | None = maybe(
        "Open regievoorstel: de regie blijft bij lead_org_id tot de voorgestelde organisatie"
        " akkoord geeft."
    )
    status: Annotated[str, Among(CASE_STATUSES)]
    education_type: Annotated[str, Among(EDUCATION_TYPES)] = maybe()
    absent_since: date
    days_absent: Count
    phase: RowId
    phase_due_on: date | None = maybe()
    escalated: bool
    school_org_id: RowId | None
    swv_org_id: RowId | None
    lead_org_id: RowId | None
    lead_user_id: RowId | None
    participant_org_ids: list[RowId] = Field(description="Actief betrokken organisaties, oplopend.")
    summary: str | None = maybe("null als u de naam niet mag zien.")
    opened_at: Moment = maybe()
    closed_at: Moment | None = maybe()
    outcome: Annotated[str, Among(OUTCOMES)] | None = maybe()
    education_resumed_on: date | None = maybe()
    access: Annotated[str, Among(ACCESS_REASONS)] = Field(description="Waarom u deze casus ziet.")
    version: Version = maybe()


class CaseList(Page[Case]):
    """What GET /cases returns: one page of cases."""

    next_after: RowId | None = maybe(
        "Bij sort=id, -id, days_absent of -days_absent: `after` voor de volgende pagina; null"
        " op de laatste."
    )
