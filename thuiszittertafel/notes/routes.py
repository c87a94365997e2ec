"""The case log on the case page: posting without JavaScript, and the page's context."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..audit import services as audit
from ..cases.models import Case
from ..cases.queries import get_case
from ..core import permissions
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db
from ..web.templating import nl_datetime
from . import mentions
from .models import SCOPES
from .queries import note_json, notes_for
from .services import may_write_scope, post_note

bp = Blueprint("notes", __name__)


def log_context(
    case: Case, access: str, draft: dict | None = None, errors: dict | None = None
) -> dict:
    """What templates/notes/_log.html needs, for the case page."""
    notes = notes_for(db.session, current_user, case, access)
    shaped = []
    for note in reversed(notes):  # newest first on the page
        item = note_json(note, current_user.organisation)
        item["created_at_local"] = nl_datetime(note.created_at)
        shaped.append(item)
    may_post = case.is_open and permissions.may(current_user, "note.write", case, access)
    draft = dict(draft or {})
    draft.setdefault("client_id", uuid.uuid4().hex)
    if "corrects_id" not in draft and request.args.get("corrigeer", "").isdigit():
        draft["corrects_id"] = request.args["corrigeer"]
    return {
        "notes": shaped,
        "last_id": max((n.id for n in notes), default=0),
        "corrected_by": {n.corrects_id: n.id for n in notes if n.corrects_id},
        "may_post": may_post,
        "may_correct": lambda n: (
            may_post
            and permissions.may(
                current_user,
                "note.correct",
                case,
                access,
                SimpleNamespace(author_id=n["author_id"], org_id=n["org_id"]),
            )
        ),
        # The same rule for notes that arrive live (static/js/case-log.js).
        "correct_rule": {
            "user": current_user.id,
            "org": current_user.org_id if current_user.has_role("coordinator") else None,
        },
        "mentionable": mentions.candidates(db.session, case) if may_post else [],
        "scopes": [s for s in SCOPES if may_write_scope(current_user, s, case, access)],
        "draft": draft,
        "errors": errors or {},
    }


@bp.route("/casussen/<int:case_id>/notities", methods=["POST"])
@login_required
def create(case_id: int):
    case, access = get_case(db.session, current_user, case_id)
    wants_json = request.is_json
    data = request.get_json(silent=True) if wants_json else request.form
    try:
        note, created = post_note(
            db.session,
            current_user,
            case,
            access,
            data or {},
            now=clock.now(),
            mail=bool(current_app.config["SETTINGS"].smtp_url),
        )
        if created:
            audit.record(
                db.session,
                key=current_app.config["AUDIT_KEY"],
                actor=current_user,
                action="note.create",
                now=clock.now(),
                object_type="note",
                object_id=note.id,
                access=access,
            )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        if wants_json:
            return {
                "ok": False,
                "error": exc.code,
                "message": exc.message,
                "fields": getattr(exc, "errors", {}),
            }, exc.status
        if isinstance(exc, ValidationFailed):
            return _show_with_draft(case_id, request.form, exc.errors), 400
        flash(exc.message, "error")
        return redirect(url_for("cases.show", case_id=case_id) + "#chronologie")
    if wants_json:
        return {
            "ok": True,
            "created": created,
            "note": note_json(note, current_user.organisation),
        }, 201 if created else 200
    flash("Notitie geplaatst.", "success")
    return redirect(url_for("cases.show", case_id=case_id) + f"#notitie-{note.id}")


def _show_with_draft(case_id: int, form, errors: dict):
    """Re-render the case page with the typed note kept and the errors beside the fields."""
    from ..cases.routes import render_case_page

    return render_case_page(case_id, note_draft=form.to_dict(), note_errors=errors)
