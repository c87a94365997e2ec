"""The meeting bodies (planning, the agenda, minutes and decisions, attendance) and the
meeting, agenda item and decision as the API returns them."""

from __future__ import annotations

from typing import Any

from ...meetings.suggestions import REASONS
from . import Body, Id, LooseShape, link, optional, required
from .fields import DATETIME, ID, INPUT_ID, MOMENT, TEXT, enum, nullable

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


class AgendaItem(LooseShape):
    """What meetings.queries.item_json returns."""

    id: Any = required(ID)
    case_id: Any = required(ID)
    position: Any = optional(type="integer", minimum=1)
    reasons: Any = optional(REASON_LIST)
    started_at: Any = optional(nullable(DATETIME))
    ended_at: Any = optional(nullable(DATETIME))
    parents_informed: Any = optional(
        type="boolean", description="Ouders zijn geïnformeerd dat de casus besproken wordt."
    )
    parents_present: Any = optional(type="boolean", description="Ouders zijn aanwezig.")
    pupil_present: Any = optional(type="boolean", description="De jongere is aanwezig.")
    discussed: Any = optional(type="boolean", description="false: niet besproken (met reden).")
    not_discussed_reason: Any = optional(nullable(TEXT))
    carried_from_item_id: Any = optional(
        nullable(ID),
        description="Het agendapunt van een eerder overleg waar dit punt niet besproken werd.",
    )


class Meeting(LooseShape):
    """What meetings.queries.meeting_json returns (and, on planning, the series)."""

    id: Any = required(ID)
    kind: Any = required(
        TEXT, description="zat, thuiszitterstafel of een eigen soort van de regio."
    )
    title: Any = required(
        TEXT, description="Met de datum: 'Thuiszitterstafel — di 8 december 2026'."
    )
    starts_at: Any = required(DATETIME)
    status: Any = required(enum(["draft", "published", "final"]))
    place: Any = optional(nullable(TEXT))
    host_org_id: Any = optional(ID)
    chair_user_id: Any = required(ID)
    attendee_user_ids: Any = required(IDS)
    present_user_ids: Any = optional(
        IDS, description="Wie van voorzitter en deelnemers aanwezig was."
    )
    series_id: Any = optional(nullable(ID))
    current_item_id: Any = optional(nullable(ID))
    series_meeting_ids: Any = optional(
        IDS, description="Alleen bij aanmaken: alle overleggen van de reeks."
    )
    agenda: Any = required(
        type="array",
        items=link("AgendaItem"),
        description="Voor deelnemers pas na publicatie; de voorzitter ziet altijd de agenda.",
    )


class Decision(LooseShape):
    """What POST /meetings/{id}/agenda/{item_id}/decisions returns."""

    id: Any = required(ID)
    agenda_item_id: Any = optional(ID)
    client_id: Any = optional(nullable(TEXT))
    text: Any = required(TEXT)
    moved_to_phase: Any = optional(nullable(ID))
    agreements: Any = required(type="array", items=link("Agreement"))


SUGGESTION = {
    "type": "object",
    "required": ["case_id", "reasons"],
    "properties": {
        "case_id": ID,
        "initials": TEXT,
        "reasons": REASON_LIST,
        "reason_labels": {"type": "array", "items": TEXT},
        "times_discussed": {"type": "integer", "minimum": 0},
    },
}


class MeetingSuggestions(LooseShape):
    """What GET /meetings/suggestions returns: the cases that need a table, with why."""

    items: Any = required(type="array", items=SUGGESTION)
