"""JSON error responses under /api/: {"error": code, "message": Dutch text}."""

from __future__ import annotations

from flask import Blueprint, g, request
from werkzeug.exceptions import HTTPException

from ..core.errors import DomainError, ValidationFailed
from ..core.versions import StaleVersion
from ..extensions import db
from ..web.errors import audit_denied, json_error

__all__ = ["json_error", "register"]

# Dutch messages for the HTTP errors Werkzeug raises before or around our views.
HTTP_MESSAGES = {
    400: ("ongeldig-verzoek", "Het verzoek kon niet gelezen worden."),
    404: ("niet-gevonden", "Niet gevonden, of u heeft geen toegang."),
    405: (
        "methode-niet-toegestaan",
        "De methode {method} is hier niet toegestaan; gebruik {allowed}.",
    ),
    413: ("te-groot", "Het verzoek is te groot."),
    415: ("geen-json", "Stuur de gegevens als JSON (Content-Type: application/json)."),
}


def register(bp: Blueprint) -> None:
    """JSON for every error under /api/: the blueprint's own, and routing errors (404/405)."""
    bp.register_error_handler(DomainError, domain_error)
    bp.register_error_handler(HTTPException, http_error)
    # Routing errors (no route, wrong method) are raised before a blueprint is chosen, so
    # they only reach app-level handlers; this one leaves every other path alone.
    bp.app_errorhandler(HTTPException)(http_error)


def domain_error(exc: DomainError):
    db.session.rollback()  # a refused action changes nothing, whatever a service flushed
    if exc.status == 404:
        audit_denied(g.get("user"))
    if isinstance(exc, StaleVersion):
        return _stale(exc)
    extra = {"fields": exc.errors} if isinstance(exc, ValidationFailed) else {}
    return json_error(exc.code, exc.message, exc.status, **extra)


def _stale(exc: StaleVersion):
    """409 with what changed since the client's version, the version now and its ETag."""
    response = json_error(
        exc.code, exc.message, exc.status, changed=exc.changed, current_version=exc.current_version
    )
    if exc.current_version is not None:
        response.headers["ETag"] = f'"{exc.current_version}"'
    return response


def http_error(exc: HTTPException):
    if not request.path.startswith("/api/"):
        return exc
    db.session.rollback()
    status = exc.code or 500
    code, message = HTTP_MESSAGES.get(
        status, ("http-fout", "Het verzoek kon niet verwerkt worden.")
    )
    allowed = sorted(getattr(exc, "valid_methods", None) or [])
    listed = (
        ", ".join(allowed[:-1]) + " of " + allowed[-1] if len(allowed) > 1 else "".join(allowed)
    )
    message = message.format(method=request.method, allowed=listed)
    response = json_error(code, message, status)
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response
