"""The page that shows every user the escalation model in force (/opschalingsmodel)."""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import clock
from ..cases.vocabulary import CASE_KINDS
from ..core import permissions
from ..organisations.models import ORG_KIND_LABELS, SCHOOL_REGIONS, OrgKind
from ..web.edge import escalation_model, require_login
from . import calendar
from .model import load
from .scheduler import start_embedded

bp = Blueprint("escalation", __name__)
require_login(bp)


@bp.record_once
def validate_at_start(state) -> None:
    """A broken model or holiday file stops the app at start, naming line and field."""
    load(state.app.config["SETTINGS"].escalation_model)
    calendar.load()
    if state.app.config.get("ESCALATION_SCHEDULER_EMBEDDED"):  # set by `serve` and `demo`
        start_embedded(state.app)


@bp.get("/opschalingsmodel")
def model_page():
    model = escalation_model()
    cal = calendar.load()
    today = clock.today()
    kinds = {k.value: label for k, label in ORG_KIND_LABELS.items()}
    return render_template(
        "escalation/model.html",
        model=model,
        calendar=cal,
        regions=SCHOOL_REGIONS,
        missing=cal.missing_years(today),
        current_year=calendar.school_year_of(today),
        kinds=kinds,
        leerplicht=OrgKind.leerplicht.value,
        holiday_names=calendar.HOLIDAY_NAMES,
        permissions=permissions.table(),
        case_kinds=CASE_KINDS,
    )
