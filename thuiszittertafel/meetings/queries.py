"""Read side of meetings: JSON for the API and the live screen's state."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import clock
from ..agreements.models import Agreement
from ..auth.models import User
from ..cases import law
from ..cases.models import Blocker, Case
from ..cases.pupils import masked
from ..core import policy
from ..notes.models import Note
from . import shapes
from .models import AgendaItem, Decision, Meeting
from .suggestions import REASONS
from .table import carried_from_label


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def agenda_visible(meeting: Meeting, chair: bool) -> bool:
    """The chair always sees the agenda; attendees once it is published (DESIGN §8)."""
    return chair or meeting.status != "draft"


def item_json(item: AgendaItem) -> dict:
    """The agenda item as the API returns it."""
    return item_shape(item).dump()


def item_shape(item: AgendaItem) -> shapes.AgendaItem:
    return shapes.AgendaItem(
        id=item.id,
        case_id=item.case_id,
        position=item.position,
        reasons=json.loads(item.reasons) if item.reasons else [],
        started_at=item.started_at,
        ended_at=item.ended_at,
        parents_informed=item.parents_informed,
        parents_present=item.parents_present,
        pupil_present=item.pupil_present,
        discussed=item.not_discussed_reason is None,
        not_discussed_reason=item.not_discussed_reason,
        carried_from_item_id=item.carried_from_id,
    )


def meeting_json(meeting: Meeting, viewer: User) -> dict:
    """The meeting as `viewer` gets it from the API (the agenda once they may see it)."""
    return meeting_shape(meeting, viewer).dump()


def meeting_shape(
    meeting: Meeting, viewer: User, *, series: list[Meeting] | None = None
) -> shapes.Meeting:
    """The meeting; on planning (`series`) with the ids of every meeting of the series."""
    chair = viewer.id == meeting.chair_user_id
    planned = {"series_meeting_ids": [m.id for m in series]} if series is not None else {}
    return shapes.Meeting(
        id=meeting.id,
        kind=meeting.kind,
        title=meeting.dated_title,
        starts_at=meeting.starts_at,
        status=meeting.status,
        place=meeting.place,
        host_org_id=meeting.host_org_id,
        chair_user_id=meeting.chair_user_id,
        attendee_user_ids=[u.id for u in meeting.attendees],
        present_user_ids=[u.id for u in meeting.present],
        series_id=meeting.series_id,
        current_item_id=meeting.current_item_id,
        agenda=[item_shape(i) for i in meeting.items] if agenda_visible(meeting, chair) else [],
        **planned,
    )


def _grouped(rows, key) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def item_state(
    item: AgendaItem,
    case: Case,
    *,
    blockers: list,
    agreements: list,
    notes: list,
    decisions: list,
    chair: bool,
    today: date,
    full_access: bool = False,
) -> dict:
    """What the meeting needs of one case (the issue's list for DESIGN §3 rule 4):
    initials, age, school type, phase, regie, clocks, blockers, open agreements and this
    meeting's notes; never the name or other notes. The participating organisations only
    for the chair, who picks the owners of new agreements from them."""
    pupil = case.pupil
    days = case.days_absent(today)

    def shown(text: str) -> str:  # free text may name the pupil: initials under meeting access
        return text if full_access else masked(text, pupil.given_name, pupil.family_name)

    clock_code = law.clock_badge(case, today)
    reasons = json.loads(item.reasons) if item.reasons else []
    state = {
        **item_json(item),
        "carried_from": carried_from_label(item),
        # The chair opens the case page from the agenda, only where the case is open to
        # them anyway (not through this meeting alone).
        "case_id_linked": case.id if chair and full_access else None,
        "reason_labels": [REASONS[r] for r in reasons],
        "initials": pupil.initials,
        "age": pupil.age(today),
        "education_type": pupil.education_type,
        "phase": case.phase,
        "lead_org": case.lead_org.name if case.lead_org else None,
        "days_absent": days,
        # The legal clock (cases/law.py): thuiszitter badges only for thuiszitters.
        "clock": clock_code,
        "four_weeks": clock_code in ("langdurig", "absoluut", "3-maanden"),
        "three_months": clock_code == "3-maanden",
        "escalated": case.escalated,
        "phase_due_on": case.phase_due_on.isoformat() if case.phase_due_on else None,
        "blockers": [b.kind for b in blockers],
        "agreements": [
            {
                "id": a.id,
                "description": shown(a.description),
                "owner_org": a.owner_org.name,
                "owner_org_id": a.owner_org_id,
                "due_at": clock.local(a.due_at).strftime("%d-%m-%Y"),
            }
            for a in agreements
        ],
        "notes": [
            {
                "id": n.id,
                "org_name": n.organisation.name,
                "body": shown(n.body),
                "created_at": n.created_at.isoformat(),
            }
            for n in notes
        ],
        "decisions": [
            {
                "id": d.id,
                "text": shown(d.text),
                "moved_to_phase": d.moved_to_phase,
                "agreement_ids": [a.id for a in d.agreements],
            }
            for d in decisions
        ],
    }
    if chair:
        state["participant_orgs"] = [
            {"id": p.org_id, "name": p.organisation.name} for p in case.active_participations()
        ]
    return state


def meeting_state(session: Session, meeting: Meeting, viewer: User, *, today: date) -> dict:
    """The live screen as `viewer` sees it: the meeting and, once the agenda is out and until
    the minutes are final, the state of every item whose case the visibility policy lets the
    viewer see (the chair sees the draft agenda too). A fixed number of statements,
    whatever the length of the agenda."""
    chair = viewer.id == meeting.chair_user_id
    body = {
        "id": meeting.id,
        "kind": meeting.kind,
        "kind_label": meeting.kind_label,
        "title": meeting.dated_title,
        "starts_at": _iso(meeting.starts_at),
        "status": meeting.status,
        "status_label": meeting.status_label,
        "place": meeting.place,
        "chair_user_id": meeting.chair_user_id,
        "current_item_id": meeting.current_item_id,
        "is_chair": chair,
        "now": clock.now().isoformat(),
        "agenda": [],
    }
    items = list(meeting.items)
    if not (agenda_visible(meeting, chair) and meeting.status != "final" and items):
        return body
    # The one visibility function decides, also here (rule 4 for attendees).
    cases = {
        c.id: c
        for c in session.scalars(
            policy.visible_cases(viewer, few=True)
            .with_only_columns(Case)
            .where(Case.id.in_([i.case_id for i in items]))
            .options(selectinload(Case.lead_org), selectinload(Case.participations))
        )
    }
    items = [i for i in items if i.case_id in cases]
    case_ids = list(cases)
    # Cases this viewer reads in full anyway: the chair's link to them, and free text as
    # typed (under meeting access only, the pupil's name in it becomes the initials).
    full = set(
        session.scalars(
            policy.visible_cases(viewer, few=True)
            .with_only_columns(Case.id)
            .where(Case.id.in_(case_ids), policy.case_full_access(viewer))
        )
    )
    blockers = _grouped(
        session.scalars(
            select(Blocker)
            .where(Blocker.case_id.in_(case_ids), Blocker.until.is_(None))
            .order_by(Blocker.since)
        ),
        lambda b: b.case_id,
    )
    agreements = _grouped(
        session.scalars(
            select(Agreement)
            .where(Agreement.case_id.in_(case_ids), Agreement.status == "open")
            .order_by(Agreement.due_at)
        ),
        lambda a: a.case_id,
    )
    notes = _grouped(
        session.scalars(
            select(Note)
            .where(Note.case_id.in_(case_ids), Note.meeting_id == meeting.id)
            .order_by(Note.id)
        ),
        lambda n: n.case_id,
    )
    decisions = _grouped(
        session.scalars(
            select(Decision)
            .where(Decision.agenda_item_id.in_([i.id for i in items]))
            .options(selectinload(Decision.agreements))
            .order_by(Decision.id)
        ),
        lambda d: d.agenda_item_id,
    )
    body["agenda"] = [
        item_state(
            i,
            cases[i.case_id],
            blockers=blockers[i.case_id],
            agreements=agreements[i.case_id],
            notes=notes[i.case_id],
            decisions=decisions[i.id],
            chair=chair,
            today=today,
            full_access=i.case_id in full,
        )
        for i in items
    ]
    return body


def viewed(meeting: Meeting, actor: User, *, minutes: bool = False) -> list[dict]:
    """What a view of the meeting shows, as the fields of its audit rows: the meeting, and
    each case it shows (access "meeting") — the meeting screen while the agenda is out, or
    the final minutes (`minutes=True`). DESIGN §3 rule 4: every such view is audited, the
    chair's too."""
    rows: list[dict] = [{"object_type": "meeting", "object_id": meeting.id}]
    chair = actor.id == meeting.chair_user_id
    if minutes or (agenda_visible(meeting, chair) and meeting.status != "final"):
        rows += [
            {"object_type": "case", "object_id": item.case_id, "access": "meeting"}
            for item in meeting.items
        ]
    return rows
