"""The meeting bodies (planning, the agenda, minutes and decisions, attendance) and the
meeting, agenda item and decision as the API returns them."""

from __future__ import annotations

from typing import Any, ClassVar

from ...agreements.shapes import Agreement
from ...meetings.shapes import AgendaItem, Meeting, Reason
from ...meetings.suggestions import REASONS
from ...shapes import Count, Shape, maybe
from ...shapes import Id as RowId
from . import Body, Id, Page, optional, required
from .fields import ID, INPUT_ID, MOMENT, TEXT, enum

IDS = {"type": "array", "items": ID}
REASON_LIST = {"type": "array", "items": enum(list(REASONS))}
DECIDED_AGREEMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["description", "owner_org_id"],
    "properties": {
        "description": TEXT,
        "owner_org_id": INPUT_ID,
        "owner_user_id": INPUT_ID,
        "due_at": MOMENT,
        "due_in_school_days": INPUT_ID,
        "replaces_id": {
            **INPUT_ID,
            "description": "Een open afspraak van deze casus die deze"
            " vervangt: die wordt geannuleerd met het besluit als reden.",
        },
    },
}


class MeetingCreate(Body):
    kind: Any = required(TEXT)
    title: Any = required(TEXT, maxLength=200)
    starts_at: Any = required(MOMENT, description="Begin; " + MOMENT["description"])
    place: Any = optional(TEXT, maxLength=300, description="Plaats of link.")
    attendee_user_ids: Any = optional(IDS)
    repeat_every_weeks: Id = optional(INPUT_ID, description="Reeks: elke zoveel weken (1-26).")
    repeat_count: Id = optional(INPUT_ID, description="Reeks: aantal overleggen (2-20).")


class AgendaItemCreate(Body):
    case_id: Id = required(INPUT_ID, description="Een casus die de voorzitter mag inzien.")
    reasons: Any = optional(REASON_LIST)


class AgendaOrder(Body):
    item_ids: Any = required(IDS)


class MeetingAttendeesAdd(Body):
    attendee_user_ids: Any = required(IDS)


class MeetingPresence(Body):
    present_user_ids: Any = required(IDS)


class AgendaItemNotDiscussed(Body):
    reason: Any = required(TEXT, maxLength=500)


class MeetingNoteCreate(Body):
    body: Any = required(TEXT)
    client_id: Any = optional(TEXT)
    category: Any = optional(TEXT)


class DecisionCreate(Body):
    text: Any = required(TEXT, maxLength=2000)
    client_id: Any = optional(
        TEXT,
        maxLength=64,
        description="Zelfgekozen sleutel: een"
        " herhaling (na een verloren antwoord) geeft het eerdere besluit.",
    )
    agreements: Any = optional(type="array", maxItems=20, items=DECIDED_AGREEMENT)
    move_to_phase: Id = optional(
        INPUT_ID, description="Fasewissel als onderdeel van het besluit (regie volgt de fase)."
    )


# In the document's order.
BODIES = (
    MeetingCreate,
    AgendaItemCreate,
    AgendaOrder,
    MeetingAttendeesAdd,
    MeetingPresence,
    AgendaItemNotDiscussed,
    MeetingNoteCreate,
    DecisionCreate,
)


class MeetingList(Page[Meeting]):
    """What GET /meetings returns: one page of meetings."""


class Decision(Shape):
    """What POST /meetings/{id}/agenda/{item_id}/decisions returns."""

    id: RowId
    agenda_item_id: RowId = maybe()
    client_id: str | None = maybe()
    text: str
    moved_to_phase: RowId | None = maybe()
    agreements: list[Agreement]


class Suggestion(Shape):
    """A case that needs a table, with why (in MeetingSuggestions)."""

    component: ClassVar[bool] = False

    case_id: RowId
    initials: str = maybe()
    reasons: list[Reason]
    reason_labels: list[str] = maybe()
    times_discussed: Count = maybe()


class MeetingSuggestions(Shape):
    """What GET /meetings/suggestions returns: the cases that need a table, with why."""

    items: list[Suggestion]


__all__ = [
    "AgendaItem",
    "AgendaItemCreate",
    "AgendaItemNotDiscussed",
    "AgendaOrder",
    "Decision",
    "DecisionCreate",
    "Meeting",
    "MeetingAttendeesAdd",
    "MeetingCreate",
    "MeetingList",
    "MeetingNoteCreate",
    "MeetingPresence",
    "MeetingSuggestions",
    "Suggestion",
]
