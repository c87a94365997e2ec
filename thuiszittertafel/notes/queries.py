"""Read side of notes: the policy decides which notes and how much of each."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.models import Case
from ..core import policy
from ..organisations.models import Organisation
from . import shapes
from .markup import render
from .models import Note

PAGE = 500


def _listed(actor: User, case: Case, access: str | None, after_id: int | None):
    stmt = select(Note).where(Note.case_id == case.id, policy.notes_listed(actor, access))
    return stmt.where(Note.id > after_id) if after_id is not None else stmt


def notes_for(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    after_id: int | None = None,
    limit: int = PAGE,
) -> list[Note]:
    """The newest `limit` notes of a visible case this actor is shown, ascending id."""
    stmt = _listed(actor, case, access, after_id).order_by(Note.id.desc()).limit(limit)
    return list(reversed(list(session.scalars(stmt))))


def note_page(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    *,
    after_id: int | None,
    page: int,
    per_page: int,
) -> tuple[list[Note], int]:
    """One page of the notes this actor is shown (ascending id) and their total."""
    stmt = _listed(actor, case, access, after_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Note.id).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def note_json(note: Note, viewer_org: Organisation) -> dict:
    """A note as the API and Socket.IO send it; medical text only to the writing GGD."""
    return note_shape(note, viewer_org).dump()


def note_shape(note: Note, viewer_org: Organisation) -> shapes.Note:
    full = policy.note_body_visible(note.scope, note.org_id, viewer_org)
    return shapes.Note(
        id=note.id,
        case_id=note.case_id,
        author_id=note.author_id,
        author_name=note.author.name,
        org_id=note.org_id,
        org_name=note.organisation.name,
        scope=note.scope,
        category=note.category,
        body=note.body if full else None,
        html=render(note.body) if full else None,
        summary=note.summary,
        redacted=not full,
        created_at=note.created_at,
        client_id=note.client_id,
        corrects_id=note.corrects_id,
    )
