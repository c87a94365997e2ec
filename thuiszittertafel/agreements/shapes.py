"""An agreement as the API returns it and Socket.IO sends it (DESIGN §8)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from ..shapes import Among, Id, Moment, Shape, Version, maybe

UNITS = ("days", "weeks", "months")
STATUSES = ("open", "done", "cancelled")


class Recurrence(Shape):
    """A repetition as a rule, for example every 4 weeks."""

    component: ClassVar[bool] = False
    closed: ClassVar[bool] = True

    every: Annotated[int, Field(ge=1)]
    unit: Annotated[str, Among(UNITS)]


class Agreement(Shape):
    """What agreements.queries.agreement_json returns."""

    id: Id
    case_id: Id
    description: str
    owner_org_id: Id
    owner_user_id: Id | None
    owner_party: Annotated[str, Among(["ouders", "jongere"])] | None = maybe()
    due_at: Moment
    recurrence: Recurrence | None = Field(
        description="Herhaling als regel, bijvoorbeeld elke 4 weken; elke keer wordt"
        " apart bijgehouden."
    )
    status: Annotated[str, Among(STATUSES)]
    paused_until: date | None = Field(description="Termijn gepauzeerd tot en met.")
    day_count: Annotated[str, Among(["school", "calendar"])] = maybe(
        "Herinnering en opschaling tellen in schooldagen of kalenderdagen."
    )
    occurrence: Annotated[int, Field(ge=1)] = maybe("De lopende keer.")
    result: str | None = maybe()
    cancel_reason: str | None = maybe()
    pause_reason: str | None = maybe()
    meeting_id: Id | None = maybe()
    created_by_id: Id = maybe()
    created_at: Moment = maybe()
    version: Version = maybe()
