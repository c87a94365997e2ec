"""The start page: a worker's agreements and mentions, the school's cases, the SWV's regie
overview, leerplicht's termijnbewaking."""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import clock
from ..extensions import db
from ..notifications.services import case_labels
from ..reports.services import may_report
from ..web.edge import actor, audit, require_login
from . import queries

bp = Blueprint("home", __name__)
require_login(bp)


@bp.get("/")
def index():
    user, today, now = actor(), clock.today(), clock.now()
    view = queries.view_for(user)
    mentions = queries.unread_mentions(db.session, user)
    context = dict(
        view=view,
        may_report=may_report(user),
        mentions=mentions,
        mention_labels=case_labels(db.session, user, mentions),
        my_terms=queries.my_terms(db.session, user, now),
        regie=queries.regie_to_answer(db.session, user),
        meeting=queries.next_meeting(db.session, user, now),
    )
    if view == "worker":
        context["own"] = queries.own_cases(db.session, user, today)
    if view == "school":
        context["school"] = queries.school_overview(db.session, user, today)
    elif view == "swv":
        context["phases"] = queries.regie_overview(db.session, user, today)
        context.update(queries.swv_overview(db.session, user, today))
    elif view == "leerplicht":
        context["terms"] = queries.term_watch(db.session, user, today)
        context["reports"] = queries.new_reports(db.session, user, today)
    shown = sorted(_shown(context))
    audit("home.view", detail={"view": view, "case_ids": shown[:200]})
    return render_template("home/index.html", **context)


def _shown(context: dict) -> set[int]:
    """The ids of every case the page names (audited as shown)."""
    buckets = [
        *(context.get("school") or {}).values(),
        *(context.get("terms") or {}).values(),
        *(context.get("own") or {}).values(),
    ]
    buckets += [context[key] for key in ("escalations", "clocks") if key in context]
    ids = {c.id for b in buckets for c, _ in b.cases}
    rows = [*context["my_terms"]["overdue"].rows, *context["my_terms"]["near"].rows]
    if "reports" in context:
        rows += context["reports"].rows
    ids |= {row[0].id for row in rows}
    ids |= {case_.id for _, case_, _ in context["regie"]}
    if context["meeting"]:
        ids |= {case_.id for _, case_, _ in context["meeting"].items}
    return ids
