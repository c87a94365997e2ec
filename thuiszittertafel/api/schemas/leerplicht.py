"""The leerplicht bodies (vrijstellingen, verzuimmeldingen, handhaving, verkort rooster)
and those records as the API returns them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from ...cases.vocabulary import (
    ABSENCE_REPORT_TYPES,
    ENFORCEMENT_STEPS,
    EXEMPTION_ARTICLES,
    EXEMPTION_DECISIONS,
    PV_TYPES,
)
from ...shapes import Among, Count, Moment, Shape, maybe
from ...shapes import Id as RowId
from . import Body, Id, Page, optional, required
from .cases import ReducedTimetable  # noqa: F401 - its component is listed here
from .fields import INPUT_DATE, INPUT_ID, TEXT, enum


def _meanings(choices: dict[str, str]) -> str:
    return "; ".join(f"{k} = {v}" for k, v in choices.items()) + "."


ARTICLE = enum(EXEMPTION_ARTICLES, _meanings(EXEMPTION_ARTICLES))


class _Exemption(Body):
    article: Any = optional(ARTICLE)
    requested_on: Any = optional(INPUT_DATE, description="Verzoek van de ouders ontvangen.")
    advice_on: Any = optional(INPUT_DATE, description="Advies van de jeugdarts (nodig bij 5-a).")
    decided_on: Any = optional(INPUT_DATE, description="Datum van het besluit.")
    decision: Any = optional(
        enum(EXEMPTION_DECISIONS),
        description="Leeg: nog niet beslist. Toegekend of van rechtswege: telt vanaf starts_on.",
    )
    starts_on: Any = optional(INPUT_DATE, description="Geldt vanaf (nodig bij toekenning).")
    ends_on: Any = optional(
        INPUT_DATE,
        description="Geldt tot en met; bij 5-b en 5-c uiterlijk het einde van het schooljaar.",
    )
    note: Any = optional(TEXT, maxLength=500)


class ExemptionCreate(_Exemption):
    article: Any = required(ARTICLE)


class ExemptionUpdate(_Exemption):
    about: ClassVar[str | None] = "Alleen de velden die wijzigen; null maakt een veld leeg."


class EnforcementStepCreate(Body):
    step: Any = required(enum(ENFORCEMENT_STEPS))
    pv_type: Any = optional(
        enum(PV_TYPES), description="Verplicht bij een proces-verbaal, anders leeg."
    )
    taken_on: Any = optional(INPUT_DATE, description="Leeg: vandaag.")
    note: Any = optional(TEXT, maxLength=500)


class ReducedTimetableSet(Body):
    hours: Id = required(INPUT_ID, description="Uren per week, 1 tot en met 40.")
    starts_on: Any = required(INPUT_DATE)
    ends_on: Any = required(INPUT_DATE, description="Een verkort rooster is tijdelijk.")
    informed_on: Any = optional(INPUT_DATE, description="Leerplicht geïnformeerd op.")


class AbsenceReportCreate(Body):
    reported_on: Any = optional(INPUT_DATE, description="Leeg: vandaag.")
    type: Any = required(enum(ABSENCE_REPORT_TYPES, _meanings(ABSENCE_REPORT_TYPES)))
    hours: Id = optional(
        INPUT_ID, description="Uren ongeoorloofd verzuim; verplicht bij 'wettelijk'."
    )
    duo_reference: Any = optional(TEXT, maxLength=60)


# In the document's order.
BODIES = (
    ExemptionCreate,
    ExemptionUpdate,
    EnforcementStepCreate,
    ReducedTimetableSet,
    AbsenceReportCreate,
)


class Exemption(Shape):
    """What api.leerplicht.exemption_json returns."""

    id: RowId
    case_id: RowId
    article: Annotated[str, Among(EXEMPTION_ARTICLES)]
    requested_on: date | None = maybe()
    advice_on: date | None = maybe()
    decided_on: date | None = maybe()
    decision: Annotated[str, Among(EXEMPTION_DECISIONS)] | None
    starts_on: date | None
    ends_on: date | None
    note: str | None = maybe()


class AbsenceReport(Shape):
    """What api.leerplicht.absence_report_json returns."""

    id: RowId
    case_id: RowId
    reported_on: date
    type: Annotated[str, Among(ABSENCE_REPORT_TYPES)]
    hours: Count | None
    duo_reference: str | None
    reporter_org_id: RowId = maybe()
    recorded_at: Moment = maybe()


class EnforcementStep(Shape):
    """What api.leerplicht.enforcement_json returns."""

    id: RowId
    case_id: RowId
    step: Annotated[str, Among(ENFORCEMENT_STEPS)]
    pv_type: Annotated[str, Among(PV_TYPES)] | None
    taken_on: date
    note: str | None
    org_id: RowId
    recorded_at: Moment = maybe()


class ExemptionList(Page[Exemption]):
    """What GET /cases/{case_id}/exemptions returns: one page of vrijstellingen."""


class AbsenceReportList(Page[AbsenceReport]):
    """What GET /cases/{case_id}/absence-reports returns: one page of verzuimmeldingen."""


class EnforcementStepList(Page[EnforcementStep]):
    """What GET /cases/{case_id}/enforcement-steps returns: one page of handhaving."""
