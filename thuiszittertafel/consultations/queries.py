"""Read side of consultations: only member organisations see one, and they see all of it.

A consultation is no case, so the case policy (core.policy) does not apply to it; this
module is its one visibility rule. Once converted, the messages are read from the case log
under the case's own rules, and the consultation only shows where they went.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, false, func, select
from sqlalchemy.orm import Session, selectinload

from ..auth.models import User
from ..core.errors import Conflict, NotFound
from ..core.inputs import MAX_ID
from ..notes.markup import render
from . import shapes
from .models import Consultation, ConsultationMember, ConsultationMessage

# The page filter "gesloten" holds what is no longer open: closed and converted.
LIST_STATUSES = {
    "open": ("open",),
    "closed": ("closed",),
    "converted": ("converted",),
    "ended": ("closed", "converted"),
    "all": ("open", "closed", "converted"),
}
# The words of every other 404 (also of an id past the integer range, which routing
# refuses), so a hidden consultation cannot be told from a missing one.
NOT_FOUND = "Niet gevonden, of u heeft geen toegang."


def consultation_visible(actor: User) -> ColumnElement[bool]:
    """WHERE condition on `consultations`: the actor's organisation is a member."""
    if not actor.is_active:
        return false()
    return exists().where(
        ConsultationMember.consultation_id == Consultation.id,
        ConsultationMember.org_id == actor.org_id,
    )


def visible_consultations(actor: User):
    return select(Consultation).where(consultation_visible(actor))


def get_consultation(session: Session, actor: User, consultation_id: int) -> Consultation:
    """The consultation if the actor's organisation is a member; NotFound alike otherwise."""
    if not 0 < consultation_id <= MAX_ID:
        raise NotFound(NOT_FOUND)
    found = session.scalar(
        visible_consultations(actor)
        .where(Consultation.id == consultation_id)
        .options(selectinload(Consultation.members))
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def consultation_page(
    session: Session, actor: User, *, status: str = "all", page: int = 1, per_page: int = 25
) -> tuple[list[Consultation], int]:
    """One page of the actor's consultations, newest first, and their total."""
    stmt = visible_consultations(actor).where(Consultation.status.in_(LIST_STATUSES[status]))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.options(selectinload(Consultation.members))
        .order_by(Consultation.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(rows), total


def require_readable_messages(consultation: Consultation) -> None:
    """After conversion the messages live in the case log, under the case's visibility."""
    if consultation.status == "converted":
        raise Conflict(
            f"Deze consultatie is omgezet naar casus {consultation.case_id}; de"
            " berichten staan nu in de chronologie van die casus.",
            code="omgezet",
        )


def _messages(consultation: Consultation, after_id: int | None):
    stmt = select(ConsultationMessage).where(ConsultationMessage.consultation_id == consultation.id)
    return stmt.where(ConsultationMessage.id > after_id) if after_id is not None else stmt


def messages_for(
    session: Session, consultation: Consultation, after_id: int | None = None
) -> list[ConsultationMessage]:
    """Every message (ascending id); a consultation is a short conversation."""
    stmt = _messages(consultation, after_id).order_by(ConsultationMessage.id)
    return list(session.scalars(stmt))


def message_page(
    session: Session, consultation: Consultation, *, after_id: int | None, page: int, per_page: int
) -> tuple[list[ConsultationMessage], int]:
    stmt = _messages(consultation, after_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(ConsultationMessage.id).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), total


def message_json(message: ConsultationMessage) -> dict:
    """A message as the API and Socket.IO send it."""
    return message_shape(message).dump()


def message_shape(message: ConsultationMessage) -> shapes.ConsultationMessage:
    return shapes.ConsultationMessage(
        id=message.id,
        consultation_id=message.consultation_id,
        author_id=message.author_id,
        author_name=message.author.name,
        org_id=message.org_id,
        org_name=message.organisation.name,
        body=message.body,
        html=render(message.body),
        client_id=message.client_id,
        created_at=message.created_at,
    )


def consultation_json(c: Consultation) -> dict:
    return consultation_shape(c).dump()


def consultation_shape(c: Consultation) -> shapes.Consultation:
    return shapes.Consultation(
        id=c.id,
        status=c.status,
        description=c.description,
        age=c.age,
        education_type=c.education_type,
        municipality_id=c.municipality_id,
        municipality=c.municipality.name if c.municipality else None,
        opened_by_id=c.opened_by_id,
        opened_by_org_id=c.opened_by_org_id,
        partner_org_id=c.partner_org_id,
        members=[_member_shape(m) for m in c.members],
        created_at=c.created_at,
        closed_at=c.closed_at,
        case_id=c.case_id,
    )


def _member_shape(m: ConsultationMember) -> shapes.ConsultationMember:
    return shapes.ConsultationMember(
        org_id=m.org_id,
        org_name=m.organisation.name,
        org_kind=m.organisation.kind.value,
        role=m.role,
        invited_by_id=m.invited_by_id,
        added_at=m.added_at,
    )
