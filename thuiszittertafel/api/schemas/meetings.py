"""The meeting bodies: planning, the agenda, minutes and decisions, attendance."""

from __future__ import annotations

from typing import Any

from ...meetings.suggestions import REASONS
from . import Body, Id, optional, required
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
