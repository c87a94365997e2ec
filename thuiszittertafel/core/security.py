"""Security headers on every response, and the error pages."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError

from .errors import DomainError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def audit_denied(actor) -> None:
    """Record a 404 on an id (hidden or absent) for a signed-in actor, in its own commit;
    the caller has rolled the refused request's transaction back."""
    if actor is None:
        return
    from .. import clock
    from ..audit.services import record_denied
    from ..extensions import db

    record_denied(
        db.session,
        key=current_app.config["AUDIT_KEY"],
        actor=actor,
        now=clock.now(),
        path=request.full_path.rstrip("?")[:500],
    )
    db.session.commit()


def register(app: Flask) -> None:
    https = app.config["SETTINGS"].https

    @app.after_request
    def headers(response):
        if https:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Everything but our own static files holds case data or depends on who asks:
        # pages, the API, and downloads (CSV, XLSX, PDF, calendars) alike.
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(404)
    def not_found(exc):
        if request.path.startswith("/api/"):
            from ..api.errors import json_error

            return json_error("niet-gevonden", "Niet gevonden, of u heeft geen toegang.", 404)
        return render_template("errors/404.html"), 404

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        if request.path.startswith("/api/"):
            from ..api.errors import json_error

            return json_error(exc.code, exc.message, exc.status)
        if exc.status == 404:
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
        from ..extensions import db

        db.session.rollback()  # the failed transaction must not break the error page too
        if request.path.startswith("/api/"):
            from ..api.errors import json_error

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
