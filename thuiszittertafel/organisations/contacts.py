"""An organisation's vast aanspreekpunt per gemeente it serves (seed 000, DESIGN §8):
notices addressed to the organisation about a pupil of that gemeente go to this person,
not to all its coordinators. Its beheerder (or functioneel beheer) names them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..core.errors import NotFound
from ..core.inputs import Input
from .models import Municipality, Organisation, OrganisationContact, OrgKind


def served(org: Organisation) -> list[Municipality]:
    """The gemeenten an organisation works for (a school: its own)."""
    if org.kind == OrgKind.school:
        return [org.municipality] if org.municipality else []
    return list(org.municipalities)


def contacts_of(session: Session, org: Organisation) -> dict[int, int]:
    """gemeente id -> the contact's user id, for this organisation."""
    rows = session.execute(
        select(OrganisationContact.municipality_id, OrganisationContact.user_id).where(
            OrganisationContact.org_id == org.id
        )
    )
    return {muni: user for muni, user in rows}


def contact_for(session: Session, org: Organisation, municipality_id: int) -> User | None:
    """The organisation's active contact for the gemeente, or None."""
    user = session.scalar(
        select(User)
        .join(OrganisationContact, OrganisationContact.user_id == User.id)
        .where(
            OrganisationContact.org_id == org.id,
            OrganisationContact.municipality_id == municipality_id,
            User.active.is_(True),
            User.org_id == org.id,
        )
    )
    return user


def set_contact(
    session: Session, actor: User, org_id: int, data: Mapping[str, Any]
) -> tuple[Organisation, Municipality, User | None]:
    """Name (or clear) the contact for one gemeente: the organisation's own beheerder, or
    functioneel beheer; another organisation's beheerder finds nothing."""
    org = session.get(Organisation, org_id)
    allowed = actor.is_active and (
        actor.has_role(Role.functioneel_beheer)
        or (actor.has_role(Role.beheerder) and actor.org_id == org_id)
    )
    if org is None or not allowed:
        raise NotFound()
    i = Input(data)
    muni_id = i.integer("municipality_id", "de gemeente", required=True)
    user_id = i.integer("user_id", "het aanspreekpunt")
    municipality = next((m for m in served(org) if m.id == muni_id), None)
    if muni_id is not None and municipality is None:
        i.fail(
            "municipality_id", f"{org.name} bedient deze gemeente niet; kies er een uit de lijst."
        )
    user = session.get(User, user_id) if user_id is not None else None
    if user_id is not None and (user is None or user.org_id != org.id or not user.active):
        i.fail("user_id", f"Kies een actief account van {org.name}.")
    i.done()
    assert municipality is not None  # i.done() raised otherwise
    session.execute(
        delete(OrganisationContact).where(
            OrganisationContact.org_id == org.id,
            OrganisationContact.municipality_id == municipality.id,
        )
    )
    if user is not None:
        session.add(
            OrganisationContact(org_id=org.id, municipality_id=municipality.id, user_id=user.id)
        )
    session.flush()
    return org, municipality, user
