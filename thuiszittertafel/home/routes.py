"""The start page: a worker's agreements and mentions, the school's cases, the SWV's regie
overview, leerplicht's termijnbewaking."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from .. import clock
from ..audit import services as audit
from ..extensions import db, login_manager
from ..reports.services import may_report
from . import queries

bp = Blueprint("home", __name__)


@bp.before_request
def require_login():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()


@bp.get("/")
def index():
    user, today = current_user._get_current_object(), clock.today()
    view = queries.view_for(user)
    context = dict(
        view=view,
        may_report=may_report(user),
        mentions=queries.unread_mentions(db.session, user),
        agreements=queries.open_agreements(db.session, user),
    )
    if view == "school":
        context["school"] = queries.school_overview(db.session, user, today)
    elif view == "swv":
        context["phases"] = queries.regie_overview(db.session, user, today)
        context["escalations"] = queries.swv_escalations(db.session, user)
    elif view == "leerplicht":
        context["terms"] = queries.term_watch(db.session, user, today)
    shown = sorted({c.id for b in _buckets(context) for c, _ in b.cases})
    audit.record(
        db.session,
        key=current_app.config["SECRET_KEY"],
        actor=user,
        action="home.view",
        now=clock.now(),
        detail={"view": view, "case_ids": shown[:200]},
    )
    db.session.commit()
    return render_template("home/index.html", **context)


def _buckets(context: dict):
    for value in (context.get("school") or {}, context.get("terms") or {}):
        yield from value.values()
    if "escalations" in context:
        yield context["escalations"]
