"""Read side of meetings: JSON for the API and the live screen's state."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..agreements.models import Agreement
from ..auth.models import User
from ..cases.models import Blocker, Case
from ..cases.vocabulary import FOUR_WEEKS_DAYS, THREE_MONTHS_DAYS
from ..notes.models import Note
from .models import AgendaItem, Meeting
from .suggestions import REASONS


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def agenda_visible(meeting: Meeting, chair: bool) -> bool:
    """The chair always sees the agenda; attendees once it is published (DESIGN §8)."""
    return chair or meeting.status != "draft"


def item_json(item: AgendaItem) -> dict:
    return {"id": item.id, "case_id": item.case_id, "position": item.position,
            "reasons": json.loads(item.reasons) if item.reasons else [],
            "started_at": _iso(item.started_at), "ended_at": _iso(item.ended_at)}


def meeting_json(meeting: Meeting, viewer: User) -> dict:
    return {
        "id": meeting.id, "kind": meeting.kind, "title": meeting.title,
        "starts_at": _iso(meeting.starts_at), "status": meeting.status,
        "place": meeting.place, "host_org_id": meeting.host_org_id,
        "chair_user_id": meeting.chair_user_id,
        "attendee_user_ids": [u.id for u in meeting.attendees],
        "series_id": meeting.series_id, "current_item_id": meeting.current_item_id,
        "agenda": [item_json(i) for i in meeting.items]
        if agenda_visible(meeting, viewer.id == meeting.chair_user_id) else [],
    }


def item_state(session: Session, meeting: Meeting, item: AgendaItem, today: date) -> dict:
    """What the meeting needs of one case (DESIGN §3 rule 4): never the name or other notes."""
    case = session.get(Case, item.case_id)
    pupil = case.pupil
    days = case.days_absent(today)
    blockers = session.scalars(select(Blocker).where(
        Blocker.case_id == case.id, Blocker.until.is_(None)).order_by(Blocker.since))
    agreements = session.scalars(select(Agreement).where(
        Agreement.case_id == case.id, Agreement.status == "open").order_by(Agreement.due_at))
    notes = session.scalars(select(Note).where(
        Note.case_id == case.id, Note.meeting_id == meeting.id).order_by(Note.id))
    return {
        **item_json(item),
        "reason_labels": [REASONS[r] for r in (json.loads(item.reasons) if item.reasons
                                               else [])],
        "initials": pupil.initials, "age": pupil.age(today),
        "education_type": pupil.education_type, "phase": case.phase,
        "lead_org": case.lead_org.name if case.lead_org else None,
        "days_absent": days, "four_weeks": days >= FOUR_WEEKS_DAYS,
        "three_months": days >= THREE_MONTHS_DAYS, "escalated": case.escalated,
        "phase_due_on": case.phase_due_on.isoformat() if case.phase_due_on else None,
        "blockers": [b.kind for b in blockers],
        "agreements": [{"id": a.id, "description": a.description,
                        "owner_org": a.owner_org.name, "owner_org_id": a.owner_org_id,
                        "due_at": clock.local(a.due_at).strftime("%d-%m-%Y")}
                       for a in agreements],
        "notes": [{"id": n.id, "org_name": n.organisation.name, "body": n.body,
                   "created_at": n.created_at.isoformat()} for n in notes],
        "decisions": [{"id": d.id, "text": d.text, "moved_to_phase": d.moved_to_phase,
                       "agreement_ids": [a.id for a in d.agreements]}
                      for d in item.decisions],
        "participant_orgs": [{"id": p.org_id, "name": p.organisation.name}
                             for p in case.active_participations()],
    }


def meeting_state(session: Session, meeting: Meeting, *, chair: bool, today: date) -> dict:
    """The live screen: the meeting and, once the agenda is out and until the minutes are
    final, every item's state. `chair`: as the chair sees it (the draft agenda too)."""
    body = {
        "id": meeting.id, "kind": meeting.kind, "kind_label": meeting.kind_label,
        "title": meeting.title, "starts_at": _iso(meeting.starts_at),
        "status": meeting.status, "status_label": meeting.status_label,
        "place": meeting.place, "chair_user_id": meeting.chair_user_id,
        "current_item_id": meeting.current_item_id, "is_chair": chair,
        "now": clock.now().isoformat(), "agenda": []}
    if agenda_visible(meeting, chair) and meeting.status != "final":
        body["agenda"] = [item_state(session, meeting, i, today) for i in meeting.items]
    return body


def audit_view(session: Session, key: str, actor: User, meeting: Meeting, action: str, *,
               now) -> None:
    """Audit a view of the meeting and, for an attendee while the agenda is out, of each
    case it shows with access "meeting" (DESIGN §3 rule 4: every such view is audited)."""
    from ..audit import services as audit

    chair = actor.id == meeting.chair_user_id
    audit.record(session, key=key, actor=actor, action=action, now=now,
                 object_type="meeting", object_id=meeting.id)
    if agenda_visible(meeting, chair) and meeting.status != "final" and not chair:
        for item in meeting.items:
            audit.record(session, key=key, actor=actor, action=action, now=now,
                         object_type="case", object_id=item.case_id, access="meeting")
