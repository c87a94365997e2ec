"""The JSON shapes of DESIGN §8. Dates and times are ISO 8601; times are UTC."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..auth.models import User
from ..cases import law
from ..cases.models import Case, RegieProposal
from ..core import policy
from ..organisations.models import Organisation, OrgKind
from .schemas import cases as schema
from .schemas import users as users_schema

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
    return case_shape(case, access, today).dump()


def case_shape(case: Case, access: str, today: date) -> schema.Case:
    """Build the case for this viewer: under meeting access the hidden keys empty, no
    participants, the pupil by initials only."""
    full = policy.may_see_name(access)
    shown = _case_fields(case, access, today, full)
    if not full:
        shown.update(dict.fromkeys(MEETING_HIDDEN), participant_org_ids=[])
    return schema.Case(**shown)


def _case_fields(case: Case, access: str, today: date, full: bool) -> dict[str, Any]:
    pupil = case.pupil
    return dict(
        id=case.id,
        pupil=schema.Pupil(
            initials=pupil.initials,
            name=pupil.name if full else None,
            birth_date=pupil.birth_date if full else None,
            municipality=pupil.municipality.name if full else None,
        ),
        kind=case.kind,
        absence_authorised=case.absence_authorised,
        absence_reason=case.absence_reason,
        thuiszitter=law.case_is_thuiszitter(case, today),
        reduced_timetable=_reduced_timetable(case),
        status=case.status,
        education_type=pupil.education_type,
        absent_since=case.absent_since,
        days_absent=case.days_absent(today),
        phase=case.phase,
        phase_due_on=case.phase_due_on,
        escalated=case.escalated,
        school_org_id=case.school_org_id,
        swv_org_id=case.swv_org_id,
        lead_org_id=case.lead_org_id,
        lead_user_id=case.lead_user_id,
        regie_proposal=regie_proposal_shape(case.regie_proposal),
        participant_org_ids=case.participant_org_ids(),
        summary=case.summary if full else None,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        outcome=case.outcome,
        education_resumed_on=case.education_resumed_on,
        access=access,
        version=case.version,
    )


def _reduced_timetable(case: Case) -> schema.ReducedTimetable | None:
    # Hours, from and until are set and cleared together (cases.leerplicht).
    hours, starts_on, ends_on = case.reduced_hours, case.reduced_from, case.reduced_until
    if hours is None or starts_on is None or ends_on is None:
        return None
    return schema.ReducedTimetable(
        hours=hours, starts_on=starts_on, ends_on=ends_on, informed_on=case.reduced_informed_on
    )


def regie_proposal_shape(proposal: RegieProposal | None) -> schema.RegieProposal | None:
    if proposal is None:
        return None
    return schema.RegieProposal(
        id=proposal.id,
        org_id=proposal.org_id,
        phase=proposal.phase,
        reason=proposal.reason,
        proposed_by_id=proposal.proposed_by_id,
        proposed_at=proposal.proposed_at,
        status=proposal.status,
    )


def swv_org_id(org: Organisation) -> int | None:
    """The SWV an organisation belongs to: a school's own SWV, an SWV itself."""
    if org.kind == OrgKind.school:
        return org.swv_id
    return org.id if org.kind == OrgKind.swv else None


def me_json(user: User, calendar_url: str | None) -> dict[str, Any]:
    """The logged-in user, with the address of their calendar feed (None: no feed)."""
    return me_shape(user, calendar_url).dump()


def me_shape(user: User, calendar_url: str | None) -> users_schema.Me:
    org = user.organisation
    return users_schema.Me(
        id=user.id,
        username=user.username,
        name=user.name,
        roles=user.roles,
        organisation=users_schema.MeOrganisation(
            id=org.id,
            name=org.name,
            kind=org.kind.value,
            municipalities=sorted(org.served_municipality_names()),
            swv_org_id=swv_org_id(org),
        ),
        calendar_url=calendar_url,
    )
