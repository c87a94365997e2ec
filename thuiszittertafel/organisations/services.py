"""Region settings functioneel beheer keeps per gemeente (DESIGN §4a): the vast aanspreekpunt
leerplicht, and the organisation that carries the kwalificatieplicht for its 16–17 year olds.
Intake, the notices and "Waarom zie ik dit?" read them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..core.errors import NotFound
from ..core.inputs import Input
from .models import Municipality, Organisation, OrgKind, organisation_municipalities


def require_functioneel_beheer(actor: User) -> None:
    """Region settings are functioneel beheer's alone; others find no such page."""
    if not actor.has_role(Role.functioneel_beheer):
        raise NotFound()


def leerplicht_people(session: Session, municipality: Municipality) -> list[User]:
    """Who can be the gemeente's vast aanspreekpunt: active users of a leerplicht
    organisation that serves it."""
    serving = select(organisation_municipalities.c.organisation_id).where(
        organisation_municipalities.c.municipality_id == municipality.id
    )
    return list(
        session.scalars(
            select(User)
            .join(Organisation, Organisation.id == User.org_id)
            .where(
                Organisation.kind == OrgKind.leerplicht,
                Organisation.id.in_(serving),
                User.active.is_(True),
            )
            .order_by(User.name)
        )
    )


def set_region_settings(
    session: Session, actor: User, municipality_id: int, data: Mapping[str, Any], *, now: datetime
) -> Municipality:
    """Set (or clear) a gemeente's vast aanspreekpunt leerplicht and kwalificatieplicht."""
    require_functioneel_beheer(actor)
    return apply_region_settings(session, municipality_id, data)


def apply_region_settings(
    session: Session, municipality_id: int, data: Mapping[str, Any]
) -> Municipality:
    """The settings themselves, validated (the CLI, run by the administrator, uses this)."""
    municipality = session.get(Municipality, municipality_id)
    if municipality is None:
        raise NotFound("Deze gemeente kennen we niet.")
    i = Input(data)
    contact_id = i.integer("leerplicht_contact_user_id", "het vaste aanspreekpunt")
    org_id = i.integer("kwalificatieplicht_org_id", "de organisatie voor de kwalificatieplicht")
    if contact_id is not None and contact_id not in {
        u.id for u in leerplicht_people(session, municipality)
    }:
        i.fail(
            "leerplicht_contact_user_id",
            f"Het vaste aanspreekpunt moet een actieve leerplichtambtenaar zijn van een"
            f" leerplichtorganisatie die {municipality.name} bedient.",
        )
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org_id is not None and (org is None or org.kind != OrgKind.leerplicht):
        i.fail(
            "kwalificatieplicht_org_id",
            "Kies een leerplichtorganisatie (bijvoorbeeld een bureau leerplicht van een"
            " andere gemeente).",
        )
    i.done()
    municipality.leerplicht_contact_user_id = contact_id
    municipality.kwalificatieplicht_org_id = org_id
    session.flush()
    return municipality


def municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))
