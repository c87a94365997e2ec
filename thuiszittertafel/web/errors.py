"""Error responses: the Dutch error pages, JSON errors under /api/, and the audit row of a
404 on an id (hidden and absent look alike, but the attempt is recorded)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .. import clock
from ..api.schemas.errors import Error
from ..audit.services import record_denied
from ..core.errors import DomainError
from ..extensions import db


def json_error(code: str, message: str, status: int, **extra: Any) -> Response:
    """A refusal under /api/ as the documented Error, built and checked by its model (the
    API's own handlers and the app's handlers for what reaches them first)."""
    response = jsonify(Error(error=code, message=message, **extra).dump())
    response.status_code = status
    return response


# The id a refused URL asked for, by the object it names (the case first: it is what an
# FG searches the log for).
DENIED_OBJECTS = (
    ("case_id", "case"),
    ("meeting_id", "meeting"),
    ("consultation_id", "consultation"),
)


def audit_denied(actor) -> None:
    """Record a 404 on an id (hidden or absent) for a signed-in actor, in its own commit;
    the caller has rolled the refused request's transaction back."""
    if actor is None:
        return
    args = request.view_args or {}
    object_type, object_id = next(
        ((kind, args[name]) for name, kind in DENIED_OBJECTS if isinstance(args.get(name), int)),
        (None, None),
    )
    record_denied(
        db.session,
        key=current_app.config["AUDIT_KEY"],
        actor=actor,
        now=clock.now(),
        path=request.full_path.rstrip("?")[:500],
        object_type=object_type,
        object_id=object_id,
    )
    db.session.commit()  # own commit: the refused read is recorded


def register(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(exc):
        if request.path.startswith("/api/"):
            return json_error("niet-gevonden", "Niet gevonden, of u heeft geen toegang.", 404)
        return render_template("errors/404.html"), 404

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        if request.path.startswith("/api/"):
            return json_error(exc.code, exc.message, exc.status)
        if exc.status == 404:
            db.session.rollback()  # whatever the refused request flushed is not kept
            audit_denied(
                current_user._get_current_object() if current_user.is_authenticated else None
            )
            return render_template("errors/404.html"), 404
        return render_template("errors/error.html", message=exc.message), exc.status

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_template(
            "errors/error.html",
            message="Het formulier is verlopen of"
            " ongeldig. Laad de pagina opnieuw en probeer het nog eens."
            " Wat u typte, staat misschien nog in het vorige"
            " tabblad.",
        ), 400

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()  # the failed transaction must not break the error page too
        if request.path.startswith("/api/"):
            return json_error(
                "serverfout",
                "Er ging iets mis aan onze kant. Probeer het"
                " later opnieuw; blijft het misgaan, meld het dan.",
                500,
            )
        return render_template(
            "errors/error.html",
            message="Er ging iets mis aan onze kant. Probeer het later opnieuw.",
        ), 500
