"""API authentication: bearer tokens; the page's session cookie only for reading.

Pages read through the API (the case log catches up with GET …/notes), so a logged-in
session may GET; every write needs a bearer token, so CSRF cannot apply to the API.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from flask_login import current_user

from .. import clock
from ..auth.services import user_for_token
from ..core.errors import ValidationFailed
from ..extensions import db
from .errors import json_error

SAFE_METHODS = ("GET", "HEAD")
MAX_TOKEN_LENGTH = 200
MAX_PASSWORD_LENGTH = 1024


def public(view):
    """Mark an endpoint as open without a token (getting a token, the OpenAPI document)."""
    view.api_public = True
    return view


def require_token():
    """Before every API request: put the token's user in g.user, or answer 401."""
    g.user = None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "api_public", False):
        return None
    token = bearer_token(request.headers.get("Authorization", ""))
    if token is None and request.method in SAFE_METHODS and current_user.is_authenticated:
        g.user = current_user._get_current_object()
        return None
    if token is None:
        return unauthorized(
            "niet-ingelogd",
            "Log in: stuur een token mee in de kop"
            " 'Authorization: Bearer <token>'. Een token vraagt u aan met"
            " POST /api/v1/tokens.",
        )
    user = user_for_token(db.session, token, clock.now()) if token else None
    if user is None:
        return unauthorized(
            "token-ongeldig",
            "Dit token is ongeldig of verlopen. Vraag een nieuw token aan met POST /api/v1/tokens.",
            invalid=True,
        )
    g.user = user
    return None


def bearer_token(header: str) -> str | None:
    """The token of an 'Authorization: Bearer …' header; '' if malformed, None if absent."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = token.strip()
    return token if 0 < len(token) <= MAX_TOKEN_LENGTH else ""


def unauthorized(code: str, message: str, *, invalid: bool = False):
    response = json_error(code, message, 401)
    challenge = 'Bearer realm="thuiszittertafel"'
    response.headers["WWW-Authenticate"] = challenge + (
        ', error="invalid_token"' if invalid else ""
    )
    return response


def credentials(data: dict[str, Any]) -> tuple[str, str]:
    """Username and password from a token request, checked for shape only."""
    errors = {}
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not username.strip():
        errors["username"] = "Vul de gebruikersnaam in (tekst)."
    if not isinstance(password, str) or not password:
        errors["password"] = "Vul het wachtwoord in (tekst)."
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors["password"] = f"Een wachtwoord heeft hoogstens {MAX_PASSWORD_LENGTH} tekens."
    if errors:
        raise ValidationFailed(errors)
    return username[:200], password
