"""What every page's routes share: the login guard, the signed-in actor, the escalation
model in force and an audit row written in the request's transaction."""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, current_app
from flask_login import current_user

from .. import clock
from ..audit import services as audit_services
from ..auth.models import User
from ..core.errors import DomainError, ValidationFailed
from ..escalation.model import EscalationModel
from ..escalation.model import load as load_model
from ..extensions import db, login_manager


def require_login(bp: Blueprint) -> Blueprint:
    """Every page of `bp` asks for a signed-in user (the login page otherwise)."""

    @bp.before_request
    def _require_login():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    return bp


def actor() -> User:
    """The signed-in user itself: services keep the actor in relationships, so they need
    the user object, not Flask-Login's proxy."""
    return current_user._get_current_object()


def escalation_model() -> EscalationModel:
    """The escalation model this installation runs (loaded once per file and version)."""
    return load_model(current_app.config["SETTINGS"].escalation_model)


def form_errors(exc: DomainError | None) -> dict[str, str]:
    """A refused form's errors by field ("" for the form as a whole), for the template."""
    if exc is None:
        return {}
    return exc.errors if isinstance(exc, ValidationFailed) else {"": exc.message}


def audited_filters(filters: dict) -> dict:
    """A list's filters as the audit log keeps them: the search text (often a pupil's name)
    only as its keyed digest. The sealed log can never be edited, so a name in it would
    outlive the case's retention; with the audit key an auditor can still check whether
    someone searched for a given name (`search_digest`)."""
    text = filters.get("q")
    return {**filters, "q": search_digest(text)} if text else filters


def search_digest(text: str) -> str:
    key = current_app.config["AUDIT_KEY"] or current_app.config["SECRET_KEY"]
    digest = hmac.new(key.encode(), text.strip().casefold().encode(), hashlib.sha256)
    return "hmac:" + digest.hexdigest()[:32]


def audit(action: str, *, by: User | None = None, **fields) -> None:
    """An audit row for the signed-in actor (or `by`, e.g. an API token's user) in the
    request's transaction: it commits with the change it records, or not at all."""
    audit_for(by or actor(), action, **fields)


def audit_for(who: User | None, action: str, **fields) -> None:
    """An audit row for `who`, signed in or not (None: nobody known, e.g. a refused single
    sign-on), in the request's transaction."""
    audit_services.record(
        db.session,
        key=current_app.config["AUDIT_KEY"],
        actor=who,
        action=action,
        now=clock.now(),
        **fields,
    )


def audit_refused_join(user: User, event: str, object_type: str, object_id: int, code: str):
    """A refused live join (hidden, absent, or not to be followed live) in the audit log, in
    its own commit: the refused event's transaction is rolled back first, so nothing else
    it did is kept."""
    db.session.rollback()
    audit(
        "denied.follow",
        by=user,
        object_type=object_type,
        object_id=object_id,
        detail={"event": event, "error": code},
    )
    db.session.commit()  # own commit: the refused join is recorded (no request here)
