"""Choices and defaults for the case forms.

The forms are plain HTML with a CSRF token; the services read and check the input
(core.inputs), so nothing is validated twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..organisations.models import Municipality, OrgKind
from ..organisations.queries import all_organisations, org_choices
from .models import Case

EDUCATION_LABELS = {
    "po": "Primair onderwijs (po)",
    "so": "Speciaal onderwijs (so)",
    "vo": "Voortgezet onderwijs (vo)",
    "vso": "Voortgezet speciaal onderwijs (vso)",
    "mbo": "Middelbaar beroepsonderwijs (mbo)",
}


def intake_choices(session: Session) -> dict[str, list]:
    """Municipalities and schools for the intake form."""
    return {
        "municipalities": list(session.scalars(select(Municipality).order_by(Municipality.name))),
        "schools": all_organisations(session, OrgKind.school, active_only=True),
        "education_types": EDUCATION_LABELS,
    }


def intake_defaults(user: User) -> dict[str, str]:
    """Prefill what the user's organisation implies: a school reports its own pupil."""
    org = user.organisation
    values: dict[str, str] = {}
    if org.kind == OrgKind.school:
        values["school_org_id"] = str(org.id)
        if org.municipality_id:
            values["municipality_id"] = str(org.municipality_id)
        types = (org.education_types or "").split(",")
        if len(types) == 1 and types[0] in EDUCATION_LABELS:
            values["education_type"] = types[0]
    elif len(org.municipalities) == 1:
        values["municipality_id"] = str(org.municipalities[0].id)
    return values


def case_choices(session: Session, case: Case) -> dict[str, list]:
    """Options for the forms on the case page."""
    organisations = org_choices(session)
    active = case.active_participations()
    active_ids = {p.org_id for p in active}
    people = (
        session.scalars(
            select(User)
            .where(User.org_id.in_(active_ids), User.active.is_(True))
            .order_by(User.name)
        )
        if active_ids
        else []
    )
    proposal = case.regie_proposal
    proposed_people = (
        list(
            session.scalars(
                select(User)
                .where(User.org_id == proposal.org_id, User.active.is_(True))
                .order_by(User.name)
            )
        )
        if proposal is not None
        else []
    )
    return {
        "proposed_people": proposed_people,
        "organisations": organisations,
        "new_organisations": [o for o in organisations if o.id not in active_ids],
        "participants": sorted((p.organisation for p in active), key=lambda o: o.name),
        "people": list(people),
    }
