"""/audit: the privacy officer reads who saw or changed what (and checks the seals)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..core.errors import ValidationFailed
from ..extensions import db
from ..web.edge import audit
from . import queries, services, wording

bp = Blueprint("audit", __name__)


@bp.before_request
@login_required
def require_privacy():
    queries.require_privacy(current_user)


@bp.get("/audit")
def index():
    try:
        f = queries.parse(request.args)
    except ValidationFailed as exc:
        return render_template(
            "audit/index.html",
            rows=[],
            total=0,
            f=None,
            errors=exc.errors,
            values=request.args,
            per_page=queries.PER_PAGE,
            object_types=queries.OBJECT_TYPES,
            wording=wording,
        ), 400
    rows, total = queries.entries(db.session, f)
    detail = f.query_args()
    if f.page > 1:
        detail["pagina"] = str(f.page)
    audit("audit.view", detail=detail or None)  # reading the log is itself logged
    return render_template(
        "audit/index.html",
        rows=rows,
        total=total,
        f=f,
        errors={},
        values=request.args,
        per_page=queries.PER_PAGE,
        object_types=queries.OBJECT_TYPES,
        wording=wording,
    )


@bp.post("/audit/controleren")
def check():
    """Check every entry's seal and the chain: edits, removals, insertions show up here."""
    problems = services.verify(
        db.session, current_app.config["AUDIT_KEY"], current_app.config["SECRET_KEY"]
    )
    audit("audit.verify", detail={"broken": len(problems)})
    if problems:
        shown = " ".join(str(p) for p in problems[:20]) + (" …" if len(problems) > 20 else "")
        flash(
            f"{len(problems)} regels van het auditlog kloppen niet met hun zegel of de keten:"
            f" {shown} Meld dit bij de functioneel beheerder.",
            "error",
        )
    else:
        flash(
            "Alle regels van het auditlog kloppen met hun zegel. De keten is compleet: er is"
            " niets verwijderd, ingevoegd of verplaatst.",
            "success",
        )
    return redirect(url_for(".index"))
