"""The JSON shapes of DESIGN §8. Dates and times are ISO 8601; times are UTC."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..auth.models import User
from ..cases import law
from ..cases.models import Case
from ..core import policy
from ..organisations.models import Organisation, OrgKind


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# Under meeting access (DESIGN §3 rule 4) the API shows what the meeting screen shows:
# initials, phase, regie organisation, clocks. These keys stay, empty.
MEETING_HIDDEN = (
    "absence_reason",
    "school_org_id",
    "swv_org_id",
    "lead_user_id",
    "regie_proposal",
    "summary",
    "outcome",
    "education_resumed_on",
)


def case_json(case: Case, access: str, today: date) -> dict[str, Any]:
    """A case as this viewer may see it: under meeting access only the meeting's view."""
    full = policy.may_see_name(access)
    shown = _case_json(case, access, today, full)
    if not full:
        shown.update(dict.fromkeys(MEETING_HIDDEN), participant_org_ids=[])
        shown["pupil"].update(birth_date=None, municipality=None)
    return shown


def _case_json(case: Case, access: str, today: date, full: bool) -> dict[str, Any]:
    pupil = case.pupil
    return {
        "id": case.id,
        "pupil": {
            "initials": pupil.initials,
            "name": pupil.name if full else None,
            "birth_date": iso(pupil.birth_date),
            "municipality": pupil.municipality.name,
        },
        "kind": case.kind,
        "absence_authorised": case.absence_authorised,
        "absence_reason": case.absence_reason,
        "thuiszitter": law.case_is_thuiszitter(case, today),
        "reduced_timetable": (
            {
                "hours": case.reduced_hours,
                "starts_on": iso(case.reduced_from),
                "ends_on": iso(case.reduced_until),
                "informed_on": iso(case.reduced_informed_on),
            }
            if case.reduced_until is not None
            else None
        ),
        "status": case.status,
        "education_type": pupil.education_type,
        "absent_since": iso(case.absent_since),
        "days_absent": case.days_absent(today),
        "phase": case.phase,
        "phase_due_on": iso(case.phase_due_on),
        "escalated": case.escalated,
        "school_org_id": case.school_org_id,
        "swv_org_id": case.swv_org_id,
        "lead_org_id": case.lead_org_id,
        "lead_user_id": case.lead_user_id,
        "regie_proposal": regie_proposal_json(case.regie_proposal),
        "participant_org_ids": case.participant_org_ids(),
        "summary": case.summary if full else None,
        "opened_at": iso(case.opened_at),
        "closed_at": iso(case.closed_at),
        "outcome": case.outcome,
        "education_resumed_on": iso(case.education_resumed_on),
        "access": access,
        "version": case.version,
    }


def regie_proposal_json(proposal) -> dict[str, Any] | None:
    if proposal is None:
        return None
    return {
        "id": proposal.id,
        "org_id": proposal.org_id,
        "phase": proposal.phase,
        "reason": proposal.reason,
        "proposed_by_id": proposal.proposed_by_id,
        "proposed_at": iso(proposal.proposed_at),
        "status": proposal.status,
    }


def swv_org_id(org: Organisation) -> int | None:
    """The SWV an organisation belongs to: a school's own SWV, an SWV itself."""
    if org.kind == OrgKind.school:
        return org.swv_id
    return org.id if org.kind == OrgKind.swv else None


def me_json(user: User) -> dict[str, Any]:
    org = user.organisation
    return {
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "roles": user.roles,
        "organisation": {
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "municipalities": sorted(org.served_municipality_names()),
            "swv_org_id": swv_org_id(org),
        },
    }


def page_json(items: list[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "per_page": per_page}
