"""API: a case's notes and the user's notifications."""

from __future__ import annotations

from flask import current_app, g, request

from .. import clock
from ..core.inputs import Input
from ..extensions import db
from ..notes.queries import note_json, note_page, note_shape
from ..notes.services import post_note
from ..notifications.queries import notification_shape, unread_count
from ..notifications.services import inbox, mark_read
from .context import audit as _audit
from .context import load_case as _load_case
from .errors import json_error
from .once import idempotent
from .payload import check_query, json_body, paging
from .routes import bp
from .schemas import read
from .schemas.notes import (
    NoteCreate,
    NoteList,
    NotificationList,
    NotificationsMarked,
    NotificationsRead,
)


@bp.get("/cases/<int:case_id>/notes")
def list_notes(case_id: int):
    check_query(("after_id", "page", "per_page"), ("after_id", "page", "per_page"))
    case, access = _load_case(case_id)
    after_id = Input(request.args).integer("after_id", "after_id")
    page, per_page = paging(100)
    notes, total = note_page(
        db.session, g.user, case, access, after_id=after_id, page=page, per_page=per_page
    )
    _audit(
        "api.notes.list",
        object_type="case",
        object_id=case.id,
        access=access,
        detail={"note_ids": [n.id for n in notes]},
    )
    shown = [note_shape(n, g.user.organisation) for n in notes]
    return NoteList(items=shown, total=total, page=page, per_page=per_page).dump()


@bp.post("/cases/<int:case_id>/notes")
@idempotent
def create_note(case_id: int):
    data = json_body()
    read(NoteCreate, data)
    case, access = _load_case(case_id)
    mail = bool(current_app.config["SETTINGS"].smtp_url)
    note, created = post_note(db.session, g.user, case, access, data, now=clock.now(), mail=mail)
    if created:
        _audit("api.note.create", object_type="note", object_id=note.id, access=access)
    return note_json(note, g.user.organisation), 201 if created else 200


@bp.get("/notifications")
def list_notifications():
    check_query(("unread", "page", "per_page"), ("page", "per_page"))
    page, per_page = paging()
    unread_only = request.args.get("unread", "").lower() in ("true", "1")
    items, total, unread = inbox(
        db.session, g.user, unread_only=unread_only, page=page, per_page=per_page
    )
    shown = [notification_shape(n) for n in items]
    return NotificationList(
        items=shown, total=total, page=page, per_page=per_page, unread=unread
    ).dump()


@bp.post("/notifications/read")
def read_notifications():
    """{"ids": [1, 2]} marks those read; {"all": true} marks every notification read."""
    data = json_body()
    read(NotificationsRead, data)
    ids = data.get("ids")
    if data.get("all") is True and ids is None:
        ids = None
    elif not (
        isinstance(ids, list)
        and ids
        and all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in ids)
    ):
        return _bad_read()
    count = mark_read(db.session, g.user, ids, clock.now())
    unread = unread_count(db.session, g.user)
    return NotificationsMarked(marked=count, unread=unread).dump()


def _bad_read():
    return json_error("ongeldige-invoer", 'Stuur {"ids": [nummers]} of {"all": true}.', 400)
