"""Single sign-on pages: leave for the organisation's provider, come back logged in (or
refused, audited). The rules are in auth/oidc.py; the session is the one the password
login creates (auth/routes.py, auth/sessions.py)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from .. import clock
from ..extensions import db
from ..web.edge import audit_for
from . import oidc
from .models import IdentityProvider
from .routes import complete_login, safe_next

bp = Blueprint("sso", __name__)


@bp.app_template_global("sso_providers")
def sso_providers() -> list[IdentityProvider]:
    """The login page's buttons: one per organisation with single sign-on switched on."""
    return oidc.enabled_providers(db.session)


def _callback_url() -> str:
    return url_for("sso.callback", _external=True)


@bp.get("/inloggen/sso/<int:provider_id>")
def start(provider_id: int):
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    provider = db.session.get(IdentityProvider, provider_id)
    if provider is None or not provider.enabled:
        return _refused(provider, oidc.SsoRefused("disabled"))
    try:
        url, pending = oidc.begin(
            provider, _callback_url(), safe_next(request.args.get("next")) or "", clock.now()
        )
    except oidc.SsoRefused as exc:
        return _refused(provider, exc)
    session["sso_pending"] = pending.as_dict()
    return redirect(url)


@bp.get("/inloggen/sso/terug")
def callback():
    pending = oidc.Pending.of(session.pop("sso_pending", None))
    provider = db.session.get(IdentityProvider, pending.provider_id) if pending else None
    if pending is None or provider is None:
        return _refused(provider, oidc.SsoRefused("state", detail="no login under way"))
    args = {k: v for k, v in request.args.items() if isinstance(v, str)}
    try:
        user, _claims = oidc.finish(
            db.session, provider, pending, args, _callback_url(), clock.now()
        )
    except oidc.SsoRefused as exc:
        return _refused(provider, exc)
    audit_for(user, "auth.sso.login", object_type="identity_provider", object_id=provider.id)
    response = complete_login(user, pending.next)
    session["sso_provider"] = provider.id  # logout also ends the session at the provider
    return response


def _refused(provider: IdentityProvider | None, exc: oidc.SsoRefused):
    db.session.rollback()
    audit_for(
        exc.user,
        "auth.sso.refused",
        object_type="identity_provider" if provider else None,
        object_id=provider.id if provider else None,
        detail={"reason": exc.reason, "detail": exc.detail, "subject": exc.subject},
    )
    db.session.commit()  # own commit: a refused sign-on is recorded
    org = provider.organisation.name if provider else "uw organisatie"
    return render_template(
        "auth/sso_refused.html",
        message=exc.message(org),
        subject=exc.subject if exc.reason == "not-linked" else None,
    ), exc.status
