"""The case log on the case page: posting without JavaScript, and the page's context."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..cases.queries import get_case
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db
from ..web.case_page import render_case_page
from ..web.edge import audit
from .queries import note_json
from .services import post_note

bp = Blueprint("notes", __name__)


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
            audit("note.create", object_type="note", object_id=note.id, access=access)
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
        # Refused (403) or closed (409): the page says why, with the status the API gives,
        # and keeps what was typed (nothing a user typed is lost).
        page = render_case_page(
            case_id, failed="chronologie", exc=exc, note_draft=request.form.to_dict()
        )
        return page, exc.status
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
    return render_case_page(case_id, note_draft=form.to_dict(), note_errors=errors)
