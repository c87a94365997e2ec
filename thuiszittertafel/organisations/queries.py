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
