"""/beheer/gebruikers: accounts of one's organisation (beheerder) or of all (functioneel
beheer): add with a one-time password, change roles, deactivate and reactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db
from ..organisations import contacts
from ..web.edge import audit
from ..web.transaction import revoke_after_commit
from . import admin
from .models import ROLE_LABELS, Role

bp = Blueprint("users_admin", __name__)


@bp.before_request
@login_required
def require_role():
    admin.require_user_admin(current_user)


def _contact_rows(organisations: list) -> list:
    """Per organisation: (org, [(gemeente, contact id)], its active accounts)."""
    rows = []
    for org in organisations:
        current = contacts.contacts_of(db.session, org)
        people = [u for u in admin.managed_users(db.session, current_user) if u.org_id == org.id]
        served = [(m, current.get(m.id)) for m in contacts.served(org)]
        if served:
            rows.append((org, served, [u for u in people if u.active]))
    return rows


def _page(failed: str | None = None, errors: dict | None = None, status: int = 200, **extra):
    organisations = admin.managed_organisations(db.session, current_user)
    return render_template(
        "beheer/gebruikers.html",
        contact_rows=_contact_rows(organisations),
        users=admin.managed_users(db.session, current_user),
        two_factor_orgs=admin.two_factor_org_ids(db.session),
        organisations=organisations,
        region=admin.is_region_admin(current_user),
        roles={r: ROLE_LABELS[Role(r)] for r in admin.grantable_roles(current_user)},
        role_labels={r.value: label for r, label in ROLE_LABELS.items()},
        failed=failed,
        errors=errors or {},
        values=request.form if failed else {},
        **extra,
    ), status


def _refused(form: str, exc: DomainError):
    db.session.rollback()
    errors = exc.errors if isinstance(exc, ValidationFailed) else {"": exc.message}
    return _page(form, errors, exc.status)


@bp.get("/beheer/gebruikers")
def users_page():
    audit("users.list", object_type="user")
    return _page()


@bp.post("/beheer/gebruikers")
def add():
    data = {k: request.form.get(k, "") for k in ("org_id", "username", "name", "email")}
    data["roles"] = request.form.getlist("roles")
    try:
        user, password = admin.add_user(db.session, current_user, data, now=clock.now())
    except DomainError as exc:
        return _refused("nieuw", exc)
    audit(
        "users.add",
        object_type="user",
        object_id=user.id,
        detail={"roles": user.roles, "org_id": user.org_id},
    )
    # The one-time password is shown once, on this page, never stored or mailed.
    return _page(created=user, password=password)


@bp.post("/beheer/gebruikers/<int:user_id>/rollen")
def roles(user_id: int):
    data = {"roles": request.form.getlist("roles")}
    try:
        user = admin.set_roles(db.session, current_user, user_id, data, now=clock.now())
    except DomainError as exc:
        return _refused(f"rollen-{user_id}", exc)
    audit("users.roles", object_type="user", object_id=user.id, detail={"roles": user.roles})
    flash(f"De rollen van {user.name} zijn opgeslagen.", "success")
    return redirect(url_for(".users_page", _anchor=f"gebruiker-{user.id}"))


@bp.post("/beheer/gebruikers/<int:user_id>/actief")
def active(user_id: int):
    on = request.form.get("active") == "1"
    try:
        user = admin.set_active(db.session, current_user, user_id, on, now=clock.now())
    except DomainError as exc:
        return _refused(f"actief-{user_id}", exc)
    audit("users.activate" if on else "users.deactivate", object_type="user", object_id=user.id)
    if not on:
        revoke_after_commit()  # its live connections end now, in every process
    flash(
        f"{user.name} kan weer inloggen."
        if on
        else f"{user.name} kan niet meer inloggen; open sessies en API-sleutels zijn beëindigd.",
        "success",
    )
    return redirect(url_for(".users_page", _anchor=f"gebruiker-{user.id}"))


@bp.post("/beheer/gebruikers/<int:user_id>/tweestaps-opnieuw")
def reset_two_factor(user_id: int):
    try:
        user = admin.reset_two_factor(db.session, current_user, user_id, now=clock.now())
    except DomainError as exc:
        return _refused(f"tweestaps-{user_id}", exc)
    audit("users.two_factor.reset", object_type="user", object_id=user.id)
    flash(f"{user.name} stelt tweestapsverificatie opnieuw in bij de volgende keer inloggen.")
    return redirect(url_for(".users_page", _anchor=f"gebruiker-{user.id}"))


@bp.post("/beheer/tweestaps")
def require_two_factor():
    org_id = request.form.get("org_id", "")
    on = request.form.get("verplicht") == "1"
    try:
        org = admin.require_two_factor(
            db.session, current_user, int(org_id) if org_id.isdigit() else None, on, now=clock.now()
        )
    except DomainError as exc:
        return _refused("tweestaps", exc)
    audit(
        "users.two_factor.required" if on else "users.two_factor.optional",
        object_type="user",
        detail={"org_id": org.id},
    )
    flash(
        f"Tweestapsverificatie is {'verplicht' if on else 'niet meer verplicht'} voor {org.name}.",
        "success",
    )
    return redirect(url_for(".users_page"))


@bp.post("/beheer/gebruikers/<int:user_id>/gegevens")
def details(user_id: int):
    data = {k: request.form.get(k, "") for k in ("name", "email")}
    try:
        user = admin.set_details(db.session, current_user, user_id, data, now=clock.now())
    except DomainError as exc:
        return _refused(f"gegevens-{user_id}", exc)
    audit(
        "users.details", object_type="user", object_id=user.id, detail={"fields": ["email", "name"]}
    )
    flash(f"De naam en het e-mailadres van {user.name} zijn opgeslagen.", "success")
    return redirect(url_for(".users_page", _anchor=f"gebruiker-{user.id}"))


@bp.post("/beheer/aanspreekpunten/<int:org_id>")
def contact(org_id: int):
    data = {k: request.form.get(k, "") for k in ("municipality_id", "user_id")}
    try:
        org, muni, user = contacts.set_contact(db.session, current_user, org_id, data)
    except DomainError as exc:
        return _refused("aanspreekpunt", exc)
    audit(
        "users.contact",
        object_type="organisation",
        object_id=org.id,
        detail={"municipality_id": muni.id, "user_id": user.id if user else None},
    )
    flash(
        f"Vast aanspreekpunt van {org.name} voor {muni.name}: "
        + (user.name if user else "geen (de coördinatoren)")
        + ".",
        "success",
    )
    return redirect(url_for(".users_page", _anchor=f"aanspreekpunt-{org.id}-{muni.id}"))
