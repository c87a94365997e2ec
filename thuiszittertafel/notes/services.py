"""Posting notes. A note is never edited or deleted; a correction points at its original."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.models import Case
from ..core import permissions, policy
from ..core.errors import Conflict
from ..core.in_turn import CASE_NOTES, hold
from ..core.inputs import Input
from ..core.once import add_once
from ..notifications.services import notify
from . import mentions
from .delivery import queue_note
from .models import CATEGORIES, SCOPES, Note

MAX_BODY = 20_000


def post_note(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    mail: bool = False,
    meeting_id: int | None = None,
) -> tuple[Note, bool]:
    """Store a note and notify whoever it mentions; a repeated client_id returns the
    stored note (created=False) and notifies nobody again.

    `meeting_id` is passed only by the meetings service, which has checked that the actor
    takes part in that meeting with this case on its agenda: such a note is scope
    betrokkenen and is what meeting attendees read.
    """
    if meeting_id is not None:
        data = {**data, "scope": "betrokkenen"}
    else:
        permissions.require(actor, "note.write", case, access)
    i = Input(data)
    client_id = i.client_id(generate=True)
    if client_id is None:
        i.done()
    existing = _by_client_id(session, actor, client_id)
    if existing is not None:
        if existing.case_id != case.id:
            raise Conflict("Deze client-id hoort bij een notitie in een andere casus.")
        return existing, False
    if not case.is_open:
        raise Conflict("Deze casus is gesloten; er kunnen geen notities meer bij.")
    body = i.text("body", "de tekst van de notitie", required=True, max_length=MAX_BODY)
    scope = i.choice("scope", "voor wie de notitie is", SCOPES) or "betrokkenen"
    category = i.choice("category", "de soort notitie", CATEGORIES)
    summary = i.text("summary", "de samenvatting", max_length=300)
    corrects_id = i.integer("corrects_id", "de notitie die u corrigeert")
    if meeting_id is None and not may_write_scope(actor, scope, case, access):
        i.fail(
            "scope",
            "Alleen de GGD schrijft medische notities en alleen leerplicht"
            " notities met bereik 'leerplicht'.",
        )
    if scope == "medisch" and not summary:
        i.fail(
            "summary",
            "Geef bij een medische notitie een samenvatting die de andere"
            " betrokkenen mogen lezen (bijv. 'belastbaar 3 uur per dag').",
        )
    if corrects_id is not None and not _correctable(
        session, actor, case, access, corrects_id, scope
    ):
        i.fail(
            "corrects_id",
            "De notitie die u wilt corrigeren bestaat niet in deze casus,"
            " of heeft een ander bereik (een correctie heeft hetzelfde"
            " bereik als het origineel).",
        )
    mentioned = mentions.resolve(session, actor, case, scope, body) if body else None
    if mentioned is not None and mentioned.errors:
        i.fail("body", " ".join(mentioned.errors))
    i.done()
    hold(session, CASE_NOTES, case.id)  # numbered, stored and announced in turn
    note = Note(
        case_id=case.id,
        author_id=actor.id,
        org_id=actor.org_id,
        scope=scope,
        category=category,
        body=body,
        summary=summary if scope == "medisch" else None,
        client_id=client_id,
        corrects_id=corrects_id,
        meeting_id=meeting_id,
        created_at=now,
    )
    note.author, note.organisation = actor, actor.organisation
    note, created = add_once(
        session, note, lambda: _in_case(_by_client_id(session, actor, client_id), case)
    )
    if not created:
        return note, False
    queue_note(session, note, case)
    for user in mentioned.users:
        notify(
            session,
            user,
            kind="mention",
            key=f"mention:{note.id}:{user.id}",
            now=now,
            text=f"{actor.name} ({actor.organisation.name}) noemde u in casus {case.id}"
            f" ({case.pupil.initials}).",
            case_id=case.id,
            note_id=note.id,
            mail=mail,
        )
    return note, True


def _in_case(note: Note | None, case: Case) -> Note | None:
    return note if note is not None and note.case_id == case.id else None


def _by_client_id(session: Session, actor: User, client_id: str) -> Note | None:
    return session.scalar(
        select(Note).where(Note.author_id == actor.id, Note.client_id == client_id)
    )


SCOPE_ACTIONS = {"medisch": "note.medisch", "leerplicht": "note.leerplicht"}


def may_write_scope(actor: User, scope: str, case: Case, access: str | None) -> bool:
    """The permission table for a note's scope (DESIGN §3a)."""
    return permissions.may(actor, SCOPE_ACTIONS.get(scope, "note.write"), case, access)


def _correctable(
    session: Session, actor: User, case: Case, access: str | None, note_id: int, scope: str
) -> bool:
    """A visible note in this case with the same scope: a correction never tells a wider
    audience that a note they cannot read exists."""
    note = session.scalar(
        select(Note).where(
            Note.id == note_id,
            Note.case_id == case.id,
            Note.scope == scope,
            policy.notes_listed(actor, access),
        )
    )
    return (
        note is not None
        and policy.note_body_visible(note.scope, note.org_id, actor.organisation)
        and permissions.may(actor, "note.correct", case, access, note)
    )
