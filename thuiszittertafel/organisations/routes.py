"""Functioneel beheer's pages: /beheer/gemeenten (who is told per gemeente, DESIGN §4a; new
gemeenten) and /beheer/organisaties (organisations of every kind)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db
from ..web.edge import audit, form_errors
from ..web.once import once_per_form
from ..web.transaction import revoke_after_commit
from . import admin
from .models import ORG_KIND_LABELS, SCHOOL_REGIONS, OrgKind
from .queries import all_organisations
from .services import (
    leerplicht_people,
    municipalities,
    require_functioneel_beheer,
    set_region_settings,
)

bp = Blueprint("beheer", __name__)


@bp.before_request
@login_required
def require_role():
    require_functioneel_beheer(current_user)


def _page(failed: int | str | None = None, errors: dict | None = None, status: int = 200):
    rows = [(m, leerplicht_people(db.session, m)) for m in municipalities(db.session)]
    return render_template(
        "beheer/gemeenten.html",
        rows=rows,
        leerplicht_orgs=all_organisations(db.session, OrgKind.leerplicht),
        serving=admin.serving_names(db.session),
        failed=failed,
        errors=errors or {},
        values=request.form if failed else {},
    ), status


@bp.get("/beheer/gemeenten")
def municipalities_page():
    return _page()


@bp.post("/beheer/gemeenten/<int:municipality_id>")
def save(municipality_id: int):
    data = {
        k: request.form.get(k, "")
        for k in ("leerplicht_contact_user_id", "kwalificatieplicht_org_id")
    }
    try:
        m = set_region_settings(db.session, current_user, municipality_id, data, now=clock.now())
    except DomainError as exc:
        db.session.rollback()
        errors = exc.errors if isinstance(exc, ValidationFailed) else {"": exc.message}
        return _page(municipality_id, errors, exc.status)
    audit("region.municipality", object_type="municipality", object_id=m.id, detail=data)
    flash(f"De instellingen voor {m.name} zijn opgeslagen.", "success")
    return redirect(url_for(".municipalities_page", _anchor=f"gemeente-{m.id}"))


@bp.post("/beheer/gemeenten")
@once_per_form
def add_municipality():
    try:
        m = admin.add_municipality(db.session, {"name": request.form.get("name", "")})
    except DomainError as exc:
        db.session.rollback()
        return _page("nieuw", form_errors(exc), exc.status)
    audit("region.municipality.add", object_type="municipality", object_id=m.id)
    flash(f"De gemeente {m.name} is toegevoegd.", "success")
    return redirect(url_for(".municipalities_page", _anchor=f"gemeente-{m.id}"))


# --- organisations of every kind -------------------------------------------------------


def _form_data() -> dict:
    data: dict = {k: request.form.get(k, "") for k in admin.ORG_FIELDS}
    data["municipality_ids"] = request.form.getlist("municipality_ids")
    data["education_types"] = request.form.getlist("education_types")
    return data


def _organisations_page(failed=None, errors=None, status: int = 200, org=None):
    return render_template(
        "beheer/organisaties.html" if org is None else "beheer/organisatie.html",
        organisations=admin.organisations(db.session),
        org=org,
        involvement=admin.open_involvement(db.session, org) if org is not None else 0,
        municipalities=municipalities(db.session),
        swvs=all_organisations(db.session, OrgKind.swv),
        kinds={k.value: label for k, label in ORG_KIND_LABELS.items()},
        regions=SCHOOL_REGIONS,
        education_types=admin.EDUCATION_TYPES,
        failed=failed,
        errors=errors or {},
        values=request.form if failed else {},
    ), status


@bp.get("/beheer/organisaties")
def organisations_page():
    return _organisations_page()


@bp.post("/beheer/organisaties")
@once_per_form
def add_organisation():
    try:
        org = admin.add_organisation(db.session, _form_data())
    except DomainError as exc:
        db.session.rollback()
        return _organisations_page("nieuw", form_errors(exc), exc.status)
    audit("region.organisation.add", object_type="organisation", object_id=org.id)
    flash(f"{org.name} is toegevoegd.", "success")
    return redirect(url_for(".organisation_page", org_id=org.id))


@bp.get("/beheer/organisaties/<int:org_id>")
def organisation_page(org_id: int):
    return _organisations_page(org=admin.get_organisation(db.session, org_id))


@bp.post("/beheer/organisaties/<int:org_id>")
def update_organisation(org_id: int):
    data = _form_data()
    try:
        org = admin.update_organisation(db.session, org_id, data)
    except DomainError as exc:
        db.session.rollback()
        return _organisations_page(
            "wijzigen", form_errors(exc), exc.status, admin.get_organisation(db.session, org_id)
        )
    audit("region.organisation.update", object_type="organisation", object_id=org.id, detail=data)
    flash(f"{org.name} is opgeslagen.", "success")
    return redirect(url_for(".organisation_page", org_id=org.id))


@bp.post("/beheer/organisaties/<int:org_id>/actief")
def organisation_active(org_id: int):
    on = request.form.get("active") == "1"
    try:
        org, ended = admin.set_organisation_active(db.session, org_id, on, now=clock.now())
    except DomainError as exc:
        db.session.rollback()
        return _organisations_page(
            "actief", form_errors(exc), exc.status, admin.get_organisation(db.session, org_id)
        )
    action = "region.organisation.activate" if on else "region.organisation.deactivate"
    audit(action, object_type="organisation", object_id=org.id, detail={"accounts_off": ended})
    if ended:
        revoke_after_commit()  # the accounts' live connections end now, in every process
    flash(
        f"{org.name} is weer actief; zet de accounts aan via Gebruikers."
        if on
        else f"{org.name} is uitgezet, met {len(ended)} account(s).",
        "success",
    )
    return redirect(url_for(".organisation_page", org_id=org.id))
