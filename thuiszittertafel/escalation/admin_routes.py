"""/beheer/opschalingsmodel: functioneel beheer checks the configured model file and the
school calendar (which school years are loaded, which one is missing)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from .. import clock
from ..organisations.services import require_functioneel_beheer
from ..web.edge import audit
from .file_check import check_calendar, check_model

bp = Blueprint("escalation_admin", __name__)


@bp.before_request
@login_required
def require_role():
    require_functioneel_beheer(current_user)


@bp.get("/beheer/opschalingsmodel")
def check_page():
    result = check_model(current_app.config["SETTINGS"].escalation_model)
    audit("region.model.check", detail={"path": result.path, "ok": result.error is None})
    return render_template(
        "beheer/opschalingsmodel.html", result=result, cal=check_calendar(clock.today())
    )
