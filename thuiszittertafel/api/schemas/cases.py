"""The case bodies: intake (POST /cases) and changes (PATCH /cases/{case_id})."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict

from ...cases.vocabulary import ABSENCE_REASONS, CASE_KINDS, EDUCATION_TYPES
from . import Body, Id, optional, required
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
