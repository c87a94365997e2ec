"""A meeting and its agenda items as the API returns them (the live screen's state starts
from the same agenda item)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..shapes import Among, Id, Moment, Shape, maybe
from .models import STATUSES
from .suggestions import REASONS

Reason = Annotated[str, Among(REASONS)]


class AgendaItem(Shape):
    """What meetings.queries.item_json returns."""

    id: Id
    case_id: Id
    position: Annotated[int, Field(ge=1)] = maybe()
    reasons: list[Reason] = maybe()
    started_at: Moment | None = maybe()
    ended_at: Moment | None = maybe()
    parents_informed: bool = maybe("Ouders zijn geïnformeerd dat de casus besproken wordt.")
    parents_present: bool = maybe("Ouders zijn aanwezig.")
    pupil_present: bool = maybe("De jongere is aanwezig.")
    discussed: bool = maybe("false: niet besproken (met reden).")
    not_discussed_reason: str | None = maybe()
    carried_from_item_id: Id | None = maybe(
        "Het agendapunt van een eerder overleg waar dit punt niet besproken werd."
    )


class Meeting(Shape):
    """What meetings.queries.meeting_json returns (and, on planning, the series)."""

    id: Id
    kind: str = Field(description="zat, thuiszitterstafel of een eigen soort van de regio.")
    title: str = Field(description="Met de datum: 'Thuiszitterstafel — di 8 december 2026'.")
    starts_at: Moment
    status: Annotated[str, Among(STATUSES)]
    place: str | None = maybe()
    host_org_id: Id = maybe()
    chair_user_id: Id
    attendee_user_ids: list[Id]
    present_user_ids: list[Id] = maybe("Wie van voorzitter en deelnemers aanwezig was.")
    series_id: Id | None = maybe()
    current_item_id: Id | None = maybe()
    series_meeting_ids: list[Id] = maybe("Alleen bij aanmaken: alle overleggen van de reeks.")
    agenda: list[AgendaItem] = Field(
        description="Voor deelnemers pas na publicatie; de voorzitter ziet altijd de agenda."
    )
