"""Choices and defaults for the consultation forms (plain HTML; services validate)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.forms import EDUCATION_LABELS, intake_choices
from ..organisations.models import Municipality, Organisation, OrgKind
from .models import MAX_AGE, MIN_AGE, Consultation
from .services import MAY_ADVISE, MAY_JOIN


def new_choices(session: Session) -> dict:
    """Leerplicht and SWV organisations to ask, municipalities, education types."""
    partners = session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_(MAY_ADVISE))
        .order_by(Organisation.kind, Organisation.name)
    )
    return {
        "partners": list(partners),
        "municipalities": list(session.scalars(select(Municipality).order_by(Municipality.name))),
        "education_types": EDUCATION_LABELS,
        "min_age": MIN_AGE,
        "max_age": MAX_AGE,
    }


def new_defaults(user: User) -> dict[str, str]:
    """A school asks about its own pupils: prefill its municipality, type and SWV."""
    org = user.organisation
    values: dict[str, str] = {}
    if org.kind == OrgKind.school:
        if org.municipality_id:
            values["municipality_id"] = str(org.municipality_id)
        types = (org.education_types or "").split(",")
        if len(types) == 1 and types[0] in EDUCATION_LABELS:
            values["education_type"] = types[0]
    elif len(org.municipalities) == 1:
        values["municipality_id"] = str(org.municipalities[0].id)
    return values


def invitable(session: Session, consultation: Consultation) -> list[Organisation]:
    members = consultation.member_org_ids()
    stmt = (
        select(Organisation)
        .where(Organisation.kind.in_(MAY_JOIN), Organisation.id.not_in(members))
        .order_by(Organisation.kind, Organisation.name)
    )
    return list(session.scalars(stmt))


def convert_choices(session: Session) -> dict:
    return intake_choices(session)


def convert_defaults(consultation: Consultation) -> dict[str, str]:
    """What the consultation already says about the pupil, for the intake form."""
    values = {"education_type": consultation.education_type, "summary": consultation.description}
    if consultation.municipality_id:
        values["municipality_id"] = str(consultation.municipality_id)
    if consultation.opened_by_org.kind == OrgKind.school:
        values["school_org_id"] = str(consultation.opened_by_org_id)
    return values
