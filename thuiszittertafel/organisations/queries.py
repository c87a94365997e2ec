"""Read side of organisations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Organisation, OrgKind, organisation_municipalities


def serving_organisation(
    session: Session, kind: OrgKind, municipality_id: int
) -> Organisation | None:
    """The organisation of this kind that serves the municipality (lowest id if several)."""
    return session.scalar(
        select(Organisation)
        .join(
            organisation_municipalities,
            organisation_municipalities.c.organisation_id == Organisation.id,
        )
        .where(
            Organisation.kind == kind,
            organisation_municipalities.c.municipality_id == municipality_id,
        )
        .order_by(Organisation.id)
        .limit(1)
    )


def all_organisations(session: Session, kind: OrgKind | None = None) -> list[Organisation]:
    stmt = select(Organisation).order_by(Organisation.kind, Organisation.name)
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    return list(session.scalars(stmt))


def people_to_tell(session: Session, org: Organisation, case=None) -> list:
    """Who hears what is addressed to an organisation (DESIGN §8): its contact person on the
    case, else its coordinators, else all its active users — never nobody while it has any."""
    from ..auth.models import User
    from ..cases.models import Participation

    if case is not None:
        contact = session.scalar(
            select(User)
            .join(Participation, Participation.contact_user_id == User.id)
            .where(
                Participation.case_id == case.id,
                Participation.org_id == org.id,
                Participation.ended_on.is_(None),
                User.active.is_(True),
            )
        )
        if contact is not None:
            return [contact]
    return coordinators_or_members(session, org)


def coordinators_or_members(session: Session, org: Organisation) -> list:
    """The organisation's active coordinators, else all its active users."""
    from ..auth.models import Role, User

    members = list(
        session.scalars(
            select(User).where(User.org_id == org.id, User.active.is_(True)).order_by(User.id)
        )
    )
    coordinators = [u for u in members if u.has_role(Role.coordinator)]
    return coordinators or members
