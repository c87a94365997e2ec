"""Read side of organisations."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..cases import law
from .models import Municipality, Organisation, OrgKind, organisation_municipalities


def serving_organisation(
    session: Session, kind: OrgKind, municipality_id: int, sector: str | None = None
) -> Organisation | None:
    """The organisation of this kind that serves the municipality (lowest id if several);
    for an SWV, the one of the `sector` (po/vo) before one that serves both."""
    stmt = (
        select(Organisation)
        .join(
            organisation_municipalities,
            organisation_municipalities.c.organisation_id == Organisation.id,
        )
        .where(
            Organisation.kind == kind,
            organisation_municipalities.c.municipality_id == municipality_id,
        )
    )
    if sector is not None:
        stmt = stmt.where((Organisation.sector == sector) | Organisation.sector.is_(None))
        stmt = stmt.order_by(Organisation.sector.is_(None), Organisation.id)
    else:
        stmt = stmt.order_by(Organisation.id)
    return session.scalar(stmt.limit(1))


def leerplicht_for_pupil(session: Session, pupil, on) -> Organisation | None:
    """The leerplicht organisation responsible for the pupil on `on` (DESIGN §4a): for a
    kwalificatieplichtige (16/17, no startkwalificatie) the organisation the gemeente names
    for the kwalificatieplicht (seed 001: Druten's 16-17 year olds go to Bureau Leerplicht
    Nijmegen), otherwise the gemeente's own leerplicht."""
    municipality = session.get(Municipality, pupil.municipality_id)
    carrier = municipality.kwalificatieplicht_org_id if municipality is not None else None
    if carrier is not None and law.kwalificatieplichtig(
        pupil.birth_date, on, pupil.has_startkwalificatie
    ):
        return session.get(Organisation, carrier)
    return serving_organisation(session, OrgKind.leerplicht, pupil.municipality_id)


def swv_sector(age: int) -> str:
    """A pupil without a school belongs to the SWV po up to 12, else the SWV vo."""
    return "po" if age < 12 else "vo"


def all_organisations(
    session: Session, kind: OrgKind | None = None, *, active_only: bool = False
) -> list[Organisation]:
    """Organisations by kind and name; `active_only` for pick lists of new links (an
    organisation functioneel beheer switched off takes no new pupils or cases)."""
    stmt = select(Organisation).order_by(Organisation.kind, Organisation.name)
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    if active_only:
        stmt = stmt.where(Organisation.active.is_(True))
    return list(session.scalars(stmt))


class OrgChoice(NamedTuple):
    """An organisation as a pick list shows it."""

    id: int
    name: str
    kind: OrgKind


def org_choices(session: Session) -> list[OrgChoice]:
    """The active organisations by kind and name, for a pick list: only what an option shows
    (a country's 2,000 organisations as full objects cost the case page ~60 ms in Python)."""
    stmt = (
        select(Organisation.id, Organisation.name, Organisation.kind)
        .where(Organisation.active.is_(True))
        .order_by(Organisation.kind, Organisation.name)
    )
    return [OrgChoice(*row) for row in session.execute(stmt)]


def coordinators_or_members(session: Session, org: Organisation) -> list:
    """The organisation's active coordinators, else all its active users."""
    members = list(
        session.scalars(
            select(User).where(User.org_id == org.id, User.active.is_(True)).order_by(User.id)
        )
    )
    coordinators = [u for u in members if u.has_role(Role.coordinator)]
    return coordinators or members
