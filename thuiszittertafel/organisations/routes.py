"""/beheer/gemeenten: functioneel beheer keeps who is told per gemeente (DESIGN §4a)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db
from ..web.edge import audit
from .models import OrgKind
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


def _page(failed: int | None = None, errors: dict | None = None, status: int = 200):
    rows = [(m, leerplicht_people(db.session, m)) for m in municipalities(db.session)]
    return render_template(
        "beheer/gemeenten.html",
        rows=rows,
        leerplicht_orgs=all_organisations(db.session, OrgKind.leerplicht),
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
    db.session.commit()
    flash(f"De instellingen voor {m.name} zijn opgeslagen.", "success")
    return redirect(url_for(".municipalities_page", _anchor=f"gemeente-{m.id}"))
