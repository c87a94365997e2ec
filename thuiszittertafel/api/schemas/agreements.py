"""The agreement bodies: making one (POST /cases/{case_id}/agreements) and changing one
(PATCH /agreements/{agreement_id})."""

from __future__ import annotations

from typing import Any, ClassVar

from ...agreements.shapes import Agreement
from . import Body, Id, Page, optional, required
from .fields import INPUT_DATE, INPUT_ID, MOMENT, TEXT, enum

UNITS = ["days", "weeks", "months"]
RECURRENCE = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "required": ["every", "unit"],
    "description": "Herhaling als regel, bijvoorbeeld elke 4 weken; elke keer wordt"
    " apart bijgehouden.",
    "properties": {"every": {"type": "integer", "minimum": 1}, "unit": enum(UNITS)},
}


class AgreementCreate(Body):
    description: Any = required(TEXT, maxLength=500)
    owner_org_id: Id = required(INPUT_ID, description="Een betrokken organisatie.")
    owner_user_id: Id = optional(INPUT_ID, description="Iemand van die organisatie.")
    owner_party: Any = optional(
        enum(["ouders", "jongere"]),
        description="De ouders of de jongere zijn eigenaar; de organisatie (en"
        " persoon) hierboven controleert en krijgt de herinneringen.",
    )
    due_at: Any = optional(MOMENT, description="De termijn; " + MOMENT["description"])
    due_in_school_days: Id = optional(
        INPUT_ID, description="In plaats van due_at: over zoveel schooldagen (17:00)."
    )
    day_count: Any = optional(enum(["school", "calendar"]), default="school")
    recurrence: Any = optional(RECURRENCE)
    # Not an id the database holds: the service judges its size (MAX_RECURRENCE).
    recurrence_every: Any = optional(INPUT_ID, description="Als alternatief voor recurrence.")
    recurrence_unit: Any = optional(enum(UNITS))
    meeting_id: Id = optional(INPUT_ID)


class AgreementUpdate(Body):
    about: ClassVar[str | None] = (
        '{"status": "done", "result"} (resultaat verplicht),'
        ' {"status": "cancelled", "reason"} (reden verplicht),'
        ' {"due_at", "reason"} (reden verplicht),'
        ' {"paused_until", "reason"}, of omschrijving/eigenaar.'
    )

    status: Any = optional(enum(["done", "cancelled"]))
    result: Any = optional(TEXT, maxLength=500)
    reason: Any = optional(TEXT, maxLength=500)
    due_at: Any = optional(MOMENT)
    paused_until: Any = optional(INPUT_DATE)
    description: Any = optional(TEXT, maxLength=500)
    owner_org_id: Id = optional(INPUT_ID)
    owner_user_id: Id = optional(INPUT_ID)


class AgreementList(Page[Agreement]):
    """What GET /cases/{case_id}/agreements returns: one page of agreements."""


__all__ = ["Agreement", "AgreementCreate", "AgreementList", "AgreementUpdate"]
