"""The inbox page (/berichten)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..core.inputs import is_small_number
from ..extensions import db
from ..web.edge import audit
from ..web.paging import page_arg
from .services import badge_for, case_labels, inbox, mark_read, unread_badge

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def header_unread_count():
    """The header's unread count on every page."""
    if current_user.is_authenticated:
        # Berichten has counted them exactly already; other pages count up to the limit.
        exact = g.get("unread_total")
        count, shown = (
            badge_for(exact) if exact is not None else unread_badge(db.session, current_user)
        )
        return {"unread_notifications": count, "unread_badge": shown}
    return {}


@bp.route("/berichten")
@login_required
def index():
    unread_only = request.args.get("ongelezen") == "1"
    page = page_arg()
    items, total, unread = inbox(db.session, current_user, unread_only=unread_only, page=page)
    g.unread_total = unread  # the header's badge reads it too
    # The inbox names cases (and pupils' initials): a read like any other.
    audit(
        "notification.inbox",
        detail={
            "notification_ids": [n.id for n in items][:200],
            "case_ids": sorted({n.case_id for n in items if n.case_id})[:200],
        },
    )
    return render_template(
        "notifications/index.html",
        items=items,
        labels=case_labels(db.session, current_user, items),
        total=total,
        page=page,
        pages=max(1, -(-total // 25)),
        unread_only=unread_only,
        unread_total=g.unread_total,
    )


@bp.route("/berichten/gelezen", methods=["POST"])
@login_required
def read():
    ids = None
    if request.form.get("selection"):  # "gekozen berichten", not "alles gelezen"
        ids = [int(i) for i in request.form.getlist("id") if is_small_number(i)]
        if not ids:
            flash("Kies eerst de berichten die u gelezen heeft.", "error")
            return redirect(url_for("notifications.index"))
    count = mark_read(db.session, current_user, ids, clock.now())
    flash(
        f"{count} bericht(en) als gelezen gemarkeerd."
        if count
        else "Er waren geen ongelezen berichten.",
        "success",
    )
    return redirect(url_for("notifications.index"))
